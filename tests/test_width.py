"""Terminal output fits the terminal: 80 columns when unknown, `--wide` for full names.

The commands are run on the shipped table through CliRunner with $COLUMNS set, as
a terminal sets it; the helpers in bplanner.output.render are checked as properties.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from click.testing import CliRunner
from conftest import PYTHON, REPO, subprocess_env
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bplanner.cli import cli
from bplanner.output import render

COMMANDS = [
    ("targets",),
    ("targets", "--sex", "female", "--pregnant", "--age", "28"),
    ("targets", "--age", "0.5"),
    ("risks",),
    ("risks", "--smoker", "--alcohol", "--medication", "neomycin", "--diet", "vegan"),
    ("risks", "--condition", "pernicious anaemia", "--medication", "metformin", "--age", "70"),
    ("claims",),
    ("foods",),
    ("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "40"),
    ("foods", "--vitamins", "B1,B6", "--top", "60"),
    ("foods", "--vitamin", "folate", "--name", "cereals", "--top", "60"),
    ("show", "16126"),
    ("show", "08121"),
    ("show", "liver"),
    ("show", "cereals ready-to-eat"),
    ("intake", str(REPO / "examples" / "usual_day.csv")),
    # long names, a line without a meal, retinol above its limit, warnings from risk options
    ("intake", str(REPO / "tests" / "fixtures" / "diary_long_lines.csv"), "--diet", "vegan",
     "--sex", "f", "--pregnant", "--medication", "metformin", "--condition",
     "pernicious anemia"),
    ("suggest", "-v", "B1,B6,B9,B12", "-d", "vegan", "--sex", "f", "--medication",
     "metformin", "--smoker"),
    ("suggest", "-v", "B12", "--usual", str(REPO / "examples" / "usual_day.csv"), "--days", "2"),
]


def run(*args: str, columns: int | None = 80):
    env = {"COLUMNS": str(columns)} if columns else {}
    result = CliRunner(env=env).invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if len(line) > width]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("columns", [80, 60, 120])
def test_table_output_fits_the_terminal(args, columns):
    text = run(*args, columns=columns)
    assert text.strip()
    assert too_wide(text, columns) == []


@pytest.mark.parametrize("args", [a for a in COMMANDS if a[0] in ("foods", "show")],
                         ids=" ".join)
def test_every_food_of_the_json_output_is_in_the_table(args):
    # shortening and folding never lose a row: every NDB number is still there
    data = json.loads(run(*args, "--format", "json"))
    foods = data.get("matches", [data]) if isinstance(data, dict) else data
    table = run(*args)
    assert foods
    for food in foods[:50]:  # `show` lists the first 50 matches
        assert food["ndb"] in table


def test_long_names_are_cut_with_an_ellipsis_and_wide_shows_them_whole():
    found = json.loads(run("foods", "--vitamins", "B1,B6", "--top", "60", "--format", "json"))
    long_names = [f["name"] for f in found if len(f["name"]) > 60]
    assert long_names
    narrow = run("foods", "--vitamins", "B1,B6", "--top", "60")
    wide = run("foods", "--vitamins", "B1,B6", "--top", "60", "--wide")
    assert "…" in narrow
    for name in long_names:
        assert name not in narrow
        assert name in wide
    assert too_wide(wide, 120)  # --wide really is wide: nothing was cut


def test_shortened_names_keep_the_fortified_mark(shipped_by_ndb):
    text = run("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "40", columns=60)
    lines = [line for line in text.splitlines() if line[:5] in shipped_by_ndb]
    assert lines
    for line in lines:
        fortified = shipped_by_ndb[line[:5]]["fortified"] == "1"
        assert ("[fortified]" in line) is fortified, line


@pytest.mark.parametrize("args", [("claims",), ("show", "liver"), ("risks", "--smoker")])
def test_wide_keeps_full_names_and_long_lines(args):
    assert "…" not in run(*args, "--wide")


@pytest.mark.parametrize("args", [("foods", "--top", "30"), ("claims",), ("targets",),
                                  ("risks", "--smoker"), ("show", "liver")])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_formats_do_not_depend_on_the_terminal(args, fmt):
    assert run(*args, "--format", fmt, columns=40) == run(*args, "--format", fmt, columns=200)


def test_piped_output_without_columns_is_80_wide():
    # a pipe is not a terminal: no width to ask for, so 80 columns
    env = {k: v for k, v in subprocess_env().items() if k not in ("COLUMNS", "LINES")}
    out = subprocess.run([PYTHON, "-m", "bplanner", "claims"], env=env, capture_output=True,
                         text=True, encoding="utf-8", check=True, stdin=subprocess.DEVNULL)
    assert too_wide(out.stdout, 80) == []
    assert any(len(line) > 70 for line in out.stdout.splitlines())  # the room is used


def test_warnings_wrap_under_their_heading():
    text = run("risks", "--smoker", "--diet", "vegan")
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith("[")]
    assert heads
    for i in heads:  # the heading's continuation and the advice are indented under it
        assert lines[i + 1].startswith("    ")


# ------------------------------------------------------------------ helpers

NAME = st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=150)


@given(NAME, st.integers(min_value=1, max_value=160), st.booleans())
def test_shorten_keeps_a_prefix_within_the_limit(text, limit, tagged):
    text = text + (" [fortified]" if tagged else "")
    short = render.shorten(text, limit)
    if len(text) <= limit:
        assert short == text
        return
    assert len(short) <= limit and short.count("…") == 1
    head, tail = short.split("…")
    assert text.startswith(head)
    assert tail in ("", " [fortified]")
    if tagged and limit >= 16:
        assert tail == " [fortified]"


ROWS = st.lists(
    st.fixed_dictionaries({
        "ndb": st.from_regex(r"\A[0-9]{5}\Z"),
        "food": NAME,
        "serving": st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
        "grams": st.floats(min_value=0.1, max_value=5000, allow_nan=False),
        "B1 mg": st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False)),
        "B12 µg (%DV)": st.text(st.characters(min_codepoint=48, max_codepoint=57), max_size=12),
    }),
    min_size=1, max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(ROWS, st.integers(min_value=40, max_value=160))
def test_fit_table_fits_and_keeps_every_row_and_column(rows, width):
    text = render.fit_table(rows, width)
    assert too_wide(text, width) == []
    for column in rows[0]:
        assert column in text
    for row in rows:
        assert row["ndb"] in text


@settings(max_examples=30, deadline=None)
@given(ROWS)
def test_fit_table_without_a_width_is_the_plain_table(rows):
    assert render.fit_table(rows, None) == render.to_table(rows)


def test_fit_table_changes_nothing_that_already_fits():
    rows = [{"ndb": "01123", "food": "Egg, whole, raw, fresh", "grams": 50}]
    assert render.fit_table(rows, 80) == render.to_table(rows)


def test_folded_blocks_repeat_the_number_and_name():
    rows = [{"ndb": "08247", "food": "Cereals ready-to-eat, GENERAL MILLS, TOTAL Raisin Bran",
             **{f"column {i}": "x" * 12 for i in range(8)}}]
    text = render.fit_table(rows, 80)
    blocks = text.split("\n\n")
    assert len(blocks) > 1
    for block in blocks:
        assert "08247" in block and "Cereal, GENERAL MILLS" in block
    for i in range(8):
        assert sum(f"column {i}" in block for block in blocks) == 1


@given(st.lists(st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1,
                        max_size=20), max_size=60),
       st.integers(min_value=40, max_value=120), st.sampled_from(["", "    ", "- ", "[HIGH] "]))
def test_wrap_lines_fits_and_keeps_every_word(words, width, start):
    line = start + " ".join(words)
    wrapped = render.wrap_lines(line, width)
    assert too_wide(wrapped, width) == []
    assert wrapped.split() == line.split()
    assert render.wrap_lines(line, None) == line


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "food": st.text(st.characters(codec="ascii", categories=("L", "N", "Zs", "P")), max_size=30),
    "ndb": st.from_regex(r"\A[0-9]{5}\Z"),
    "B6 mg": st.one_of(st.none(), st.floats(0, 1e4, allow_nan=False)),
    "B12 µg": st.one_of(st.none(), st.integers(0, 10**6), st.text(max_size=8)),
}), min_size=1, max_size=6))
def test_column_widths_read_from_the_rule_line_match_each_column_alone(rows):
    """``fit_table`` reads each column's width from the table's rule line instead of
    rendering every column alone; both must agree."""
    columns = list(rows[0])
    got = render._column_widths(render.to_table(rows, columns), columns, rows)
    assert got == {c: render.text_width(render.to_table(rows, [c])) for c in columns}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1,
                        max_size=80), min_size=1, max_size=12),
       st.integers(min_value=12, max_value=60), st.booleans())
@example(names=[" "], limit=12, tagged=False)  # a name of no words (a user's --foods table)
@example(names=[", ,", "x" * 30], limit=12, tagged=True)
def test_short_names_fit_and_leave_names_that_fit_as_they_are(names, limit, tagged):
    from bplanner.output.names import short_names

    names = [n + (" [fortified]" if tagged else "") for n in names]
    shown = short_names(names, limit)
    assert len(shown) == len(names)
    for name, short in zip(names, shown):
        assert len(short) <= limit
        if len(name) <= limit:
            assert short == name


@pytest.mark.parametrize("args", [
    ("foods", "--group", "Finfish and Shellfish Products", "-n", "12"),
    ("foods", "-v", "B12", "-d", "vegan", "-n", "15"),
    ("foods", "-v", "B1", "-n", "30"),
    ("show", "tofu firm calcium"),
    ("suggest",),
])
def test_shown_names_at_80_columns_never_read_alike(args):
    """Issue 24: "Cereals ready-to-eat, K… [fortified]" five times, "Fish, salmon,
    Atlanti…" four times. Each table's distinct foods have distinct shown names."""
    text = run(*args)
    for block in text.split("\n\n"):
        shown = list(shown_names(block).values())
        assert len(set(shown)) == len(shown), block


def shown_names(block: str) -> dict[str, str]:
    """NDB number -> the name a table shows, its wrapped lines joined: a line without a
    number under a row continues the row's name."""
    by_ndb: dict[str, str] = {}
    ndb = None
    for line in block.splitlines():
        found = re.search(r"\b(\d{5})\b", line)
        if found:
            ndb = found.group(1)
            name = re.sub(r"\s{2,}.*", "", line.replace(ndb, "", 1).strip())
            by_ndb.setdefault(ndb, name)
        elif ndb and line.strip() and not line.startswith(("-", " ")) and not line.endswith(":"):
            if not re.match(r"(Total|% of|Counted)", line):
                by_ndb[ndb] += " " + re.sub(r"\s{2,}.*", "", line.strip())
        else:
            ndb = None
    return by_ndb


@pytest.mark.parametrize("args", [
    ("-v", "B1,B6,B9,B12", "-d", "vegan", "--sex", "female", "--age", "30"),
    ("-v", "B1,B6,B9,B12", "--sex", "male", "--age", "45"),
    ("-v", "B1,B2,B3,B5,B6,B9,B12", "-d", "vegetarian", "--sex", "female", "--age", "70"),
])
def test_a_plans_foods_are_named_beyond_their_usda_heading_at_80_columns(args,
                                                                        shipped_by_ndb):
    """Issue 24: a plan's food is bought by name, so a crowded 80-column plan wraps a name
    rather than cut it to "Cereals… [fortified]": each food shows at least the first two
    parts of its USDA name, with the heads USDA files it under shortened."""
    from bplanner.output.names import compact

    text = run("suggest", *args)
    assert too_wide(text, 80) == []
    table = text.split("Add to your usual meals", 1)[1].split("\n\n", 1)[0]
    names = shown_names(table)
    assert names
    for ndb, shown in names.items():
        name = shipped_by_ndb[ndb]["name"]
        wants = {", ".join(compact(name)[:2]), ", ".join(name.split(", ")[:2])}
        assert any(w in shown.replace("…", "") for w in wants), (ndb, shown, wants)
