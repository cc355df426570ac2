"""The Python API checks types at its boundary: TypeError or ValueError saying what is
expected, instead of an obscure error deep inside, or a string read as True."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bplanner import load_foods
from bplanner.advice.risks import RiskProfile
from bplanner.planning.planner import Options, suggest
from bplanner.targets import Profile


@pytest.fixture(scope="module")
def table():
    return load_foods()


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"foods": "data/foods.csv"}, TypeError, "foods must be a pandas DataFrame"),
        ({"foods": pd.DataFrame()}, ValueError, "lacks the column"),
        ({"profile": "adult"}, TypeError, "profile must be a bplanner.targets.Profile"),
        ({"risk": "smoker"}, TypeError, "risk must be a bplanner.advice.risks.RiskProfile"),
        ({"exclude": [None]}, TypeError, "exclude items must be strings"),
        ({"exclude": [""]}, ValueError, "must not be empty"),
        ({"exclude": ""}, ValueError, "must not be empty"),
        ({"exclude_allergens": [3]}, TypeError, "items must be strings"),
        ({"vitamins": [12]}, TypeError, "vitamins items must be strings"),
        ({"diet": None}, TypeError, "diet must be a string"),
        ({"fortified": "no"}, TypeError, "fortified must be True or False"),
        ({"all_foods": 1}, TypeError, "all_foods must be True or False"),
        ({"max_servings": 1e308}, ValueError, "at most 100"),
        ({"max_servings": math.inf}, ValueError, "finite"),
        ({"max_servings": "2"}, TypeError, "must be a number"),
        ({"min_foods": 2.5}, TypeError, "whole number"),
        ({"days": True}, TypeError, "whole number"),
    ],
    ids=lambda v: repr(v)[:30],
)
def test_suggest_refuses_wrong_types_saying_what_is_expected(kwargs, error, words):
    with pytest.raises(error, match=words):
        suggest(**kwargs)


def test_an_empty_table_is_called_empty(table):
    with pytest.raises(ValueError, match="empty table"):
        suggest(foods=table.iloc[0:0])


def test_a_right_table_still_plans(table):
    plan = suggest(vitamins="B12", foods=table, exclude=["liver"], fortified=True)
    assert plan.items and all("liver" not in i.name.lower() for i in plan.items)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"pregnant": "no", "sex": "female"}, "pregnant must be True or False"),
        ({"lactating": 0}, "lactating must be True or False"),
        ({"age": "30"}, "age must be a number"),
        ({"age": True}, "age must be a number"),
        ({"sex": 1}, "sex must be"),
    ],
)
def test_profile_refuses_strings_for_flags(kwargs, words):
    with pytest.raises(TypeError, match=words):
        Profile(**kwargs)


def test_profile_age_must_be_finite():
    with pytest.raises(ValueError, match="finite"):
        Profile(age=math.nan)


@pytest.mark.parametrize("field", ["smoker", "alcohol", "planning_pregnancy"])
def test_risk_profile_flags_are_booleans(field):
    with pytest.raises(TypeError, match=f"{field} must be True or False"):
        RiskProfile(**{field: "no"})


def test_options_fortified_no_is_not_fortified():
    with pytest.raises(TypeError, match="fortified must be True or False"):
        Options(fortified="no")
    assert Options(fortified=False).fortified is False


def test_load_foods_refuses_a_table_object_as_a_path(table):
    with pytest.raises(TypeError, match="path must be a str or Path"):
        load_foods(table)
