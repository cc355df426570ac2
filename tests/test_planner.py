"""The planner on the real shipped data: plans cover every chosen vitamin, keep the diet,
the exclusions and the upper limits, and are the true optimum.

Every expectation is computed here from ``data/foods.csv`` and
``data/reference/dri_b_vitamins.csv``, read with the csv module, never from the
planner's own numbers; the optimum is re-solved with an independent solver (CBC via
PuLP) from the JSON ``model`` block and the CSV alone.
"""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import pulp
import pytest

from bplanner.planner import NoPlanError, Options, suggest
from bplanner.targets import Profile

ROOT = Path(__file__).resolve().parents[1]
FOODS_CSV = ROOT / "data" / "foods.csv"
REFERENCE_CSV = ROOT / "data" / "reference" / "dri_b_vitamins.csv"

with open(FOODS_CSV, newline="", encoding="utf-8") as _fh:
    FOODS = {r["ndb"]: r for r in csv.DictReader(_fh)}
with open(REFERENCE_CSV, newline="", encoding="utf-8") as _fh:
    REFERENCE = list(csv.DictReader(_fh))

ALL4 = ("B1", "B6", "B9", "B12")
COLUMN = {"B1": "thiamin_mg", "B6": "vitamin_b6_mg", "B9": "folate_ug", "B12": "vitamin_b12_ug"}
KEY = {"B1": "thiamin", "B6": "vitamin_b6", "B9": "folate", "B12": "vitamin_b12"}
DIETS = ("omnivore", "pescatarian", "vegetarian", "lacto_vegetarian", "ovo_vegetarian", "vegan")
VITAMIN_SETS = (("B12",), ALL4, ("B9",), ("B1", "B6"), ("B6", "B12"))


def num(text: str) -> float:
    """A CSV amount; an unmeasured (empty) value counts as 0, as the model says."""
    return float(text) if text else 0.0


def amount(ndb: str, column: str, servings: float) -> float:
    row = FOODS[ndb]
    return num(row[column]) * float(row["portion_grams"]) * servings / 100.0


def plan_total(plan, column: str, only_fortified: bool = False) -> float:
    return sum(
        amount(i.ndb, column, i.servings)
        for i in plan.items
        if not only_fortified or FOODS[i.ndb]["fortified"] == "1"
    )


def grams(plan) -> float:
    return sum(float(FOODS[i.ndb]["portion_grams"]) * i.servings for i in plan.items)


def ref(nutrient: str, kind: str, sex: str, stage: str, age_min: float) -> float:
    (row,) = [
        r
        for r in REFERENCE
        if (r["nutrient"], r["kind"], r["sex"], r["life_stage"]) == (nutrient, kind, sex, stage)
        and float(r["age_min"]) == age_min
    ]
    return float(row["value"])


def shown_ndbs(plan) -> set[str]:
    """Every food the user sees: the plan and the alternatives."""
    out = {i.ndb for i in plan.items}
    for alts in plan.alternatives.values():
        out |= {a["ndb"] for a in alts}
    return out


def assert_covers(plan, targets: dict[str, float]) -> None:
    for label, target in targets.items():
        total = plan_total(plan, COLUMN[label])
        assert total >= target * (1 - 1e-12), (label, total, target)
        assert plan.totals[KEY[label]] == pytest.approx(total, rel=1e-9)
        assert plan.percent(KEY[label]) >= 100 - 1e-9


# --- coverage and targets -----------------------------------------------------------


def test_adult_default_plan_covers_all_four_vitamins():
    plan = suggest(ALL4)
    assert_covers(
        plan,
        {
            "B1": ref("thiamin", "RDA", "male", "general", 19),  # higher of both sexes
            "B6": ref("vitamin_b6", "RDA", "male", "general", 14),
            "B9": ref("folate", "RDA", "any", "general", 14),
            "B12": ref("vitamin_b12", "RDA", "any", "general", 14),
        },
    )
    assert plan.items


def test_pregnant_woman_plan_covers_pregnancy_targets():
    plan = suggest(ALL4, profile=Profile(age=30, sex="female", pregnant=True))
    assert_covers(plan, {lab: ref(KEY[lab], "RDA", "female", "pregnancy", 14) for lab in ALL4})


def test_child_plan_covers_child_targets():
    plan = suggest(ALL4, diet="vegetarian", profile=Profile(age=6))
    assert_covers(plan, {lab: ref(KEY[lab], "RDA", "any", "child", 4) for lab in ALL4})


# --- the diet matrix ----------------------------------------------------------------


@pytest.mark.parametrize("diet", DIETS)
@pytest.mark.parametrize("vitamins", VITAMIN_SETS, ids="+".join)
def test_diet_matrix_never_shows_a_food_outside_the_diet(diet, vitamins):
    plan = suggest(vitamins, diet=diet)
    targets = {lab: t.value for lab, t in zip(sorted(vitamins, key=ALL4.index), plan.targets)}
    assert_covers(plan, targets)
    shown = shown_ndbs(plan)
    assert shown
    bad = [FOODS[n]["name"] for n in shown if FOODS[n][f"diet_{diet}"] != "1"]
    assert bad == []
    # the candidates the model used fit the diet too
    assert all(FOODS[n][f"diet_{diet}"] == "1" for n in plan.model["candidate_ndbs"])


def test_vegan_plan_has_no_animal_source():
    plan = suggest(ALL4, diet="vegan")
    for n in shown_ndbs(plan):
        assert FOODS[n]["animal_sources"] == "", FOODS[n]["name"]


def test_vegan_all_four_vitamins_works_with_fortified_foods():
    plan = suggest(ALL4, diet="strict vegetarian")
    assert plan.options.diet == "vegan"
    assert_covers(plan, {lab: t.value for lab, t in zip(ALL4, plan.targets)})
    # B12 for a vegan comes from fortified foods (or foods without a named animal source)
    b12_from = [i for i in plan.items if num(FOODS[i.ndb]["vitamin_b12_ug"]) > 0]
    assert any(FOODS[i.ndb]["fortified"] == "1" for i in b12_from)


# --- upper limits -------------------------------------------------------------------


def _limit_totals(plan) -> dict[str, float]:
    return {
        "vitamin_b6": plan_total(plan, "vitamin_b6_mg"),
        "retinol": plan_total(plan, "retinol_ug"),
        # total folate of fortified foods counts as folic acid
        "folic_acid": plan_total(plan, "folate_ug", only_fortified=True),
    }


def test_upper_limits_hold_for_a_pregnant_16_year_old():
    plan = suggest(ALL4, profile=Profile(age=16, sex="female", pregnant=True))
    ul = {
        k: ref(k, "UL", "female", "pregnancy", 14) for k in ("vitamin_b6", "retinol", "folic_acid")
    }
    totals = _limit_totals(plan)
    for k, limit in ul.items():
        assert totals[k] <= limit, (k, totals[k], limit)
        assert plan.limits[k]["limit"] == limit
        assert plan.limits[k]["amount"] == pytest.approx(totals[k], rel=1e-9, abs=1e-12)
    assert_covers(plan, {lab: ref(KEY[lab], "RDA", "female", "pregnancy", 14) for lab in ALL4})


@pytest.mark.parametrize(
    "profile, band",
    [
        (Profile(age=2), ("any", "child", 1)),
        (Profile(age=16, pregnant=True), ("female", "pregnancy", 14)),
    ],
)
def test_binding_folic_acid_limit_is_kept(profile, band):
    """With whole-serving steps of 2, the densest folate source breaks the folic acid UL.

    The test first shows, from the CSV alone, that a one-food plan cheaper than the
    planner's exists but exceeds the UL, so the limit is what shapes the plan.
    """
    kw = dict(step=2.0, max_servings=4.0)
    plan = suggest(["folate"], profile=profile, **kw)
    limit = ref("folic_acid", "UL", *band)
    target = plan.targets[0].value
    cheaper_but_over = []
    for n in plan.model["candidate_ndbs"]:
        for s in (2.0, 4.0):
            g = float(FOODS[n]["portion_grams"]) * s
            if amount(n, "folate_ug", s) >= target and g < grams(plan) - 1e-9:
                fa = amount(n, "folate_ug", s) if FOODS[n]["fortified"] == "1" else 0.0
                assert fa > limit, FOODS[n]["name"]  # only the UL can rule it out
                cheaper_but_over.append(n)
    assert cheaper_but_over, "the limit does not bind in this scenario"
    assert _limit_totals(plan)["folic_acid"] <= limit
    assert plan_total(plan, "folate_ug") >= target


# --- exclusions ---------------------------------------------------------------------


def test_exclude_allergens_respected():
    base = suggest(ALL4, diet="vegetarian")
    flagged = {a for i in base.items for a in FOODS[i.ndb]["allergens"].split(";") if a}
    assert "wheat_gluten" in flagged  # otherwise the exclusion would test nothing
    plan = suggest(ALL4, diet="vegetarian", exclude_allergens=["wheat_gluten", "milk", "soy"])
    for n in shown_ndbs(plan) | set(plan.model["candidate_ndbs"]):
        assert not {"wheat_gluten", "milk", "soy"} & set(FOODS[n]["allergens"].split(";"))
    assert_covers(plan, {lab: t.value for lab, t in zip(ALL4, plan.targets)})


def test_allergen_names_people_type_are_understood():
    plan = suggest(ALL4, diet="vegetarian", exclude_allergens=["Gluten", "dairy"])
    assert plan.options.exclude_allergens == ("wheat_gluten", "milk")
    for n in shown_ndbs(plan):
        assert not {"wheat_gluten", "milk"} & set(FOODS[n]["allergens"].split(";"))
    with pytest.raises(ValueError, match="unknown allergen"):
        suggest(ALL4, exclude_allergens=["kryptonite"])


def test_exclude_text_respected():
    base = suggest(ALL4, diet="vegan")
    assert any("cereal" in i.name.lower() for i in base.items)
    plan = suggest(ALL4, diet="vegan", exclude=["cereal", "yeast"])
    for n in shown_ndbs(plan):
        name = FOODS[n]["name"].lower()
        assert "cereal" not in name and "yeast" not in name


def test_no_fortified_respected():
    base = suggest(ALL4, diet="vegetarian")
    assert any(i.fortified for i in base.items)
    plan = suggest(ALL4, diet="vegetarian", fortified=False)
    for n in shown_ndbs(plan) | set(plan.model["candidate_ndbs"]):
        assert FOODS[n]["fortified"] == "0", FOODS[n]["name"]


def test_everyday_foods_only_by_default():
    for vitamins in (("B12",), ALL4):
        plan = suggest(vitamins)
        for n in shown_ndbs(plan) | set(plan.model["candidate_ndbs"]):
            assert FOODS[n]["everyday"] == "1", FOODS[n]["name"]
    wide = suggest(("B12",), all_foods=True)
    assert any(FOODS[n]["everyday"] == "0" for n in wide.model["candidate_ndbs"])


def test_candidates_are_exactly_the_foods_that_can_help():
    """Diet, everyday, fortified, 'holds a chosen vitamin' and 'its retinol can be
    checked against the UL' decide the pool."""
    plan = suggest(("B12", "B9"), diet="ovo_vegetarian", fortified=False)
    expected = [
        n
        for n, r in FOODS.items()
        if r["diet_ovo_vegetarian"] == "1"
        and r["everyday"] == "1"
        and r["fortified"] == "0"
        and (num(r["vitamin_b12_ug"]) > 0 or num(r["folate_ug"]) > 0)
        # an animal food whose retinol USDA did not measure cannot be held to the UL
        and not (r["retinol_ug"] == "" and r["animal_sources"] != "")
    ]
    assert plan.model["candidate_ndbs"] == expected


def test_foods_whose_limited_nutrients_were_not_measured_are_never_candidates():
    """Counting an unmeasured retinol or folic acid as 0 could break an upper limit."""
    for diet in ("omnivore", "vegetarian"):
        plan = suggest(ALL4, diet=diet)
        for n in plan.model["candidate_ndbs"]:
            r = FOODS[n]
            may_hold_retinol = r["animal_sources"] != "" or r["fortified"] == "1"
            assert not (r["retinol_ug"] == "" and may_hold_retinol), r["name"]
            assert not (r["folate_ug"] == "" and r["fortified"] == "1"), r["name"]


# --- optimality and the objectives --------------------------------------------------


@pytest.mark.parametrize("vitamins", [ALL4, ("B12",)], ids="+".join)
def test_a_stricter_diet_never_improves_the_optimum(vitamins):
    value = {d: suggest(vitamins, diet=d).model["objective_value"] for d in DIETS}
    chains = [
        ("omnivore", "pescatarian", "vegetarian", "lacto_vegetarian", "vegan"),
        ("vegetarian", "ovo_vegetarian", "vegan"),
    ]
    for chain in chains:
        for looser, stricter in itertools.pairwise(chain):
            assert value[looser] <= value[stricter] + 1e-9, (looser, stricter, value)
    # the diets really are nested in the data, which is what makes this a theorem
    for looser, stricter in (("omnivore", "pescatarian"), ("vegetarian", "vegan")):
        assert all(
            r[f"diet_{looser}"] == "1" for r in FOODS.values() if r[f"diet_{stricter}"] == "1"
        )


def test_min_foods_gives_at_least_that_many_foods():
    one = suggest(ALL4, diet="vegetarian")
    three = suggest(ALL4, diet="vegetarian", min_foods=3)
    assert len({i.ndb for i in three.items}) >= 3
    assert grams(three) >= grams(one) - 1e-9
    assert_covers(three, {lab: t.value for lab, t in zip(ALL4, three.targets)})


def _kcal(plan) -> float:
    return sum(amount(i.ndb, "energy_kcal", i.servings) for i in plan.items)


@pytest.mark.parametrize("diet", ["omnivore", "vegan"])
def test_kcal_objective_minimises_energy(diet):
    by_grams = suggest(ALL4, diet=diet)
    by_kcal = suggest(ALL4, diet=diet, objective="kcal")
    assert all(FOODS[i.ndb]["energy_kcal"] != "" for i in by_kcal.items)
    assert all(FOODS[i.ndb]["energy_kcal"] != "" for i in by_grams.items)
    assert _kcal(by_kcal) <= _kcal(by_grams) + 1e-9
    assert grams(by_grams) <= grams(by_kcal) + 1e-9
    assert by_kcal.model["objective_value"] == pytest.approx(_kcal(by_kcal), rel=1e-9)
    assert by_grams.model["objective_value"] == pytest.approx(grams(by_grams), rel=1e-9)


def _single_food_plans(plan) -> list[tuple[float, str]]:
    """Every one-food plan from the candidates (CSV only): (grams, ndb)."""
    m = plan.model
    step, top = m["step_servings"], m["max_servings"]
    out = []
    for n in m["candidate_ndbs"]:
        for k in range(1, round(top / step) + 1):
            s = k * step
            ok = all(
                amount(n, COLUMN[lab], s) >= t * (1 - 1e-12) for lab, t in m["targets"].items()
            )
            fortified = FOODS[n]["fortified"] == "1"
            lim = {
                "vitamin_b6": amount(n, "vitamin_b6_mg", s),
                "retinol": amount(n, "retinol_ug", s),
                "folic_acid": amount(n, "folate_ug", s) if fortified else 0.0,
            }
            ok &= all(lim[k2] <= b * (1 + 1e-12) for k2, b in m["upper_limits"].items())
            if ok:
                out.append((float(FOODS[n]["portion_grams"]) * s, n))
                break
    return out


def test_foods_objective_one_food_when_one_food_can_do():
    plan = suggest(ALL4, objective="foods")
    singles = _single_food_plans(plan)
    assert singles, "no single food covers all four: the case below tests that"
    assert len(plan.items) == 1
    # and it is the lightest such food
    assert grams(plan) == pytest.approx(min(singles)[0], rel=1e-12)
    assert len(plan.items) <= len(suggest(ALL4).items)


def test_foods_objective_several_foods_only_when_no_single_food_can():
    kw = dict(diet="vegan", exclude_allergens=["wheat_gluten", "soy"])
    plan = suggest(ALL4, objective="foods", **kw)
    assert len(plan.items) >= 2
    assert _single_food_plans(plan) == []
    assert len(plan.items) <= len(suggest(ALL4, **kw).items)


def test_days_scale_the_totals():
    one = suggest(ALL4, diet="vegetarian").to_dict()
    week = suggest(ALL4, diet="vegetarian", days=7).to_dict()
    assert week["days"] == 7
    assert [i["ndb"] for i in week["plan"]] == [i["ndb"] for i in one["plan"]]
    for a, b in zip(one["plan"], week["plan"]):
        assert b["servings_per_day"] == a["servings_per_day"]
        assert b["servings_total"] == pytest.approx(7 * a["servings_per_day"])
        assert b["grams_total"] == pytest.approx(7 * a["grams_per_day"])
        assert b["grams_total"] == pytest.approx(
            7 * float(FOODS[b["ndb"]]["portion_grams"]) * a["servings_per_day"]
        )
    assert week["totals"] == one["totals"]  # per-day totals do not change


# --- no plan ------------------------------------------------------------------------


def test_vegan_b12_without_fortified_foods_has_no_plan():
    with pytest.raises(NoPlanError) as info:
        suggest(["B12"], diet="vegan", fortified=False)
    err = info.value
    assert any("B12" in r for r in err.reasons)
    text = " ".join(err.suggestions).lower()
    assert "fortified" in text and "physician" in text
    # and the reason's numbers are the CSV's: the best the candidates can give
    capacity = sum(
        amount(n, "vitamin_b12_ug", 2.0)
        for n, r in FOODS.items()
        if r["diet_vegan"] == "1" and r["everyday"] == "1" and r["fortified"] == "0"
    )
    assert capacity < ref("vitamin_b12", "RDA", "any", "general", 14)
    assert f"{capacity:.2f}" in " ".join(err.reasons)


def test_options_are_checked():
    for bad in (
        dict(max_servings=0.3),
        dict(max_servings=0),
        dict(min_foods=0),
        dict(objective="cheapest"),
        dict(days=0),
        dict(vitamins=()),
    ):
        with pytest.raises(ValueError):
            Options(**bad)


# --- an independent solver re-solves the published model ---------------------------

LIMIT_COLUMN = {"vitamin_b6": "vitamin_b6_mg", "retinol": "retinol_ug", "folic_acid": "folate_ug"}


def cbc_optimum(model: dict) -> tuple[float, float]:
    """Rebuild the MILP from the JSON model block and the CSV; solve it with CBC.

    Returns (number of foods, objective) for the foods objective (lexicographic:
    fewest foods, then fewest grams), else (nan, objective).
    """
    step = model["step_servings"]
    top = round(model["max_servings"] / step)
    ndbs = model["candidate_ndbs"]
    g = {n: float(FOODS[n]["portion_grams"]) * step for n in ndbs}  # grams per step
    x = pulp.LpVariable.dicts("x", ndbs, 0, top, cat="Integer")
    y = pulp.LpVariable.dicts("y", ndbs, cat="Binary")

    def base() -> pulp.LpProblem:
        prob = pulp.LpProblem("plan", pulp.LpMinimize)
        for label, target in model["targets"].items():
            col = COLUMN[label]
            prob += pulp.lpSum(num(FOODS[n][col]) * g[n] / 100 * x[n] for n in ndbs) >= target
        for name, bound in model["upper_limits"].items():
            col = LIMIT_COLUMN[name]
            rows = [n for n in ndbs if name != "folic_acid" or FOODS[n]["fortified"] == "1"]
            prob += pulp.lpSum(num(FOODS[n][col]) * g[n] / 100 * x[n] for n in rows) <= bound
        if model["min_foods"] > 1 or model["objective"] == "foods":
            for n in ndbs:  # y_n = 1 exactly when food n is used
                prob += x[n] <= top * y[n]
                prob += y[n] <= x[n]
            prob += pulp.lpSum(y.values()) >= model["min_foods"]
        return prob

    def run(prob: pulp.LpProblem) -> float:
        status = prob.solve(pulp.PULP_CBC_CMD(msg=0, gapRel=0, gapAbs=1e-9))
        assert pulp.LpStatus[status] == "Optimal"
        return float(pulp.value(prob.objective))

    grams_obj = pulp.lpSum(g[n] * x[n] for n in ndbs)
    if model["objective"] == "kcal":
        prob = base()
        prob += pulp.lpSum(num(FOODS[n]["energy_kcal"]) * g[n] / 100 * x[n] for n in ndbs)
        return math.nan, run(prob)
    if model["objective"] == "grams":
        prob = base()
        prob += grams_obj
        return math.nan, run(prob)
    prob = base()
    prob += pulp.lpSum(y.values())
    count = round(run(prob))
    prob = base()
    prob += pulp.lpSum(y.values()) <= count
    prob += grams_obj
    return float(count), run(prob)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PuLP 3.x announces its 4.0 API
@pytest.mark.parametrize(
    "vitamins, kw",
    [
        (("B12",), dict(diet="vegetarian")),
        (ALL4, dict(diet="vegan")),
        (ALL4, dict(profile=Profile(age=16, sex="female", pregnant=True))),
        (ALL4, dict(objective="kcal")),
        (("B1", "B6"), dict(diet="pescatarian", objective="kcal", min_foods=2)),
        (("B12", "B9"), dict(diet="lacto_vegetarian", min_foods=3, max_servings=1.5)),
        (("B9",), dict(profile=Profile(age=2), step=2.0, max_servings=4.0)),
        (
            ("B12", "B1"),
            dict(objective="foods", diet="ovo_vegetarian", profile=Profile(age=30, pregnant=True)),
        ),
        (ALL4, dict(diet="vegan", exclude_allergens=["wheat_gluten", "soy"], objective="foods")),
    ],
)
def test_independent_solver_finds_the_same_optimum(vitamins, kw):
    plan = suggest(vitamins, **kw)
    model = plan.to_dict()["model"]
    count, best = cbc_optimum(model)
    if model["objective"] == "foods":
        assert len(plan.items) == count
        assert grams(plan) == pytest.approx(best, rel=1e-6)
    elif model["objective"] == "kcal":
        assert _kcal(plan) == pytest.approx(best, rel=1e-6)
        assert model["objective_value"] == pytest.approx(best, rel=1e-6)
    else:
        assert grams(plan) == pytest.approx(best, rel=1e-6)
        assert model["objective_value"] == pytest.approx(best, rel=1e-6)
