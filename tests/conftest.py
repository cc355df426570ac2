"""Shared paths and readers of the shipped data, read with the csv module only.

Expectations in the tests come from these plain readings of data/foods.csv and
data/reference, never from bplanner's own output.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOODS_CSV = REPO / "data" / "foods.csv"
REFERENCE_CSV = REPO / "data" / "reference" / "dri_b_vitamins.csv"
SR28_SAMPLE = REPO / "tests" / "fixtures" / "sr28_sample"

AMOUNT_COLUMNS = (
    "thiamin_mg",
    "riboflavin_mg",
    "niacin_mg",
    "pantothenic_acid_mg",
    "vitamin_b6_mg",
    "folate_dfe_ug",
    "food_folate_ug",
    "folic_acid_ug",
    "folate_total_ug",
    "vitamin_b12_ug",
    "vitamin_b12_added_ug",
    "retinol_ug",
    "energy_kcal",
)
# vitamin label (as in supplies/rich_in) -> (amount column, DV nutrient key)
VITAMIN_COLUMNS = {
    "B1": ("thiamin_mg", "thiamin"),
    "B2": ("riboflavin_mg", "riboflavin"),
    "B3": ("niacin_mg", "niacin"),
    "B5": ("pantothenic_acid_mg", "pantothenic_acid"),
    "B6": ("vitamin_b6_mg", "vitamin_b6"),
    "B9": ("folate_dfe_ug", "folate"),
    "B12": ("vitamin_b12_ug", "vitamin_b12"),
}
DIET_COLUMNS = (
    "diet_omnivore",
    "diet_pescatarian",
    "diet_vegetarian",
    "diet_lacto_vegetarian",
    "diet_ovo_vegetarian",
    "diet_vegan",
)


def items(cell: str) -> list[str]:
    """A semicolon-separated list cell as a list."""
    return [x for x in cell.split(";") if x]


def sr28_records(folder: Path) -> dict:
    """USDA SR28 ASCII files read plainly (fields split on ^, text in ~): ``groups``
    {code: name}, ``foods`` {ndb: (name, group code)}, ``nutrients`` {ndb: {number: value
    text}}, ``measures`` {ndb: [(amount, description, grams)] in USDA's Seq order}."""

    def records(name):
        text = (folder / name).read_bytes().decode("latin-1")
        return [[f.strip("~") for f in line.split("^")] for line in text.split("\r\n") if line]

    out: dict = {"groups": {f[0]: f[1] for f in records("FD_GROUP.txt")}}
    out["foods"] = {f[0]: (f[2], f[1]) for f in records("FOOD_DES.txt")}
    out["nutrients"] = {ndb: {} for ndb in out["foods"]}
    for f in records("NUT_DATA.txt"):
        out["nutrients"][f[0]][f[1]] = f[2]
    measures: dict[str, list] = {}
    for f in sorted(records("WEIGHT.txt"), key=lambda f: (f[0], int(f[1]))):
        measures.setdefault(f[0], []).append((float(f[2]), f[3], float(f[4])))
    out["measures"] = measures
    return out


def read_rows(path: Path = FOODS_CSV) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def shipped_rows() -> list[dict[str, str]]:
    """data/foods.csv as plain strings, one dict per food."""
    return read_rows()


@pytest.fixture(scope="session")
def shipped_by_ndb(shipped_rows) -> dict[str, dict[str, str]]:
    return {r["ndb"]: r for r in shipped_rows}


@pytest.fixture(scope="session")
def daily_values() -> dict[str, float]:
    """FDA Daily Values read straight from the reference file (kind DV)."""
    with open(REFERENCE_CSV, newline="", encoding="utf-8") as fh:
        return {r["nutrient"]: float(r["value"]) for r in csv.DictReader(fh) if r["kind"] == "DV"}


def subprocess_env(with_src: bool = True) -> dict[str, str]:
    """Environment for running ``python -m bplanner`` as a user would."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if with_src:
        env["PYTHONPATH"] = str(REPO / "src")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


PYTHON = sys.executable


def sr28_sample_counts() -> dict[str, int]:
    """Record counts of the four files of the SR28 sample (the CLI checks USDA's)."""
    return {name: len((SR28_SAMPLE / name).read_bytes().split(b"\r\n")) - 1
            for name in ("FD_GROUP.txt", "FOOD_DES.txt", "NUT_DATA.txt", "WEIGHT.txt")}


@pytest.fixture()
def sample_counts(monkeypatch):
    """`data build --sr28 tests/fixtures/sr28_sample` as for the whole release: the record
    counts it checks are the sample's own."""
    from bplanner.table import sr28

    counts = sr28_sample_counts()
    monkeypatch.setattr(sr28, "RECORD_COUNTS", counts)
    return counts


def terminal_signals() -> None:
    """``preexec_fn`` of a child the test sends signals to: SIGINT, SIGHUP and SIGTERM as
    a terminal leaves them, handled by default and not blocked. A suite started with ``&``
    ignores SIGINT and one under nohup SIGHUP, and a child inherits that, and the blocked
    signals of the thread that starts it; the test is of what a user's process does."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGHUP, signal.SIGTERM})
