"""Risk factors and interactions: each warning appears with its trigger, and only then.

Expectations come from plain csv readings of data/risk_factors.csv and
data/risk_names.csv, and from the leaflet's own words and headings.
"""

from __future__ import annotations

import csv
import random
import re
from types import SimpleNamespace

import pytest
from conftest import FOODS_CSV, REPO

from bplanner.advice.risks import (
    NEAR_UL_FRACTION,
    RiskProfile,
    RiskWarning,
    accepted_names,
    load_risk_factors,
    parse_condition,
    parse_medication,
    read_risk_factors,
    risk_profile_problem,
    risk_table,
    sort_warnings,
    warnings_for,
)
from bplanner.targets import Profile

RISKS_CSV = REPO / "data" / "risk_factors.csv"
NAMES_CSV = REPO / "data" / "risk_names.csv"
ALL_VITAMINS = ("B1", "B6", "B9", "B12")
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
# The leaflet's headings under which its risk factors and interactions are printed.
LEAFLET_SECTIONS = ("How to measure your B vitamin levels?", "How to give injections")
NIH = "NIH Office of Dietary Supplements"


def _rows() -> list[dict[str, str]]:
    with open(RISKS_CSV, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _names() -> list[dict[str, str]]:
    with open(NAMES_CSV, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


ROWS = _rows()
BY_ID = {r["id"]: r for r in ROWS}


def _split(cell: str) -> list[str]:
    return [x for x in cell.split(";") if x]


def _ids(warnings) -> set[str]:
    return {w.id for w in warnings}


def _plan(items=(), **shares):
    """A small stand-in for planner.Plan: items and limits (nutrient -> share of its UL)."""
    limits = {
        name: {"limit": 1000.0, "amount": 1000.0 * share, "unit": "µg"}
        for name, share in shares.items()
    }
    return SimpleNamespace(items=list(items), limits=limits)


def _item(fortified: bool, **amounts):
    return SimpleNamespace(fortified=fortified, amounts=amounts)


QUIET_PLAN = _plan([_item(False, vitamin_b12=3.0)], retinol=0.1, folic_acid=0.0)


def _case(row: dict[str, str], trigger: str):
    """(profile, diet, risk profile, plan) that sets off one trigger of a row and nothing else."""
    kind = row["trigger_kind"]
    profile, diet, risk, plan = Profile(age=30), "omnivore", RiskProfile(), QUIET_PLAN
    if kind == "diet":
        diet = trigger
    elif kind == "flag":
        profile = Profile(age=30, sex="female") if trigger == "planning_pregnancy" else profile
        risk = RiskProfile(**{trigger: True})
    elif kind == "sex_age":
        profile = Profile(age=30, sex="female")
    elif kind == "condition":
        risk = RiskProfile(conditions=(trigger,))
    elif kind == "medication":
        risk = RiskProfile(medications=(trigger,))
    elif kind == "age":
        profile = Profile(age=float(trigger.removeprefix(">=")))
    elif kind == "life_stage":
        stage = {"pregnancy": "pregnant", "lactation": "lactating"}[trigger]
        profile = Profile(age=30, sex="female", **{stage: True})
    elif kind == "plan":
        plan = {
            "fortified_foods": _plan([_item(True, vitamin_b12=1.0)], retinol=0.1, folic_acid=0.0),
            "retinol_near_ul": _plan([_item(False, vitamin_b12=1.0)], retinol=0.9, folic_acid=0),
            "folic_acid_near_ul": _plan([_item(False, folate=1.0)], retinol=0.1, folic_acid=0.9),
            # folic acid near its limit with a B12 risk factor: the vegan diet
            "folic_acid_masks_b12": _plan([_item(False, folate=1.0)], folic_acid=0.9),
            # any folic acid below that, with a B12 risk factor: the vegan diet again
            "folic_acid_with_b12_risk": _plan([_item(False, folate=1.0)], folic_acid=0.45),
            # the same for a woman who could become pregnant: prenatal advice instead
            "folic_acid_b12_pregnancy": _plan([_item(False, folate=1.0)], folic_acid=0.45),
        }[trigger]
        if trigger in ("folic_acid_masks_b12", "folic_acid_with_b12_risk",
                       "folic_acid_b12_pregnancy"):
            diet = "vegan"
        if trigger == "folic_acid_b12_pregnancy":
            profile = Profile(age=30, sex="female")
    return profile, diet, risk, plan


BY_TRIGGER = {r["trigger"]: r["id"] for r in ROWS if r["trigger_kind"] == "plan"}


def _expected(kind: str, trigger: str) -> set[str]:
    """Ids a single trigger should set off, read from the CSV (shared triggers included)."""
    ids = {r["id"] for r in ROWS if r["trigger_kind"] == kind and trigger in _split(r["trigger"])}
    if kind == "age":
        age = int(trigger.removeprefix(">="))
        ids = {
            r["id"]
            for r in ROWS
            if r["trigger_kind"] == "age" and age >= int(r["trigger"].removeprefix(">="))
        }
    if kind == "plan" and trigger in ("folic_acid_masks_b12", "folic_acid_with_b12_risk"):
        ids = {BY_TRIGGER[trigger], "vegan_diet"}
    if kind == "plan" and trigger == "folic_acid_b12_pregnancy":
        ids = {"folic_acid_b12_check_pregnancy", "vegan_diet", "folic_acid_cdc"}
    if any(BY_ID[i]["category"] == "deficiency" for i in ids):
        ids.add("blood_test")
    return ids


TRIGGERS = [
    pytest.param(row, t, id=f"{row['id']}:{t}")
    for row in ROWS
    if row["trigger_kind"] not in ("info", "deficiency", "unknown")
    for t in _split(row["trigger"])
]


# --------------------------------------------------------------------------- the data


def test_the_file_loads_and_matches_the_csv():
    factors = load_risk_factors()
    assert [f.id for f in factors] == [r["id"] for r in ROWS]
    assert len({f.id for f in factors}) == len(factors)
    for f, r in zip(factors, ROWS, strict=True):
        assert f.vitamins == tuple(_split(r["vitamins"]))
        assert f.severity == r["severity"] and f.source == r["source"]


def test_leaflet_items_come_first_and_cite_its_sections_by_name():
    leaflet = [r["source"].startswith("Leaflet (cyanocobalamin), section ") for r in ROWS]
    first_other = leaflet.index(False)
    assert first_other >= 9 and not any(leaflet[first_other:])
    for r in ROWS[:first_other]:
        assert any(f'section "{s}"' in r["source"] for s in LEAFLET_SECTIONS), r["id"]


# Well-established items the ODS fact sheets do not list (or that bplanner could not read
# there): each cites another published source, named here.
SECOND_SOURCES = {
    "isoniazid": "EBSCO Research Starters",
    "levodopa": "US FDA prescribing information",
    "nitrous_oxide": "Ladner JR, Alston TA (2015)",
    "folate_antagonists": "Summary of Product Characteristics",
    # issue 23: names the ODS sheets do not list, each with its published source
    "colchicine": "N Engl J Med 279",
    "oral_contraceptives": "Nutr Rev 69",
    "bowel_resection": "ASH-SAP",
    "tropical_sprue": "Paediatrics & Child Health",
    "folic_acid_cdc": "US CDC, \"Folic Acid: Recommendations\"",
}


def test_every_row_names_a_source_and_non_leaflet_rows_a_published_one():
    for r in ROWS:
        assert r["source"].strip(), r["id"]
        if r["category"] in ("plan", "note") or r["source"].startswith("Leaflet"):
            continue
        if r["id"] in SECOND_SOURCES:
            assert SECOND_SOURCES[r["id"]] in r["source"], r["id"]
        else:
            assert "Fact Sheet for Health Professionals" in r["source"], r["id"]
            assert r["source"].startswith(NIH), r["id"]


@pytest.mark.parametrize(
    "risk_id, kind, trigger, vitamins",
    [
        # the leaflet's list of causes ("How to measure your B vitamin levels?")
        ("vegan_diet", "diet", "vegan", {"B12"}),
        ("gi_malabsorption", "condition", "atrophic gastritis", {"B1", "B6", "B9", "B12"}),
        ("gi_malabsorption", "condition", "celiac disease", {"B12"}),
        ("gi_malabsorption", "condition", "crohn's disease", {"B12"}),
        ("helminthiasis", "condition", "helminthiasis", {"B12"}),
        ("smoking", "flag", "smoker", {"B1", "B6", "B9", "B12"}),
        ("alcohol", "flag", "alcohol", {"B1", "B6", "B9", "B12"}),
        # the leaflet's interactions ("How to give injections")
        ("antibiotics", "medication", "kanamycin", {"B12"}),
        ("antibiotics", "medication", "polymyxins", {"B12"}),
        ("antibiotics", "medication", "neomycin", {"B12"}),
        ("antibiotics", "medication", "tetracyclines", {"B12"}),
        ("clotting_drugs", "medication", "anticoagulants", {"B12"}),
        ("thiamine_allergy", "condition", "thiamine allergy", {"B1", "B12"}),
        # NIH ODS items the leaflet omits
        ("age_over_50", "age", ">=51", {"B12"}),
        ("low_stomach_acid", "condition", "low stomach acid", {"B12"}),
        ("pernicious_anaemia", "condition", "pernicious anaemia", {"B12"}),
        ("gastric_surgery", "condition", "gastric or bariatric surgery", {"B12"}),
        ("metformin", "medication", "metformin", {"B12"}),
        ("ppi", "medication", "ppi", {"B12"}),
        ("h2_blockers", "medication", "h2 blockers", {"B12"}),
        ("pregnancy", "life_stage", "pregnancy", {"B9"}),
        ("planning_pregnancy", "flag", "planning_pregnancy", {"B9"}),
        ("alcohol_dependence", "condition", "alcohol dependence", {"B1", "B6", "B9"}),
        ("folic_acid_masks_b12", "plan", "folic_acid_masks_b12", {"B9", "B12"}),
    ],
)
def test_the_issues_risk_factors_are_all_there(risk_id, kind, trigger, vitamins):
    row = BY_ID[risk_id]
    assert row["trigger_kind"] == kind
    assert trigger in _split(row["trigger"])
    assert vitamins <= set(_split(row["vitamins"]))


def test_nih_items_cite_the_fact_sheet_of_their_vitamin():
    sheets = {"B12": "Vitamin B12", "B9": "Folate"}
    for risk_id in (
        "age_over_50",
        "pernicious_anaemia",
        "metformin",
        "ppi",
        "h2_blockers",
        "pregnancy",
        "planning_pregnancy",
        "folic_acid_masks_b12",
    ):
        row = BY_ID[risk_id]
        cited = [s for v, s in sheets.items() if v in _split(row["vitamins"])]
        assert any(f"{s} Fact Sheet" in row["source"] for s in cited), risk_id
    assert "Thiamin Fact Sheet" in BY_ID["alcohol_dependence"]["source"]


def test_no_text_prescribes_a_dose():
    """bplanner sets no doses; the one amount quoted is CDC's public folic acid advice."""
    dose = re.compile(r"\d\s*(mg|mcg|µg|ug|iu|units?|ml)\b", re.IGNORECASE)
    cdc = "400 µg of folic acid"
    for r in ROWS:
        for col in ("message", "advice"):
            text = r[col]
            if r["id"] in ("folic_acid_cdc", "folic_acid_b12_check_pregnancy"):
                assert cdc in r["message"] and "CDC" in r["source"] + r["message"]
                text = text.replace(cdc, "")
            assert not dose.search(text), (r["id"], col)


def test_interactions_send_the_reader_to_a_physician_or_pharmacist():
    for r in ROWS:
        if r["category"] == "interaction" and r["trigger_kind"] != "info":
            assert "physician" in r["advice"], r["id"]


def test_diet_b12_advice_names_fortified_foods_and_a_supplement_with_a_physician():
    for risk_id in ("vegan_diet", "vegetarian_diet"):
        advice = BY_ID[risk_id]["advice"]
        assert "B12 added" in advice and "supplement with a physician" in advice


def test_a_bad_file_is_refused(tmp_path):
    text = RISKS_CSV.read_text(encoding="utf-8")
    bad = tmp_path / "risks.csv"
    bad.write_text(text.replace(",vegan,B12,high,", ",vegan,B12,urgent,", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="severity"):
        read_risk_factors(bad)
    bad.write_text(text.replace(",diet,vegan,", ",diet,carnivore,", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="diet trigger"):
        read_risk_factors(bad)


# --------------------------------------------------------------------------- triggers


def test_no_trigger_no_warning():
    assert warnings_for(Profile(age=30), "omnivore", ALL_VITAMINS, RiskProfile(), QUIET_PLAN) == []
    assert warnings_for(Profile(age=30), "pescatarian", ALL_VITAMINS) == []


@pytest.mark.parametrize("row, trigger", TRIGGERS)
def test_each_trigger_sets_off_its_warning_and_nothing_else(row, trigger):
    profile, diet, risk, plan = _case(row, trigger)
    found = warnings_for(profile, diet, ALL_VITAMINS, risk, plan)
    assert row["id"] in _ids(found)
    assert _ids(found) == _expected(row["trigger_kind"], trigger)


@pytest.mark.parametrize("age, shown", [(50, False), (50.9, False), (51, True), (90, True)])
def test_age_over_50_starts_at_51(age, shown):
    found = warnings_for(Profile(age=age), "omnivore", ["B12"])
    assert ("age_over_50" in _ids(found)) is shown


def test_the_injection_note_is_never_a_plan_warning():
    assert BY_ID["injection_syringe"]["trigger_kind"] == "info"
    everything = RiskProfile(
        smoker=True,
        alcohol=True,
        conditions=tuple(accepted_names("condition")),
        medications=tuple(accepted_names("medication")),
    )
    plan = _plan(
        [_item(True, thiamin=1.0, vitamin_b6=1.0, vitamin_b12=1.0)], retinol=0.95, folic_acid=0.95
    )
    for diet in ("omnivore", "vegan"):
        found = warnings_for(Profile(age=70), diet, ALL_VITAMINS, everything, plan)
        assert "injection_syringe" not in _ids(found)
    assert "injection_syringe" in {r["id"] for r in risk_table()}


@pytest.mark.parametrize("row, trigger", TRIGGERS)
def test_no_warning_is_dropped_by_the_chosen_vitamins(row, trigger):
    """A person's risks do not depend on the vitamins they asked about."""
    profile, diet, risk, plan = _case(row, trigger)
    everything = _ids(warnings_for(profile, diet, ALL_VITAMINS, risk, plan))
    for chosen in (["B1"], ["B6"], ["B9"], ["B12"], ["B1", "B6"]):
        found = warnings_for(profile, diet, chosen, risk, plan)
        if row["trigger_kind"] != "plan":  # plan warnings follow what the plan supplies
            assert _ids(found) == everything, chosen
        for w in found:
            assert w.outside_chosen == (bool(w.vitamins) and not set(w.vitamins) & set(chosen))


def test_warnings_about_unchosen_vitamins_are_marked_in_the_text_and_the_json():
    risk = RiskProfile(conditions=["pernicious anaemia"], medications=["warfarin"])
    found = {w.id: w for w in warnings_for(Profile(age=30), "vegan", ["B1"], risk)}
    assert {"pernicious_anaemia", "vegan_diet", "clotting_drugs", "blood_test"} <= set(found)
    pa = found["pernicious_anaemia"]
    assert pa.outside_chosen and pa.to_dict()["outside_chosen_vitamins"] is True
    assert "Not among the vitamins you asked to plan (B12)" in pa.render()
    found = {w.id: w for w in warnings_for(Profile(age=30), "vegan", ["B12"], risk)}
    assert not found["pernicious_anaemia"].outside_chosen
    assert "Not among" not in found["pernicious_anaemia"].render()


def test_synonyms_and_duplicates_collapse_to_one_warning():
    risk = RiskProfile(medications=["omeprazole", "Nexium", "ppi"])
    assert risk.medications == ("ppi",)
    found = warnings_for(Profile(), "omnivore", ["B12"], risk)
    assert [w.id for w in found].count("ppi") == 1


# --------------------------------------------------------------------------- blood test


@pytest.mark.parametrize(
    "row, trigger",
    [p for p in TRIGGERS if p.values[0]["category"] == "deficiency"],
)
def test_blood_test_advice_comes_with_every_deficiency_risk(row, trigger):
    profile, diet, risk, plan = _case(row, trigger)
    found = warnings_for(profile, diet, ALL_VITAMINS, risk, plan)
    (test,) = [w for w in found if w.id == "blood_test"]
    assert "blood test" in test.advice
    assert 'section "How to measure your B vitamin levels?"' in test.source
    deficiency_vitamins = {
        v for w in found if BY_ID[w.id]["category"] == "deficiency" for v in w.vitamins
    }
    assert set(test.vitamins) == deficiency_vitamins
    # after every deficiency risk of its severity
    same = [w.id for w in found if w.severity == test.severity]
    deficiency_ids = [i for i in same if BY_ID[i]["category"] == "deficiency"]
    assert all(same.index(i) < same.index("blood_test") for i in deficiency_ids)


@pytest.mark.parametrize(
    "row, trigger",
    [
        p
        for p in TRIGGERS
        if p.values[0]["category"] in ("interaction", "plan")
        and p.values[1] not in ("folic_acid_masks_b12", "folic_acid_with_b12_risk",
                                 "folic_acid_b12_pregnancy")
    ],  # those cases need a vegan diet too
)
def test_no_blood_test_advice_without_a_deficiency_risk(row, trigger):
    profile, diet, risk, plan = _case(row, trigger)
    found = warnings_for(profile, diet, ALL_VITAMINS, risk, plan)
    assert found and "blood_test" not in _ids(found)


def test_a_deficiency_risk_outside_the_chosen_vitamins_still_brings_the_blood_test():
    risk = RiskProfile(conditions=["pernicious anaemia"])
    found = warnings_for(Profile(), "omnivore", ["B9"], risk)
    assert [w.id for w in found] == ["pernicious_anaemia", "blood_test"]
    assert all(w.outside_chosen for w in found)


# --------------------------------------------------------------------------- order and shape


def _everything():
    risk = RiskProfile(
        smoker=True,
        alcohol=True,
        conditions=tuple(accepted_names("condition")),
        medications=tuple(accepted_names("medication")),
    )
    plan = _plan([_item(True, vitamin_b12=1.0)], retinol=0.85, folic_acid=0.9)
    return warnings_for(Profile(age=60, sex="female"), "vegan", ALL_VITAMINS, risk, plan)


def test_most_severe_first_then_file_order():
    found = _everything()
    ranks = [SEVERITY_RANK[w.severity] for w in found]
    assert ranks == sorted(ranks)
    order = [r["id"] for r in ROWS]
    for sev in SEVERITY_RANK:
        ids = [w.id for w in found if w.severity == sev and w.id != "blood_test"]
        assert ids == sorted(ids, key=order.index)
    shuffled = found[:]
    random.Random(4).shuffle(shuffled)
    assert sort_warnings(shuffled) == found


def test_every_warning_names_its_source():
    found = _everything()
    assert len(found) >= 20
    for w in found:
        assert w.source.strip()
        assert w.source == BY_ID[w.id]["source"]
        if BY_ID[w.id]["source"].startswith("Leaflet"):
            assert w.source.startswith("Leaflet (cyanocobalamin)")


def test_warning_as_json_and_as_text():
    w = RiskWarning("x", "high", ("B12",), "Message.", "Advice.", "Source text")
    assert w.to_dict() == {
        "id": "x",
        "severity": "high",
        "vitamins": ["B12"],
        "outside_chosen_vitamins": False,
        "message": "Message.",
        "advice": "Advice.",
        "source": "Source text",
    }
    assert w.render().splitlines() == [
        "[HIGH] Message. (B12)",
        "    Advice.",
        "    Source: Source text",
    ]
    outside = RiskWarning("x", "high", ("B12",), "Message.", "Advice.", "Source", True)
    assert outside.to_dict()["outside_chosen_vitamins"] is True
    assert outside.render().splitlines()[1] == (
        "    Not among the vitamins you asked to plan (B12), but it applies to you."
    )


# --------------------------------------------------------------------------- the plan


def test_fortified_warning_names_only_the_chosen_vitamins_fortified_foods_supply():
    plan = _plan(
        [_item(True, vitamin_b12=1.0, folate=0.0, thiamin=0.2), _item(False, vitamin_b6=1.0)],
        retinol=0.1,
        folic_acid=0.0,
    )
    (w,) = warnings_for(Profile(), "omnivore", ["B12", "B9", "B6"], RiskProfile(), plan)
    assert w.id == "fortified_foods" and w.vitamins == ("B12",)
    assert w.severity == BY_ID["fortified_foods"]["severity"]
    only_b6 = _plan([_item(True, vitamin_b6=0.0), _item(False, vitamin_b6=1.0)], retinol=0.1)
    assert warnings_for(Profile(), "omnivore", ["B6"], RiskProfile(), only_b6) == []


@pytest.mark.parametrize(
    "nutrient, risk_id", [("retinol", "retinol_near_ul"), ("folic_acid", "folic_acid_near_ul")]
)
def test_near_the_upper_limit_from_the_stated_share(nutrient, risk_id):
    assert NEAR_UL_FRACTION == 0.8
    for share, shown in ((0.79, False), (0.8, True), (0.93, True), (1.0, True)):
        plan = _plan([_item(False, folate=1.0)], **{nutrient: share})
        found = warnings_for(Profile(), "omnivore", ALL_VITAMINS, RiskProfile(), plan)
        assert (risk_id in _ids(found)) is shown, share
        if shown:
            (w,) = found
            assert f"{share * 100:.0f}% of its upper limit" in w.message
            assert "{" not in w.message


def test_folic_acid_with_a_b12_risk_is_the_stronger_warning():
    plan = _plan([_item(False, folate=1.0)], folic_acid=0.85)
    risk = RiskProfile(medications=["metformin"])
    found = warnings_for(Profile(age=60), "omnivore", ["B9"], risk, plan)
    ids = _ids(found)
    assert "folic_acid_masks_b12" in ids and "folic_acid_near_ul" not in ids
    (w,) = [w for w in found if w.id == "folic_acid_masks_b12"]
    assert w.severity == "high"
    # names the B12 risks that apply, even those the vitamin filter hides
    assert BY_ID["metformin"]["title"] in w.message
    assert BY_ID["age_over_50"]["title"] in w.message
    assert "85%" in w.message


def _fortified_ndbs() -> set[str]:
    with open(FOODS_CSV, newline="", encoding="utf-8") as fh:
        return {r["ndb"] for r in csv.DictReader(fh) if r["fortified"] == "1"}


def test_a_real_vegan_plan_relies_on_fortified_foods():
    from bplanner.planning.planner import suggest

    plan = suggest(list(ALL_VITAMINS), "vegan", Profile(age=30))
    fortified = _fortified_ndbs()
    supplied = {k for i in plan.items if i.ndb in fortified for k, a in i.amounts.items() if a > 0}
    assert supplied  # no vegan plan covers B12 without a fortified food
    found = warnings_for(
        plan.profile, plan.options.diet, plan.options.vitamins, RiskProfile(), plan
    )
    labels = {"thiamin": "B1", "vitamin_b6": "B6", "folate": "B9", "vitamin_b12": "B12"}
    (w,) = [w for w in found if w.id == "fortified_foods"]
    assert set(w.vitamins) == {labels[k] for k in supplied}
    assert found[0].id == "vegan_diet"


def test_a_real_omnivore_plan_without_fortified_foods_has_no_plan_warning():
    from bplanner.planning.planner import suggest

    plan = suggest(["B12"], "omnivore", Profile(age=30), fortified=False)
    assert not {i.ndb for i in plan.items} & _fortified_ndbs()
    assert warnings_for(plan.profile, "omnivore", ["B12"], RiskProfile(), plan) == []


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("omeprazole", "ppi"),
        ("Prilosec", "ppi"),
        ("Nexium", "ppi"),
        ("  ESOMEPRAZOLE ", "ppi"),
        ("proton-pump inhibitor", "ppi"),
        ("Pepcid", "h2 blockers"),
        ("H2-blocker", "h2 blockers"),
        ("h2blockers", "h2 blockers"),
        ("warfarin", "anticoagulants"),
        ("Eliquis", "anticoagulants"),
        ("Plavix", "antiplatelets"),
        ("tranexamic acid", "haemostatics"),
        ("Glucophage", "metformin"),
        ("doxycycline", "tetracyclines"),
        ("Tetracycline", "tetracyclines"),
        ("colistin", "polymyxins"),
        ("kanamycin", "kanamycin"),
    ],
)
def test_medication_synonyms_and_brands(text, canonical):
    assert parse_medication(text) == canonical


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("Crohn's", "crohn's disease"),
        ("crohns disease", "crohn's disease"),
        ("Crohn’s Disease", "crohn's disease"),
        ("coeliac", "celiac disease"),
        ("Coeliac disease", "celiac disease"),
        ("gluten-sensitive enteropathy", "celiac disease"),
        ("pernicious anemia", "pernicious anaemia"),
        ("fish tapeworm", "helminthiasis"),
        ("worms", "helminthiasis"),
        ("gastric bypass", "gastric or bariatric surgery"),
        ("sleeve  gastrectomy", "gastric or bariatric surgery"),
        ("hypochlorhydria", "low stomach acid"),
        ("B1 allergy", "thiamine allergy"),
        ("alcoholism", "alcohol dependence"),
        ("atrophic gastritis", "atrophic gastritis"),
    ],
)
def test_condition_synonyms(text, canonical):
    assert parse_condition(text) == canonical


def test_every_name_in_the_table_maps_to_its_canonical():
    names = _names()
    assert len({(r["kind"], r["name"].lower()) for r in names}) == len(names)
    for r in names:
        parse = parse_condition if r["kind"] == "condition" else parse_medication
        assert parse(r["name"]) == r["canonical"], r
        assert r["name"] in accepted_names(r["kind"])[r["canonical"]]


def test_canonical_names_are_the_triggers_of_the_data_file_and_the_safety_rules():
    """Every known name carries a warning (a risk factor) or a safety rule: nothing else."""
    for kind in ("condition", "medication"):
        triggers = {t for r in ROWS if r["trigger_kind"] == kind for t in _split(r["trigger"])}
        if kind == "condition":
            triggers |= {"celiac disease", "gluten sensitivity"}  # the gluten safety rule
        assert set(accepted_names(kind)) == triggers
        assert {r["canonical"] for r in _names() if r["kind"] == kind} <= triggers


@pytest.mark.parametrize(
    "parse, kind, text",
    [
        (parse_condition, "condition", "gout"),
        (parse_condition, "condition", "metformin"),  # a medication, not a condition
        (parse_medication, "medication", "ibuprofen"),
        (parse_medication, "medication", "crohn's"),
        (parse_medication, "medication", ""),
    ],
)
def test_unknown_names_are_errors_listing_the_accepted_ones(parse, kind, text):
    with pytest.raises(ValueError) as err:
        parse(text)
    message = str(err.value)
    assert message.startswith(f"unknown {kind} ")
    for canonical in accepted_names(kind):
        assert canonical in message
    assert "\n" not in message


def test_risk_profile_keeps_unknown_names_and_refuses_empty_ones_and_near_misses():
    risk = RiskProfile(conditions=["gout"], medications=["lisinopril", "Ibuprofen"])
    assert risk.conditions == () and risk.medications == ()
    assert [m.typed for m in risk.unknown_conditions] == ["gout"]
    assert [m.typed for m in risk.unknown_medications] == ["lisinopril", "ibuprofen"]
    with pytest.raises(ValueError, match=r"did you mean aspirin \(antiplatelets\)\?"):
        RiskProfile(medications=["aspirine"])
    with pytest.raises(ValueError, match="empty medication"):
        RiskProfile(medications=["  "])
    with pytest.raises(TypeError):
        RiskProfile(conditions="celiac")


def test_contradictory_profiles_are_named():
    planning = RiskProfile(planning_pregnancy=True)
    assert risk_profile_problem(Profile(sex="male"), planning)
    assert risk_profile_problem(Profile(sex="female", pregnant=True), planning)
    assert risk_profile_problem(Profile(sex="female"), planning) is None
    assert risk_profile_problem(Profile(sex="male"), RiskProfile(smoker=True)) is None


# --------------------------------------------------------------------------- `bplanner risks`


def test_risk_table_shows_the_option_that_triggers_each_risk():
    table = {r["id"]: r for r in risk_table()}
    safety_ids = [r["id"] for r in risk_table() if r["category"] == "safety"]
    assert list(table) == [r["id"] for r in ROWS] + safety_ids
    assert safety_ids == ["celiac_gluten", "mercury_fish", "pregnancy_liver", "pregnancy_raw",
                          "pregnancy_cured_fish", "pregnancy_listeria", "pregnancy_herbal",
                          "lactation_vegan_infant", "young_child_choking",
                          "toddler_milk_sugar"]
    for r in ROWS:
        shown = table[r["id"]]["trigger"]
        kind = r["trigger_kind"]
        for t in _split(r["trigger"]):
            if kind in ("condition", "medication"):
                assert f"--{kind} " in shown and t in shown
            elif kind == "diet":
                assert f"--diet {t.replace('_', '-')}" in shown
            elif kind == "flag":
                assert "--" + t.replace("_", "-") in shown
            elif kind == "age":
                assert f"--age {t.removeprefix('>=')}" in shown
            elif kind == "life_stage":
                assert {"pregnancy": "--pregnant", "lactation": "--lactating"}[t] in shown
            elif kind == "plan":
                assert shown.startswith("plan")
            elif kind == "unknown":
                assert shown.startswith(f"--{t} ")
        assert "{" not in table[r["id"]]["message"]
    assert table["retinol_near_ul"]["trigger"].count(f"{NEAR_UL_FRACTION * 100:g}%") == 1


def test_accepted_names_lists_brands_under_their_class():
    meds = accepted_names("medication")
    assert {"omeprazole", "prilosec", "nexium"} <= set(meds["ppi"])
    assert {"warfarin", "coumadin"} <= set(meds["anticoagulants"])
    assert {"coeliac", "celiac"} <= set(accepted_names("condition")["celiac disease"])
    with pytest.raises(ValueError):
        accepted_names("allergen")


# --------------------------------------------------------------------------- folic acid (issue 23)
from bplanner.advice.risks import (  # noqa: E402
    FOLIC_ACID_REAL_FRACTION,
    could_become_pregnant,
    folic_acid_warnings,
)


def test_masking_needs_folic_acid_as_a_real_part_of_the_day_and_a_b12_risk():
    risks = ["strict vegetarian (vegan) diet"]
    below = FOLIC_ACID_REAL_FRACTION * 1000 - 1
    assert folic_acid_warnings(below, 1000, risks, False) == []  # 1-2% of the UL: no warning
    assert folic_acid_warnings(0, 1000, risks, False) == []
    assert folic_acid_warnings(400, 1000, [], False) == []  # no B12 risk factor
    (w,) = folic_acid_warnings(400, 1000, risks, False)
    assert w.id == "folic_acid_with_b12_risk" and "40%" in w.message
    assert "likelier" not in w.message and "check" in w.advice


def test_before_or_in_pregnancy_the_folic_acid_message_agrees_with_prenatal_advice():
    (w,) = folic_acid_warnings(400, 1000, ["metformin"], True)
    assert w.id == "folic_acid_b12_check_pregnancy"
    text = w.message + " " + w.advice
    assert "400 µg of folic acid a day" in text and "recommended" in text
    assert "B12 checked" in text and "likelier" not in text and "more folic acid" not in text
    pregnant = Profile(age=30, sex="female", pregnant=True)
    assert could_become_pregnant(pregnant, RiskProfile())
    assert could_become_pregnant(Profile(age=22, sex="female"), RiskProfile())
    assert not could_become_pregnant(Profile(age=60, sex="female"), RiskProfile())
    assert not could_become_pregnant(Profile(age=30, sex="male"), RiskProfile())


@pytest.mark.parametrize("age, sex, shown", [(15, "female", True), (50, "female", True),
                                             (14, "female", False), (51, "female", False),
                                             (30, "male", False), (30, None, False)])
def test_women_15_to_50_get_cdc_folic_acid_advice_as_a_low_note(age, sex, shown):
    found = {w.id: w for w in warnings_for(Profile(age=age, sex=sex), "omnivore")}
    assert ("folic_acid_cdc" in found) == shown
    if shown:
        assert found["folic_acid_cdc"].severity == "low" and "CDC" in found["folic_acid_cdc"].source
    pregnant = warnings_for(Profile(age=30, sex="female", pregnant=True), "omnivore")
    assert "folic_acid_cdc" not in {w.id for w in pregnant}  # the pregnancy row says it
