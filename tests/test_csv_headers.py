"""Every command's CSV output is for scripts: snake_case ASCII headers, numbers rounded.

Issue 15: a header such as ``B9_µg DFE_per_day`` or ``% Daily Value`` breaks scripts and
spreadsheets; a float like 146.19583333333335 is noise. Each command is run on the
shipped table through CliRunner with ``--format csv`` and its output parsed back.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner
from conftest import REPO

from bplanner.cli import cli

USUAL = str(REPO / "examples" / "usual_day.csv")
COMMANDS = [
    ("targets",),
    ("targets", "--sex", "female", "--pregnant"),
    ("risks",),
    ("risks", "--smoker", "--medication", "metformin"),
    ("claims",),
    ("foods", "-v", "B12", "-n", "5"),
    ("foods", "-v", "B1,B6,B9,B12", "--per", "100kcal", "-n", "5"),
    ("show", "01077"),
    ("show", "liver"),
    ("intake", USUAL),
    ("suggest", "-v", "B12", "-d", "vegetarian"),
    ("suggest", "-v", "B12", "--usual", USUAL, "--days", "2"),
]
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def csv_of(args) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_headers_are_snake_case_ascii(args):
    rows = csv_of(args)
    assert rows
    bad = [h for h in rows[0] if not SNAKE.match(h)]
    assert bad == []


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_numbers_have_at_most_three_decimals(args):
    for row in csv_of(args):
        for header, cell in row.items():
            if re.fullmatch(r"-?\d+\.\d+", cell or ""):
                assert len(cell.split(".")[1]) <= 3, (header, cell)
