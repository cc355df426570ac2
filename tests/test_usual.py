"""`suggest --usual FILE` (issue 12, item 4): the diary counts toward the targets and the upper
limits (its B12 per meal too), the plan adds only what is missing, placed in meals, and says
"nothing to add" (exit 0) when the diary already covers the targets; with --days as well.

The diary's grams come from data/measures.csv and its vitamins from data/foods.csv, read
with the csv module; a plan is checked as the sum of diary and additions
(tests/plan_oracle.py)."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from plan_oracle import (
    ALL4,
    B12_PER_MEAL,
    COLUMN,
    FOODS,
    ROOT,
    check_day,
    day_amounts,
    target,
)

from bplanner.cli import cli
from bplanner.planning.planner import suggest
from bplanner.usual.diary import read_diary

with open(ROOT / "data" / "measures.csv", newline="", encoding="utf-8") as _fh:
    MEASURES = list(csv.DictReader(_fh))


def measure_grams(ndb: str, count: float, unit: str) -> float:
    (row,) = [r for r in MEASURES if r["ndb"] == ndb and r["measure"].startswith(unit)]
    return count * float(row["grams"]) / float(row["amount"])


# the usual day: a cup of milk, a hard-boiled egg, two slices of whole-wheat bread,
# a banana (USDA numbers, so the test does not depend on text matching)
USUAL_DAY = [
    ("01077", "1 cup", "breakfast", measure_grams("01077", 1, "cup")),
    ("01129", "1 large", "breakfast", measure_grams("01129", 1, "large")),
    ("18075", "2 slices", "lunch", measure_grams("18075", 2, "slice")),
    ("09040", "1 medium", "snack", measure_grams("09040", 1, "medium")),
]
# a portion of liver that keeps the retinol UL: chicken liver pate, 2 oz, at lunch
LIVER_DAY = [("07053", "2 oz", "lunch", measure_grams("07053", 2, "oz"))]


def write_diary(path, lines) -> str:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["food", "amount", "meal"])
        for ndb, amount_text, meal, _g in lines:
            w.writerow([ndb, amount_text, meal])
    return str(path)


def fixed(lines):
    return [(meal, ndb, grams) for ndb, _a, meal, grams in lines]


def run(*args):
    return CliRunner().invoke(cli, list(args))


def short_of(counted: dict, vitamins, profile) -> set[str]:
    return {v for v in vitamins if counted[v] < target(v, **profile) * (1 - 1e-9)}


@pytest.fixture(scope="module")
def usual_plan(tmp_path_factory):
    path = write_diary(tmp_path_factory.mktemp("usual") / "usual.csv", USUAL_DAY)
    return suggest(ALL4, "omnivore", usual=read_diary(path))


def test_the_diary_is_read_with_its_usda_foods_and_grams(usual_plan):
    foods = usual_plan.to_dict()["usual"]["foods"]
    assert [(f["ndb"], f["meal"]) for f in foods] == [(n, m) for n, _a, m, _g in USUAL_DAY]
    for f, (_n, _a, _m, grams) in zip(foods, USUAL_DAY):
        assert f["grams"] == pytest.approx(grams)


def test_the_plan_adds_only_what_the_usual_day_is_missing(usual_plan):
    profile = dict(age=30)
    diary_alone = day_amounts([], fixed(USUAL_DAY))
    missing = short_of(diary_alone["counted"], ALL4, profile)
    assert missing, "the usual day must lack something for this test to mean anything"
    for day in usual_plan.days:
        items = [dict(meal=i.meal, ndb=i.ndb, portions=i.portions, grams=i.grams)
                 for i in day.items]
        assert items
        # the sum of diary and additions covers every target and keeps every limit
        check_day(items, vitamins=ALL4, diet="omnivore", profile=profile,
                  fixed=fixed(USUAL_DAY))
        for i in day.items:
            # each addition brings a vitamin the diary lacks
            assert any(float(FOODS[i.ndb][COLUMN[v]] or 0) > 0 for v in missing), i.name
            # and none is more than needed: one step less and some target is missed
            step = 1.0 if int(float(FOODS[i.ndb]["portion_pieces"] or 0)) % 2 else 0.5
            less = [(j.meal, j.ndb, j.grams - (step * float(FOODS[j.ndb]["portion_grams"])
                                              if j is i else 0.0)) for j in day.items]
            got = day_amounts([t for t in less if t[2] > 1e-9], fixed(USUAL_DAY))
            assert short_of(got["counted"], ALL4, profile), (i.name, i.portions)
        # the plan reports totals that include the diary
        total = day_amounts([(i.meal, i.ndb, i.grams) for i in day.items], fixed(USUAL_DAY))
        for v in ALL4:
            assert day.counted[{"B1": "thiamin", "B6": "vitamin_b6", "B9": "folate",
                                "B12": "vitamin_b12"}[v]] == pytest.approx(
                total["counted"][v], rel=1e-9)


def test_the_diary_needs_no_more_weighted_portions_than_a_plan_from_nothing(usual_plan):
    """The first objective level (weighted half portions) of the additions is at most
    that of a plan from nothing: the plan from nothing, added to the diary, would cover
    every target too (with a diary the whole upper limits apply)."""
    alone = suggest(ALL4, "omnivore")
    assert (usual_plan.model["objective_levels"][0]
            <= alone.model["objective_levels"][0] + 1e-9)


def test_usual_through_the_cli_in_json_and_with_days(tmp_path):
    path = write_diary(tmp_path / "usual.csv", USUAL_DAY)
    # B12 only: all four vitamins with a diary over 3 days take ~10 s of CPU
    result = run("suggest", "-v", "B12", "--usual", path, "--days", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["days"]) == 3
    assert data["usual"]["nothing_to_add"] is False
    for day in data["days"]:
        items = [dict(i, meal=m) for m, its in day["meals"].items() for i in its]
        assert items
        check_day(items, vitamins=("B12",), diet="omnivore", profile=dict(age=30),
                  fixed=fixed(USUAL_DAY))


def test_a_diary_that_covers_the_targets_gets_nothing_to_add(tmp_path):
    """Milk at breakfast and liver pate at lunch: B12 from two meals covers 2.4 µg counted."""
    lines = [USUAL_DAY[0]] + LIVER_DAY
    got = day_amounts([], fixed(lines))
    assert got["counted"]["B12"] >= target("B12")  # the premise, from the CSV
    path = write_diary(tmp_path / "covered.csv", lines)
    for extra in ([], ["--days", "3"]):
        result = run("suggest", "-v", "B12", "--usual", path, *extra)
        assert result.exit_code == 0, result.output
        assert "nothing to add" in result.output
        assert "Traceback" not in result.output
    js = run("suggest", "-v", "B12", "--usual", path, "--format", "json")
    data = json.loads(js.stdout)
    assert data["usual"]["nothing_to_add"] is True
    assert all(not its for d in data["days"] for its in d["meals"].values())


def test_a_portion_of_liver_needs_nothing_added_for_b12(tmp_path):
    """Issue 12's liver case: chicken liver pate, 2 oz, at one meal gives more B12 than
    the target. A diary's B12 counts as eaten (the RDA's usual intake; the per-meal cap
    shapes only what a plan adds), so nothing is added, for a day or a week."""
    got = day_amounts([], fixed(LIVER_DAY))
    assert got["totals"]["B12"] > target("B12")
    assert sum(v > 0 for v in got["b12_meal"].values()) == 1  # one meal only
    path = write_diary(tmp_path / "liver.csv", LIVER_DAY)
    for extra in ([], ["--days", "3"]):
        result = run("suggest", "-v", "B12", "--usual", path, "--format", "json", *extra)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["usual"]["nothing_to_add"] is True
        assert all(not its for d in data["days"] for its in d["meals"].values())
        assert any("counts in full" in n for n in data["notes"])


def test_a_diary_meal_below_the_cap_shares_it_with_the_plans_additions(tmp_path):
    """A cup of milk at breakfast (about 1.1 µg): what the plan adds at breakfast counts
    only up to 1.5 µg with the milk, so the day's counted B12 is the oracle's."""
    lines = [USUAL_DAY[0]]
    assert 0 < day_amounts([], fixed(lines))["b12_meal"]["breakfast"] < B12_PER_MEAL
    path = write_diary(tmp_path / "milk.csv", lines)
    plan = suggest(["B12"], usual=read_diary(path))
    (day,) = plan.days
    items = [dict(meal=i.meal, ndb=i.ndb, portions=i.portions, grams=i.grams)
             for i in day.items]
    assert items
    got = check_day(items, vitamins=("B12",), diet="omnivore", profile=dict(age=30),
                    fixed=fixed(lines))
    assert day.counted["vitamin_b12"] == pytest.approx(got["counted"]["B12"], rel=1e-9)


def test_a_daily_liver_habit_above_the_retinol_limit_gets_no_plan(tmp_path):
    """A slice of beef liver every day is above the retinol UL: no addition can fix
    that, and the planner says so instead of planning on top of it."""
    lines = [("13326", "1 slice", "dinner", measure_grams("13326", 1, "slice"))]
    assert day_amounts([], fixed(lines))["limits"]["retinol"] > 3000
    path = write_diary(tmp_path / "beef_liver.csv", lines)
    result = run("suggest", "-v", "B12", "--usual", path)
    assert result.exit_code == 3, result.output
    assert "retinol" in result.output and "physician" in result.output


def test_a_diary_line_without_a_meal_counts_with_the_snack(tmp_path):
    """A line without a meal is eaten with the snack: a cup of milk without a meal and
    the plan's additions are counted as the oracle counts them with the milk at snack."""
    path = tmp_path / "no_meal.csv"
    path.write_text("food,amount\n01077,1 cup\n", encoding="utf-8")
    plan = suggest(["B12"], usual=read_diary(str(path)))
    assert plan.additions
    (day,) = plan.days
    items = [dict(meal=i.meal, ndb=i.ndb, portions=i.portions, grams=i.grams)
             for i in day.items]
    as_snack = [("snack", "01077", measure_grams("01077", 1, "cup"))]
    got = check_day(items, vitamins=("B12",), diet="omnivore", profile=dict(age=30),
                    fixed=as_snack)
    assert day.counted["vitamin_b12"] == pytest.approx(got["counted"]["B12"], rel=1e-9)


def test_a_missing_or_folder_diary_is_a_usage_error_before_any_work(tmp_path):
    """As for --foods and `intake FILE`: a path that names no file exits 2 with one line."""
    for path in (str(tmp_path / "missing.csv"), str(tmp_path)):
        result = run("suggest", "-v", "B12", "--usual", path)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "--usual" in result.output


def test_the_plan_table_shows_the_usual_day_as_a_row_so_the_rows_add_up(usual_plan):
    """Issue 24: with --usual the rows of B1 added to 0.82 while the total said 1.20."""
    from bplanner.output import plan_report

    plan = usual_plan
    for day in plan.days:
        rows = plan_report._day_rows(plan, day)
        (total,) = [r for r in rows if r["food"] == plan_report.TOTAL_ROW]
        usual = [r for r in rows if r["food"].startswith(plan_report.USUAL_ROW)]
        assert len(usual) == 1
        added = [r for r in rows if r["ndb"]] + usual
        for t in plan.targets:
            key = plan_report.vitamin_column(t)
            assert sum(float(r[key]) for r in added) == pytest.approx(float(total[key]),
                                                                       rel=0.01, abs=0.02)
        for r in rows:  # marked only where the maker adds B vitamins
            item = next((i for i in day.items if i.ndb == r["ndb"]), None)
            if item is not None:
                assert r["food"].endswith(plan_report.FORTIFIED_TAG) is item.adds_b
    text = plan_report.render_plan(plan, "table", 80)
    assert "Add to your usual day" in text and "Why these foods:" in text
