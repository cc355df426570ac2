"""Forms of one food are one food for a week's rules (``data/food_kinds.csv``): skim and
1% milk, pork chop and ham. A week of Special K with skim milk, then with 1% milk, then
with skim milk again is one menu on three days, not three menus. Checked on the shipped
staples and on weeks planned from them."""

from __future__ import annotations

from collections import Counter

import pytest

import bplanner
from bplanner.foods import load_foods
from bplanner.planning.planner import DEFAULT_REPEAT, MENU_REPEAT, STAPLE_COURSES
from bplanner.table import staples


def test_the_kinds_group_forms_of_one_staple_food():
    kinds = staples.kinds()
    of = {}
    for family, kind in kinds.items():
        of.setdefault(kind, set()).add(family)
    assert of["milk"] == {"milk, whole", "milk, 2%", "milk, 1%", "milk, skim"}
    assert {"pork chop, pan-fried", "pork tenderloin, roasted", "ham, baked"} <= of["pork"]
    assert of["eggs"] == {"egg, fried", "egg, hard-boiled", "eggs, scrambled"}
    # a food of a family not listed is a kind of its own
    assert staples.kind_of("Lentils, cooked") == "lentils, cooked"
    # and every kind holds foods of one WWEIA group of foods (milk, meat, eggs...)
    families = {s.family.lower(): s for s in staples.staples().values()}
    for kind, members in of.items():
        assert len(members) >= 2, kind
        assert all(family in families for family in members), kind


@pytest.fixture(scope="module")
def table():
    return load_foods().set_index("ndb")


@pytest.mark.parametrize("vitamins, diet, who", [
    (["B12"], "vegetarian", {"age": 30, "sex": "female"}),
    (["B12"], "lacto_vegetarian", {"age": 70, "sex": "male"}),
    (["B1", "B6"], "omnivore", {"age": 6}),
    (["B1"], "omnivore", {"age": 45, "sex": "male"}),
])
def test_a_week_counts_kinds_of_food(table, vitamins, diet, who):
    """No kind on more days than the repeat limit (staples aside), no two days in a row
    with the same kinds, no menu of kinds on more than MENU_REPEAT days."""
    plan = bplanner.suggest(vitamins=vitamins, diet=diet, profile=bplanner.Profile(**who),
                            days=7)
    days = []
    staple = {}
    for day in plan.days:
        kinds = set()
        foods_of: dict[str, set] = {}
        for item in day.items:
            food = table.loc[item.ndb]
            kind = staples.kind_of(food["family"])
            kinds.add(kind)
            foods_of.setdefault(kind, set()).add(item.ndb)
            staple[kind] = staple.get(kind, True) and food["course"] in STAPLE_COURSES
        days.append(frozenset(kinds))
        # one form of a food a day: not 2% milk at breakfast and 1% at lunch
        assert all(len(ndbs) == 1 for ndbs in foods_of.values()), (day.number, foods_of)
    on = Counter(kind for kinds in days for kind in kinds)
    assert all(count <= DEFAULT_REPEAT for kind, count in on.items() if not staple[kind]), on
    assert all(a != b for a, b in zip(days, days[1:]))
    menus = Counter(kinds for kinds in days if not all(staple[k] for k in kinds))
    assert max(menus.values(), default=0) <= MENU_REPEAT, menus


@pytest.mark.parametrize("min_foods", [3, 4])
def test_a_day_holds_one_form_of_a_food(table, min_foods):
    """Four different foods of B12 for a vegetarian were skim milk at breakfast and 1% milk
    at lunch, among others: forms of one food are one food a day."""
    plan = bplanner.suggest(vitamins=["B12"], diet="vegetarian", min_foods=min_foods)
    kinds = [staples.kind_of(table.loc[i.ndb, "family"]) for i in plan.items]
    ndbs = {i.ndb for i in plan.items}
    assert len(ndbs) >= min_foods
    assert len(set(kinds)) == len(ndbs), [table.loc[n, "name"] for n in ndbs]
