"""`python -m game`: see game/cli.py for the commands."""

import sys

from game.cli import main

sys.exit(main())
