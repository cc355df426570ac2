"""Plans made of the foods people eat (issue 21), checked as properties over a matrix of
profiles, each as a day and as a week, on the shipped table and staple pool.

Every plan: only staples (``data/staples.csv``, read here with the csv module), whole
servings from age 9 (one or two), one food of each family a day and no family on more
days than the repeat limit, ready-to-eat cereal only with a milk at the same meal, after
50 at least half the B12 target from B12 added to foods (USDA 578) where fortified foods
are allowed, every target met and the diet kept; a week of the four vitamins holds at
least 8 families.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bplanner import NoPlanError, Profile, RiskProfile, suggest
from bplanner.planning.planner import DEFAULT_REPEAT, DEFAULT_TIME_LIMIT

ROOT = Path(__file__).resolve().parents[1]
with open(ROOT / "data" / "staples.csv", newline="", encoding="utf-8") as _fh:
    STAPLES = {r["ndb"]: r for r in csv.DictReader(_fh)}
with open(ROOT / "data" / "foods.csv", newline="", encoding="utf-8") as _fh:
    FOODS = {r["ndb"]: r for r in csv.DictReader(_fh)}

ALL4 = ("B1", "B6", "B9", "B12")
# (name, vitamins, diet, profile, options): the matrix
MATRIX = [
    ("readme", ("B12",), "vegetarian", Profile(), {}, None),
    ("vegan woman 30", ALL4, "vegan", Profile(age=30, sex="female"), {}, None),
    ("pregnant vegetarian 28", ALL4, "vegetarian",
     Profile(age=28, sex="female", pregnant=True), {}, None),
    ("omnivore man 45", ALL4, "omnivore", Profile(age=45, sex="male"), {}, None),
    ("ovo-vegetarian unfortified", ("B1", "B6", "B9"), "ovo_vegetarian", Profile(),
     {"fortified": False}, None),
    ("omnivore B12 unfortified", ("B12",), "omnivore", Profile(), {"fortified": False}, None),
    ("man 70", ALL4, "omnivore", Profile(age=70, sex="male"), {}, None),
    ("woman 75", ALL4, "vegetarian", Profile(age=75, sex="female"), {}, None),
    ("girl 15", ALL4, "omnivore", Profile(age=15, sex="female"), {}, None),
    ("child 6", ALL4, "omnivore", Profile(age=6), {}, None),
    ("toddler 2", ("B12", "B9"), "vegetarian", Profile(age=2), {}, None),
    ("vegan no nuts no soy", ALL4, "vegan", Profile(),
     {"exclude_allergens": ["tree_nuts", "peanuts", "soy"]}, None),
    ("lactating pescatarian", ALL4, "pescatarian",
     Profile(age=32, sex="female", lactating=True), {}, None),
    ("celiac vegetarian", ALL4, "vegetarian", Profile(),
     {}, RiskProfile(conditions=["celiac disease"])),
    ("metformin", ALL4, "omnivore", Profile(age=60, sex="male"), {},
     RiskProfile(medications=["metformin"])),
]
PERIODS = (1, 7)

_PLANS: dict = {}


def plan_of(case, days):
    key = (case[0], days)
    if key not in _PLANS:
        name, vitamins, diet, profile, options, risk = case
        try:
            # the command line's time limit: the properties hold for any plan found, and
            # a few weeks take a minute to prove (issue 22)
            _PLANS[key] = suggest(vitamins, diet, profile=profile, risk=risk, days=days,
                                  time_limit=DEFAULT_TIME_LIMIT, **options)
        except NoPlanError as err:
            _PLANS[key] = err
    return _PLANS[key]


CASES = [pytest.param(case, days, id=f"{case[0]}-{days}d") for case in MATRIX for days in PERIODS]


@pytest.mark.parametrize("case, days", CASES)
def test_a_plan_of_staples_in_whole_servings_within_the_rules(case, days):
    plan = plan_of(case, days)
    assert not isinstance(plan, NoPlanError), (case[0], plan)
    profile = case[3]
    for day in plan.days:
        for item in day.items:
            assert item.ndb in STAPLES, (item.ndb, item.name)
            assert FOODS[item.ndb]["familiar"] == "1"
            if profile.age >= 9:
                assert item.portions in (1.0, 2.0), (item.name, item.portions)
                # the serving is the staple's (test_staples checks it is USDA's measure)
                assert item.portion_grams == float(FOODS[item.ndb]["portion_grams"])
        # a juice: one serving a day at most (whole fruit first: DGA 2020-2025; AAP 2017)
        assert all(i.portions <= 1.0 for i in day.items if FOODS[i.ndb]["course"] == "juice")
        # one food of each family a day
        fams = [STAPLES[i.ndb]["family"] for i in day.items]
        assert len(set(fams)) == len({i.ndb for i in day.items})
        # every target met (counted), every limit kept
        for t in plan.targets:
            assert day.counted[t.vitamin] >= t.value * (1 - 1e-9), (t.vitamin, day.counted)
        for name, lim in day.limits.items():
            assert lim["amount"] <= lim["allowed_in_plan"] * (1 + 1e-9), name
        # ready-to-eat cereal only with a milk at that meal
        for meal in ("breakfast", "lunch", "dinner", "snack"):
            items = day.meal(meal)
            cereal = [i for i in items if FOODS[i.ndb]["course"] == "cereal"
                      and "ready-to-eat" in i.name.lower()]
            if cereal:
                assert any(FOODS[i.ndb]["course"] == "milk" for i in items), (meal, items)
        # the diet kept
        diet_col = "diet_" + case[2]
        assert all(FOODS[i.ndb][diet_col] == "1" for i in day.items)
    if len(plan.days) > 1:
        eaten = Counter(STAPLES[i.ndb]["family"] for d in plan.days
                        for i in {x.ndb: x for x in d.items}.values())
        staples_daily = {STAPLES[i.ndb]["family"] for d in plan.days for i in d.items
                         if FOODS[i.ndb]["course"] == "milk"}
        over = {f: n for f, n in eaten.items() if n > DEFAULT_REPEAT and f not in staples_daily}
        assert not over, over
        if set(case[1]) >= set(ALL4):
            assert len(eaten) >= 8, eaten


@pytest.mark.parametrize("case, days", [c for c in CASES if c.values[0][3].age > 50])
def test_after_50_b12_comes_mainly_from_fortified_foods(case, days):
    plan = plan_of(case, days)
    target = next(t.value for t in plan.targets if t.vitamin == "vitamin_b12")
    for day in plan.days:
        added = sum(float(FOODS[i.ndb]["vitamin_b12_added_ug"] or 0) * i.grams / 100
                    for i in day.items)
        assert added >= 0.5 * target * (1 - 1e-9), (day.number, added)
    assert any("fortified" in n and "Institute of Medicine" in n for n in plan.notes)
