"""The risk options, `bplanner risks` and `bplanner claims` as a user meets them."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from bplanner.advice.safety import RULE_IDS
from bplanner.cli import cli

RUN = CliRunner()


def run(*args):
    return RUN.invoke(cli, list(args), catch_exceptions=False)


def risk_rows():
    from bplanner._resources import data_file

    with open(data_file("risk_factors.csv"), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def warning_ids(*args):
    res = run("suggest", "--format", "json", *args)
    assert res.exit_code in (0, 3), res.output
    return [w["id"] for w in json.loads(res.output)["warnings"]]


def test_vegan_b12_warns_about_the_diet_fortified_foods_and_a_blood_test():
    res = run("suggest", "--vitamins", "B12", "--diet", "vegan")
    assert res.exit_code == 0
    text = res.output.lower()
    warnings = text.split("warnings:", 1)[1]
    assert "strict vegetarian" in warnings
    assert "b12 added" in warnings or "fortified" in warnings
    assert "blood test" in warnings
    assert "physician" in warnings
    assert "not medical advice" in " ".join(text.splitlines()[-2:])  # the last sentence


def test_smoker_alcohol_and_neomycin_add_their_warnings():
    base = set(warning_ids("--vitamins", "B12", "--diet", "vegan"))
    more = set(warning_ids("--vitamins", "B12", "--diet", "vegan", "--smoker", "--alcohol",
                           "--medication", "neomycin"))
    added = more - base
    triggers = {r["id"]: r for r in risk_rows()}
    assert any(triggers[i]["trigger"] == "smoker" for i in added)
    assert any(triggers[i]["trigger"] == "alcohol" for i in added)
    assert any("neomycin" in triggers[i]["trigger"] for i in added)


def test_no_profile_warning_without_its_trigger():
    ids = set(warning_ids("--vitamins", "B12", "--diet", "omnivore"))
    kinds = {r["id"]: r["trigger_kind"] for r in risk_rows()}
    assert not any(kinds.get(i) in ("flag", "condition", "medication") for i in ids)


def test_json_warnings_are_objects_with_a_source():
    res = run("suggest", "-v", "B12", "-d", "vegan", "--smoker", "--format", "json")
    warnings = json.loads(res.output)["warnings"]
    assert warnings
    for w in warnings:
        assert set(w) >= {"id", "severity", "vitamins", "message", "advice", "source"}
        assert w["source"].strip()
    order = {"high": 0, "medium": 1, "low": 2}
    ranks = [order[w["severity"]] for w in warnings]
    assert ranks == sorted(ranks), "most severe first"


@pytest.mark.parametrize("name", ["Prilosec", "omeprazole", "NEXIUM", "Glucophage"])
def test_medication_brand_names_are_accepted(name):
    assert run("suggest", "-v", "B12", "--medication", name).exit_code == 0


@pytest.mark.parametrize("name", ["Crohn's disease", "crohns", "coeliac", "pernicious anemia"])
def test_condition_synonyms_are_accepted(name):
    assert run("suggest", "-v", "B12", "--condition", name).exit_code == 0


@pytest.mark.parametrize("option,value", [("--medication", "ibuprofen"),
                                          ("--condition", "broken leg")])
def test_unknown_names_plan_with_a_note_to_ask_a_pharmacist(option, value):
    res = RUN.invoke(cli, ["suggest", "-v", "B12", option, value])
    assert res.exit_code == 0, res.output
    warnings = res.output.split("Warnings:", 1)[1]
    assert f"B vitamins and: {value}." in warnings or f"B vitamins of: {value}." in warnings
    assert "pharmacist" in warnings and "Traceback" not in res.output


@pytest.mark.parametrize("option", ["--medication", "--condition"])
def test_an_empty_name_is_a_usage_error(option):
    res = RUN.invoke(cli, ["suggest", "-v", "B12", option, " "])
    assert res.exit_code == 2 and "empty" in res.output and "Traceback" not in res.output


def test_no_plan_still_shows_warnings_and_exit_3():
    res = run("suggest", "-v", "B12", "-d", "vegan", "--no-fortified")
    assert res.exit_code == 3
    assert "No plan exists" in res.output and "Warnings:" in res.output


def test_risks_lists_every_factor_with_its_trigger():
    res = run("risks")
    assert res.exit_code == 0
    for row in risk_rows():
        assert row["title"] in res.output
    assert "--smoker" in res.output and "--medication" in res.output


def test_risks_json_lists_accepted_names():
    data = json.loads(run("risks", "--format", "json").output)
    safety = [r for r in data["risk_factors"] if r["category"] == "safety"]
    assert len(data["risk_factors"]) == len(risk_rows()) + len(safety)
    assert [r["id"] for r in safety] == list(RULE_IDS)  # every safety rule, in order
    assert "metformin" in data["medications"]


def test_risks_for_a_profile_prints_its_warnings():
    res = run("risks", "--smoker", "--format", "json")
    ids = [w["id"] for w in json.loads(res.output)]
    assert "smoking" in ids and "blood_test" in ids


def test_claims_says_tofu_and_kelp_b12_are_not_supported():
    res = run("claims")
    assert res.exit_code == 0
    assert "B12 from tofu: NOT SUPPORTED" in res.output
    assert "B12 from kelp: NOT SUPPORTED" in res.output
    assert "Rule:" in res.output
    data = json.loads(run("claims", "--format", "json").output)
    verdicts = {(c["vitamin"], c["word"]): c["verdict"] for c in data["claims"]}
    assert verdicts[("B12", "tofu")] == verdicts[("B12", "kelp")] == "not supported"
    assert "inactive" in next(c["note"] for c in data["claims"] if c["word"] == "kelp")


def test_show_says_when_usda_does_not_support_the_leaflet():
    """Tofu (16126) is a leaflet B12 source with 0 µg in USDA data; beef liver is one
    that holds up."""
    tofu = run("show", "16126").output
    assert "leaflet names it as a source of: B12" in tofu
    assert "B12: USDA data do not support this" in tofu
    liver = run("show", "13326").output
    assert "leaflet names it as a source of" in liver
    assert "do not support" not in liver
