"""`bplanner foods` and `bplanner show` on the shipped table.

Expected foods and amounts are computed here from data/foods.csv with the csv
module, never taken from bplanner's own output.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pytest
from click.testing import CliRunner
from conftest import PYTHON, REPO, VITAMIN_COLUMNS, items, subprocess_env

from bplanner.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def as_json(*args: str):
    return json.loads(ok(*args, "--format", "json"))


def per_portion(row: dict, label: str) -> float | None:
    cell = row[VITAMIN_COLUMNS[label][0]]
    return None if cell == "" else float(cell) * float(row["portion_grams"]) / 100


with open(REPO / "data" / "suspect_values.csv", newline="", encoding="utf-8") as _fh:
    SUSPECT = {r["ndb"] for r in csv.DictReader(_fh) if r["verdict"] == "suspect"}


def in_pool(row: dict) -> bool:
    """The foods `foods` lists by default, as the planner chooses from: the staple pool
    (data/staples.csv, column familiar), everyday, no value judged suspect."""
    return row["everyday"] == "1" and row["familiar"] == "1" and row["ndb"] not in SUSPECT


def expected_top(rows, label: str, top: int, diet: str | None = None,
                 all_foods: bool = False) -> list[str]:
    """NDBs of the foods that supply ``label`` (within ``diet``), best portion first."""
    chosen = [
        r
        for r in rows
        if label in items(r["supplies"]) and (diet is None or r[f"diet_{diet}"] == "1")
        and (all_foods or in_pool(r))
    ]
    chosen.sort(key=lambda r: (-per_portion(r, label), r["name"]))
    return [r["ndb"] for r in chosen[:top]]


# --------------------------------------------------------------------- foods


def test_vegan_b12_lists_only_vegan_foods_that_supply_b12(shipped_by_ndb):
    found = as_json("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "10")
    assert len(found) == len(expected_top(list(shipped_by_ndb.values()), "B12", 10, "vegan"))
    assert len(found) >= 3  # the fortified plant milks of the staple pool
    for item in found:
        row = shipped_by_ndb[item["ndb"]]
        assert row["diet_vegan"] == "1", row["name"]
        assert "B12" in items(row["supplies"]), row["name"]
        assert item["name"] == row["name"]


def test_vegan_b12_top_ten_are_the_best_portions(shipped_rows):
    found = as_json("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "10")
    assert [i["ndb"] for i in found] == expected_top(shipped_rows, "B12", 10, "vegan")


def test_all_vegan_b12_sources_are_listed(shipped_rows):
    found = as_json("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "10000")
    assert {i["ndb"] for i in found} == set(expected_top(shipped_rows, "B12", 10000, "vegan"))
    every = as_json("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "10000",
                    "--all-foods")
    assert {i["ndb"] for i in every} == set(
        expected_top(shipped_rows, "B12", 10000, "vegan", all_foods=True))
    assert len(every) > len(found)


def test_the_default_list_is_what_a_planner_would_hand_out():
    """Issue 24: energy drinks and dry powders led the lists; raw dry beans were all
    that `--name beans` found. By default the list is of everyday foods as eaten."""
    names = " ".join(i["name"] for i in as_json("foods", "-v", "B12", "-d", "vegan", "-n", "10"))
    assert not re.search(r"energy drink|MONSTER|Gatorade|Red Bull|ROCKSTAR", names, re.I)
    beans = as_json("foods", "-v", "folate", "--name", "beans", "-n", "5")
    assert beans and all("raw" not in i["name"] for i in beans)
    powders = as_json("foods", "-v", "thiamine", "-v", "folic-acid", "-d", "vegetarian")
    assert not any("powder" in i["name"].lower() for i in powders)


def test_per_100_kcal_shows_the_amount_and_the_percent_in_columns_of_their_own():
    text = ok("foods", "-v", "folate", "--per", "100kcal", "-n", "5")
    head = text.splitlines()[0]
    assert "B9 µg DFE/100 kcal" in head and "B9 %DV" in head
    assert not re.search(r"\d \(\d+%\)", text)  # never "2046.49 (57%)" in one cell


def test_json_items_carry_portion_and_amounts_from_the_table(shipped_by_ndb):
    found = as_json("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "10")
    for item in found:
        row = shipped_by_ndb[item["ndb"]]
        assert item["portion"] == row["portion_text"]
        assert item["portion_grams"] == float(row["portion_grams"])
        assert item["portion_pieces"] == int(row["portion_pieces"])
        assert item["racc_grams"] == float(row["racc_grams"])
        assert item["fortified"] is (row["fortified"] == "1")
        b12 = item["vitamins"]["B12"]
        assert b12["per_100g"] == float(row["vitamin_b12_ug"])
        # JSON numbers are rounded to 3 decimal places
        assert b12["per_portion"] == pytest.approx(per_portion(row, "B12"), abs=6e-4)


def test_table_marks_fortified_foods(shipped_by_ndb):
    # B1 mixes fortified cereals with unfortified pork, so both cases show
    found = as_json("foods", "--vitamin", "B1", "--top", "60")
    text = ok("foods", "--vitamin", "B1", "--top", "60")
    kinds = set()
    for item in found:
        # a table folded to fit the terminal shows the food once per block
        lines = [x for x in text.splitlines() if x.startswith(item["ndb"] + " ")]
        assert lines
        fortified = shipped_by_ndb[item["ndb"]]["fortified"] == "1"
        kinds.add(fortified)
        for line in lines:
            assert ("[fortified]" in line) is fortified, line
    assert kinds == {True, False}
    assert "n/a = not measured" in text


def test_vegan_b12_table_marks_every_fortified_food(shipped_by_ndb):
    text = ok("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "10")
    lines = [x for x in text.splitlines() if re.match(r"\d{5} ", x)]
    assert len(lines) >= 3
    for line in lines:
        # a plant food's B12 is always added (USDA's B12 added, nutrient 578, measured)
        row = shipped_by_ndb[line[:5]]
        assert float(row["vitamin_b12_added_ug"] or 0) > 0, row["name"]
        assert "[fortified]" in line, line


def test_csv_output_parses_and_matches_json():
    found = as_json("foods", "--vitamin", "folate", "--diet", "vegetarian", "--top", "15")
    text = ok(
        "foods", "--vitamin", "folate", "--diet", "vegetarian", "--top", "15", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["ndb"] for r in rows] == [i["ndb"] for i in found]
    assert [r["food"] for r in rows] == [i["name"] for i in found]
    for r, i in zip(rows, found, strict=True):
        expected = i["vitamins"]["B9"]["per_portion"]
        assert float(r["b9_ug_dfe_per_portion"]) == pytest.approx(expected)


@pytest.mark.parametrize("label", ["B1", "B6", "B9", "B12"])
def test_ranking_is_descending_per_portion(label, shipped_rows):
    found = as_json("foods", "--vitamin", label, "--top", "50")
    amounts = [i["vitamins"][label]["per_portion"] for i in found]
    assert amounts == sorted(amounts, reverse=True)
    assert [i["ndb"] for i in found] == expected_top(shipped_rows, label, 50)


def _per_basis(row: dict, label: str, per: str) -> float | None:
    cell = row[VITAMIN_COLUMNS[label][0]]
    if cell == "":
        return None
    if per == "100g":
        return float(cell)
    energy = float(row["energy_kcal"]) if row["energy_kcal"] else 0.0
    return float(cell) / energy * 100 if energy > 0 else None


@pytest.mark.parametrize("per", ["100g", "100kcal"])
def test_per_option_ranks_per_100_g_and_per_100_kcal(per, shipped_rows):
    found = as_json("foods", "--vitamin", "B12", "--diet", "vegetarian", "--per", per,
                    "--top", "15")
    chosen = [r for r in shipped_rows
              if "B12" in items(r["supplies"]) and r["diet_vegetarian"] == "1" and in_pool(r)]
    chosen = [r for r in chosen if _per_basis(r, "B12", per) is not None]
    chosen.sort(key=lambda r: (-_per_basis(r, "B12", per), r["name"]))
    assert [i["ndb"] for i in found] == [r["ndb"] for r in chosen[:15]]
    text = ok("foods", "--vitamin", "B12", "--per", per, "--top", "3")
    assert {"100g": "Amounts per 100 g", "100kcal": "Amounts per 100 kcal"}[per] in text


def test_per_portion_is_the_default_and_a_bad_basis_is_refused():
    assert ok("foods", "-v", "B9", "--top", "5") == ok("foods", "-v", "B9", "--top", "5",
                                                       "--per", "portion")
    result = run("foods", "-v", "B9", "--per", "cup")
    assert result.exit_code == 2
    assert "portion" in result.output and "100kcal" in result.output
    assert "Traceback" not in result.output


def test_percent_of_daily_value_uses_the_reference_file(daily_values):
    found = as_json("foods", "--vitamin", "B6", "--top", "5")
    for item in found:
        v = item["vitamins"]["B6"]
        # both rounded to 3 decimal places in JSON
        assert v["percent_dv"] == pytest.approx(
            v["per_portion"] / daily_values["vitamin_b6"] * 100, abs=0.05)


@pytest.mark.parametrize(
    "canonical, aliases",
    [
        ("B1", ["thiamine", "Thiamin", "b1", "vitamin B1"]),
        ("B9", ["folic acid", "folic-acid", "B9", "folate", "FOLATE"]),
        ("B12", ["cobalamin", "cyanocobalamin", "b12", "vitamin-b12"]),
        ("B6", ["pyridoxine", "b6", "Vitamin B6"]),
    ],
)
def test_vitamin_aliases_give_the_same_list(canonical, aliases):
    expected = ok("foods", "--vitamin", canonical, "--diet", "vegetarian", "--top", "25")
    for alias in aliases:
        assert ok("foods", "--vitamin", alias, "--diet", "vegetarian", "--top", "25") == expected


def test_strict_vegetarian_is_vegan():
    expected = ok("foods", "--vitamin", "B12", "--diet", "vegan", "--top", "40")
    for spelling in ("strict vegetarian", "Strict-Vegetarian", "VEGAN"):
        assert ok("foods", "--vitamin", "B12", "--diet", spelling, "--top", "40") == expected


@pytest.mark.parametrize("spelling", ["lacto-vegetarian", "lacto vegetarian", "lacto_vegetarian"])
def test_lacto_vegetarian(spelling, shipped_by_ndb):
    found = as_json("foods", "--vitamin", "B12", "--diet", spelling, "--top", "200")
    assert found
    for item in found:
        assert shipped_by_ndb[item["ndb"]]["diet_lacto_vegetarian"] == "1"
    assert any("dairy" in items(shipped_by_ndb[i["ndb"]]["animal_sources"]) for i in found)
    assert not any("egg" in items(shipped_by_ndb[i["ndb"]]["animal_sources"]) for i in found)


@pytest.mark.parametrize(
    "option, value, shown, meant",
    [
        ("--vitamin", "B13", ["B1", "B6", "B9", "B12"], None),
        ("--diet", "keto", ["omnivore", "pescatarian", "lacto-vegetarian", "vegan"], None),
        ("--diet", "vegeterian", ["vegan"], "vegetarian"),
        ("--exclude-allergen", "gluten-ish", ["milk", "egg", "peanuts", "soy", "sesame"], None),
        ("--group", "Pizza", ["25 USDA groups"], None),
        ("--group", "fish", [], "'Finfish and Shellfish Products'"),
        ("--group", "legumes", [], "'Legumes and Legume Products'"),
    ],
)
def test_unknown_names_are_short_usage_errors_with_a_did_you_mean(option, value, shown, meant):
    """One short line: a few accepted names, the rest in --help, which lists them all."""
    result = run("foods", option, value)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert value in line and len(line) < 250, line
    assert f"Invalid value for '{option}':" in line  # the option once, not all its names
    for name in shown:
        assert name in line
    assert ("did you mean" in line) is (meant is not None)
    if meant:
        assert f"did you mean {meant}" in line
    if "see --help" in line:
        helped = " ".join(run("foods", "--help").output.split())
        for name in ("thiamine", "cobalamin", "Legumes and Legume Products", "Breakfast Cereals",
                     "soya", "mollusks"):
            assert name in helped


@pytest.mark.parametrize(("typed", "meant"), [("chiken", "chicken"), ("tofu frim", "tofu firm"),
                                              ("xyzzy", None)])
def test_show_offers_the_near_miss_that_finds_a_food(typed, meant):
    result = run("show", typed)
    assert result.exit_code == 1
    assert ("did you mean" in result.stderr) is (meant is not None)
    if meant:
        assert f"did you mean {meant!r}?" in result.stderr
        assert run("show", meant).exit_code == 0


def test_exclude_allergen_peanuts(shipped_by_ndb):
    args = ("foods", "--vitamin", "B6", "--name", "peanut", "--top", "500", "--all-foods")
    every = as_json(*args)
    kept = as_json(*args, "--exclude-allergen", "peanuts")
    flagged = {i["ndb"] for i in every if "peanuts" in items(shipped_by_ndb[i["ndb"]]["allergens"])}
    assert flagged  # the filter has something to remove
    assert {i["ndb"] for i in kept} == {i["ndb"] for i in every} - flagged
    assert [i for i in every if i["ndb"] not in flagged] == kept


def test_top_zero_is_a_usage_error():
    result = run("foods", "--vitamin", "B12", "--top", "0")
    assert result.exit_code == 2
    assert "--top" in result.stderr


def test_top_limits_the_list():
    assert len(as_json("foods", "--vitamin", "B9", "--top", "3")) == 3


# ---------------------------------------------------------------------- show


def _vitamin_line(text: str, label: str) -> str:
    (line,) = [x for x in text.splitlines() if x.split()[:1] == [label]]
    return line


def test_show_tofu_reports_usdas_zero_b12(shipped_by_ndb):
    row = shipped_by_ndb["16126"]
    assert row["vitamin_b12_ug"] != ""  # USDA measured it
    text = ok("show", "16126")
    assert row["name"] in text
    b12 = _vitamin_line(text, "B12")
    assert "n/a" not in b12
    assert float(b12.split()[1]) == float(row["vitamin_b12_ug"]) == 0.0
    b9 = _vitamin_line(text, "B9")
    assert float(b9.split()[1]) == float(row["folate_dfe_ug"])
    assert "B12" in text.split("The leaflet names it as a source of:")[1]


def test_show_says_n_a_only_where_usda_has_no_value(shipped_rows):
    row = next(
        r
        for r in shipped_rows
        if r["vitamin_b12_ug"] == "" and r["thiamin_mg"] != "" and r["folate_dfe_ug"] != ""
    )
    text = ok("show", row["ndb"])
    assert row["name"] in " ".join(text.split())  # a long name wraps to the terminal
    assert "n/a" in _vitamin_line(text, "B12")
    assert "n/a" not in _vitamin_line(text, "B1")
    assert "n/a" not in _vitamin_line(text, "B9")
    data = json.loads(ok("show", row["ndb"], "--format", "json"))
    assert data["vitamins"]["B12"]["per_100g"] is None
    assert data["vitamins"]["B1"]["per_100g"] == float(row["thiamin_mg"])


def test_show_by_number_without_leading_zero(shipped_by_ndb):
    assert shipped_by_ndb["09040"]["name"] in ok("show", "9040")


def test_show_lists_every_match_when_several_foods_match(shipped_rows):
    expected = [r["ndb"] for r in shipped_rows if "tofu" in r["name"].lower()]
    assert len(expected) > 1
    data = json.loads(ok("show", "tofu", "--format", "json"))
    assert [m["ndb"] for m in data["matches"]] == expected
    text = ok("show", "tofu")
    assert f"{len(expected)} foods match" in text


def test_show_matches_every_word(shipped_rows):
    words = ["beef", "liver", "braised"]
    expected = [r["ndb"] for r in shipped_rows if all(w in r["name"].lower() for w in words)]
    assert len(expected) == 1  # words in any order pick out one food
    data = json.loads(ok("show", "braised LIVER beef", "--format", "json"))
    assert data["ndb"] == expected[0]


def test_show_without_a_match_is_one_line_error():
    result = run("show", "unicorn steak")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "unicorn steak" in line


# -------------------------------------------------------------- version, help


def test_version_is_the_projects():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'^version = "([^"]+)"', text, re.M).group(1)
    assert version in ok("--version")
    proc = subprocess.run(
        [PYTHON, "-m", "bplanner", "--version"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 0 and version in proc.stdout


@pytest.mark.parametrize(
    "command",
    [[], ["foods"], ["show"], ["suggest"], ["targets"], ["data", "build"]],
    ids=lambda c: " ".join(c) or "bplanner",
)
def test_help_shows_examples(command):
    text = ok(*command, "--help")
    assert "Examples:" in text
    example = next(x for x in text.splitlines() if x.strip().startswith("bplanner "))
    assert command[:1] == [] or command[0] in example
