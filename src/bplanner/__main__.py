"""Allow ``python -m bplanner``."""

from bplanner._start import main

main()
