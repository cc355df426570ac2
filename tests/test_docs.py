"""The documentation is complete and runs, in the manner of sqlite-utils' tests/test_docs.py.

Walks the click group: every command and subcommand has a section in docs/cli.md
(which README.md links), every option of each is named in its section, and every
option documented there exists. Every `bplanner ...` line in the code blocks of
README.md and docs/cli.md, and every example of every `--help`, runs and exits 0
(or the status its comment states, e.g. "# exits 3"). Every `--help` shows an
example of each of its options and the exit status of the README.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import REPO

from bplanner.cli import cli

README = REPO / "README.md"
REFERENCE = REPO / "docs" / "cli.md"


def walk(command=cli, path=("bplanner",), parent=None):
    """(path, command, context) for the group and every command under it."""
    ctx = click.Context(command, info_name=path[-1], parent=parent,
                        **(command.context_settings if parent is None else {}))
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name), ctx)


COMMANDS = list(walk())
IDS = [" ".join(path) for path, _, _ in COMMANDS]


def options(command, ctx, with_help=False) -> list[click.Option]:
    return [p for p in command.get_params(ctx) if isinstance(p, click.Option)
            and (with_help or "--help" not in p.opts)]


def sections(text: str) -> dict[str, str]:
    """'## heading' -> the text under it, down to the next '## '."""
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {head.strip(): body for head, body in zip(parts[1::2], parts[2::2], strict=True)}


def help_text(path) -> str:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, [*path[1:], "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def examples(text: str) -> list[str]:
    """The `bplanner ...` lines of an "Examples:" block of --help output."""
    block = text.split("Examples:", 1)[1] if "Examples:" in text else ""
    lines = []
    for line in block.splitlines()[1:]:
        if not line.strip().startswith("bplanner"):
            break
        lines.append(line.strip())
    return lines


def code_lines(path: Path) -> list[str]:
    """Every line of a fenced shell code block (```sh) that runs bplanner."""
    blocks = re.findall(r"^```(?:sh|bash|console)\n(.*?)^```", path.read_text(encoding="utf-8"),
                        flags=re.M | re.S)
    return [line.strip() for b in blocks for line in b.splitlines()
            if line.strip().startswith("bplanner ") or line.strip() == "bplanner"]


REFERENCE_SECTIONS = sections(REFERENCE.read_text(encoding="utf-8"))


def documented_options(title: str) -> set[str]:
    """The options in the first column of the option table of a docs/cli.md section."""
    rows = re.findall(r"^\| `(.*?)\|\s[^|]*\|?$", REFERENCE_SECTIONS.get(title, ""), flags=re.M)
    return {o for row in rows for o in re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", row)}


# ----------------------------------------------------- every command and option


def test_readme_links_the_command_reference():
    assert "(docs/cli.md)" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_readme_names_every_command(name):
    assert f"bplanner {name}" in README.read_text(encoding="utf-8"), (
        f"README.md never shows `bplanner {name}`")


@pytest.mark.parametrize(("path", "command", "ctx"), COMMANDS, ids=IDS)
def test_every_command_has_a_section(path, command, ctx):
    title = " ".join(path)
    assert title in REFERENCE_SECTIONS, f"docs/cli.md has no section '## {title}'"
    assert command.help, f"{title} has no help text"


OPTIONS = [
    (path, name, param)
    for path, command, ctx in COMMANDS
    for param in options(command, ctx, with_help=len(path) == 1)
    for name in (*param.opts, *param.secondary_opts)
]


@pytest.mark.parametrize(("path", "name", "param"), OPTIONS,
                         ids=[f"{' '.join(p)} {n}" for p, n, _ in OPTIONS])
def test_every_option_is_documented(path, name, param):
    title = " ".join(path)
    section = REFERENCE_SECTIONS.get(title, "")
    assert name in documented_options(title), (
        f"{title} {name} is not in the option table of docs/cli.md '## {title}'")
    if isinstance(param.type, click.Choice):
        for choice in param.type.choices:
            assert choice in section, f"{title} {name}: value {choice!r} is not documented"


@pytest.mark.parametrize(("path", "command", "ctx"), COMMANDS, ids=IDS)
def test_every_documented_option_exists(path, command, ctx):
    title = " ".join(path)
    documented = documented_options(title)
    real = {n for p in options(command, ctx, with_help=True) for n in (*p.opts, *p.secondary_opts)}
    assert documented - real == set(), f"docs/cli.md '## {title}' documents options it lacks"


# ---------------------------------------------------- every shown command runs

LINES = [(path.name, line) for path in (README, REFERENCE) for line in code_lines(path)]
LINES += [(f"{' '.join(p)} --help", line) for p, _, _ in COMMANDS for line in
          examples(help_text(p))]


def serves(line: str) -> bool:
    """`serve` runs a web server until Ctrl-C: test_web.py and test_web_browser.py start it."""
    return shlex.split(line, comments=True)[1:2] == ["serve"]


def runnable(line: str) -> bool:
    """`data build` fetches USDA SR28 with pip and builds the whole table: not run here;
    `serve` does not end by itself (its tests are test_web.py's).

    The build itself is tested on tests/fixtures/sr28_sample (test_build.py) and on the
    whole pinned archive (test_sr28_archive.py).
    """
    argv = shlex.split(line, comments=True)
    if serves(line):
        return False
    if argv[1:3] != ["data", "build"]:
        return True
    return False


def test_the_docs_show_commands_to_run():
    assert len([x for x in LINES if x[0] == "README.md"]) >= 8
    assert len([x for x in LINES if x[0] == "cli.md"]) >= 30
    assert any(x[0].endswith("data build --help") for x in LINES)
    assert sum(runnable(line) for _, line in LINES if not serves(line)) > (
        len([x for x in LINES if not serves(x[1])]) - 4)


def _run_line(where: str, line: str, folder: Path, monkeypatch) -> str | None:
    """Run one shown line in ``folder`` with copies of the repository files it names (only
    those not there yet: a file an earlier example wrote stays as it wrote it). The
    problem in one paragraph, or None."""
    argv = shlex.split(line, comments=True)
    for arg in argv:
        source = REPO / arg
        if not arg.startswith("/") and source.is_file() and not (folder / arg).exists():
            (folder / arg).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, folder / arg)
    monkeypatch.chdir(folder)
    stated = re.search(r"#.*\bexits? (\d)", line)
    expected = int(stated.group(1)) if stated else 0
    result = CliRunner().invoke(cli, argv[1:])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"{where}: `{line}` raised {result.exception!r}"
    if result.exit_code != expected:
        return (f"{where}: `{line}` exited {result.exit_code}, not {expected}:\n"
                f"{result.output[-1500:]}")
    return None


DOC_LINES = [x for x in LINES if x[0] in ("README.md", "cli.md")]
HELP_LINES = [x for x in LINES if x[0] not in ("README.md", "cli.md")]


def test_the_docs_run_in_order_in_one_folder(tmp_path, monkeypatch):
    """A newcomer follows README.md, then docs/cli.md, line by line in one folder: a file
    an example writes (plan.xlsx) is there for the later ones, so an example that only
    works alone fails here. Not run, as stated in ``runnable``: `data build` (it fetches
    USDA SR28 from PyPI over the network) and `serve` (a server and a browser)."""
    problems = [p for where, line in DOC_LINES if runnable(line)
                if (p := _run_line(where, line, tmp_path, monkeypatch))]
    assert problems == [], "\n\n".join(problems)


@pytest.mark.parametrize(("where", "line"), [x for x in HELP_LINES if runnable(x[1])],
                         ids=[f"{w}: {x}" for w, x in HELP_LINES if runnable(x)])
def test_every_help_example_runs(where, line, tmp_path, monkeypatch):
    """Each --help example alone, in an empty folder with the files it names."""
    problem = _run_line(where, line, tmp_path, monkeypatch)
    assert problem is None, problem


# ----------------------------------------------- --help: examples, exit status


@pytest.mark.parametrize(("path", "command", "ctx"), COMMANDS, ids=IDS)
def test_help_shows_an_example_of_every_option(path, command, ctx):
    shown = examples(help_text(path))
    assert shown, f"{' '.join(path)} --help has no examples"
    words = {w for line in shown for w in shlex.split(line, comments=True)}
    missing = [p.opts[-1] for p in options(command, ctx, with_help=False)
               if not words & {*p.opts, *p.secondary_opts}]
    assert missing == [], f"{' '.join(path)} --help shows no example of {', '.join(missing)}"


def exit_statuses(text: str) -> dict[str, str]:
    """status -> meaning, from "Exit status: 0 ...; 1 ...; ..." or a --help block."""
    text = text.split("Exit status:", 1)[1]
    block = " ".join(re.split(r"\n\s*\n", text.lstrip("\n"), maxsplit=1)[0].split())
    entries = re.split(r"(?:;\s*|\s|^)(?=[0-9]+ [a-z`])", block.replace("`", ""))
    return {e.split(" ", 1)[0]: e.split(" ", 1)[1].strip() for e in entries if e.strip()}


def reason(meaning: str) -> str:
    """What the program prints, in brackets: "(one line says what)"; or the meaning."""
    found = re.search(r"\(.*\)", meaning)
    return found.group(0) if found else meaning


README_STATUS = exit_statuses(README.read_text(encoding="utf-8"))


def test_readme_states_every_exit_status():
    assert sorted(README_STATUS) == ["0", "1", "130", "2", "3"]
    assert README_STATUS["0"] == "success"


@pytest.mark.parametrize(("path", "command", "ctx"), COMMANDS, ids=IDS)
def test_help_gives_the_exit_status_of_the_readme(path, command, ctx):
    stated = exit_statuses(help_text(path))
    expected = ["0", "1", "130", "2", "3"] if path[-1] in ("bplanner", "suggest") else [
        "0", "1", "130", "2"]
    assert sorted(stated) == expected, f"{' '.join(path)} --help: exit status {stated}"
    for status, meaning in stated.items():
        assert reason(meaning) == reason(README_STATUS[status]), (
            f"{' '.join(path)} --help says {status} {meaning!r}; README: "
            f"{README_STATUS[status]!r}")
    table = REFERENCE_SECTIONS["Common to all commands"]
    for status, meaning in README_STATUS.items():
        assert re.search(rf"^\| {status} \| .*{re.escape(reason(meaning))}", table, re.M)


@pytest.mark.parametrize(("path", "command", "ctx"), COMMANDS, ids=IDS)
def test_help_fits_80_columns(path, command, ctx):
    wide = [line for line in help_text(path).splitlines() if len(line) > 80]
    assert wide == []
