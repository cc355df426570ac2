"""Hostile input, second round: each class of the probe as a test on the shipped CLI.

Spreadsheet and terminal injection, forged error lines, huge numbers, big diaries,
output encodings, a full disk, signals. Every test runs the command a user runs (click's
CliRunner, or a real process where file descriptors, encodings or signals matter) and
asserts what the user sees: one line, the exit status, files left as they were.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import signal
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FOODS_CSV, PYTHON, SR28_SAMPLE, subprocess_env, terminal_signals
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bplanner import files
from bplanner.cli import cli

HEADER, *ROWS = list(csv.reader(io.StringIO(FOODS_CSV.read_text(encoding="utf-8"))))
NAME = HEADER.index("name")
PIECES = HEADER.index("portion_pieces")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
FAST = settings(max_examples=12, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_error_line(result) -> str:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def write_table(path: Path, rows) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a CR kept in its cell
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def renamed(path: Path, prefix: str) -> Path:
    """The shipped table with every food's name starting with ``prefix``."""
    rows = [[*r[:NAME], prefix + r[NAME], *r[NAME + 1:]] for r in ROWS]
    return write_table(path, rows)


def diary(path: Path, *lines: str, header: str = "food,amount") -> Path:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def _bplanner(*args: str, env=None, **kwargs):
    return subprocess.run([PYTHON, "-m", "bplanner", *args], env=env or subprocess_env(),
                          capture_output=True, timeout=120, **kwargs)


# ------------------------------------------------------------- spreadsheet injection


@pytest.fixture(scope="module")
def formula_table(tmp_path_factory):
    return renamed(tmp_path_factory.mktemp("formula") / "foods.csv",
                   "=HYPERLINK(\"http://x\";\"y\") ")


@pytest.mark.parametrize("command", [
    ("foods", "-v", "B12", "--top", "5"),
    ("suggest", "-v", "B12"),
    ("claims",),
    ("intake", "DIARY"),
])
def test_no_csv_cell_starts_a_formula(formula_table, tmp_path, command):
    day = diary(tmp_path / "day.csv", "01077,1 cup",
                '"=Milk, whole, 3.25% milkfat, with added vitamin D",1 cup')
    args = [str(day) if a == "DIARY" else a for a in command]
    result = run(*args, "--foods", str(formula_table), "--format", "csv")
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA)]
    assert any(c.startswith("'=HYPERLINK") for c in cells)  # the user's name, kept as text


@FAST
@given(first=st.sampled_from(FORMULA), rest=st.text(
    alphabet=st.sampled_from("ab1 ,\"'=+-@\t\r\n\x1b"), max_size=8))
def test_any_name_that_starts_a_formula_is_quoted_in_csv(tmp_path, first, rest):
    row = list(ROWS[0])
    row[NAME] = first + rest + "x"  # a name of white space alone is refused as empty
    table = write_table(tmp_path / "foods.csv", [row, *ROWS[1:30]])
    result = run("foods", "--foods", str(table), "--format", "csv", "--top", "100",
                 "--all-foods")
    assert result.exit_code == 0, result.output
    names = [r["food"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert len(names) == 30
    assert not [n for n in names if n.startswith(FORMULA)]
    assert not [n for n in names if any(c in n for c in "\x1b\n\r")]


def test_numbers_we_write_are_never_prefixed():
    from bplanner.output.render import to_csv

    out = list(csv.reader(io.StringIO(to_csv([{"a": -2.5, "b": "-3", "c": "-x", "d": "@y"}]))))
    assert out[1] == ["-2.5", "-3", "'-x", "'@y"]


# ------------------------------------------------------------- terminal escapes, forged lines

ESCAPES = ("\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\u202e")


@pytest.fixture(scope="module")
def escape_table(tmp_path_factory):
    return renamed(tmp_path_factory.mktemp("escape") / "foods.csv", "".join(ESCAPES) + "x ")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("command", [("foods", "-v", "B12", "--top", "5"), ("show", "01077"),
                                     ("suggest", "-v", "B12"), ("claims",)])
def test_escape_sequences_in_names_never_reach_the_output(escape_table, command, fmt):
    # --wide: at 80 columns a short name may leave out what every name shares (this prefix)
    wide = ("--wide",) if fmt == "table" else ()
    result = run(*command, "--foods", str(escape_table), "--format", fmt, *wide)
    assert result.exit_code == 0, result.output
    assert not any(e in result.output for e in ESCAPES)
    narrow = run(*command, "--foods", str(escape_table), "--format", fmt).output
    assert not any(c in narrow for c in "\x1b\x07\x9b\u202e")
    assert not any(c in result.output for c in "\x1b\x07\x9b\u202e")
    if (command[0], fmt) != ("show", "csv"):  # show's CSV has amounts only
        assert "x1b]0;pwned" in result.output  # shown, as repr shows it


def test_a_diary_cell_with_a_newline_cannot_forge_an_error_line(tmp_path):
    day = diary(tmp_path / "day.csv", '"zzqx\x1b]0;t\x07\n\nError: all is fine",1 cup')
    proc = _bplanner("intake", str(day))
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "\x1b" not in err and "\x07" not in err and "Traceback" not in err
    lines = err.splitlines()
    assert [x for x in lines if x.startswith("Error:")] == lines[:1]
    assert len(lines) == 2 and lines[1].startswith("  line ") and "\\n\\nError:" in lines[1]


@pytest.mark.parametrize("name", ["bad\nError: fine.xlsx", "bad\x1b[2J.csv", "plan\n.xlsx"])
def test_an_excel_name_with_control_characters_keeps_the_error_one_line(tmp_path, name):
    result = run("suggest", "-v", "B12", "--excel", str(tmp_path / name))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "\x1b" not in result.stderr
    assert [x for x in result.stderr.splitlines() if "Error" in x] == [line]
    assert os.listdir(tmp_path) == []


def test_a_folder_with_an_escape_is_shown_visibly_when_written(tmp_path):
    folder = tmp_path / "a\x1b]0;t\x07"
    folder.mkdir()
    proc = _bplanner("suggest", "-v", "B12", "--excel", str(folder / "plan.xlsx"))
    assert proc.returncode == 0, proc.stderr
    assert (folder / "plan.xlsx").is_file()
    assert b"\x1b" not in proc.stderr and b"\\x1b]0;t\\x07/plan.xlsx" in proc.stderr


# ------------------------------------------------------------- huge numbers

HUGE = [
    ("1" * 5000, "5,000 digits"),
    ("1" * 400 + " g", "400 digits"),
    ("9" * 31, "31 digits"),
    ("9" * 30, "more than a diary line holds"),
    ("6 kg", "more than a diary line holds"),
    ("3000 cups", "more than a diary line holds"),
    ("inf", "does not start with a number"),
    ("nan g", "does not start with a number"),
    ("1e400", 'no measure "e400"'),
]


@pytest.mark.parametrize(("amount", "words"), HUGE)
def test_a_huge_diary_amount_is_refused_with_its_line(tmp_path, amount, words):
    day = diary(tmp_path / "day.csv", "01077,1 cup", f"01077,{amount}")
    line = one_error_line(result := run("intake", str(day)))
    assert result.exit_code == 1
    problem = [x for x in result.stderr.splitlines() if x.startswith("  line 3:")]
    assert problem and words in problem[0], result.stderr
    assert "line 2" not in result.stderr and len(line) < 200


def test_suggest_usual_with_a_huge_amount_is_an_input_error_not_no_plan(tmp_path):
    day = diary(tmp_path / "day.csv", "01077," + "1" * 400)
    result = run("suggest", "-v", "B12", "--usual", str(day))
    one_error_line(result)
    assert result.exit_code == 1


@FAST
@given(number=st.integers(min_value=1, max_value=10**40),
       unit=st.sampled_from(["", " g", " kg", " cup", " oz"]))
def test_any_diary_amount_is_planned_within_bounds_or_refused(tmp_path, number, unit):
    day = diary(tmp_path / "day.csv", f"01077,{number}{unit}")
    result = run("intake", str(day), "--format", "json")
    if result.exit_code == 0:
        import json

        grams = json.loads(result.stdout)["lines"][0]["grams"]
        assert 0 < grams <= 5000
    else:
        assert result.exit_code == 1
        assert "line 2:" in result.stderr
        one_error_line(result)


@pytest.mark.parametrize("pieces", ["1e19", "1e30", "inf", "1001", "-1", "2.5", "nan"])
def test_portion_pieces_is_bounded_like_the_other_columns(tmp_path, pieces):
    rows = [list(r) for r in ROWS[:20]]
    rows[3][PIECES] = pieces
    line = one_error_line(result := run("foods", "--foods",
                                        str(write_table(tmp_path / "t.csv", rows))))
    assert result.exit_code == 1
    assert "line 5, column 'portion_pieces'" in line and "0 to 1000" in line


# ------------------------------------------------------------- big diaries


def _lines(n: int) -> list[str]:
    kinds = ["01077,1 cup,breakfast", "whole-wheat bread commercially prepared,2 slices,lunch",
             "09040,150 g,snack", "13326,1 slice,dinner"]
    return [kinds[i % len(kinds)] for i in range(n)]


def test_a_diary_over_the_line_cap_is_refused_at_once(tmp_path):
    from bplanner.usual.diary import MAX_DIARY_LINES

    day = diary(tmp_path / "big.csv", *_lines(MAX_DIARY_LINES + 1), header="food,amount,meal")
    start = time.perf_counter()
    line = one_error_line(result := run("intake", str(day)))
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1 and f"{MAX_DIARY_LINES:,} lines" in line


def test_a_long_diary_under_the_cap_finishes_within_seconds(tmp_path):
    day = diary(tmp_path / "long.csv", *_lines(4000), header="food,amount,meal")
    start = time.perf_counter()
    result = run("intake", str(day), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - start < 15
    assert len(result.stdout.splitlines()) > 4000


def test_many_unmatched_lines_are_shown_first_then_counted_quickly(tmp_path):
    day = diary(tmp_path / "none.csv", *[f"bananna rwa zq{i},1 cup" for i in range(3000)])
    start = time.perf_counter()
    result = run("intake", str(day))
    assert time.perf_counter() - start < 15
    assert result.exit_code == 1
    shown = [x for x in result.stderr.splitlines() if x.startswith("  line ")]
    assert len(shown) == 5 and "nearest:" in shown[0]
    assert "3,000 lines could not be read" in result.stderr
    assert result.stderr.rstrip().endswith("and 2,995 more")


# ------------------------------------------------------------- output encodings


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_an_encoding_without_a_character_gets_its_ascii_form(tmp_path, encoding):
    day = diary(tmp_path / "day.csv", "01077,⅓ cup", "09040,1½ medium")
    env = {**subprocess_env(), "PYTHONIOENCODING": encoding}
    proc = _bplanner("intake", str(day), "--wide", env=env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode(encoding)  # every byte is of the encoding
    assert "1/3 cup" in out and "Traceback" not in proc.stderr.decode(encoding)
    if encoding == "ascii":
        assert "1 1/2 medium" in out and " ug" in out


def test_plan_under_ascii_prints_plain_fractions():
    env = {**subprocess_env(), "PYTHONIOENCODING": "ascii"}
    proc = _bplanner("suggest", "-v", "B9", "-d", "vegan", env=env)
    assert proc.returncode == 0 and proc.stderr == b""
    assert "1/2 cup" in proc.stdout.decode("ascii")


# ------------------------------------------------------------- full disk, every write path

FULL_DISK_CHILD = textwrap.dedent(
    """
    import errno, sys
    from bplanner import files

    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    files._sync = full
    sys.argv = ["bplanner", *sys.argv[1:]]
    from bplanner._start import main
    main()
    """
)


@pytest.mark.parametrize("force", [False, True], ids=["new", "force"])
@pytest.mark.parametrize("stdout", ["pipe", "full"])
def test_a_full_disk_under_excel_is_one_line_and_nothing_more(tmp_path, force, stdout):
    target = tmp_path / "plan.xlsx"
    if force:
        target.write_bytes(b"my plan")
    args = ["suggest", "-v", "B12", "--excel", str(target)] + (["--force"] if force else [])
    with open("/dev/full" if stdout == "full" else os.devnull, "wb") as out:
        proc = subprocess.run([PYTHON, "-c", FULL_DISK_CHILD, *args], stdout=out,
                              stderr=subprocess.PIPE, env=subprocess_env(), timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "Exception ignored" not in err and "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("Error:") and "No space left on device" in line
    assert os.listdir(tmp_path) == (["plan.xlsx"] if force else [])
    if force:
        assert target.read_bytes() == b"my plan"


@pytest.mark.parametrize("fail", ["sync", "publish"])
def test_data_build_force_publishes_both_files_or_neither(tmp_path, monkeypatch, fail,
                                                          sample_counts):
    out = tmp_path / "foods.csv"
    out.write_text("old table")
    (tmp_path / "measures.csv").write_text("old measures")
    calls = []

    def second(real):
        def step(*args, **kwargs):
            calls.append(args)
            if len(calls) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args, **kwargs)
        return step

    if fail == "sync":
        monkeypatch.setattr(files, "_sync", second(files._sync))
    else:
        monkeypatch.setattr(files.os, "replace", second(os.replace))
    result = run("data", "build", "--sr28", str(SR28_SAMPLE), "--out", str(out), "--force")
    line = one_error_line(result)
    assert result.exit_code == 1 and "No space left on device" in line
    assert sorted(os.listdir(tmp_path)) == ["foods.csv", "measures.csv"]
    assert out.read_text() == "old table"
    assert (tmp_path / "measures.csv").read_text() == "old measures"


# ------------------------------------------------------------- signals

EARLY_CHILD = textwrap.dedent(
    """
    import os, signal, sys, time

    class CtrlC:  # Ctrl-C as an import begins: {when}
        def find_spec(self, name, path=None, target=None):
            if name == {module!r}:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.5)
            return None

    sys.meta_path.insert(0, CtrlC())
    sys.argv = ["bplanner", "foods", "-v", "B12"]
    from bplanner._start import main
    main()
    """
)


@pytest.mark.parametrize("module", ["click", "bplanner.cli", "pandas", "tabulate"])
def test_ctrl_c_at_any_import_is_one_line_and_exit_130(module):
    code = EARLY_CHILD.format(module=module, when=module)
    proc = subprocess.run([PYTHON, "-c", code], capture_output=True, env=subprocess_env(),
                          timeout=60)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.decode().splitlines() == ["Error: interrupted (Ctrl-C)"]


EXCEL_CHILD = textwrap.dedent(
    """
    import sys, time
    from openpyxl.worksheet import _writer

    real = _writer.WorksheetWriter.write_rows

    def slow(self):  # openpyxl holds a temporary file of its own for this sheet now
        real(self)
        print("sheet", flush=True)
        time.sleep(30)

    _writer.WorksheetWriter.write_rows = slow
    sys.argv = ["bplanner", "suggest", "-v", "B12", "--excel", sys.argv[1]]
    from bplanner._start import main
    main()
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_excel_leaves_no_openpyxl_temporary_file(tmp_path, sig):
    tmpdir = tmp_path / "tmp"
    out = tmp_path / "out"
    tmpdir.mkdir()
    out.mkdir()
    env = {**subprocess_env(), "TMPDIR": str(tmpdir)}
    child = subprocess.Popen([PYTHON, "-c", EXCEL_CHILD, str(out / "plan.xlsx")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             preexec_fn=terminal_signals)
    try:
        for line in child.stdout:
            if line == b"sheet\n":
                break
        held = os.listdir(out) + os.listdir(tmpdir)
        child.send_signal(sig)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert held  # mid-write indeed: temporary files existed
    assert os.listdir(tmpdir) == [] and os.listdir(out) == []
    if sig == signal.SIGINT:
        assert child.returncode == 130
        assert err.decode().splitlines() == ["Error: interrupted (Ctrl-C)"]
    else:
        assert child.returncode == -sig
