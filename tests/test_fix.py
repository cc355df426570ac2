"""Swapping a food (the web page's click): Options.exclude_foods leaves a food out by its
USDA number, Options.fix places one portion of a food at a meal; the plan is re-solved
around it by the same planner."""

from __future__ import annotations

import pytest

from bplanner.foods import load_foods
from bplanner.planning.absorption import B12_COUNTED_PER_MEAL_UG
from bplanner.planning.planner import suggest


@pytest.fixture(scope="module")
def table():
    return load_foods()


@pytest.fixture(scope="module")
def first(table):
    return suggest(["B12"], "vegetarian", foods=table)


def test_exclude_foods_leaves_out_exactly_that_food(table, first):
    planned = {i.ndb for i in first.items}
    gone = sorted(planned)[0]
    again = suggest(["B12"], "vegetarian", foods=table, exclude_foods=[gone])
    assert gone not in {i.ndb for i in again.items}
    assert again.to_dict()["model"]["exclude_foods"] == [gone]


def test_a_swap_fixes_the_alternative_at_its_meal(table, first, shipped_by_ndb):
    alt = first.alternatives["vitamin_b12"][0]
    swapped = suggest(["B12"], "vegetarian", foods=table, exclude_foods=[alt["instead_of"]],
                      fix=[(alt["ndb"], alt["meal"])])
    fixed = [i for i in swapped.items if i.fixed]
    assert [(i.ndb, i.meal, i.portions) for i in fixed] == [(alt["ndb"], alt["meal"], 1.0)]
    assert alt["instead_of"] not in {i.ndb for i in swapped.items}
    # one portion, from the data: grams x B12 per 100 g
    row = shipped_by_ndb[alt["ndb"]]
    expected = float(row["vitamin_b12_ug"]) * fixed[0].grams / 100
    assert fixed[0].amounts["vitamin_b12"] == pytest.approx(expected)
    # the fixed food's B12 counts up to the per-meal cap, like the plan's own
    day = swapped.days[0]
    meal_b12 = sum(i.amounts["vitamin_b12"] for i in day.items if i.meal == alt["meal"])
    others = sum(min(sum(i.amounts["vitamin_b12"] for i in day.items if i.meal == m),
                     B12_COUNTED_PER_MEAL_UG) for m in ("breakfast", "lunch", "dinner", "snack")
                 if m != alt["meal"])
    assert day.counted["vitamin_b12"] == pytest.approx(min(meal_b12, B12_COUNTED_PER_MEAL_UG)
                                                       + others)
    assert day.totals["vitamin_b12"] == pytest.approx(sum(i.amounts["vitamin_b12"]
                                                          for i in day.items))
    assert day.counted["vitamin_b12"] >= 2.4
    # the meal keeps one food of a kind: nothing else in the fixed food's slot there
    assert any("Fixed by you" in n for n in swapped.notes)


def test_a_fixed_food_stays_on_every_day_of_a_week(table, first):
    alt = first.alternatives["vitamin_b12"][0]
    week = suggest(["B12"], "vegetarian", foods=table, days=7, fix=[(alt["ndb"], alt["meal"])])
    assert all(any(i.fixed and i.ndb == alt["ndb"] for i in d.items) for d in week.days)


def test_a_food_that_cannot_be_fixed_says_why(table):
    with pytest.raises(ValueError, match="no candidate of this plan"):
        suggest(["B12"], "vegan", foods=table, fix=[("01085", "breakfast")])  # milk, vegan
    with pytest.raises(ValueError, match="is not eaten at dinner"):
        suggest(["B12"], "vegetarian", foods=table, fix=[("08013", "dinner")])  # cereal
    with pytest.raises(ValueError, match="both fixed and left out"):
        suggest(["B12"], "vegetarian", foods=table, fix=[("08013", "breakfast")],
                exclude_foods=["08013"])
    with pytest.raises(ValueError, match="meal must be one of"):
        suggest(["B12"], "vegetarian", foods=table, fix=[("08013", "brunch")])
    with pytest.raises(TypeError, match="pairs"):
        suggest(["B12"], "vegetarian", foods=table, fix="08013")
