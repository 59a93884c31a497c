"""Command line of the build code:  python -m macros offline [-f mkdocs.yml]  (see macros/offline.py)."""

import sys

from . import offline

COMMANDS = {"offline": offline.main}

if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
    sys.exit(f"usage: python -m macros {{{'|'.join(COMMANDS)}}} [options]")
COMMANDS[sys.argv[1]](sys.argv[2:])
