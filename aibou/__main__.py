"""``python -m aibou``: the same command line as ``python main.py``."""

import sys

from aibou.cli import main

sys.exit(main())
