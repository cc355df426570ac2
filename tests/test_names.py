"""Names people type: vitamins, sex and allergens, in any case and spelling.

Each accepted spelling must give the same answer as the canonical name; anything
else is a usage error (exit 2) that lists what is accepted.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import items
from hypothesis import given
from hypothesis import strategies as st

from bplanner.allergens import parse_allergen
from bplanner.cli import cli
from bplanner.targets import Profile, parse_sex
from bplanner.vitamins import parse_vitamin


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def as_json(*args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def usage_error(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


# ------------------------------------------------------------------ vitamins

TYPED = [
    ("Vitamin B-12", "vitamin_b12"), ("vitamin B 12", "vitamin_b12"), ("vit b12", "vitamin_b12"),
    ("VIT. B12", "vitamin_b12"), ("vitB12", "vitamin_b12"), ("B-12", "vitamin_b12"),
    ("b 12", "vitamin_b12"), ("Vitamin B₁₂", "vitamin_b12"), ("Cyanocobalamin", "vitamin_b12"),
    ("vit b6", "vitamin_b6"), ("Vitamin B-6", "vitamin_b6"), ("PYRIDOXINE", "vitamin_b6"),
    ("VIT. B1", "thiamin"), ("vitamin b1", "thiamin"), ("Thiamine", "thiamin"),
    ("B-9", "folate"), ("vit. B9", "folate"), ("Folic-Acid", "folate"), ("folic_acid", "folate"),
]


@pytest.mark.parametrize(("text", "key"), TYPED)
def test_vitamin_spellings(text, key):
    assert parse_vitamin(text) == key


@given(
    number=st.sampled_from(["1", "6", "9", "12"]),
    prefix=st.sampled_from(["", "vitamin ", "Vitamin", "vit ", "vit. ", "VIT.", "vitamin-"]),
    sep=st.sampled_from(["", "-", " ", "_", ". "]),
    upper=st.booleans(),
)
def test_any_vitamin_prefix_separator_and_case(number, prefix, sep, upper):
    text = f"{prefix}{'B' if upper else 'b'}{sep}{number}"
    text = text.upper() if upper else text
    expected = {"1": "thiamin", "6": "vitamin_b6", "9": "folate", "12": "vitamin_b12"}[number]
    assert parse_vitamin(text) == expected


@pytest.mark.parametrize("text", ["vitamin", "vit", "B", "vitamin B13", "vitamin B7", "B 8",
                                  "vitamin folic", "", "vit b 1 2 3"])
def test_other_vitamin_names_are_refused_listing_the_accepted(text):
    with pytest.raises(ValueError) as err:
        parse_vitamin(text)
    # one short line: every label, the names in --help (issue 24: error lines were 345+)
    for name in ("B1", "B2", "B3", "B5", "B6", "B9", "B12", "see --help"):
        assert name in str(err.value)
    assert len(str(err.value)) < 200


@pytest.mark.parametrize("text, expected", [
    ("B2", "riboflavin"), ("vitamin B-2", "riboflavin"), ("Riboflavin", "riboflavin"),
    ("B3", "niacin"), ("nicotinic acid", "niacin"), ("niacinamide", "niacin"),
    ("B5", "pantothenic_acid"), ("pantothenic acid", "pantothenic_acid"),
    ("Vit. B5", "pantothenic_acid"),
])
def test_riboflavin_niacin_and_pantothenic_acid_by_the_names_people_type(text, expected):
    assert parse_vitamin(text) == expected


@pytest.mark.parametrize("text", ["B7", "biotin", "Vitamin B-7", "vitamin H"])
def test_biotin_is_refused_saying_usda_does_not_report_it(text):
    with pytest.raises(ValueError) as err:
        parse_vitamin(text)
    assert "biotin (B7) cannot be planned" in str(err.value)
    assert "does not report it" in str(err.value)


def test_foods_takes_the_typed_vitamin_name():
    expected = as_json("foods", "--vitamin", "B12", "--top", "15")
    assert expected
    for text in ("Vitamin B-12", "vitamin B 12", "vit. b12"):
        assert as_json("foods", "--vitamin", text, "--top", "15") == expected
    mixed = as_json("foods", "--vitamins", "vit b6,VIT. B1", "--top", "15")
    assert mixed == as_json("foods", "--vitamins", "B1,B6", "--top", "15")


def test_unknown_vitamin_is_a_usage_error():
    err = usage_error("foods", "--vitamin", "vitamin B13")
    assert "'vitamin B13'" in err and "B12" in err and "see --help" in err
    helped = " ".join(CliRunner().invoke(cli, ["foods", "--help"]).output.split())
    for name in ("B1/thiamine", "B2/riboflavin", "B3/niacin", "B5/pantothenic acid",
                 "B6/pyridoxine", "B9/folate/folic acid", "B12/cobalamin"):
        assert name in helped


# ----------------------------------------------------------------------- sex


@pytest.mark.parametrize(("text", "sex"), [
    ("f", "female"), ("F", "female"), ("Female", "female"), ("woman", "female"),
    ("m", "male"), ("M", "male"), ("MALE", "male"), ("Man", "male"),
])
def test_sex_spellings(text, sex):
    assert parse_sex(text) == sex


def test_the_library_profile_takes_the_typed_sex_too():
    assert Profile(sex="F", age=40) == Profile(sex="female", age=40)
    assert Profile(sex="Man").sex == "male"
    with pytest.raises(ValueError, match="sex must be female or male"):
        Profile(sex="x")


@pytest.mark.parametrize("sex", ["female", "male"])
def test_targets_and_risks_take_the_short_sex(sex):
    expected = as_json("targets", "--sex", sex, "--age", "60")
    assert sex in expected["profile"]
    for text in (sex[0], sex[0].upper(), {"female": "Woman", "male": "MAN"}[sex]):
        assert as_json("targets", "--sex", text, "--age", "60") == expected
    assert as_json("risks", "--sex", sex[0], "--age", "60") == as_json(
        "risks", "--sex", sex, "--age", "60")


def test_suggest_takes_sex_f():
    plan = as_json("suggest", "--vitamins", "B12", "--diet", "vegetarian", "--sex", "f")
    assert plan["profile"]["sex"] == "female"


@pytest.mark.parametrize("command", ["targets", "risks", "suggest"])
def test_unknown_sex_is_a_usage_error(command):
    err = usage_error(command, "--sex", "x")
    assert "'x'" in err and "female" in err and "male" in err


# ------------------------------------------------------------------ allergens


@pytest.mark.parametrize("text", ["molluscs", "Mollusks", "MOLLUSC", "mollusk", "shellfish",
                                  "Shellfish", "clams", "Oyster", "squid", "prawns"])
def test_shellfish_and_molluscs_mean_the_crustacean_shellfish_key(text):
    assert parse_allergen(text) == "crustacean_shellfish"


def test_excluding_molluscs_leaves_out_every_mollusc(shipped_by_ndb):
    # the data's promise the synonym rests on: every USDA mollusc carries the flag
    molluscs = [r for r in shipped_by_ndb.values() if r["name"].startswith("Mollusks")]
    assert len(molluscs) > 20
    assert all("crustacean_shellfish" in items(r["allergens"]) for r in molluscs)
    every = as_json("foods", "--vitamin", "B12", "--name", "mollusks", "--top", "500")
    assert every
    for text in ("molluscs", "mollusks", "shellfish", "Shellfish"):
        assert as_json("foods", "--vitamin", "B12", "--name", "mollusks", "--top", "500",
                       "-x", text) == []
    kept = as_json("foods", "--vitamin", "B12", "--top", "300", "-x", "MOLLUSCS")
    assert kept
    assert not any("crustacean_shellfish" in items(shipped_by_ndb[f["ndb"]]["allergens"])
                   for f in kept)


def test_unknown_allergen_lists_the_accepted_and_the_synonyms():
    err = usage_error("foods", "-x", "mustard")
    for name in ("milk", "crustacean shellfish", "tree nuts", "sesame", "see --help"):
        assert name in err
    helped = " ".join(CliRunner().invoke(cli, ["foods", "--help"]).output.split())
    for name in ("molluscs", "mollusks", "dairy", "soya"):
        assert name in helped
