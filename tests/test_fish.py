"""FDA/EPA's advice on how much fish: for those who are or may become pregnant, who
breastfeed, and for children aged 1 to 11, a planned week holds at most 3 servings of
the chart's Best Choices (2 for children under 11), or one serving of any other fish,
each serving no larger than the chart's for the age. Checked on the shipped table and on
plans made from it."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import bplanner
from bplanner.advice import safety
from bplanner.advice.risks import RiskProfile
from bplanner.cli import cli
from bplanner.foods import load_foods

OUNCE = 28.349523125


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_foods()


def _row(table: pd.DataFrame, name: str) -> pd.DataFrame:
    found = table[table["name"] == name]
    assert len(found) == 1, name
    return found


@pytest.mark.parametrize("name, servings", [
    ("Fish, tuna, light, canned in water, drained solids", 1),
    ("Fish, salmon, Atlantic, farmed, cooked, dry heat", 1),
    ("Fish, pollock, Alaska, cooked, dry heat (may have been previously frozen)", 1),
    ("Crustaceans, shrimp, mixed species, cooked, moist heat (may have been previously "
     "frozen)", 1),
    ("Mollusks, scallop, (bay and sea), cooked, steamed", 1),
    ("Soup, clam chowder, new england, canned, ready-to-serve", 1),
    # Good Choices, and fish the name does not say which: the whole week's allowance
    ("Fish, tuna, white, canned in water, drained solids", 3),
    ("Fish, halibut, Atlantic and Pacific, cooked, dry heat", 3),
    ("Fish, snapper, mixed species, cooked, dry heat", 3),
    ("Fish, seatrout, mixed species, cooked, dry heat", 3),
    ("Fish, tuna salad", 3),
    ("Fish, fish sticks, frozen, prepared", 3),
    ("Mollusks, mussel, blue, cooked, moist heat", 3),
    # not seafood, whatever the word in the name or the allergen flag says
    ("Soup, lentil with ham, canned, ready-to-serve", 0),
    ("Potatoes, scalloped, home-prepared with butter", 0),
    ("Crackers, saltines (includes oyster, soda, soup)", 0),
    ("Fish oil, cod liver", 0),
    ("Emu, oyster, raw", 0),
    ("Chicken pot pie, frozen entree, prepared", 0),
])
def test_each_food_counts_the_servings_of_the_chart(table, name, servings):
    assert safety.fish_servings_each(_row(table, name), 3).tolist() == [servings]


def test_every_fish_of_the_fish_group_is_counted(table):
    """A fish or shellfish is never taken for a food that is not one (frog legs, turtle
    and dried jellyfish are in USDA's fish group but are not fish)."""
    group = table[table["food_group"] == safety.FISH_GROUP]
    counted = safety.fish_servings_each(group, 3) > 0
    missed = group.loc[~counted, "name"].tolist()
    assert all(any(w in n.lower() for w in ("frog", "turtle", "jellyfish")) for n in missed)


@pytest.mark.parametrize("profile, risk, allowance", [
    (bplanner.Profile(age=2), None, (2, 1.0)),
    (bplanner.Profile(age=6), None, (2, 2.0)),
    (bplanner.Profile(age=9), None, (2, 3.0)),
    (bplanner.Profile(age=11), None, (3, 4.0)),
    (bplanner.Profile(age=28, sex="female", pregnant=True), None, (3, 4.0)),
    (bplanner.Profile(age=32, sex="female", lactating=True), None, (3, 4.0)),
    (bplanner.Profile(age=30, sex="female"), RiskProfile(planning_pregnancy=True), (3, 4.0)),
    (bplanner.Profile(age=15, sex="female"), None, None),
    (bplanner.Profile(age=45, sex="male"), None, None),
])
def test_the_allowance_follows_the_advice(profile, risk, allowance):
    got = safety.fish_allowance(profile, risk)
    if allowance is None:
        assert got is None
    else:
        assert got == (allowance[0], pytest.approx(allowance[1] * OUNCE))


PROFILES = [
    {"age": 6},
    {"age": 9},
    {"age": 28, "sex": "female", "pregnant": True},
    {"age": 32, "sex": "female", "lactating": True},
]


def _check_fish(plan, table, profile) -> float:
    """The plan keeps the allowance (servings of each seafood food-day) and every
    serving of a fish is within the chart's grams; returns the servings."""
    week, serving_g = safety.fish_allowance(profile)
    used = 0.0
    for day in plan.days:
        for ndb in {item.ndb for item in day.items}:
            food = table[table["ndb"] == ndb]
            each = float(safety.fish_servings_each(food, week)[0])
            if each == 0:
                continue
            used += each
            if food["food_group"].iloc[0] == safety.FISH_GROUP:
                grams = sum(i.portion_grams * i.portions for i in day.items if i.ndb == ndb)
                assert grams <= serving_g + 1e-6, (day.number, ndb, grams)
    assert used <= week + 1e-9, used
    return used


@pytest.mark.parametrize("diet", ["pescatarian", "omnivore"])
@pytest.mark.parametrize("who", PROFILES)
def test_a_week_keeps_to_the_fish_advice(table, diet, who):
    profile = bplanner.Profile(**who)
    plan = bplanner.suggest(vitamins=["B12"], diet=diet, profile=profile, days=7)
    _check_fish(plan, table, profile)


def test_the_allowance_binds_where_fish_is_the_richest_b12():
    """A pescatarian's B12 week takes fish up to the allowance and no further: without the
    limit (a man of 45, the same week) it would take more."""
    table = load_foods()
    child = bplanner.Profile(age=9)
    plan = bplanner.suggest(vitamins=["B12"], diet="pescatarian", profile=child, days=7)
    used = _check_fish(plan, table, child)
    free = bplanner.suggest(vitamins=["B12"], diet="pescatarian",
                            profile=bplanner.Profile(age=45, sex="male"), days=7)
    free_used = sum(
        float(safety.fish_servings_each(table[table["ndb"] == ndb], 2)[0])
        for day in free.days for ndb in {item.ndb for item in day.items})
    assert free_used > 2 >= used


def test_the_plan_says_so():
    result = CliRunner().invoke(cli, ["suggest", "-v", "B12", "--diet", "pescatarian",
                                      "--age", "6", "--days", "7"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "at most 3 servings of fish" in text and "(2 for children under 11)" in text
