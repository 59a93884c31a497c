"""Command line of the build code:  python -m wq offline [-f mkdocs.yml]  (see wq/offline.py)."""

import sys

from . import offline

COMMANDS = {"offline": offline.main}

if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
    sys.exit(f"usage: python -m wq {{{'|'.join(COMMANDS)}}} [options]")
COMMANDS[sys.argv[1]](sys.argv[2:])
