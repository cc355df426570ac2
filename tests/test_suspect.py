"""Values that look like USDA errors: listed for review, and suspect ones never planned."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from conftest import DIET_COLUMNS, REPO

from bplanner.cli import cli
from bplanner.foods import load_foods
from bplanner.planning.planner import Options, candidates
from bplanner.table.suspect import outliers, reviewed, suspect_ndbs

VERDICTS_CSV = REPO / "data" / "suspect_values.csv"


@pytest.fixture(scope="module")
def foods():
    return load_foods()


def _verdicts():
    with open(VERDICTS_CSV, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_a_value_a_hundred_times_its_kind_is_listed(foods):
    # SR24's brewed hibiscus tea: about 100 times the thiamin of any other brewed tea
    teas = foods[foods["name"].str.startswith("Beverages, tea,")].copy()
    assert len(teas) >= 10
    hibiscus = teas.index[teas["ndb"] == "14649"][0]
    teas.loc[hibiscus, "thiamin_mg"] = 100 * teas["thiamin_mg"].drop(hibiscus).max()
    found = outliers(teas)
    assert [(r.ndb, r.vitamin) for r in found.itertuples()] == [("14649", "B1")]
    assert found.iloc[0]["verdict"] == "to review"


def test_the_shipped_values_are_not_listed_without_the_outlier(foods):
    teas = foods[foods["name"].str.startswith("Beverages, tea,")]
    assert outliers(teas).empty  # SR28 gives hibiscus tea 0 mg thiamin


def test_every_value_the_check_lists_on_the_shipped_table_has_a_verdict(foods):
    found = outliers(foods)
    assert len(found) >= 5
    assert set(found["verdict"]) <= {"suspect", "plausible"}, found[
        found["verdict"] == "to review"][["ndb", "name", "vitamin"]]


def test_verdicts_name_real_foods_with_a_reason_and_a_source(foods):
    names = dict(zip(foods["ndb"], foods["name"]))
    rows = _verdicts()
    assert rows and len(rows) == len(reviewed())
    for r in rows:
        assert r["ndb"] in names, r
        assert r["verdict"] in ("suspect", "plausible")
        assert r["vitamin"] in ("B1", "B2", "B3", "B5", "B6", "B9", "B12")
        assert len(r["reason"]) > 30 and r["source"]
    assert suspect_ndbs() == {r["ndb"] for r in rows if r["verdict"] == "suspect"}


@pytest.mark.parametrize("diet", [c[5:] for c in DIET_COLUMNS])
def test_no_suspect_food_is_ever_a_candidate(foods, diet):
    opts = Options(vitamins=("thiamin", "riboflavin", "niacin", "pantothenic_acid",
                             "vitamin_b6", "folate", "vitamin_b12"), diet=diet, all_foods=True)
    pool = candidates(foods, opts)
    assert len(pool) > 100
    assert not set(pool["ndb"]) & suspect_ndbs()


def test_show_keeps_usdas_value_and_says_why_it_is_not_planned():
    result = CliRunner().invoke(cli, ["show", "09129", "--wide"])
    assert result.exit_code == 0, result.output
    assert "1.5" in result.output  # USDA's riboflavin per 100 g, as USDA gives it
    assert "Left out of plans" in result.output and "21 times any other grape" in result.output


def test_data_check_lists_the_values_with_their_verdicts():
    result = CliRunner().invoke(cli, ["data", "check", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.output.splitlines()))
    assert list(rows[0]) == ["ndb", "name", "vitamin", "per_100g", "next_highest", "kind",
                             "foods_of_kind", "verdict"]
    by_key = {(r["ndb"], r["vitamin"]): r["verdict"] for r in rows}
    assert by_key[("09129", "B2")] == "suspect"
    for r in rows:
        assert float(r["per_100g"]) > 10 * float(r["next_highest"])
    table = CliRunner().invoke(cli, ["data", "check"])
    assert table.exit_code == 0 and "suspect" in table.output
    assert max(len(line) for line in table.output.splitlines()) <= 80
