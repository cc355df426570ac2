"""The leaflet's food claims judged against the shipped USDA table.

Amounts, % Daily Value and verdicts are recomputed here from data/foods.csv and
the reference file, read with the csv module, under the thresholds the rule states.
"""

from __future__ import annotations

import math

import pytest
from conftest import VITAMIN_COLUMNS

from bplanner.advice.claims import (
    CLAIMS,
    CLAIMS_RULE,
    FORTIFIED_VARIANTS,
    NOT_MEASURED,
    NOT_SUPPORTED,
    SUPPORTED,
    VERDICT_RULE,
    WEAK,
    judge_claims,
)
from bplanner.foods import load_foods

KEY_TO_LABEL = {key: label for label, (_col, key) in VITAMIN_COLUMNS.items()}
GOOD_SOURCE = 10.0  # FDA 21 CFR 101.54 "good source", as the rule states


@pytest.fixture(scope="module")
def judged():
    return judge_claims(load_foods())


def _find(judged, vitamin_label: str, word: str) -> dict:
    (found,) = [c for c in judged if c["vitamin"] == vitamin_label and c["word"] == word]
    return found


def _expected_amount(row: dict[str, str], label: str) -> float | None:
    column = VITAMIN_COLUMNS[label][0]
    if row[column] == "":
        return None
    return float(row[column]) * float(row["racc_grams"]) / 100.0


def _expected_verdict(percents: list[float | None]) -> str:
    measured = [p for p in percents if p is not None]
    if not measured:
        return NOT_MEASURED
    best = max(measured)
    if best >= GOOD_SOURCE:
        return SUPPORTED
    return WEAK if best > 0 else NOT_SUPPORTED


def test_every_claim_is_judged_in_the_leaflets_order(judged):
    assert [(c["vitamin"], c["word"]) for c in judged] == [
        (KEY_TO_LABEL[c.vitamin], c.word) for c in CLAIMS
    ]
    for c, claim in zip(judged, CLAIMS, strict=True):
        assert [f["ndb"] for f in c["foods"]] == list(claim.ndbs)
        assert c["missing_ndbs"] == []
        assert c["note"] == claim.note


@pytest.mark.parametrize("word", ["tofu", "kelp"])
def test_tofu_and_kelp_are_not_b12_sources_in_usda_data(judged, shipped_by_ndb, word):
    c = _find(judged, "B12", word)
    assert c["verdict"] == NOT_SUPPORTED
    for f in c["foods"]:
        assert float(shipped_by_ndb[f["ndb"]]["vitamin_b12_ug"]) == 0.0
        assert f["amount_per_racc"] == 0.0
    assert c["note"]  # says why


def test_kelp_says_why_algae_fail(judged):
    note = _find(judged, "B12", "kelp")["note"]
    assert "inactive" in note and "analogue" in note


def test_fortified_tofu_is_shown_apart_and_does_not_judge(judged, shipped_by_ndb, daily_values):
    c = _find(judged, "B12", "tofu")
    variants = FORTIFIED_VARIANTS[("vitamin_b12", "tofu")]
    assert [v["ndb"] for v in c["fortified_variants"]] == list(variants)
    for v in c["fortified_variants"]:
        row = shipped_by_ndb[v["ndb"]]
        expected = _expected_amount(row, "B12")
        assert expected > 0 and v["amount_per_racc"] == pytest.approx(expected)
    # with B12 added it would pass the 10% rule, yet the verdict stays "not supported"
    assert max(v["percent_dv_per_racc"] for v in c["fortified_variants"]) >= GOOD_SOURCE
    assert c["verdict"] == NOT_SUPPORTED


@pytest.mark.parametrize("index", range(len(CLAIMS)), ids=lambda i: CLAIMS[i].word)
def test_amounts_percent_and_verdict_follow_the_table_and_the_rule(
    judged, shipped_by_ndb, daily_values, index
):
    c = judged[index]
    label = c["vitamin"]
    dv = daily_values[VITAMIN_COLUMNS[label][1]]
    assert c["daily_value"] == dv
    percents = []
    for f in c["foods"]:
        row = shipped_by_ndb[f["ndb"]]
        assert f["name"] == row["name"]
        assert f["portion"] == row["portion_text"]
        assert f["racc_grams"] == float(row["racc_grams"])
        expected = _expected_amount(row, label)
        if expected is None:
            assert f["amount_per_racc"] is None and f["percent_dv_per_racc"] is None
            percents.append(None)
            continue
        assert f["amount_per_100g"] == float(row[VITAMIN_COLUMNS[label][0]])
        assert f["amount_per_racc"] == pytest.approx(expected, rel=1e-12)
        assert f["percent_dv_per_racc"] == pytest.approx(expected / dv * 100, rel=1e-12)
        percents.append(expected / dv * 100)
    assert c["verdict"] == _expected_verdict(percents)
    measured = [p for p in percents if p is not None]
    if measured:
        assert c["best_percent_dv"] == pytest.approx(max(measured))
    else:
        assert c["best_percent_dv"] is None


def test_the_data_supports_most_claims_but_not_all(judged):
    verdicts = [c["verdict"] for c in judged]
    assert verdicts.count(SUPPORTED) > len(verdicts) / 2
    assert verdicts.count(NOT_SUPPORTED) == 2  # tofu and kelp as B12 sources


def test_the_rule_states_threshold_reading_and_reference_amount(judged):
    assert CLAIMS_RULE.startswith(VERDICT_RULE)
    assert f"{GOOD_SOURCE:g}%" in CLAIMS_RULE
    assert "reference amount customarily consumed" in CLAIMS_RULE and "21 CFR 101.12" in CLAIMS_RULE
    assert "Daily Value" in CLAIMS_RULE


def test_a_table_without_a_representative_food_says_so():
    foods = load_foods()
    kelp = next(c for c in CLAIMS if c.word == "kelp")
    judged = judge_claims(foods[~foods["ndb"].isin(kelp.ndbs)])
    c = _find(judged, "B12", "kelp")
    assert c["foods"] == [] and c["missing_ndbs"] == list(kelp.ndbs)
    assert c["verdict"] == NOT_MEASURED
    assert _find(judged, "B12", "tofu")["verdict"] == NOT_SUPPORTED


def test_missing_usda_values_stay_missing():
    foods = load_foods().copy()
    bananas = next(c for c in CLAIMS if c.word == "bananas")
    foods.loc[foods["ndb"].isin(bananas.ndbs), "folate_dfe_ug"] = math.nan
    c = _find(judge_claims(foods), "B9", "bananas")
    assert c["foods"][0]["amount_per_racc"] is None
    assert c["best_percent_dv"] is None and c["verdict"] == NOT_MEASURED
