"""The one write mechanism (bplanner.files): no clobbering, atomic replace with force only,
safe symlinks, no temporary file left after a failure at any step or a signal."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import textwrap
import threading
import time
from pathlib import Path

import pytest
from conftest import PYTHON, subprocess_env, terminal_signals

from bplanner import files
from bplanner.files import (
    OutputPathError,
    check_output_path,
    write_atomic,
    write_text_atomic,
)


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def _writer(text: str):
    return lambda tmp: tmp.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- publish


def test_a_new_file_is_published_with_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "out.csv", "new\n", force=False)
    finally:
        os.umask(old)
    assert (tmp_path / "out.csv").read_text() == "new\n"
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o640
    assert _listing(tmp_path) == ["out.csv"]


def test_an_existing_file_is_never_replaced_without_force(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("mine\n")
    with pytest.raises(OutputPathError, match="--force"):
        check_output_path(target, force=False)
    with pytest.raises(OutputPathError, match="appeared"):
        write_text_atomic(target, "new\n", force=False)
    assert target.read_text() == "mine\n"
    assert _listing(tmp_path) == ["out.csv"]


def test_a_file_that_appears_during_the_write_is_left_alone(tmp_path):
    target = tmp_path / "plan.xlsx"

    def write(tmp):
        tmp.write_text("bplanner's\n")
        target.write_text("someone else's\n")  # appears after the check, before publishing

    check_output_path(target, force=False)
    with pytest.raises(OutputPathError, match="appeared while bplanner was writing"):
        write_atomic(target, write, force=False)
    assert target.read_text() == "someone else's\n"
    assert _listing(tmp_path) == ["plan.xlsx"]


def test_force_replaces_atomically_and_keeps_the_permissions(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    write_text_atomic(target, "new\n", force=True)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _listing(tmp_path) == ["out.csv"]


def test_force_never_copies_setuid_setgid_or_sticky_bits(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o7755)
    write_text_atomic(target, "new\n", force=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_a_dangling_symlink_counts_as_existing(tmp_path):
    link = tmp_path / "plan.xlsx"
    link.symlink_to(tmp_path / "nowhere.xlsx")
    with pytest.raises(OutputPathError, match="already exists .a symlink."):
        check_output_path(link, force=False)
    with pytest.raises(OutputPathError):
        write_text_atomic(link, "new", force=False)
    assert link.is_symlink() and not (tmp_path / "nowhere.xlsx").exists()


def test_force_through_a_symlink_replaces_the_link_not_the_setuid_file_it_points_to(tmp_path):
    victim = tmp_path / "tool"
    victim.write_text("#!/bin/sh\n")
    victim.chmod(0o4755)
    link = tmp_path / "plan.xlsx"
    link.symlink_to(victim)
    old = os.umask(0o022)
    try:
        check_output_path(link, force=True)
        write_text_atomic(link, "workbook", force=True)
    finally:
        os.umask(old)
    assert not link.is_symlink() and link.read_text() == "workbook"
    mode = stat.S_IMODE(link.stat().st_mode)
    assert mode & 0o7000 == 0 and mode & 0o002 == 0  # not setuid, not world-writable
    assert victim.read_text() == "#!/bin/sh\n"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o4755


@pytest.mark.parametrize("special", ["/dev/null", "fifo"])
def test_a_special_file_is_refused_even_with_force(tmp_path, special):
    path = Path(special) if special.startswith("/") else tmp_path / special
    if special == "fifo":
        os.mkfifo(path)
    with pytest.raises(OutputPathError, match="not a regular file"):
        check_output_path(path, force=True)


@pytest.mark.parametrize("name", ["", "   ", "a" * 300, "d/" * 2100 + "x"])
def test_names_that_cannot_exist_are_refused_before_any_work(tmp_path, name):
    with pytest.raises(OutputPathError, match="empty|long"):
        check_output_path(name if not name.strip() else tmp_path / name, force=False)


def test_a_legal_long_name_gets_a_temporary_name_that_fits(tmp_path):
    limit = files.name_max(tmp_path)
    target = tmp_path / ("é" * ((limit - 5) // 2) + ".xlsx")  # two bytes each
    assert len(os.fsencode(target.name)) <= limit
    seen = []
    write_atomic(target, lambda tmp: (seen.append(tmp.name), tmp.write_bytes(b"x")), force=False)
    assert target.read_bytes() == b"x"
    assert len(os.fsencode(seen[0])) <= limit and seen[0].startswith(".")
    assert _listing(tmp_path) == [target.name]


def test_the_temporary_prefix_follows_the_file_systems_name_max(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "name_max", lambda folder: 40)
    prefix = files.temp_prefix(tmp_path / ("b" * 100 + ".csv"))
    assert len(prefix) + 8 + len(".tmp") <= 40


# --------------------------------------------------------------------- fault injection

STEPS = ["mkstemp", "write", "fsync", "chmod", "publish", "sync folder"]


def _inject(monkeypatch, step: str, force: bool) -> None:
    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if step == "mkstemp":
        monkeypatch.setattr(files.tempfile, "mkstemp", fail)
    elif step == "fsync":
        monkeypatch.setattr(files, "_sync", fail)
    elif step == "chmod":
        monkeypatch.setattr(files.os, "chmod", fail)
    elif step == "publish":
        monkeypatch.setattr(files.os, "replace" if force else "link", fail)
    elif step == "sync folder":
        monkeypatch.setattr(files, "_sync_folder", fail)


@pytest.mark.parametrize("force", [False, True], ids=["new", "force"])
@pytest.mark.parametrize("step", STEPS)
def test_a_failure_at_any_step_leaves_the_old_file_and_no_temporary_file(
    tmp_path, monkeypatch, step, force
):
    target = tmp_path / "out.csv"
    if force:
        target.write_text("old\n")

    def write(tmp):
        tmp.write_text("half")
        if step == "write":
            raise OSError(errno.ENOSPC, "No space left on device")

    _inject(monkeypatch, step, force)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, write, force=force)
    if step == "sync folder":  # published before the failure: complete, never half
        assert target.read_text() == "half"
    elif force:
        assert target.read_text() == "old\n"
    else:
        assert not target.exists()
    assert [n for n in _listing(tmp_path) if n != "out.csv"] == []


def test_without_hard_links_the_name_is_claimed_exclusively(tmp_path, monkeypatch):
    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    target = tmp_path / "out.csv"
    write_text_atomic(target, "new\n", force=False)
    assert target.read_text() == "new\n"
    with pytest.raises(OutputPathError, match="appeared"):
        write_text_atomic(target, "newer\n", force=False)
    assert target.read_text() == "new\n"
    assert _listing(tmp_path) == ["out.csv"]


# ------------------------------------------------------------------------------- race


def _race(target: Path) -> dict[str, str]:
    both_written = threading.Barrier(2)
    results: dict[str, str] = {}

    def run(who):
        def write(tmp):
            tmp.write_text(who)
            both_written.wait(timeout=10)  # both temporary files are complete

        try:
            check_output_path(target, force=False)
            write_atomic(target, write, force=False)
            results[who] = "won"
        except OutputPathError:
            results[who] = "refused"

    threads = [threading.Thread(target=run, args=(w,)) for w in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_writers_racing_for_one_name_exactly_one_wins(tmp_path):
    for round_ in range(10):
        target = tmp_path / f"plan{round_}.xlsx"
        results = _race(target)
        assert sorted(results.values()) == ["refused", "won"]
        winner = next(w for w, r in results.items() if r == "won")
        assert target.read_text() == winner
    assert all(not n.endswith(".tmp") for n in _listing(tmp_path))


# ---------------------------------------------------------------------------- signals

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from bplanner.files import write_atomic

    def write(tmp):
        tmp.write_bytes(b"half a workbook")
        print("writing", flush=True)
        # short sleeps, as a writer runs Python code: a signal landing just before one
        # long sleep's system call is handled only when it ends (CPython checks signals
        # after EINTR), 30 s later; a failure recorded the SIGHUP caught, none pending
        for _ in range(300):
            time.sleep(0.1)

    write_atomic(Path(sys.argv[1]), write, force=sys.argv[2] == "force")
    """
)


@pytest.mark.parametrize("force", [False, True], ids=["new", "force"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_mid_write_leaves_no_temporary_file_and_no_changed_target(tmp_path, sig, force):
    target = tmp_path / "plan.xlsx"
    if force:
        target.write_bytes(b"my old plan")
    child = subprocess.Popen(
        [PYTHON, "-c", CHILD, str(target), "force" if force else "new"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
        preexec_fn=terminal_signals,
    )
    try:
        assert child.stdout.readline() == b"writing\n"
        assert any(n.endswith(".tmp") for n in _listing(tmp_path))  # mid-write indeed
        child.send_signal(sig)
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:  # say what the child did with the signal
            pytest.fail(f"the child outlived {sig!r} by 20 s; {_signal_state(child.pid)}")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -sig  # ended by the signal itself, the conventional status
    assert _listing(tmp_path) == (["plan.xlsx"] if force else [])
    if force:
        assert target.read_bytes() == b"my old plan"


def _signal_state(pid: int) -> str:
    """A process's state and signal masks (pending, blocked, ignored, caught), from
    /proc: for a child that did not end on a signal."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        threads = len(os.listdir(f"/proc/{pid}/task"))
    except OSError as exc:
        return f"no /proc state ({exc})"
    keep = ("State", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")
    return "; ".join([line for line in lines if line.startswith(keep)] + [f"{threads} threads"])


def test_signal_handlers_are_restored_after_the_write(tmp_path):
    before = {s: signal.getsignal(s) for s in files.CLEANUP_SIGNALS}
    write_text_atomic(tmp_path / "a.csv", "x", force=False)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "b.csv", lambda tmp: (_ for _ in ()).throw(OSError("boom")))
    assert {s: signal.getsignal(s) for s in files.CLEANUP_SIGNALS} == before


def test_an_ignored_hangup_stays_ignored(tmp_path):
    """Under nohup SIGHUP is ignored: a hangup must not abort the write."""
    code = textwrap.dedent(
        """
        import os, signal, sys
        from pathlib import Path
        from bplanner.files import write_atomic
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        def write(tmp):
            os.kill(os.getpid(), signal.SIGHUP)
            tmp.write_text("done")
        write_atomic(Path(sys.argv[1]), write, force=False)
        """
    )
    target = tmp_path / "out.csv"
    proc = subprocess.run([PYTHON, "-c", code, str(target)], env=subprocess_env(), timeout=30)
    assert proc.returncode == 0 and target.read_text() == "done"


def test_the_callers_own_handler_runs_and_the_write_is_abandoned(tmp_path):
    seen = []
    old = signal.signal(signal.SIGTERM, lambda s, f: seen.append(s))
    try:

        def write(tmp):
            tmp.write_text("x")
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler raises during the sleep

        with pytest.raises(OutputPathError, match="interrupted by SIGTERM"):
            write_atomic(tmp_path / "out.csv", write, force=False)
    finally:
        signal.signal(signal.SIGTERM, old)
    assert seen == [signal.SIGTERM]
    assert _listing(tmp_path) == []


def test_a_file_used_as_a_folder_is_named_as_such(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputPathError, match="notes.txt is not a folder"):
        check_output_path(tmp_path / "notes.txt" / "plan.xlsx", force=True)


def test_a_signal_during_the_cleanup_itself_still_removes_the_temporary_file(tmp_path):
    code = textwrap.dedent(
        """
        import os, pathlib, signal, sys
        from bplanner.files import write_atomic
        real_unlink = pathlib.Path.unlink

        def unlink(self, missing_ok=False):
            pathlib.Path.unlink = real_unlink
            os.kill(os.getpid(), signal.SIGTERM)  # lands as the cleanup begins
            for _ in range(1000):  # give the handler a bytecode boundary to run at
                pass
            real_unlink(self, missing_ok=missing_ok)

        def write(tmp):
            tmp.write_text("half")
            pathlib.Path.unlink = unlink
            raise OSError("disk trouble")

        write_atomic(pathlib.Path(sys.argv[1]), write, force=False)
        """
    )
    proc = subprocess.run(
        [PYTHON, "-c", code, str(tmp_path / "out.csv")], env=subprocess_env(), timeout=30,
        capture_output=True,
    )
    assert proc.returncode == -signal.SIGTERM, proc.stderr
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_suggest_excel_killed_mid_write_leaves_the_folder_as_it_was(tmp_path, sig):
    """The whole command, as a user runs it: a signal while the workbook is being saved."""
    code = textwrap.dedent(
        """
        import sys, time
        import openpyxl
        real_save = openpyxl.Workbook.save

        def slow_save(self, filename):
            real_save(self, filename)
            print("saving", flush=True)
            time.sleep(30)

        openpyxl.Workbook.save = slow_save
        sys.argv = ["bplanner", "suggest", "-v", "B12", "--excel", sys.argv[1], "--force"]
        from bplanner.cli import main
        main()
        """
    )
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"last week's plan")
    child = subprocess.Popen([PYTHON, "-c", code, str(target)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=subprocess_env(),
                             preexec_fn=terminal_signals)
    try:
        for line in child.stdout:  # the plan is printed first, then the workbook saved
            if line == b"saving\n":
                break
        assert any(n.endswith(".tmp") for n in _listing(tmp_path))
        child.send_signal(sig)
        child.wait(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -sig
    assert _listing(tmp_path) == ["plan.xlsx"]
    assert target.read_bytes() == b"last week's plan"
