"""aibou's entrypoint: ``app`` for WSGI servers (``gunicorn main:app``), and the command line.

    python main.py rotate --workbook examples/aibou-example.xlsx --dry-run

Run as a script it is the command line only: the web app (and its configuration checks) is
built only when a server imports this module.
"""

import sys

if __name__ == "__main__":
    from aibou.cli import main

    sys.exit(main())
else:
    from aibou.web import create_app

    app = create_app()
