"""`bplanner suggest` and `bplanner targets` as a user runs them (CliRunner): the day by meal
in the table, JSON days -> meals -> items, CSV rows of a kind, exit codes, one-line usage
errors, infants refused, and the week. Expected amounts come from the shipped CSV files
(tests/plan_oracle.py), never from the program's output."""

from __future__ import annotations

import csv
import io
import json
import re
import threading

import pytest
from click.testing import CliRunner
from plan_oracle import (
    ALL4,
    ALL7,
    FOODS,
    MEALS,
    amount,
    check_day,
    csv_grams,
    day_amounts,
    target,
)

from bplanner.cli import cli

LABEL_COLUMN = {"B1": "thiamin_mg", "B6": "vitamin_b6_mg", "B9": "folate_dfe_ug",
                "B12": "vitamin_b12_ug"}
N_X_M = re.compile(r"\d\s*[x×]\s*\d")  # "0.5 x 0.5 cup": the old way of writing a portion


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def json_items(day: dict) -> list[dict]:
    return [dict(i, meal=meal) for meal, items in day["meals"].items() for i in items]


def test_the_readme_command_shows_the_day_by_meal():
    result = run("suggest", "--vitamins", "B12", "--diet", "vegetarian")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Traceback" not in out
    assert all(len(line) <= 80 for line in out.splitlines())
    meals_shown = [m for m in MEALS if re.search(rf"^{m.capitalize()}\b", out, re.M)]
    assert len(meals_shown) >= 2, out  # B12 from two meals at least
    percent = [line for line in out.splitlines() if line.startswith("% of target")]
    assert len(percent) == 1
    percents = [float(p) for p in re.findall(r"(\d+(?:\.\d+)?)%", percent[0])]
    assert percents and all(p >= 100 for p in percents)
    assert "Add to your usual meals" in out and "Your day" not in out
    assert "Why these foods: " in out
    assert "1.5 µg a meal" in out  # the line that says why B12 is counted per meal
    assert not N_X_M.search(out)


@pytest.mark.parametrize("args, vitamins, diet, profile", [
    (["-v", "B1,B6,B9,B12", "--age", "45", "--sex", "male"], ALL4, "omnivore",
     dict(age=45, sex="male")),
    (["-v", "B1,B6,B9,B12", "-d", "vegetarian", "--age", "30", "--sex", "female",
      "--pregnant"], ALL4, "vegetarian", dict(age=30, sex="female", pregnant=True)),
    (["-v", "B12", "--no-fortified"], ("B12",), "omnivore", dict(age=30)),
])
def test_json_gives_days_of_meals_of_items_checked_on_the_csv(args, vitamins, diet, profile):
    result = run("suggest", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {t["vitamin"]: t["per_day"] for t in data["targets"]} == {
        v: target(v, **profile) for v in vitamins}
    assert len(data["days"]) == 1
    for day in data["days"]:
        assert list(day["meals"]) == list(MEALS)
        items = json_items(day)
        assert items
        for i in items:
            assert {"ndb", "name", "portions", "measure", "grams", "amounts"} <= set(i)
            assert FOODS[i["ndb"]]["name"] == i["name"]
            # JSON numbers are rounded to 3 decimal places
            assert i["grams"] == pytest.approx(csv_grams(i["ndb"], i["portions"]), abs=6e-4)
            assert not N_X_M.search(i["measure"]), i["measure"]
            assert f"({round(i['grams'])} g)" in i["measure"], i["measure"]
            for label, value in i["amounts"].items():
                assert value == pytest.approx(amount(i["ndb"], LABEL_COLUMN[label], i["grams"]),
                                              rel=1e-4, abs=1e-3)
        got = check_day(items, vitamins=vitamins, diet=diet, profile=profile,
                        fortified="--no-fortified" not in args)
        for label, tot in day["totals"].items():
            assert tot["total"] == pytest.approx(got["totals"][label], rel=1e-4, abs=2e-3)
            assert tot["counted"] == pytest.approx(got["counted"][label], rel=1e-4, abs=2e-3)
            assert tot["percent_of_target"] >= 100 - 1e-9
    assert "model" in data and data["model"]["objective"] == "portions"


def test_csv_rows_have_a_kind_and_plain_headers():
    result = run("suggest", "-v", "B12,B9", "-d", "vegan", "--format", "csv")
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    for name in reader.fieldnames:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name
    rows = list(reader)
    kinds = {r["kind"] for r in rows}
    assert {"item", "total", "warning"} <= kinds, kinds
    assert kinds <= {"item", "total", "counted", "note", "warning"}
    items = [r for r in rows if r["kind"] == "item"]
    for r in items:
        assert FOODS[r["ndb"]]["diet_pescatarian"] == "1"
        assert float(r["grams"]) == pytest.approx(csv_grams(r["ndb"], float(r["portions"])),
                                                  abs=6e-4)
        assert not N_X_M.search(r["measure"])
    (total,) = [r for r in rows if r["kind"] == "total"]
    plain = day_amounts([(r["meal"], r["ndb"], float(r["grams"])) for r in items])
    b12_col = next(c for c in reader.fieldnames if c.startswith("b12"))
    assert float(total[b12_col]) == pytest.approx(plain["totals"]["B12"], abs=2e-3)
    assert any(r["kind"] == "note" and "physician" in r["text"] for r in rows)


@pytest.mark.parametrize("age", ["0.5", "0"])
def test_infants_are_refused_plainly_with_the_no_plan_status(age):
    result = run("suggest", "-v", "B1,B6,B9,B12", "--age", age)
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    assert "breast milk" in result.output and "formula" in result.output
    assert "Breakfast" not in result.output
    js = run("suggest", "--age", age, "--format", "json")
    assert js.exit_code == 3
    data = json.loads(js.stdout)
    assert data["status"] == "no_plan" and "days" not in data


@pytest.mark.parametrize("args, words", [
    (["--sex", "male", "--pregnant"], "females"),
    (["--pregnant", "--lactating"], "both"),
    (["--age", "-1"], "between 0 and 120"),
    (["--max-servings", "0.75"], "1, 1.5 or 2"),
    (["--max-servings", "3"], "1, 1.5 or 2"),
    (["--max-servings", "0.5"], "1, 1.5 or 2"),
    (["--min-foods", "0"], "--min-foods"),
    (["--objective", "grams"], "'grams' was retired"),
    (["--objective", "fiber"], "'fiber' is not one of 'portions', 'kcal', 'foods'"),
    (["--days", "0"], "--days"),
    (["--repeat", "0"], "--repeat"),
    (["--vitamins", "B7"], "biotin (B7) cannot be planned"),
    (["--diet", "carnivore"], "unknown diet"),
    (["--exclude-allergen", "kryptonite"], "unknown allergen"),
])
def test_usage_errors_exit_2_with_one_clear_line(args, words):
    result = run("suggest", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and words in errors[0], result.output


def test_no_plan_exits_3_and_says_why_in_every_format():
    result = run("suggest", "-v", "B12", "--diet", "vegan", "--no-fortified")
    assert result.exit_code == 3
    assert "No plan exists" in result.output and "B12" in result.output
    assert "physician" in result.output
    js = run("suggest", "-v", "B12", "--diet", "vegan", "--no-fortified", "--format", "json")
    assert js.exit_code == 3
    data = json.loads(js.stdout)
    assert data["status"] == "no_plan"
    assert any("fortified" in s for s in data["suggestions"])


def test_a_week_for_a_vegetarian_woman_differs_day_to_day():
    """--days 7, vegetarian woman 30, all four vitamins: 7 days, 4 menus or more, no food
    on more than --repeat days except milks, no two following days alike."""
    repeat = 3
    result = run("suggest", "-v", "B1,B6,B9,B12", "-d", "vegetarian", "--sex", "female",
                 "--age", "30", "--days", "7", "--repeat", str(repeat), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    days = data["days"]
    assert len(days) == 7
    menus = [frozenset(i["ndb"] for i in json_items(d)) for d in days]
    assert len(set(menus)) >= 4
    for a, b in zip(menus, menus[1:]):
        assert a != b
    seen: dict[str, int] = {}
    for menu in menus:
        for ndb in menu:
            seen[ndb] = seen.get(ndb, 0) + 1
    milk = re.compile(r"^milk\b|soymilk|soy milk|^silk\b|almond|rice drink|ready-to-drink.*milk",
                      re.IGNORECASE)
    for ndb, count in seen.items():
        if count > repeat:
            assert milk.search(FOODS[ndb]["name"]), (FOODS[ndb]["name"], count)
    for d in days:
        check_day(json_items(d), vitamins=ALL4, diet="vegetarian",
                  profile=dict(age=30, sex="female"))


def test_targets_text_and_json():
    text = run("targets", "--sex", "female", "--age", "60")
    assert text.exit_code == 0
    b6 = next(line for line in text.output.splitlines() if line.startswith("B6"))
    assert f"{target('B6', age=60, sex='female'):g}" in b6
    js = run("targets", "--pregnant", "--age", "16", "--format", "json")
    assert js.exit_code == 0
    data = json.loads(js.stdout)
    per_day = {t["vitamin"]: t["per_day"] for t in data["targets"] if t["vitamin"]}
    assert per_day == {v: target(v, age=16, sex="female", pregnant=True) for v in ALL7}
    bad = run("targets", "--sex", "male", "--lactating")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def _decimals(text: str) -> int:
    return max((len(m) for m in re.findall(r"\d+\.(\d+)", text)), default=0)


def test_json_and_csv_numbers_are_rounded_to_three_decimal_places():
    """Scripts get 146.196, never 146.19583333333335 (issue 15)."""
    args = ["suggest", "-v", "B1,B6,B9,B12", "-d", "vegetarian"]
    as_json = CliRunner().invoke(cli, [*args, "--format", "json"])
    as_csv = CliRunner().invoke(cli, [*args, "--format", "csv"])
    assert as_json.exit_code == 0 and as_csv.exit_code == 0
    numbers = [v for v in re.findall(r":\s*(-?\d+\.\d+)", as_json.output)]
    assert numbers and max(len(v.split(".")[1]) for v in numbers) <= 3
    cells = [c for row in csv.reader(io.StringIO(as_csv.output)) for c in row
             if re.fullmatch(r"-?\d+\.\d+", c)]
    assert cells and _decimals(" ".join(cells)) <= 3


# ------------------------------------------------------------ progress on standard error


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_long_plan_shows_progress_on_a_terminal_and_erases_it():
    from bplanner.output.progress import Progress

    screen = _Terminal()
    with Progress("Planning", screen, delay=0, interval=0.01) as progress:
        for _ in range(500):  # until the thread has drawn a line (at most 5 s)
            if "Planning..." in screen.getvalue():
                break
            threading.Event().wait(0.01)
    text = screen.getvalue()
    assert "Planning... " in text and text.startswith("\r")
    assert text.endswith("\r" + " " * progress._shown + "\r")  # the line is erased
    assert "\n" not in text


@pytest.mark.parametrize("quiet", [True, False])
def test_no_progress_when_quiet_or_not_a_terminal(quiet):
    from bplanner.output.progress import Progress

    stream = _Terminal() if quiet else io.StringIO()
    with Progress("Planning", stream, delay=0, interval=0.01, enabled=not quiet) as progress:
        assert progress._thread is None
    assert stream.getvalue() == ""
