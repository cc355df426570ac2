"""Safe file writing: nothing a user owns is destroyed by a failed, racing or unwanted write.

One mechanism serves every file bplanner writes (the Excel workbook, ``data build``'s
tables):

1. ``check_output_path`` refuses, before any work, what cannot or must not be written:
   an empty or too long name, a folder, a missing or unwritable folder, a special file
   (device, pipe, socket), and an existing name (a dangling symlink counts) unless
   ``force``.
2. ``write_atomic`` lets the caller fill a temporary file beside the target (its name
   shortened to fit the file system's NAME_MAX), flushes it to disk, then *publishes* it:

   - without ``force`` by hard-linking it to the name, which fails when the name exists,
     so a file that appeared meanwhile (another bplanner, another program) is never
     replaced: exactly one of two racing writers wins, the other gets ``OutputPathError``.
     Where the file system has no hard links, the name is claimed with
     ``O_CREAT | O_EXCL`` first and the claimed empty file is then replaced.
   - with ``force`` by ``os.replace``, atomically: a reader sees the old file or the new
     one, never a half-written one.

   Symlinks: ``--force`` replaces the symlink itself with a regular file; the file it
   points to is never opened, changed or followed. An existing regular file's permission
   bits are kept, but never the special bits (setuid, setgid, sticky); a new file follows
   the umask.
3. The temporary file is removed on any failure, on Ctrl-C (SIGINT), and on SIGTERM and
   SIGHUP, whose handlers are installed only for the duration of the write and restored
   after; the signal is then re-delivered, so the process ends with the conventional
   status (killed by the signal, as the caller expects).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from bplanner.text import visible

CLEANUP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_TMP_SUFFIX = ".tmp"
_TMP_RANDOM = 8  # characters mkstemp adds
# errors of os.link that mean "this file system has no hard links", not "name taken"
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


class OutputPathError(Exception):
    """The output path cannot be written (exists, is a folder, missing folder, no access)."""


def _parent(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system of ``folder`` accepts."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def path_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):
        return 4096


def path_shape_problem(path: Path | str) -> str | None:
    """Why a path cannot name a file on this system at all (empty, too long), or None."""
    text = os.fspath(path)
    if not text.strip():
        return "the file name is empty"
    if "\x00" in text:
        return "the file name holds a NUL character"
    raw = os.fsencode(text)
    folder = _parent(Path(text))
    probe = folder if os.path.isdir(folder) else Path(".")
    if len(raw) >= path_max(probe):
        return f"the path is {len(raw)} bytes long; at most {path_max(probe) - 1} are accepted"
    longest = max(raw.split(b"/"), key=len)
    if len(longest) > name_max(probe):
        return (
            f"a name in the path is {len(longest)} bytes long; "
            f"the file system accepts at most {name_max(probe)}"
        )
    return None


def check_output_path(path: Path, force: bool) -> Path:
    """Refuse an unusable name (one holding a control character too: such a name is hard
    to type, list or remove), a folder, a missing or unwritable folder, a special file, or
    an existing file (or symlink) without force. Raises ``OutputPathError``."""
    problem = path_shape_problem(path)
    if problem:
        raise OutputPathError(f"{show_path(path)}: {problem}")
    path = Path(path)
    if not path.name.isprintable():
        raise OutputPathError(
            f"{show_path(path)}: the file name holds a control character (a newline, an "
            "escape); give a name of printable characters"
        )
    if os.path.isdir(path):
        raise OutputPathError(f"{show_path(path)} is a folder; give a file name")
    parent = _parent(path)
    if not os.path.isdir(parent):
        if os.path.lexists(parent):
            raise OutputPathError(
                f"{show_path(parent)} is not a folder, so {visible(path.name)} cannot go in it"
            )
        raise OutputPathError(f"folder {show_path(parent)} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPathError(f"cannot write in folder {show_path(parent)}: permission denied")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputPathError(f"{show_path(path)}: {exc.strerror}") from exc
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise OutputPathError(f"{show_path(path)} is not a regular file (a device, pipe or socket)")
    if not force:
        what = "a symlink" if stat.S_ISLNK(st.st_mode) else "a file"
        raise OutputPathError(
            f"{show_path(path)} already exists ({what}); use --force to overwrite it"
        )
    return path


def temp_prefix(path: Path) -> str:
    """``.NAME.`` shortened so that ``.NAME.XXXXXXXX.tmp`` fits the file system's NAME_MAX."""
    room = name_max(_parent(path)) - 2 - _TMP_RANDOM - len(_TMP_SUFFIX)
    name = os.fsencode(path.name)[: max(room, 1)]
    return "." + os.fsdecode(name) + "."


def write_atomic(path: Path, write: Callable[[Path], None], force: bool = True) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then publish it (see module doc).

    ``force=False`` never replaces an existing name: ``OutputPathError`` if one appeared.
    A failure or a signal leaves no half-written file, no damaged old one, and no
    temporary file behind.
    """
    path = Path(path)
    parent = _parent(path)
    tmp: Path | None = None
    with _cleanup_on_signals():
        try:
            fd, name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=_TMP_SUFFIX, dir=parent)
            tmp = Path(name)
            os.close(fd)
            write(tmp)
            _sync(tmp)
            os.chmod(tmp, _mode_for(path))
            _publish(tmp, path, force)
            _sync_folder(parent)
        finally:
            _unless_signalled(lambda: tmp is not None and tmp.unlink(missing_ok=True))


def _publish(tmp: Path, path: Path, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise _appeared(path) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
    # no hard links here: claim the name exclusively, then replace our own empty file
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
    except FileExistsError:
        raise _appeared(path) from None
    claimed = os.fstat(fd)
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        try:
            now = os.lstat(path)
            if (now.st_dev, now.st_ino) == (claimed.st_dev, claimed.st_ino):
                os.unlink(path)
        except OSError:
            pass
        raise


def _appeared(path: Path) -> OutputPathError:
    return OutputPathError(
        f"{show_path(path)} appeared while bplanner was writing it and was left alone; "
        "use --force to overwrite it"
    )


def _sync(path: Path) -> None:
    """Flush the file to disk, so a full disk shows here and not after publishing."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the file itself is on disk
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    """An existing regular file's permission bits (never setuid, setgid or sticky); else
    0666 less the umask. A symlink is not followed: it is replaced, its target untouched."""
    try:
        st = os.lstat(path)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        return stat.S_IMODE(st.st_mode) & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived during a write; unwinds so the temporary file is removed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _unless_signalled(step: Callable[[], object]) -> None:
    """Run a cleanup step to the end even if the signal lands just then: the handler raises
    only once, so a second try always completes."""
    for _ in range(2):
        try:
            step()
            return
        except _Signalled:
            continue


@contextmanager
def _cleanup_on_signals():
    """Turn SIGTERM and SIGHUP into an exception during the block, then re-deliver them.

    Handlers can only be set in the main thread; elsewhere the block runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def handler(signum, frame):
        if not pending:
            pending.append(signum)
            raise _Signalled(signum)

    previous = {}
    try:
        for sig in CLEANUP_SIGNALS:
            if signal.getsignal(sig) is not signal.SIG_IGN:  # nohup's SIGHUP stays ignored
                previous[sig] = signal.signal(sig, handler)
        yield
    except _Signalled:
        pass  # the temporary file is gone (the writer's finally); re-delivered below
    finally:
        _unless_signalled(lambda: [signal.signal(sig, old) for sig, old in previous.items()])
        if pending:  # even when another error is on its way out: the signal comes first
            os.kill(os.getpid(), pending[0])
    if pending:
        # the caller's own handler ran and returned: the write still did not happen
        name = signal.Signals(pending[0]).name
        raise OutputPathError(f"the write was interrupted by {name}")


_TEMPDIR_LOCK = threading.Lock()


@contextmanager
def private_tempdir(beside: Path):
    """Point ``tempfile``'s default folder at a private folder beside ``beside`` for the
    block, and remove that folder and all in it afterwards, whatever happens (an error,
    Ctrl-C, SIGTERM or SIGHUP under ``write_atomic``). For a library that makes temporary
    files of its own (openpyxl writes each sheet to one before zipping): none is left in
    TMPDIR. Blocks run one at a time (``tempfile.tempdir`` is one setting per process).
    """
    beside = Path(beside)
    with _TEMPDIR_LOCK:
        folder = tempfile.mkdtemp(prefix=temp_prefix(beside), suffix=_TMP_SUFFIX,
                                  dir=_parent(beside))
        saved = tempfile.tempdir
        tempfile.tempdir = folder
        try:
            yield Path(folder)
        finally:
            def undo():
                tempfile.tempdir = saved
                shutil.rmtree(folder, ignore_errors=True)

            _unless_signalled(undo)


def write_text_atomic(path: Path, text: str, force: bool = True) -> None:
    """Atomic write of a text file with LF line endings."""
    write_atomic(
        path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""), force=force
    )


def write_texts_atomic(texts: dict, force: bool = True) -> None:
    """Write several text files (LF line endings) together or not at all.

    Every file is first written in full to its temporary file and flushed to disk (a full
    disk stops the whole write there, with nothing published); then all are published as
    ``write_atomic`` publishes one. Should a later one fail to publish, the earlier ones are
    undone: a new file removed, a replaced one put back from a hard-linked copy of the old.
    A failure or a signal leaves every name as it was and no temporary file behind.
    """
    items = [(Path(p), text) for p, text in texts.items()]
    temps: list[Path] = []
    backups: list[Path] = []
    done: list[tuple[Path, Path | None, os.stat_result]] = []  # published, its backup, stat
    with _cleanup_on_signals():
        try:
            for path, text in items:
                fd, name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=_TMP_SUFFIX,
                                            dir=_parent(path))
                os.close(fd)
                temps.append(Path(name))
                Path(name).write_text(text, encoding="utf-8", newline="")
                _sync(Path(name))
                os.chmod(name, _mode_for(path))
            try:
                for (path, _), tmp in zip(items, temps):
                    backup = _backup(path) if force else None
                    if backup is not None:
                        backups.append(backup)
                    _publish(tmp, path, force)
                    done.append((path, backup, os.lstat(path)))
            except BaseException:
                for entry in reversed(done):
                    _unless_signalled(lambda entry=entry: _undo(*entry))
                raise
            for folder in {_parent(p) for p, _ in items}:
                _sync_folder(folder)
        finally:
            for leftover in (*temps, *backups):
                _unless_signalled(lambda leftover=leftover: leftover.unlink(missing_ok=True))


def _backup(path: Path) -> Path | None:
    """A hard link to the file at ``path`` under a temporary name, or None when none exists."""
    if not os.path.lexists(path):
        return None
    fd, name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=_TMP_SUFFIX, dir=_parent(path))
    os.close(fd)
    os.unlink(name)
    os.link(path, name, follow_symlinks=False)
    return Path(name)


def _undo(path: Path, backup: Path | None, mine: os.stat_result) -> None:
    """Put back what was at ``path`` before we published there (only if ours is still there)."""
    try:
        now = os.lstat(path)
    except OSError:
        return
    if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
        return
    if backup is None:
        os.unlink(path)
    else:
        os.replace(backup, path)


class InputTooLarge(Exception):
    """A file given as input holds more than its reader accepts."""


def read_input(path, limit: int) -> bytes:
    """The bytes of an input file, a pipe, a FIFO or /dev/stdin, at most ``limit`` of them.

    Never waits for a FIFO nobody writes to (opened non-blocking: opening for reading
    does not wait for a writer, and reading with none is an immediate end of file).
    Raises ``OSError`` as ``open`` does, and ``InputTooLarge``.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise InputTooLarge(f"holds more than {limit:,} bytes")
    return b"".join(chunks)


def show_path(path, limit: int = 240) -> str:
    """A path for a message: whole when short, else its start and end around an ellipsis;
    control characters shown as ``repr`` shows them (``bplanner.text.visible``)."""
    text = visible(os.fsdecode(os.fspath(path)))
    if len(text) <= limit:
        return text
    return f"{text[: limit - 40]}...{text[-37:]} ({len(text)} characters)"


def quote(text, limit: int = 40) -> str:
    """``repr`` of a piece of user input, cut to about ``limit`` characters."""
    text = str(text)
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"... ({len(text)} characters)"
