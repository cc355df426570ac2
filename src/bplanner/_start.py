"""The first code the ``bplanner`` command runs: Ctrl-C ends it with one line, exit 130.

Python's own start-up comes before this module (some 20 ms, outside bplanner's reach);
from its first statement on, a Ctrl-C during the imports (click, the CLI) prints one line
and exits 130 at once (nothing has been written yet, so nothing needs cleaning up).
``bplanner.cli.main`` then installs the handler that unwinds the running command, so that
temporary files are removed before the same one line.
"""

import os
import signal


def _interrupted_early(signum, frame):
    try:
        os.write(2, b"Error: interrupted (Ctrl-C)\n")
    except OSError:
        pass
    os._exit(130)


signal.signal(signal.SIGINT, _interrupted_early)


def main() -> None:
    from bplanner.cli import main as run

    run()
