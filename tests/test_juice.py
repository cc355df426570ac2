"""A day's juices together within the American Academy of Pediatrics' ounces for the age
(4 oz at 1-3 years, 6 at 4-6, 8 from 7) and a cup for adults: a plan gave a pregnant
vegan pineapple and prune juice on one day, and a child of 3 orange and tomato juice."""

from __future__ import annotations

import pytest

import bplanner
from bplanner.foods import load_foods
from bplanner.planning.planner import JUICE_PORTION_OZ, juice_oz_a_day


@pytest.mark.parametrize("age, oz", [(1, 4.0), (3, 4.0), (4, 6.0), (6, 6.0), (7, 8.0),
                                     (15, 8.0), (45, 8.0)])
def test_the_ounces_follow_the_age(age, oz):
    assert juice_oz_a_day(age) == oz


@pytest.fixture(scope="module")
def table():
    return load_foods().set_index("ndb")


@pytest.mark.parametrize("vitamins, diet, who", [
    (["B6"], "vegan", {"age": 28, "sex": "female", "pregnant": True}),
    (["B6"], "vegetarian", {"age": 28, "sex": "female", "pregnant": True}),
    (["B6"], "vegan", {"age": 2}),
    (["B9"], "vegan", {"age": 5}),
])
def test_a_days_juices_keep_to_the_ounces(table, vitamins, diet, who):
    profile = bplanner.Profile(**who)
    plan = bplanner.suggest(vitamins=vitamins, diet=diet, profile=profile, days=7)
    for day in plan.days:
        oz = sum(JUICE_PORTION_OZ * item.portion_grams * item.portions
                 / table.loc[item.ndb, "portion_grams"]
                 for item in day.items if table.loc[item.ndb, "course"] == "juice")
        assert oz <= juice_oz_a_day(profile.age) + 1e-9, (day.number, oz)
