"""The day planner on the real shipped data (issue 10): plans a person can follow.

Over the Done-when matrix of diets, vitamins and profiles, every planned day meets
every target (B12 counted per meal), keeps every upper limit, holds only foods of
the diet in the form eaten, in ½-2 portions (whole pieces where the portion is an
odd number of pieces), each at a meal where people eat it, with at most one food
per slot and a few foods per meal; an adult's B12 comes from two meals or more.
Every expectation comes from ``data/foods.csv`` and ``data/reference`` read with
the csv module (tests/plan_oracle.py); the optimum is re-solved with CBC (PuLP)
from the JSON ``model`` block and the CSV alone.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pulp
import pytest
from plan_oracle import (
    ALL4,
    ALL7,
    COLUMN,
    FOODS,
    KEY,
    MEALS,
    adds_b,
    amount,
    check_day,
    day_amounts,
    limit_per_100g,
    meals_expected,
    num,
    target,
    upper_limits,
)

from bplanner.planning.planner import NoPlanError, Options, suggest
from bplanner.targets import Profile

# name -> (vitamins, diet, profile fields, options): the Done-when list
MATRIX = {
    "readme": (("B12",), "vegetarian", {}, {}),
    "vegan woman 30": (ALL4, "vegan", dict(age=30, sex="female"), {}),
    "pregnant vegetarian": (ALL4, "vegetarian", dict(age=30, sex="female", pregnant=True), {}),
    "omnivore man 45": (ALL4, "omnivore", dict(age=45, sex="male"), {}),
    # with B12 it has no plan on SR28 (test_ovo_vegetarian_b12_without_fortified_foods...)
    "ovo-vegetarian no fortified": (("B1", "B6", "B9"), "ovo_vegetarian", {},
                                    dict(fortified=False)),
    "omnivore B12 no fortified": (("B12",), "omnivore", {}, dict(fortified=False)),
    "man 70": (ALL4, "omnivore", dict(age=70, sex="male"), {}),
    "girl 15": (ALL4, "omnivore", dict(age=15, sex="female"), {}),
    "child 6": (ALL4, "omnivore", dict(age=6), {}),
    "vegetarian min foods 4": (("B12",), "vegetarian", {}, dict(min_foods=4)),
    "lacto-vegetarian B9 B12 one portion": (("B9", "B12"), "lacto_vegetarian",
                                            dict(age=40, sex="male"), dict(max_portions=1)),
    "lactating pescatarian B6": (("B6", "B12"), "pescatarian",
                                 dict(age=28, sex="female", lactating=True), {}),
    "vegetarian all foods": (("B9", "B12"), "vegetarian", {}, dict(all_foods=True)),
    # every B vitamin USDA measures (issue 20)
    "vegan woman 30 B2 B3 B5": (("B2", "B3", "B5"), "vegan", dict(age=30, sex="female"), {}),
    "omnivore man 45 all seven": (ALL7, "omnivore", dict(age=45, sex="male"), {}),
    "pregnant pescatarian B1": (("B1",), "pescatarian", dict(age=28, sex="female",
                                                              pregnant=True), {}),
}


@cache
def plan_for(name: str):
    vitamins, diet, prof, opts = MATRIX[name]
    return suggest(vitamins, diet, profile=Profile(**prof), **opts)


def as_items(day) -> list[dict]:
    return [dict(meal=i.meal, ndb=i.ndb, portions=i.portions, grams=i.grams) for i in day.items]


@pytest.mark.parametrize("name", list(MATRIX))
def test_every_day_of_the_matrix_is_a_plan_a_person_can_follow(name):
    vitamins, diet, prof, opts = MATRIX[name]
    plan = plan_for(name)
    assert plan.days and plan.items
    for day in plan.days:
        got = check_day(as_items(day), vitamins=vitamins, diet=diet, profile=prof,
                        fortified=opts.get("fortified", True),
                        all_foods=opts.get("all_foods", False),
                        max_portions=opts.get("max_portions", 2.0))
        # the plan reports the same amounts the CSV gives
        for label in vitamins:
            assert day.totals[KEY[label]] == pytest.approx(got["totals"][label], rel=1e-9)
            assert day.counted[KEY[label]] == pytest.approx(got["counted"][label], rel=1e-9)
        for limit, value in got["limits"].items():
            if limit in day.limits:
                assert day.limits[limit]["amount"] == pytest.approx(value, rel=1e-9, abs=1e-12)
    if "min_foods" in opts:
        assert all(len(d.items) >= opts["min_foods"] for d in plan.days)


@pytest.mark.parametrize("vitamins", [("B12",), ALL4])
def test_a_no_plan_message_states_the_exact_best_and_what_reaches_it(vitamins):
    """Issue 23: an ovo-vegetarian without fortified foods cannot reach B12 (eggs are its
    only unfortified source). The message says, for B12 alone, the most the allowed foods
    give, and it is exact: the planner's own solver finds a plan with B12's target lowered
    to that amount and none with it a hair above; what it says fortified foods and
    --all-foods do is true as well."""
    from dataclasses import replace

    from bplanner.foods import load_foods
    from bplanner.planning.daymodel import Infeasible
    from bplanner.planning.planner import _prepare
    from bplanner.planning.solve import solve
    from bplanner.targets import targets_for

    eggs = max(num(FOODS[n]["vitamin_b12_ug"]) * float(FOODS[n]["portion_grams"]) / 100
               for n in ("01129", "01128", "01131"))
    assert 2 * eggs < 2.4
    with pytest.raises(NoPlanError) as info:
        suggest(vitamins, "ovo_vegetarian", fortified=False)
    err = info.value
    (short,) = err.shortfalls  # B1, B6 and B9 can each be reached alone
    assert short.vitamin == "vitamin_b12" and short.target == 2.4
    assert 0 < short.best < short.target
    text = " ".join(err.reasons + err.suggestions)
    shown = re.search(r"the most the allowed foods can give is ([\d.]+) of 2\.4 µg "
                      r"\((\d+)%\)", text)
    assert shown, text
    assert short.best - 0.01 <= float(shown[1]) <= short.best  # rounded down, never up
    assert int(shown[2]) == int(short.best / 2.4 * 100)
    assert "can each reach their targets planned alone" in text or len(vitamins) == 1
    assert "supplement discussed with a physician" in text
    # exact: re-solve B12 alone with the planner's solver, the target lowered and raised
    opts = Options(vitamins=tuple(KEY[v] for v in vitamins), diet="ovo_vegetarian",
                   fortified=False)
    targets = targets_for(Profile(), opts.vitamins)
    model = _prepare(load_foods(), opts, Profile(), None, targets, None)[2]
    b12 = model.b12
    alone = np.zeros_like(model.targets)
    alone[b12] = short.best
    x = solve(replace(model, targets=alone))
    assert model.counted(x)[0, b12] >= short.best * (1 - 1e-12)
    alone[b12] = short.best + 1e-3
    with pytest.raises(Infeasible):
        solve(replace(model, targets=alone))
    # what the options say: fortified foods reach B12 alone, and so does --all-foods
    said = {o: r for o, _b, r in short.options}
    assert said == {"with fortified foods allowed (drop --no-fortified)": True,
                    "with --all-foods (foods outside the foods as eaten)": True}
    for changes in (dict(fortified=True), dict(fortified=False, all_foods=True)):
        assert suggest(["B12"], "ovo_vegetarian", **changes).items


def test_folate_is_planned_in_dfe_and_hibiscus_tea_is_no_thiamin_source():
    plan = plan_for("pregnant vegetarian")
    for day in plan.days:  # folate counted in µg DFE: the DFE column, not total folate
        dfe = sum(num(FOODS[i.ndb]["folate_dfe_ug"]) * i.grams / 100 for i in day.items)
        assert day.totals["folate"] == pytest.approx(dfe)
    assert [t.display_unit for t in plan.targets if t.vitamin == "folate"] == ["µg DFE"]
    thiamin = plan_for("pregnant pescatarian B1")
    assert "14649" not in {i.ndb for i in thiamin.items}  # SR28: 0 mg thiamin
    assert not [i for i in thiamin.items if "hibiscus" in i.name.lower()]


def test_the_readme_command_is_not_one_spoonful_of_cereal():
    """The command every user tries first: real portions over two meals or more."""
    plan = plan_for("readme")
    (day,) = plan.days
    assert len({i.meal for i in day.items}) >= 2
    assert all(i.portions >= 0.5 and i.grams >= 20 for i in day.items)


def test_b12_counts_at_most_one_and_a_half_micrograms_a_meal():
    for name in ("readme", "omnivore man 45", "vegan woman 30"):
        plan = plan_for(name)
        for day in plan.days:
            per_meal = {m: sum(amount(i.ndb, COLUMN["B12"], i.grams) for i in day.meal(m))
                        for m in MEALS}
            assert day.counted["vitamin_b12"] == pytest.approx(
                sum(min(v, 1.5) for v in per_meal.values()), rel=1e-9)
            assert day.counted["vitamin_b12"] <= day.totals["vitamin_b12"] + 1e-12


def test_alternatives_fit_the_diet_the_meal_and_every_upper_limit():
    for name in ("omnivore man 45", "pregnant vegetarian", "vegan woman 30"):
        vitamins, diet, prof, _opts = MATRIX[name]
        plan = plan_for(name)
        day = plan.days[0]
        limits = upper_limits(**prof)
        for key, alts in plan.alternatives.items():
            for a in alts:
                row = FOODS[a["ndb"]]
                assert row[f"diet_{diet}"] == "1" and row["everyday"] == "1"
                assert a["meal"] in meals_expected(a["ndb"]), (row["name"], a["meal"])
                assert a["ndb"] not in day.foods
                col = next(c for lbl, c in COLUMN.items() if KEY[lbl] == key)
                assert a["per_portion"] == pytest.approx(amount(a["ndb"], col,
                                                                a["portion_grams"]))
                # one portion swapped in for the main source keeps every limit
                items = [(i.meal, i.ndb, i.grams) for i in day.items if i.ndb != a["instead_of"]]
                got = day_amounts(items + [(a["meal"], a["ndb"], a["portion_grams"])])
                for lim, bound in limits.items():
                    assert got["limits"][lim] <= bound * (1 + 1e-9), (a["name"], lim)


@pytest.mark.parametrize("age", [0, 0.5, 0.99])
def test_infants_get_no_food_plan(age):
    with pytest.raises(NoPlanError) as err:
        suggest(ALL4, profile=Profile(age=age))
    text = str(err.value) + " ".join(err.value.suggestions)
    assert "breast milk" in text and "formula" in text and "pediatrician" in text


def test_a_child_of_two_gets_smaller_portions_than_the_general_ones():
    plan = suggest(["B12", "B9"], "vegan", profile=Profile(age=2))
    assert plan.items
    for day in plan.days:
        check_day([dict(meal=i.meal, ndb=i.ndb, portions=i.portions, grams=i.grams)
                   for i in day.items], vitamins=("B12", "B9"), diet="vegan",
                  profile=dict(age=2))
    for i in plan.items:
        assert i.portion_grams <= float(FOODS[i.ndb]["portion_grams"]) + 1e-9
        assert i.grams == pytest.approx(i.portions * i.portion_grams)


def test_every_toddler_portion_reads_as_a_household_measure():
    """Children 1-3 get smaller portions; each must still read as a cook's measure
    ("⅜ cup"), never "0.56 cup"."""
    from bplanner.foods import load_foods
    from bplanner.planning.planner import portions_for

    foods = load_foods()
    pool = foods[foods["everyday"].astype(bool)]
    portions = portions_for(pool, Profile(age=2))
    bad = sorted({(n, t) for n, t, g in zip(pool["ndb"], portions.text, pool["portion_text"])
                  if re.search(r"\d\.\d", t) and not re.fullmatch(r"[\d.]+ ?g", g.strip())})
    assert not bad, (len(bad), bad[:5])


@pytest.mark.parametrize("age", [2, 5])
def test_a_young_childs_amounts_read_as_a_cooks_measures(age):
    """A young child's portion comes in halves, so a plan's amount is 1 to 4 of them:
    each reads as a cook measures it ("3 tbsp", "1 cup + 11 tbsp"), never "0.19 cup"
    (a weight stays a weight)."""
    from bplanner.foods import load_foods
    from bplanner.planning.planner import portions_for
    from bplanner.table.measures import with_grams

    foods = load_foods()
    pool = foods[foods["everyday"].astype(bool)]
    portions = portions_for(pool, Profile(age=age))
    bad = []
    for ndb, text, grams, step in zip(pool["ndb"], portions.text, portions.grams,
                                      portions.step):
        if re.search(r"\bg$", str(text).strip()):
            continue
        for units in range(1, int(2 / step) + 1):
            shown = with_grams(text, units * step, units * step * grams)
            if re.search(r"\d\.\d", shown):
                bad.append((ndb, text, units * step, shown))
    assert not bad, (len(bad), bad[:5])


def test_a_toddlers_meat_fish_beans_and_tofu_are_half_portions():
    """FDA Table 1's 170 g "dinners, stews or soups" are mixed dishes: a plain meat, fish,
    bean or tofu portion of a child of 1 to 3 is half the general one (a plan gave a
    two-year-old 4½ oz of tempeh as two "portions"); a canned stew or soup is Table 1's."""
    from bplanner.foods import load_foods
    from bplanner.planning.planner import TODDLER_DINNER_GROUPS, portions_for

    foods = load_foods()
    pool = foods[foods["familiar"].astype(bool) & (foods["course"] == "main")]
    portions = portions_for(pool, Profile(age=2))
    general = pool["portion_grams"].to_numpy(dtype=float)
    dinner = pool["food_group"].isin(TODDLER_DINNER_GROUPS).to_numpy()
    pieces = pool["portion_pieces"].to_numpy(dtype=float) > 0  # whole pieces: a patty
    plain = ~dinner & ~pieces
    assert plain.sum() > 30 and dinner.sum() > 5
    assert np.all(portions.grams[plain] <= 0.5 * general[plain] + 1e-9)
    assert np.all(portions.grams[dinner] <= np.maximum(170.0, 0.5 * general[dinner]) + 1e-9)
    tempeh = pool["name"].str.startswith("Tempeh").to_numpy()
    assert portions.grams[tempeh][0] == pytest.approx(general[tempeh][0] / 2)


def test_vegan_b12_without_fortified_foods_has_no_plan_and_says_why():
    with pytest.raises(NoPlanError) as err:
        suggest(["B12"], "vegan", fortified=False)
    assert "B12" in str(err.value)
    assert any("fortified" in s for s in err.value.suggestions)
    assert any("physician" in s for s in err.value.suggestions)


def test_retired_and_bad_options_are_refused_plainly():
    with pytest.raises(ValueError, match="retired"):
        Options(objective="grams")
    for bad in (dict(max_portions=0.5), dict(max_portions=0.75), dict(max_portions=3.0),
                dict(min_foods=0), dict(objective="cheapest"), dict(days=0),
                dict(vitamins=()), dict(repeat=0)):
        with pytest.raises(ValueError):
            Options(**bad)


def test_a_stricter_diet_never_needs_fewer_portions():
    """Vegan foods are vegetarian foods are omnivore foods: the optimum's first level
    (portions) can only grow as the diet narrows."""
    first = [suggest(["B12", "B9"], diet).model["objective_levels"][0]
             for diet in ("omnivore", "vegetarian", "vegan")]
    assert first == sorted(first), first


# --- an independent solver re-solves the published model -----------------------------------


def cbc_levels(model: dict) -> list[float]:
    """Rebuild the day model from the JSON ``model`` block and the CSV; solve it with CBC
    level by level (each level minimised with the levels before it held at their optimum)."""
    cand = model["candidates"]
    n = len(cand["ndb"])
    meal_names = model["meals"]
    pairs = [(j, m) for j in range(n) for m in model["course_meals"][cand["course"][j]]]
    x = {p: pulp.LpVariable(f"x_{p[0]}_{p[1]}", 0, cand["max_units"][p[0]], cat="Integer")
         for p in pairs}
    y = {p: pulp.LpVariable(f"y_{p[0]}_{p[1]}", cat="Binary") for p in pairs}
    label_col = {label: COLUMN[label] for label in model["targets"]}

    def per_unit(j: int, column: str) -> float:
        grams = cand["portion_grams"][j] * cand["step_portions"][j]
        return amount(cand["ndb"][j], column, grams)

    cap = model["b12_counted_per_meal_ug"]
    prob = pulp.LpProblem("day", pulp.LpMinimize)
    for label, value in model["targets"].items():
        col = label_col[label]
        if label == "B12":
            b = {m: pulp.LpVariable(f"b_{m}", 0, cap) for m in meal_names}
            for m in meal_names:
                prob += b[m] <= pulp.lpSum(per_unit(j, col) * x[(j, mm)]
                                           for (j, mm) in pairs if mm == m)
            prob += pulp.lpSum(b.values()) >= value
        else:
            prob += pulp.lpSum(per_unit(j, col) * x[p] for p in pairs for j in [p[0]]) >= value
    for name, bound in model["upper_limits"].items():
        grams = [cand["portion_grams"][j] * cand["step_portions"][j] for j in range(n)]
        prob += pulp.lpSum(limit_per_100g(FOODS[cand["ndb"][p[0]]], name) * grams[p[0]] / 100
                           * x[p] for p in pairs) <= bound
    for p in pairs:
        prob += x[p] <= cand["max_units"][p[0]] * y[p]
        prob += y[p] <= x[p]
    staples = set(model["staple_courses"])
    for j in range(n):
        mine = [p for p in pairs if p[0] == j]
        if len(mine) > 1 and cand["course"][j] not in staples:
            prob += pulp.lpSum(y[p] for p in mine) <= 1  # one meal a day
        elif len(mine) > 1:  # a staple at several meals, within its units a day
            prob += pulp.lpSum(x[p] for p in mine) <= cand["max_units"][j]
    eaten = {j: pulp.LpVariable(f"z_{j}", cat="Binary") for j in range(n)}
    for p in pairs:
        prob += y[p] <= eaten[p[0]]
    for j in range(n):
        prob += eaten[j] <= pulp.lpSum(y[p] for p in pairs if p[0] == j)
    for m in meal_names:
        here = [p for p in pairs if p[1] == m]
        prob += pulp.lpSum(y[p] for p in here) <= model["max_items"][m]
        for slot in set(model["course_slots"].values()):
            same = [y[p] for p in here if model["course_slots"][cand["course"][p[0]]] == slot]
            if len(same) > 1:
                prob += pulp.lpSum(same) <= 1
    if model["min_foods"] > 1:
        prob += pulp.lpSum(eaten.values()) >= model["min_foods"]  # different foods
    # ready-to-eat cereal (its USDA name says so) only with a milk at the same meal
    rte = [cand["course"][j] == "cereal" and "ready-to-eat" in FOODS[cand["ndb"][j]]["name"].lower()
           for j in range(n)]
    assert rte == cand["needs_milk"]
    for m in meal_names:
        here = [p for p in pairs if p[1] == m]
        prob += (pulp.lpSum(y[p] for p in here if rte[p[0]])
                 <= pulp.lpSum(y[p] for p in here if cand["course"][p[0]] in staples))
    kinds: dict[str, list[int]] = {}  # one food of a kind a day (forms of one food)
    for j, kind in enumerate(cand["kind"]):
        kinds.setdefault(kind, []).append(j)
    for foods in kinds.values():
        if len(foods) > 1:
            prob += pulp.lpSum(eaten[j] for j in foods) <= 1
    # the day's juices together, in fluid ounces: a juice's portion is 8 fl oz (its
    # portion in the CSV), a unit that share of it
    juice_oz = [model["juice_portion_oz"] * cand["portion_grams"][j] * cand["step_portions"][j]
                / float(FOODS[cand["ndb"][j]]["portion_grams"]) if cand["course"][j] == "juice"
                else 0.0 for j in range(n)]
    prob += pulp.lpSum(juice_oz[p[0]] * x[p] for p in pairs) <= model["juice_oz_a_day"]
    if model["fish_servings"] is not None:  # FDA/EPA's fish: servings of the allowance
        prob += pulp.lpSum(cand["fish_servings_each"][j] * eaten[j]
                           for j in range(n)) <= model["fish_servings"]
    if model["b12_from_fortified_ug"] is not None:  # over 50: B12 added to foods
        prob += pulp.lpSum(per_unit(p[0], "vitamin_b12_added_ug") * x[p]
                           for p in pairs) >= model["b12_from_fortified_ug"]
    levels = []
    n_levels = len(cand["cost_per_unit"][0]) if n else 0
    for lvl in range(n_levels):
        expr = (pulp.lpSum(cand["cost_per_unit"][p[0]][lvl] * x[p] for p in pairs)
                + pulp.lpSum(cand["cost_per_food"][p[0]][lvl] * y[p] for p in pairs))
        prob.setObjective(expr)
        status = prob.solve(pulp.PULP_CBC_CMD(msg=0, gapRel=0, gapAbs=1e-6, threads=1))
        assert pulp.LpStatus[status] == "Optimal"
        value = float(pulp.value(prob.objective) or 0.0)
        levels.append(value)
        prob += expr <= value + 1e-6
    return levels


def check_costs_from_csv(model: dict) -> None:
    """The block's cost levels mean what the README says, recomputed from the CSV: half
    portions weighted for brand, fortified and unfamiliar foods, and energy (kcal,
    rounded) per unit."""
    cand = model["candidates"]
    for j, ndb in enumerate(cand["ndb"]):
        step = cand["step_portions"][j]
        assert cand["portion_grams"][j] == pytest.approx(float(FOODS[ndb]["portion_grams"]))
        kcal = round(num(FOODS[ndb]["energy_kcal"]) * cand["portion_grams"][j] * step / 100)
        costs = cand["cost_per_unit"][j]
        w = model["weights"]
        # the README's brand rule: a word in capitals that is not an acronym of USDA's
        words = re.findall(r"\b[A-Z][A-Z'&.\-]{2,}\b", FOODS[ndb]["name"])
        brand = any(x not in {"USDA", "DHA", "ARA", "NFS", "RTE", "UHT", "USA", "NLEA", "II",
                              "III"} for x in words)
        weighted = 2 * step * (w["half_portion"] + w["fortified"] * adds_b(FOODS[ndb])
                               + w["brand_name"] * brand
                               + w["unfamiliar"] * (1 - int(FOODS[ndb]["familiar"])))
        if model["objective"] == "portions":
            assert costs[0] == weighted and costs[1] == pytest.approx(kcal, abs=0.5)
        elif model["objective"] == "kcal":
            assert costs[0] == pytest.approx(kcal, abs=0.5) and costs[1] == 2 * step
        else:
            assert cand["cost_per_food"][j][0] == 1 and costs[1] == weighted


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PuLP 3.x announces its 4.0 API
@pytest.mark.parametrize("vitamins, diet, kw", [
    (("B12",), "vegetarian", {}),
    (("B12",), "vegetarian", dict(min_foods=4)),
    (("B9", "B12"), "vegan", dict(objective="kcal")),
    (("B1", "B12"), "lacto_vegetarian", dict(objective="foods", max_portions=1.5)),
    (("B9", "B12"), "vegetarian", dict(profile=Profile(age=70))),  # B12 fortified after 50
    # fish within FDA/EPA's servings, juice within a child's ounces
    (("B6", "B12"), "pescatarian", dict(profile=Profile(age=6), min_foods=3)),
])
def test_cbc_re_solves_the_json_model_to_the_same_levels(vitamins, diet, kw):
    plan = suggest(vitamins, diet, **kw)
    model = plan.to_dict()["model"]
    check_costs_from_csv(model)
    levels = cbc_levels(model)
    assert levels == pytest.approx(model["objective_levels"], abs=1e-6)
    # and the plan's own items give those levels
    cand = model["candidates"]
    index = {n: j for j, n in enumerate(cand["ndb"])}
    mine = np.zeros(len(levels))
    for i in plan.items:
        j = index[i.ndb]
        units = round(i.portions / cand["step_portions"][j])
        mine += np.array(cand["cost_per_unit"][j]) * units + np.array(cand["cost_per_food"][j])
    assert mine == pytest.approx(levels, abs=1e-6)


def test_targets_come_from_the_reference_file():
    plan = plan_for("pregnant vegetarian")
    for t in plan.targets:
        label = next(lbl for lbl, k in KEY.items() if k == t.vitamin)
        assert t.value == target(label, age=30, sex="female", pregnant=True)


def test_every_candidate_portion_reads_as_a_household_measure():
    """Every food as eaten, at every step a plan may use, is written with a cook's
    fractions ("⅙ cup (40 g)"), never "0.17 cup" and never "N x M"."""
    from bplanner.table.measures import with_grams

    for ndb, row in FOODS.items():
        if row["everyday"] != "1" or re.fullmatch(r"[\d.]+ ?g", row["portion_text"].strip()):
            continue
        for step in (0.5, 1.0, 1.5, 2.0):
            text = with_grams(row["portion_text"], step,
                              step * float(row["portion_grams"]))
            assert not re.search(r"\d\.\d", text), (ndb, row["portion_text"], step, text)
            assert not re.search(r"\d\s*[x×]\s", text), (ndb, row["portion_text"], text)


def test_brand_names_are_read_in_every_shipped_name():
    """The planner's brand test over a whole table (one pass finds the names that could
    hold a brand) marks exactly the names the README's rule marks."""
    import pandas as pd

    from bplanner.planning.planner import is_brand

    names = pd.Series([food["name"] for food in FOODS.values()])
    rule = [any(x not in {"USDA", "DHA", "ARA", "NFS", "RTE", "UHT", "USA", "NLEA", "II", "III"}
                for x in re.findall(r"\b[A-Z][A-Z'&.\-]{2,}\b", name)) for name in names]
    assert 100 < sum(rule) < len(names) / 2
    assert is_brand(names).tolist() == rule
