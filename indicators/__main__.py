"""`python -m indicators <command>`: the command line (indicators/cli/, one registry of subcommands)."""

import sys

from indicators.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
