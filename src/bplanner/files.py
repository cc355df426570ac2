"""Safe file writing: nothing a user owns is destroyed by a failed or unwanted write."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class OutputPathError(Exception):
    """The output path cannot be written (exists, is a folder, missing folder, no access)."""


def check_output_path(path: Path, force: bool) -> Path:
    """Refuse a folder, a missing folder, an unwritable place, or an existing file without force."""
    path = Path(path)
    if path.is_dir():
        raise OutputPathError(f"{path} is a folder; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputPathError(f"folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPathError(f"cannot write in folder {parent}: permission denied")
    if path.exists() and not force:
        raise OutputPathError(f"{path} already exists; use --force to overwrite it")
    return path


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it over ``path``.

    A failure leaves neither a half-written file nor a damaged old one, and no
    temporary file behind.
    """
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file follows the umask (mkstemp uses 0600)."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_text_atomic(path: Path, text: str) -> None:
    """Atomic write of a text file with LF line endings."""
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))
