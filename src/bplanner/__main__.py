"""Allow ``python -m bplanner``."""

from bplanner.cli import main

main()
