"""`bplanner suggest` and `bplanner targets` as a user runs them: output formats, exit codes
and one-line usage errors. Expected amounts come from the shipped CSV files."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bplanner.cli import cli

ROOT = Path(__file__).resolve().parents[1]
with open(ROOT / "data" / "foods.csv", newline="", encoding="utf-8") as _fh:
    FOODS = {r["ndb"]: r for r in csv.DictReader(_fh)}
with open(ROOT / "data" / "reference" / "dri_b_vitamins.csv", newline="", encoding="utf-8") as _fh:
    REFERENCE = list(csv.DictReader(_fh))

COLUMN = {"B1": "thiamin_mg", "B6": "vitamin_b6_mg", "B9": "folate_ug", "B12": "vitamin_b12_ug"}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def per_day(ndb: str, label: str, servings: float) -> float:
    row = FOODS[ndb]
    value = float(row[COLUMN[label]]) if row[COLUMN[label]] else 0.0
    return value * float(row["portion_grams"]) * servings / 100


def rda(nutrient: str, sex: str = "any", stage: str = "general", age_min: float = 14) -> float:
    (row,) = [
        r
        for r in REFERENCE
        if (r["nutrient"], r["sex"], r["life_stage"]) == (nutrient, sex, stage)
        and r["kind"] in ("RDA", "AI")
        and float(r["age_min"]) == age_min
    ]
    return float(row["value"])


def test_suggest_table_has_total_row_reaching_100_percent():
    result = run("suggest", "--vitamins", "B12", "--diet", "vegetarian")
    assert result.exit_code == 0, result.output
    total = [line for line in result.output.splitlines() if "TOTAL per day" in line]
    assert len(total) == 1
    percents = [float(p) for p in re.findall(r"\((\d+(?:\.\d+)?)%\)", total[0])]
    assert percents and all(p >= 100 for p in percents)
    assert "Traceback" not in result.output


def test_suggest_json_carries_the_whole_plan():
    result = run(
        "suggest",
        "-v",
        "B1,B6,B9,B12",
        "--diet",
        "vegan",
        "--sex",
        "female",
        "--age",
        "34",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["profile"]["age"] == 34 and data["profile"]["sex"] == "female"
    assert {t["vitamin"] for t in data["targets"]} == {"B1", "B6", "B9", "B12"}
    expected = {
        "B1": rda("thiamin", "female", age_min=19),
        "B6": rda("vitamin_b6", "female", age_min=19),
        "B9": rda("folate"),
        "B12": rda("vitamin_b12"),
    }
    assert {t["vitamin"]: t["per_day"] for t in data["targets"]} == expected
    assert data["plan"]
    for item in data["plan"]:
        assert {"ndb", "name", "servings_per_day", "grams_per_day", "vitamins_per_day"} <= set(item)
        assert FOODS[item["ndb"]]["name"] == item["name"]
        assert FOODS[item["ndb"]]["diet_vegan"] == "1"
        assert item["grams_per_day"] == pytest.approx(
            float(FOODS[item["ndb"]]["portion_grams"]) * item["servings_per_day"]
        )
        for label, value in item["vitamins_per_day"].items():
            assert value == pytest.approx(per_day(item["ndb"], label, item["servings_per_day"]))
    for label, total in data["totals"].items():
        by_csv = sum(per_day(i["ndb"], label, i["servings_per_day"]) for i in data["plan"])
        assert total["per_day"] == pytest.approx(by_csv)
        assert by_csv >= expected[label]
        assert total["percent_of_target"] >= 100
    assert set(data["alternatives"]) == {"B1", "B6", "B9", "B12"}
    assert isinstance(data["warnings"], list)
    model = data["model"]
    for key in (
        "objective",
        "step_servings",
        "max_servings",
        "min_foods",
        "upper_limits",
        "candidate_ndbs",
    ):
        assert key in model
    assert model["objective"] == "grams" and model["min_foods"] == 1
    assert {i["ndb"] for i in data["plan"]} <= set(model["candidate_ndbs"])


def test_suggest_csv_parses():
    result = run(
        "suggest", "-v", "B12,B9", "--diet", "pescatarian", "--days", "7", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    for row in rows:
        assert row["ndb"] in FOODS
        assert float(row["grams_total"]) == pytest.approx(7 * float(row["grams_per_day"]))
        assert FOODS[row["ndb"]]["diet_pescatarian"] == "1"


@pytest.mark.parametrize(
    "args, words",
    [
        (["--sex", "male", "--pregnant"], "females"),
        (["--pregnant", "--age", "13"], "14 to 50"),
        (["--pregnant", "--age", "51"], "14 to 50"),
        (["--pregnant", "--lactating"], "both"),
        (["--age", "-1"], "between 0 and 120"),
        (["--age", "121"], "between 0 and 120"),
        (["--max-servings", "0.3"], "max servings"),
        (["--max-servings", "0"], "max servings"),
        (["--max-servings", "0.75"], "multiple of the step"),
        (["--max-servings", "inf"], "finite"),
        (["--min-foods", "0"], "--min-foods"),
        (["--objective", "cheapest"], "cheapest"),
        (["--days", "0"], "--days"),
        (["--vitamins", "B7"], "unknown vitamin 'B7'"),
        (["--diet", "carnivore"], "unknown diet"),
        (["--exclude-allergen", "kryptonite"], "unknown allergen"),
    ],
)
def test_usage_errors_exit_2_with_one_clear_line(args, words):
    result = run("suggest", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and words in errors[0], result.output


def test_no_plan_exits_3_with_reason():
    result = run("suggest", "-v", "B12", "--diet", "vegan", "--no-fortified")
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "No plan exists" in result.output and "B12" in result.output
    assert "physician" in result.output


def test_no_plan_json():
    result = run("suggest", "-v", "B12", "--diet", "vegan", "--no-fortified", "--format", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["status"] == "no_plan"
    assert any("B12" in r for r in data["reasons"])
    assert any("fortified" in s for s in data["suggestions"])


def test_targets_text_and_json():
    text = run("targets", "--sex", "female", "--age", "60")
    assert text.exit_code == 0
    b6 = next(line for line in text.output.splitlines() if line.startswith("B6"))
    assert f"{rda('vitamin_b6', 'female', age_min=51):g}" in b6
    assert "UL" in text.output
    js = run("targets", "--pregnant", "--age", "16", "--format", "json")
    assert js.exit_code == 0
    data = json.loads(js.stdout)
    per_day = {t["vitamin"]: t["per_day"] for t in data["targets"] if t["vitamin"]}
    assert per_day == {
        "B1": rda("thiamin", "female", "pregnancy"),
        "B6": rda("vitamin_b6", "female", "pregnancy"),
        "B9": rda("folate", "female", "pregnancy"),
        "B12": rda("vitamin_b12", "female", "pregnancy"),
    }
    uls = {t["name"]: t["upper_limit"] for t in data["targets"]}
    assert uls["folic acid"] == 800 and uls["vitamin B6"] == 80
    bad = run("targets", "--sex", "male", "--lactating")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
