"""The staple pool (``data/staples.csv``) is sourced and reviewable, and the table agrees.

Read with the csv module: every row names a real SR28 food by its USDA name, a real
WWEIA category, a family of its own, a serving that is one of USDA's measures of that
food, and a reason; every WWEIA category is either in the pool or says why not; every
diet finds its B-vitamin sources in the pool.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplanner.table import staples

ROOT = Path(__file__).resolve().parents[1]


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


STAPLE_ROWS = _rows(ROOT / "data" / "staples.csv")
CATEGORY_ROWS = _rows(ROOT / "data" / "staple_categories.csv")
WWEIA = {r["wweia_code"]: r["description"]
         for r in _rows(ROOT / "data" / "reference" / "wweia_food_categories.csv")}
TDS = {r["tds_number"]: r["description"]
       for r in _rows(ROOT / "data" / "reference" / "tds_foods_fy2018_2020_partial.csv")}
FOODS = {r["ndb"]: r for r in _rows(ROOT / "data" / "foods.csv")}
MEASURES = defaultdict(list)
for _m in _rows(ROOT / "data" / "measures.csv"):
    MEASURES[_m["ndb"]].append(_m)
SUSPECT = {r["ndb"] for r in _rows(ROOT / "data" / "suspect_values.csv")
           if r.get("verdict", "suspect") == "suspect"}


def test_the_reference_lists_are_usdas_as_shipped_in_shared():
    shared = ROOT.parent / "shared" / "reference" / "staples"
    if not shared.is_dir():  # the project's copy is what ships; shared is the original
        shared = ROOT / "data" / "reference"
    assert _rows(shared / "wweia_food_categories.csv") == _rows(
        ROOT / "data" / "reference" / "wweia_food_categories.csv")
    assert len(WWEIA) == 171


def test_every_row_names_a_real_food_category_family_serving_and_reason():
    families = set()
    for r in STAPLE_ROWS:
        food = FOODS[r["ndb"]]
        assert r["usda_name"] == food["name"], r["ndb"]
        assert WWEIA[r["wweia_code"]] == r["wweia_category"], r["ndb"]
        assert r["family"].strip() and r["reason"].strip(), r["ndb"]
        assert r["family"].lower() not in families, r["family"]
        families.add(r["family"].lower())
        if r["tds_number"]:
            assert r["tds_number"] in TDS, r["ndb"]
        if r["serving_amount"]:
            assert float(r["serving_amount"]) > 0
            assert r["serving_measure"] in {m["measure"] for m in MEASURES[r["ndb"]]}, r["ndb"]
        assert r["ndb"] not in SUSPECT, r["ndb"]
    assert 150 <= len(STAPLE_ROWS) <= 600


def test_every_category_is_in_the_pool_or_says_why_not():
    by_code = {r["wweia_code"]: r for r in CATEGORY_ROWS}
    assert set(by_code) == set(WWEIA)
    used = {r["wweia_code"] for r in STAPLE_ROWS}
    for code, r in by_code.items():
        assert r["wweia_category"] == WWEIA[code]
        assert r["included"] in ("yes", "no") and r["why"].strip(), code
        assert (code in used) == (r["included"] == "yes"), code
    # what is no vitamin source people plan with stays out
    for code in ("7202", "7502", "5702", "8002", "9402", "9802", "9999"):
        assert by_code[code]["included"] == "no"


def test_the_table_marks_exactly_the_staples_familiar_with_their_family_and_serving():
    for ndb, food in FOODS.items():
        assert (food["familiar"] == "1") == (ndb in staples.staples()), ndb
    for r in STAPLE_ROWS:
        food = FOODS[r["ndb"]]
        assert food["family"] == r["family"]
        if r["serving_amount"]:
            grams = next(float(m["grams"]) for m in MEASURES[r["ndb"]]
                         if m["measure"] == r["serving_measure"])
            assert float(food["portion_grams"]) == pytest.approx(
                float(r["serving_amount"]) * grams, abs=0.01), r["ndb"]


@pytest.mark.parametrize("diet", ["vegan", "vegetarian", "lacto_vegetarian",
                                  "ovo_vegetarian", "pescatarian", "omnivore"])
@pytest.mark.parametrize("column, share", [("thiamin_mg", 1.2), ("vitamin_b6_mg", 1.7),
                                           ("folate_dfe_ug", 400), ("vitamin_b12_ug", 2.4)])
def test_every_diet_finds_several_good_sources_of_each_vitamin_in_the_pool(diet, column, share):
    """Three or more staples of the diet give 10% of the Daily Value (column ``share``,
    FDA's DV, 21 CFR 101.9) in one serving: a plan can be varied over a week."""
    good = [r["ndb"] for r in STAPLE_ROWS
            if FOODS[r["ndb"]][f"diet_{diet}"] == "1" and FOODS[r["ndb"]][column]
            and float(FOODS[r["ndb"]][column]) * float(FOODS[r["ndb"]]["portion_grams"]) / 100
            >= 0.1 * share]
    assert len(good) >= 3, (diet, column, good)


@pytest.mark.parametrize("name, twin", [
    ("Lentils, mature seeds, cooked, boiled, with salt",
     "Lentils, mature seeds, cooked, boiled, without salt"),
    ("Soup, oyster stew, canned, condensed",
     "Soup, oyster stew, canned, prepared with equal volume water"),
])
def test_salt_and_condensed_twins_are_one_family(name, twin):
    assert staples.family_key(name) == staples.family_key(twin)


def test_many_names_have_the_keys_one_name_has():
    """The bulk keys a user's table gets (``family_keys``) are ``family_key``'s, on every
    name of the shipped table read as one list."""
    names = [food["name"] for food in FOODS.values()]
    assert len(names) > 8000
    assert staples.family_keys(names) == [staples.family_key(n) for n in names]


_NAME_BITS = ["Milk", "cooked", "raw", "with salt", "prepared with water", "(boiled, x)",
              "(", ")", ",", ", ", " ", "  ", "\t", "\n", "\xa0", "canned", "A", "Ç", "Σ"]


@given(st.lists(st.lists(st.sampled_from(_NAME_BITS) | st.text(max_size=4), max_size=8)
                .map("".join), max_size=6))
def test_bulk_family_keys_of_any_names_are_the_keys_of_each(names):
    """Spaces, commas, line breaks and brackets anywhere: the bulk keys stay each name's."""
    assert staples.family_keys(names) == [staples.family_key(n) for n in names]


def test_different_foods_are_different_families():
    assert staples.family_key("Beans, black, mature seeds, cooked, boiled, without salt") != \
        staples.family_key("Beans, pinto, mature seeds, cooked, boiled, without salt")


def test_every_staple_is_an_everyday_food_as_eaten():
    """The pool and the table's everyday rules agree: no fast food, bar, raw meat or dry
    powder is a staple (``classify.is_everyday``)."""
    assert [r["ndb"] for r in STAPLE_ROWS if FOODS[r["ndb"]]["everyday"] != "1"] == []
