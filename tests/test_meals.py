"""Which meal a food goes to (issue 10): the course rule on real USDA names.

Expectations are written here from what people eat, and checked against the
``course`` column of the shipped table and the meals each course may go to.
"""

from __future__ import annotations

import pytest
from conftest import read_rows

from bplanner.courses import COURSE_MEALS, MAX_ITEMS, MEALS, SLOT
from bplanner.table.course import course

ROWS = {r["ndb"]: r for r in read_rows()}


def _name(ndb: str) -> str:
    return ROWS[ndb]["name"]


# (name prefix, the course people expect) on real SR24 names
EXPECTED = [
    ("Cereals ready-to-eat", "cereal"),
    ("Milk, reduced fat, fluid", "milk"),
    ("Soymilk", "milk"),
    ("Yogurt, plain", "yogurt"),
    ("Cheese, cheddar", "cheese"),
    ("Egg, whole, cooked, hard-boiled", "egg"),
    ("Bananas, raw", "fruit"),
    ("Orange juice", "juice"),
    ("Bread, whole-wheat", "bread"),
    ("Peanut butter, smooth", "spread"),
    ("Beef, ground", "main"),
    ("Fish, salmon", "main"),
    ("Chicken, broilers or fryers, breast, meat only, cooked", "main"),
    ("Beans, kidney, red, mature seeds, cooked", "main"),
    ("Spinach, cooked", "vegetable"),
    ("Rice, white, long-grain, regular, cooked", "starch"),
    ("Nuts, almonds", "nuts"),
    ("Oil, olive", "none"),
    ("Candies", "none"),
]


@pytest.mark.parametrize("prefix, expected", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_real_foods_go_to_the_course_people_expect(prefix, expected):
    hits = [r for r in ROWS.values() if r["name"].startswith(prefix)]
    assert hits, prefix
    wrong = [(r["ndb"], r["name"], r["course"]) for r in hits if r["course"] != expected]
    assert len(wrong) <= len(hits) // 5, wrong[:5]  # a few oddly named products aside


def test_the_table_column_is_the_rule():
    """``course`` in data/foods.csv is what table.course.course gives for the group and name."""
    for r in list(ROWS.values())[::7]:
        assert r["course"] == course(r["food_group"], r["name"]), r["name"]


def test_breakfast_cereal_only_at_breakfast_and_meat_never_at_breakfast():
    assert COURSE_MEALS["cereal"] == ("breakfast",)
    assert "breakfast" not in COURSE_MEALS["main"]
    assert "snack" not in COURSE_MEALS["main"]
    assert "snack" in COURSE_MEALS["fruit"] and "snack" in COURSE_MEALS["nuts"]
    assert COURSE_MEALS["none"] == ()


def test_every_course_has_a_slot_and_meals_are_the_four_of_a_day():
    assert MEALS == ("breakfast", "lunch", "dinner", "snack")
    assert set(COURSE_MEALS) == set(SLOT)
    assert all(m in MEALS for meals in COURSE_MEALS.values() for m in meals)
    assert set(MAX_ITEMS) == set(MEALS) and all(1 <= n <= 4 for n in MAX_ITEMS.values())


def test_fats_sweets_spices_and_baby_foods_are_never_planned():
    groups = {"Fats and Oils", "Sweets", "Spices and Herbs", "Baby Foods"}
    planned = [r["name"] for r in ROWS.values() if r["food_group"] in groups
               and r["course"] != "none"]
    assert planned == []
