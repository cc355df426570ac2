"""Daily targets and upper limits match the published reference table for each person.

Expected values are read here, with the csv module, from the row of
``data/reference/dri_b_vitamins.csv`` that the IOM tables assign to the person,
so a wrong row choice in ``bplanner.targets`` fails these tests.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bplanner.targets import Profile, profile_problem, targets_for, upper_limits
from bplanner.vitamins import ORDER

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference" / "dri_b_vitamins.csv"


def _rows() -> list[dict]:
    with open(REFERENCE, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


ROWS = _rows()


def ref(nutrient: str, kind: str, sex: str, stage: str, age_min: float) -> float:
    """The value of the one reference row named by its keys (age_min starts the age band)."""
    hits = [
        r
        for r in ROWS
        if r["nutrient"] == nutrient
        and r["kind"] == kind
        and r["sex"] == sex
        and r["life_stage"] == stage
        and float(r["age_min"]) == age_min
    ]
    assert len(hits) == 1, (nutrient, kind, sex, stage, age_min, hits)
    return float(hits[0]["value"])


def target(profile: Profile, vitamin: str):
    (t,) = targets_for(profile, (vitamin,))
    return t


def test_adult_default_takes_the_higher_value_of_both_sexes():
    p = Profile()  # age 30, sex unset
    male, female = (
        ref("thiamin", "RDA", "male", "general", 19),
        ref("thiamin", "RDA", "female", "general", 19),
    )
    assert male != female  # the case only tests something if the sexes differ
    t = target(p, "thiamin")
    assert t.value == max(male, female) == 1.2
    assert t.kind == "RDA" and t.unit == "mg"
    assert target(p, "vitamin_b12").value == ref("vitamin_b12", "RDA", "any", "general", 14)
    assert target(p, "folate").value == ref("folate", "RDA", "any", "general", 14)


def test_every_vitamin_has_a_target_in_canonical_order():
    assert [t.vitamin for t in targets_for(Profile())] == list(ORDER)


def test_female_19_to_50_thiamin():
    for age in (19, 30, 50):
        t = target(Profile(age=age, sex="female"), "thiamin")
        assert t.value == ref("thiamin", "RDA", "female", "general", 19) == 1.1


def test_male_51_plus_b6():
    for age in (51, 70, 120):
        t = target(Profile(age=age, sex="male"), "vitamin_b6")
        assert t.value == ref("vitamin_b6", "RDA", "male", "general", 51) == 1.7
    # and the band before it is different
    assert target(Profile(age=50, sex="male"), "vitamin_b6").value == ref(
        "vitamin_b6", "RDA", "male", "general", 14
    )


def test_female_51_plus_b6_and_unknown_sex_takes_the_higher():
    assert target(Profile(age=60, sex="female"), "vitamin_b6").value == ref(
        "vitamin_b6", "RDA", "female", "general", 51
    )
    assert target(Profile(age=60), "vitamin_b6").value == max(
        ref("vitamin_b6", "RDA", "female", "general", 51),
        ref("vitamin_b6", "RDA", "male", "general", 51),
    )


def test_pregnancy():
    p = Profile(age=28, sex="female", pregnant=True)
    assert target(p, "folate").value == ref("folate", "RDA", "female", "pregnancy", 14) == 600
    assert (
        target(p, "vitamin_b12").value
        == ref("vitamin_b12", "RDA", "female", "pregnancy", 14)
        == 2.6
    )
    assert target(p, "thiamin").value == ref("thiamin", "RDA", "female", "pregnancy", 14)
    assert target(p, "vitamin_b6").value == ref("vitamin_b6", "RDA", "female", "pregnancy", 14)
    # sex unset is accepted for pregnancy and gives the same values
    assert targets_for(Profile(age=28, pregnant=True)) == targets_for(p)


def test_lactation():
    p = Profile(age=33, sex="female", lactating=True)
    assert (
        target(p, "vitamin_b12").value
        == ref("vitamin_b12", "RDA", "female", "lactation", 14)
        == 2.8
    )
    assert target(p, "folate").value == ref("folate", "RDA", "female", "lactation", 14)
    assert target(p, "vitamin_b6").value == ref("vitamin_b6", "RDA", "female", "lactation", 14)


@pytest.mark.parametrize("age, band", [(0.0, 0.0), (0.3, 0.0), (0.5, 0.5), (0.7, 0.5)])
def test_infants_use_adequate_intakes(age, band):
    p = Profile(age=age)
    assert p.life_stage == "infant"
    for t in targets_for(p):
        assert t.kind == "AI"
        assert t.value == ref(t.vitamin, "AI", "any", "infant", band)
    assert upper_limits(p) == {"retinol": ref("retinol", "UL", "any", "infant", 0)}


def test_two_infant_bands_differ():
    young, older = targets_for(Profile(age=0.3)), targets_for(Profile(age=0.7))
    assert all(a.value < b.value for a, b in zip(young, older))


@pytest.mark.parametrize(
    "age, band",
    [(1, 1), (2.5, 1), (3, 1), (3.9, 1), (4, 4), (8, 4), (9, 9), (13, 9), (13.5, 9), (13.99, 9)],
)
def test_children(age, band):
    p = Profile(age=age)
    assert p.life_stage == "child"
    for t in targets_for(p):
        # pantothenic acid has only AIs (IOM 1998: no RDA at any age)
        kind = "AI" if t.vitamin == "pantothenic_acid" else "RDA"
        assert t.kind == kind
        assert t.value == ref(t.vitamin, kind, "any", "child", band)
    assert target(p, "vitamin_b6").upper_limit == ref("vitamin_b6", "UL", "any", "child", band)
    assert target(p, "niacin").upper_limit is None  # its UL is on added niacin only
    assert upper_limits(p) == {
        "vitamin_b6": ref("vitamin_b6", "UL", "any", "child", band),
        "folic_acid": ref("folic_acid", "UL", "any", "child", band),
        "niacin": ref("niacin", "UL", "any", "child", band),
        "retinol": ref("retinol", "UL", "any", "child", band),
    }


def test_age_14_is_general_not_child():
    p = Profile(age=14, sex="female")
    assert p.life_stage == "general"
    assert target(p, "thiamin").value == ref("thiamin", "RDA", "female", "general", 14)
    assert target(p, "vitamin_b12").value == ref("vitamin_b12", "RDA", "any", "general", 14)
    assert target(Profile(age=13.5), "vitamin_b12").value == ref(
        "vitamin_b12", "RDA", "any", "child", 9
    )


def test_upper_limits_adults_and_teenagers():
    adult = upper_limits(Profile(age=30))
    assert adult == {
        "vitamin_b6": ref("vitamin_b6", "UL", "any", "general", 19),
        "folic_acid": ref("folic_acid", "UL", "any", "general", 19),
        "niacin": ref("niacin", "UL", "any", "general", 19),
        "retinol": ref("retinol", "UL", "any", "general", 19),
    }
    assert adult["vitamin_b6"] == 100
    teen = upper_limits(Profile(age=16))
    assert teen == {
        "vitamin_b6": ref("vitamin_b6", "UL", "any", "general", 14),
        "folic_acid": ref("folic_acid", "UL", "any", "general", 14),
        "niacin": ref("niacin", "UL", "any", "general", 14),
        "retinol": ref("retinol", "UL", "any", "general", 14),
    }
    assert teen["vitamin_b6"] == 80
    assert target(Profile(age=30), "vitamin_b6").upper_limit == 100
    assert target(Profile(age=16), "vitamin_b6").upper_limit == 80


def test_upper_limits_pregnant_teenager_and_adult():
    teen = upper_limits(Profile(age=16, sex="female", pregnant=True))
    assert teen["vitamin_b6"] == ref("vitamin_b6", "UL", "female", "pregnancy", 14)
    assert teen["folic_acid"] == ref("folic_acid", "UL", "female", "pregnancy", 14)
    assert teen["retinol"] == ref("retinol", "UL", "female", "pregnancy", 14)
    adult = upper_limits(Profile(age=30, sex="female", lactating=True))
    assert adult["retinol"] == ref("retinol", "UL", "female", "lactation", 19)


def test_no_upper_limit_for_thiamin_or_b12():
    for p in (Profile(), Profile(age=5), Profile(age=25, pregnant=True), Profile(age=0.3)):
        assert target(p, "thiamin").upper_limit is None
        assert target(p, "vitamin_b12").upper_limit is None
    assert not any(r["kind"] == "UL" and r["nutrient"] in ("thiamin", "vitamin_b12") for r in ROWS)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(sex="male", pregnant=True), "females"),
        (dict(sex="male", lactating=True), "females"),
        (dict(age=13, pregnant=True), "14 to 50"),
        (dict(age=51, pregnant=True), "14 to 50"),
        (dict(age=60, lactating=True), "14 to 50"),
        (dict(age=25, pregnant=True, lactating=True), "both"),
        (dict(age=-1), "between 0 and 120"),
        (dict(age=121), "between 0 and 120"),
        (dict(age=float("nan")), "number"),
        (dict(sex="other"), "female or male"),
    ],
)
def test_impossible_profiles_raise(kwargs, words):
    with pytest.raises(ValueError, match=words):
        Profile(**kwargs)


def test_boundaries_of_possible_profiles_are_accepted():
    for kwargs in (
        dict(age=0),
        dict(age=120),
        dict(age=14, pregnant=True),
        dict(age=50, sex="female", lactating=True),
    ):
        p = Profile(**kwargs)
        assert profile_problem(p) is None
        assert len(targets_for(p)) == 7  # B1, B2, B3, B5, B6, B9, B12


def test_pregnancy_band_runs_in_whole_years_like_the_reference_rows():
    # "14 to 50" runs from the 14th to the 51st birthday, as every other band does
    p = Profile(age=50.5, sex="female", pregnant=True)
    assert target(p, "folate").value == ref("folate", "RDA", "female", "pregnancy", 14)
    with pytest.raises(ValueError, match="14 to 50"):
        Profile(age=13.9, pregnant=True)
