"""aibou's entrypoint: ``app`` for WSGI servers (``gunicorn main:app``), and the command line.

python main.py rotate --workbook examples/aibou-example.xlsx --dry-run
"""

import sys

from aibou.web import create_app

app = create_app()

if __name__ == "__main__":
    from aibou.cli import main

    sys.exit(main())
