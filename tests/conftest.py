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
SAMPLE_JAR = REPO / "tests" / "fixtures" / "sr24_sample.jar"

AMOUNT_COLUMNS = (
    "thiamin_mg",
    "vitamin_b6_mg",
    "folate_ug",
    "vitamin_b12_ug",
    "retinol_ug",
    "energy_kcal",
)
# vitamin label (as in supplies/rich_in) -> (amount column, DV nutrient key)
VITAMIN_COLUMNS = {
    "B1": ("thiamin_mg", "thiamin"),
    "B6": ("vitamin_b6_mg", "vitamin_b6"),
    "B9": ("folate_ug", "folate"),
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
