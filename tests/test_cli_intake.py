"""`bplanner intake FILE` as a user runs it: formats, exit codes, one line per bad row.

Expected amounts come from data/foods.csv and data/measures.csv read with the csv module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bplanner.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "usual_day.csv")
with open(ROOT / "data" / "foods.csv", newline="", encoding="utf-8") as _fh:
    FOODS = {r["ndb"]: r for r in csv.DictReader(_fh)}
with open(ROOT / "data" / "measures.csv", newline="", encoding="utf-8") as _fh:
    MEASURES = list(csv.DictReader(_fh))
COLUMN = {"B1": "thiamin_mg", "B6": "vitamin_b6_mg", "B9": "folate_dfe_ug", "B12": "vitamin_b12_ug"}


def run(*args: str):
    return CliRunner().invoke(cli, ["intake", *args])


def grams(ndb: str, startswith: str) -> float:
    row = next(m for m in MEASURES if m["ndb"] == ndb and m["measure"].startswith(startswith))
    return float(row["grams"]) / float(row["amount"])


EXAMPLE_GRAMS = {"01077": grams("01077", "cup"), "01129": grams("01129", "large"),
                 "18075": 2 * grams("18075", "slice"), "09040": grams("09040", "medium")}


def test_example_table_shows_each_match_totals_and_limits():
    r = run(EXAMPLE)
    assert r.exit_code == 0, r.output
    for ndb in EXAMPLE_GRAMS:
        assert f"{ndb} {FOODS[ndb]['name']}" in r.output
    assert 'by the words "hard-boiled egg"' in r.output
    assert "by USDA number" in r.output
    assert "The day against your targets" in r.output and "Upper limits" in r.output
    assert "Warnings:" in r.output and "not medical advice" in r.output
    assert "Traceback" not in r.output


def test_example_json_totals_equal_sums_from_the_csv():
    r = run(EXAMPLE, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [line["ndb"] for line in data["lines"]] == list(EXAMPLE_GRAMS)
    for line in data["lines"]:
        assert line["grams"] == pytest.approx(EXAMPLE_GRAMS[line["ndb"]], abs=6e-4)
    for label, col in COLUMN.items():
        expected = sum(float(FOODS[n][col]) * g / 100 for n, g in EXAMPLE_GRAMS.items())
        total = data["totals"][label]
        # JSON numbers are rounded to 3 decimal places
        assert total["amount"] == pytest.approx(expected, abs=6e-4)
        assert total["percent_of_target"] == pytest.approx(expected / total["target"] * 100,
                                                           abs=6e-4)
        assert total["gap"] == pytest.approx(max(0, total["target"] - expected), abs=6e-4)
    retinol = sum(float(FOODS[n]["retinol_ug"]) * g / 100 for n, g in EXAMPLE_GRAMS.items())
    assert data["upper_limits"]["retinol"]["amount"] == pytest.approx(retinol, abs=6e-4)


def test_csv_has_one_row_per_diary_line():
    r = run(EXAMPLE, "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = [row for row in csv.DictReader(io.StringIO(r.output)) if row["kind"] == "line"]
    assert [row["ndb"] for row in rows] == list(EXAMPLE_GRAMS)
    for row in rows:
        n = row["ndb"]
        assert float(row["b12_ug"]) == pytest.approx(
            float(FOODS[n]["vitamin_b12_ug"]) * EXAMPLE_GRAMS[n] / 100, abs=1e-3)


def test_csv_carries_every_warning_as_a_row_of_its_own():
    """A script reading the CSV never loses a warning (issue 15): a vegan diet's HIGH
    warning and the rest are rows of kind "warning", as in the JSON output."""
    args = (EXAMPLE, "--diet", "vegan", "--medication", "metformin")
    warned = json.loads(run(*args, "--format", "json").output)["warnings"]
    assert any(w["severity"] == "high" for w in warned)
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").output)))
    got = [(r["severity"], r["text"]) for r in rows if r["kind"] == "warning"]
    assert [s for s, _t in got] == [w["severity"] for w in warned]
    assert all(w["message"] in t for w, (_s, t) in zip(warned, got))


def test_profile_options_change_the_targets():
    male = json.loads(run(EXAMPLE, "--sex", "male", "--format", "json").output)
    pregnant = json.loads(run(EXAMPLE, "--sex", "female", "--pregnant", "--format",
                              "json").output)
    assert pregnant["totals"]["B9"]["target"] > male["totals"]["B9"]["target"]


def test_liver_diary_warns_about_retinol(tmp_path):
    p = tmp_path / "liver.csv"
    p.write_text("food,amount,meal\n13326,1 slice,dinner\n01077,1 cup,breakfast\n",
                 encoding="utf-8")
    r = run(str(p), "--sex", "female")
    assert r.exit_code == 0, r.output
    assert "ABOVE the limit" in r.output
    assert "[HIGH] Your usual day gives" in r.output and "retinol" in r.output


def test_bad_lines_exit_1_one_line_each_then_and_more(tmp_path):
    p = tmp_path / "bad.csv"
    bad = ["goat,1 cup", "bananna,1", "01129,2 slices", "01077,-1 cup", "99999,1",
           "09040,1 cup", "01077,1 bucket"]
    p.write_text("food,amount\n" + "\n".join(bad) + "\n", encoding="utf-8")
    r = run(str(p))
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    lines = r.output.strip().splitlines()
    assert lines[0].startswith("Error: ") and "7 lines could not be read" in lines[0]
    assert [ln.strip().split(":")[0] for ln in lines[1:6]] == [f"line {n}" for n in range(2, 7)]
    assert lines[-1].strip() == "and 2 more"
    assert re.search(r"fits \d+ foods: \d{5} Goat, ", lines[1])  # candidates with numbers
    assert "09040 " in lines[2]  # nearest name of "bananna"
    assert "negative" in lines[4]


@pytest.mark.parametrize(
    "text, words",
    [("", "empty"), ("food,amount\n", "no food lines"), ("food,meal\n01077,lunch\n", "'amount'"),
     ("food,amount\n01077,0 g\n", "zero")],
)
def test_file_errors_are_one_clear_message(tmp_path, text, words):
    p = tmp_path / "day.csv"
    p.write_text(text, encoding="utf-8")
    r = run(str(p))
    assert r.exit_code == 1 and words in r.output and "Traceback" not in r.output


def test_missing_file_and_folder(tmp_path):
    # a path that names no file is a usage error (exit 2), found before any work (issue 14)
    r = run(str(tmp_path / "nope.csv"))
    assert r.exit_code == 2 and "no such file" in r.output
    r = run(str(tmp_path))
    assert r.exit_code == 2 and "folder" in r.output


def test_impossible_profile_is_a_usage_error():
    r = run(EXAMPLE, "--sex", "male", "--pregnant")
    assert r.exit_code == 2 and "impossible profile" in r.output


def test_diet_lists_lines_outside_it():
    r = run(EXAMPLE, "--diet", "vegan")
    assert r.exit_code == 0
    assert "Not in a vegan diet" in r.output
    assert "line 2: 01077" in r.output


def test_own_food_table_uses_the_measures_beside_it(tmp_path):
    shutil.copy(ROOT / "data" / "foods.csv", tmp_path / "foods.csv")
    # no measures.csv beside it: the shipped measures serve
    r = run(EXAMPLE, "--foods", str(tmp_path / "foods.csv"), "--format", "json")
    assert r.exit_code == 0, r.output
    (tmp_path / "measures.csv").write_text(
        "ndb,seq,amount,measure,grams\n01077,1,1.0,cup,100.0\n", encoding="utf-8")
    p = tmp_path / "day.csv"
    p.write_text("food,amount\n01077,1 cup\n", encoding="utf-8")
    data = json.loads(run(str(p), "--foods", str(tmp_path / "foods.csv"), "--format",
                          "json").output)
    assert data["lines"][0]["grams"] == 100.0


def test_help_has_examples():
    r = run("--help")
    assert r.exit_code == 0 and "bplanner intake examples/usual_day.csv" in r.output
