"""Structure of the leaflet claims and the rule that judges them against the data."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplanner.advice.claims import (
    CLAIMS,
    FORTIFIED_VARIANTS,
    GOOD_SOURCE_PCT,
    NOT_MEASURED,
    NOT_SUPPORTED,
    SUPPORTED,
    VERDICT_RULE,
    VERDICTS,
    WEAK,
    best_percent,
    claims_by_food,
    verdict,
)
from bplanner.vitamins import VITAMINS

# The leaflet's lists, word for word and in the printed order
# ("B vitamins in the form of injections").
LEAFLET_WORDS = {
    "thiamin": ["chicken", "liver", "grains"],
    "vitamin_b6": [
        "eggs",
        "shrimp",
        "oysters",
        "tuna",
        "ham",
        "chicken",
        "minced beef and lamb",
        "liver",
        "cottage cheese",
        "cheese",
        "nuts",
    ],
    "folate": ["greens", "bananas", "avocados"],
    "vitamin_b12": ["salmon", "liver", "lamb", "shrimp", "sardines", "cod", "tofu", "kelp"],
}
NDB = re.compile(r"\d{5}")


def _claim(vitamin: str, word: str):
    (found,) = [c for c in CLAIMS if c.vitamin == vitamin and c.word == word]
    return found


def test_vitamin_keys_are_the_planners_keys():
    assert {c.vitamin for c in CLAIMS} == set(LEAFLET_WORDS)
    assert set(LEAFLET_WORDS) <= set(VITAMINS)


@pytest.mark.parametrize("vitamin", list(LEAFLET_WORDS))
def test_words_per_vitamin_match_the_leaflet_in_order(vitamin):
    words = [c.word for c in CLAIMS if c.vitamin == vitamin]
    assert words == LEAFLET_WORDS[vitamin]


def test_claims_follow_the_leaflets_order():
    expected = [(v, w) for v, words in LEAFLET_WORDS.items() for w in words]
    assert [(c.vitamin, c.word) for c in CLAIMS] == expected
    assert len(CLAIMS) == 25


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.vitamin}-{c.word}")
def test_each_claim_has_1_to_4_distinct_five_digit_ndbs(claim):
    assert isinstance(claim.ndbs, tuple)
    assert 1 <= len(claim.ndbs) <= 4
    assert len(set(claim.ndbs)) == len(claim.ndbs)
    for ndb in claim.ndbs:
        assert isinstance(ndb, str) and NDB.fullmatch(ndb), ndb


@pytest.mark.parametrize("word", ["chicken", "liver", "shrimp"])
def test_a_word_means_the_same_foods_for_every_vitamin(word):
    tuples = {c.ndbs for c in CLAIMS if c.word == word}
    assert len(tuples) == 1


@pytest.mark.parametrize(
    "word, vitamins",
    [
        ("liver", {"thiamin", "vitamin_b6", "vitamin_b12"}),
        ("chicken", {"thiamin", "vitamin_b6"}),
        ("shrimp", {"vitamin_b6", "vitamin_b12"}),
        ("kelp", {"vitamin_b12"}),
        ("bananas", {"folate"}),
    ],
)
def test_claims_by_food_gathers_every_vitamin_claimed_for_a_food(word, vitamins):
    by_food = claims_by_food()
    ndbs = next(c.ndbs for c in CLAIMS if c.word == word)
    for ndb in ndbs:
        assert by_food[ndb] == frozenset(vitamins)


def test_claims_by_food_covers_exactly_the_representative_foods():
    by_food = claims_by_food()
    assert set(by_food) == {ndb for c in CLAIMS for ndb in c.ndbs}
    assert all(isinstance(v, frozenset) and v for v in by_food.values())
    # Every (food, vitamin) pair comes from a claim, and every claim is in the map.
    pairs = {(ndb, v) for ndb, keys in by_food.items() for v in keys}
    assert pairs == {(ndb, c.vitamin) for c in CLAIMS for ndb in c.ndbs}


def test_foods_of_different_words_do_not_overlap():
    """One food stands for one leaflet word, so a verdict is never counted twice."""
    owner: dict[str, str] = {}
    for c in CLAIMS:
        for ndb in c.ndbs:
            assert owner.setdefault(ndb, c.word) == c.word, ndb


@pytest.mark.parametrize("word", ["tofu", "kelp"])
def test_b12_claims_the_data_contradict_carry_a_reason(word):
    note = _claim("vitamin_b12", word).note
    assert "0 µg vitamin B12" in note
    assert "SR28" in note


def test_kelp_note_names_the_inactive_analogue_and_its_source():
    note = _claim("vitamin_b12", "kelp").note
    assert "pseudovitamin B12" in note
    assert "NIH ODS" in note


def test_fortified_variants_never_judge_a_claim():
    by_food = claims_by_food()
    for (vitamin, word), ndbs in FORTIFIED_VARIANTS.items():
        _claim(vitamin, word)  # keyed by a real claim
        assert ndbs and all(NDB.fullmatch(n) for n in ndbs)
        assert not set(ndbs) & set(by_food)


@pytest.mark.parametrize(
    "percent, expected",
    [
        (None, NOT_MEASURED),
        (math.nan, NOT_MEASURED),
        (0, NOT_SUPPORTED),
        (0.0, NOT_SUPPORTED),
        (0.01, WEAK),
        (9.99, WEAK),
        (10, SUPPORTED),
        (10.0, SUPPORTED),
        (20.0, SUPPORTED),
        (350.0, SUPPORTED),
    ],
)
def test_verdict_thresholds(percent, expected):
    assert verdict(percent) == expected


def test_verdict_rejects_negative_percent():
    with pytest.raises(ValueError):
        verdict(-1.0)


@given(
    st.floats(min_value=0, max_value=1e4, allow_nan=False),
    st.floats(min_value=0, max_value=1e4, allow_nan=False),
)
def test_verdict_never_gets_worse_as_the_percent_grows(a, b):
    rank = {NOT_SUPPORTED: 0, WEAK: 1, SUPPORTED: 2}
    lo, hi = sorted((a, b))
    assert rank[verdict(lo)] <= rank[verdict(hi)]
    assert verdict(a) in VERDICTS


@pytest.mark.parametrize(
    "percents, expected",
    [
        ([4.0, 12.0, None], 12.0),  # best representative, not the median
        ([None, math.nan], None),
        ([], None),
        ([0.0, None], 0.0),
        ([3.0, 1.5], 3.0),
    ],
)
def test_best_percent_takes_the_best_measured_food(percents, expected):
    assert best_percent(percents) == expected


@pytest.mark.parametrize(
    "percents, expected",
    [
        ([2.0, 11.0, 3.0], SUPPORTED),  # one good-source form is enough
        ([2.0, 9.0], WEAK),
        ([0.0, 0.0, None], NOT_SUPPORTED),  # the tofu and kelp B12 case
        ([None], NOT_MEASURED),
    ],
)
def test_claim_verdict_from_its_representative_foods(percents, expected):
    assert verdict(best_percent(percents)) == expected


def test_rule_text_states_the_threshold_and_the_reading():
    assert f"{GOOD_SOURCE_PCT:g}%" in VERDICT_RULE
    assert "21 CFR 101.54" in VERDICT_RULE
    assert "best" in VERDICT_RULE
