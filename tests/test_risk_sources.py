"""Every item of the NIH ODS fact sheets' lists warns, with its source, whatever vitamins
were chosen; names are taken as people type them.

The lists below are written here from issue 13 and the ODS fact sheets' section names
("groups at risk of inadequacy", "interactions with medications"), independently of
data/risk_factors.csv: a row that went missing or lost its trigger fails here.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from bplanner.advice.risks import RiskProfile, resolve_names, warnings_for
from bplanner.advice.safety import notes_for
from bplanner.targets import Profile

REPO = Path(__file__).resolve().parents[1]
ALL = ("B1", "B6", "B9", "B12")
SHEET = {"B1": "Thiamin", "B6": "Vitamin B6", "B9": "Folate", "B12": "Vitamin B12"}


def _person(how: str, value):
    """(profile, diet, risk profile) for one trigger, typed as a user would."""
    profile, diet, risk = Profile(age=30, sex="female"), "omnivore", RiskProfile()
    if how == "condition":
        risk = RiskProfile(conditions=[value])
    elif how == "medication":
        risk = RiskProfile(medications=[value])
    elif how == "age":
        profile = Profile(age=value, sex="female")
    elif how == "diet":
        diet = value
    elif how == "flag":
        risk = RiskProfile(**{value: True})
    elif how == "stage":
        profile = Profile(age=30, sex="female", **{value: True})
    elif how == "stage+diet":
        stage, diet = value
        profile = Profile(age=30, sex="female", **{stage: True})
    return profile, diet, risk


def _warnings(how, value, chosen):
    profile, diet, risk = _person(how, value)
    extra = [n.warning() for n in notes_for(profile, risk, diet)]
    return warnings_for(profile, diet, chosen, risk, extra=extra)


# (vitamin, ODS section, the item as the fact sheet names it, how a user says it)
ODS_ITEMS = [
    # Thiamin
    ("B1", "groups at risk", "people with alcohol dependence", "condition", "alcoholism"),
    ("B1", "groups at risk", "older adults", "age", 75),
    ("B1", "groups at risk", "people with HIV/AIDS", "condition", "HIV/AIDS"),
    ("B1", "groups at risk", "people with diabetes", "condition", "type 2 diabetes"),
    ("B1", "groups at risk", "people who have undergone bariatric surgery", "condition",
     "gastric bypass"),
    ("B1", "interactions", "furosemide", "medication", "Lasix"),
    ("B1", "interactions", "fluorouracil", "medication", "5-FU"),
    # Vitamin B6
    ("B6", "groups at risk", "people with impaired renal function", "condition", "dialysis"),
    ("B6", "groups at risk", "people with autoimmune disorders", "condition",
     "rheumatoid arthritis"),
    ("B6", "groups at risk", "people with autoimmune disorders (celiac)", "condition", "coeliac"),
    ("B6", "groups at risk", "people with alcohol dependence", "condition",
     "alcohol use disorder"),
    ("B6", "interactions", "cycloserine", "medication", "Seromycin"),
    ("B6", "interactions", "antiepileptic medications", "medication", "phenytoin"),
    ("B6", "interactions", "theophylline", "medication", "theophylline"),
    # Folate
    ("B9", "groups at risk", "people with alcohol use disorder", "condition", "alcohol abuse"),
    ("B9", "groups at risk", "women of childbearing age", "flag", "planning_pregnancy"),
    ("B9", "groups at risk", "pregnant people", "stage", "pregnant"),
    ("B9", "groups at risk", "people with malabsorptive disorders", "condition", "celiac disease"),
    ("B9", "groups at risk", "people with malabsorptive disorders (IBD)", "condition",
     "ulcerative colitis"),
    ("B9", "groups at risk", "people with the MTHFR 677C>T polymorphism", "condition",
     "MTHFR C677T"),
    ("B9", "interactions", "methotrexate", "medication", "Trexall"),
    ("B9", "interactions", "antiepileptic medications", "medication", "valproate"),
    ("B9", "interactions", "sulfasalazine", "medication", "Azulfidine"),
    # Vitamin B12
    ("B12", "groups at risk", "older adults", "age", 60),
    ("B12", "groups at risk", "individuals with pernicious anemia", "condition",
     "pernicious anemia"),
    ("B12", "groups at risk", "individuals who have had gastrointestinal surgery", "condition",
     "bariatric surgery"),
    ("B12", "groups at risk", "individuals with gastrointestinal disorders", "condition",
     "Crohn's disease"),
    ("B12", "groups at risk", "vegetarians", "diet", "vegetarian"),
    ("B12", "groups at risk", "vegans", "diet", "vegan"),
    ("B12", "groups at risk", "infants of vegan women", "stage+diet", ("lactating", "vegan")),
    ("B12", "interactions", "chloramphenicol", "medication", "Chloromycetin"),
    ("B12", "interactions", "proton pump inhibitors", "medication", "omeprazole"),
    ("B12", "interactions", "histamine H2 receptor antagonists", "medication", "famotidine"),
    ("B12", "interactions", "metformin", "medication", "metformin hydrochloride"),
]

# Well-established items with another source, named.
SECOND_SOURCE_ITEMS = [
    ("B12", "nitrous oxide", "laughing gas", "Ladner JR, Alston TA"),
    ("B6", "isoniazid", "INH", "EBSCO Research Starters"),
    ("B6", "levodopa", "carbidopa/levodopa", "US FDA prescribing information"),
    ("B9", "trimethoprim and other folate antagonists", "Bactrim",
     "Summary of Product Characteristics"),
]


@pytest.mark.parametrize(
    "vitamin, section, item, how, value", ODS_ITEMS, ids=[f"{i[0]}:{i[2]}" for i in ODS_ITEMS]
)
def test_every_ods_item_warns_citing_its_fact_sheet(vitamin, section, item, how, value):
    sheet = f"{SHEET[vitamin]} Fact Sheet for Health Professionals"
    cited = f"NIH Office of Dietary Supplements, {sheet}"
    for chosen in (ALL, tuple(v for v in ALL if v != vitamin)):  # asked about it, or not
        found = [w for w in _warnings(how, value, chosen) if vitamin in w.vitamins]
        assert any(cited in w.source for w in found), (item, chosen)
        for w in found:
            assert w.outside_chosen == (vitamin not in chosen and not set(w.vitamins) & set(chosen))


@pytest.mark.parametrize("vitamin, item, typed, source", SECOND_SOURCE_ITEMS)
def test_well_established_others_warn_citing_a_second_source(vitamin, item, typed, source):
    found = [w for w in _warnings("medication", typed, ("B1",)) if vitamin in w.vitamins]
    assert found and any(source in w.source for w in found), item


def test_nothing_warns_without_a_trigger():
    found = warnings_for(Profile(age=30, sex="male"), "omnivore", ALL,
                         RiskProfile(conditions=["gout"]))
    assert [w.id for w in found] == ["unknown_condition"]
    # a woman of 15 to 50 gets CDC's folic acid note, low, and nothing else
    assert sorted(w.id for w in _warnings("condition", "gout", ALL)) == [
        "folic_acid_cdc", "unknown_condition"]


# --------------------------------------------------------------------------- the leaflet


def test_the_clotting_claim_is_the_leaflets_low_severity_statement_not_about_food():
    for drug in ("warfarin", "aspirin", "Eliquis", "vitamin K"):
        (w,) = [w for w in _warnings("medication", drug, ALL) if w.id == "clotting_drugs"]
        assert w.severity == "low"
        assert "leaflet's statement" in w.message
        assert "lists no such interaction for vitamin B12" in w.message
        assert "not concern B12 from food" in w.message
        assert w.source.startswith("Leaflet") and "Vitamin B12 Fact Sheet" in w.source


def test_the_syringe_note_says_it_is_about_injections_only():
    from bplanner.advice.risks import risk_table

    (row,) = [r for r in risk_table() if r["id"] == "injection_syringe"]
    assert row["message"].startswith("Injections only:")
    assert "injections only" in row["title"] and "does not concern food" in row["advice"].lower()


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("metformin hydrochloride", "metformin"),  # the name on the box
        ("Metformin HCl 500 mg tablets", "metformin"),
        ("METFORMIN HYDROCHLORIDE ER", "metformin"),
        ("esomeprazole magnesium", "ppi"),
        ("Pantoprazole Sodium", "ppi"),
        ("warfarin sodium", "anticoagulants"),
        ("doxycycline hyclate", "tetracyclines"),
        ("furosemide 40 mg", "loop diuretics"),
        ("GLUCOPHAGE", "metformin"),
        ("carbidopa/levodopa", "levodopa"),
        ("sulfamethoxazole/trimethoprim", "folate antagonists"),
    ],
)
def test_salt_forms_brands_and_any_case_are_known(typed, canonical):
    assert [m.canonical for m in resolve_names("medication", typed)] == [canonical]
    assert RiskProfile(medications=[typed]).medications == (canonical,)


@pytest.mark.parametrize(
    "kind, typed, suggestion",
    [
        ("medication", "metfromin", "metformin"),
        ("medication", "Metformin Hydrochlorid", "metformin"),
        ("medication", "omeprazol", "omeprazole (ppi)"),
        ("medication", "isoniazd", "isoniazid"),
        ("condition", "celiak disease", "celiac disease"),
        ("condition", "metformin", "metformin (a medication: use --medication)"),
    ],
)
def test_a_near_miss_suggests_the_known_name(kind, typed, suggestion):
    (m,) = resolve_names(kind, typed)
    assert m.canonical is None and m.suggestion == suggestion


@pytest.mark.parametrize("typed", ["ibuprofen", "lisinopril", "levothyroxine sodium"])
def test_an_unknown_medicine_is_kept_and_noted_with_a_pharmacist(typed):
    risk = RiskProfile(medications=[typed])
    assert risk.medications == () and risk.unknown_medications[0].suggestion is None
    (w,) = warnings_for(Profile(), "omnivore", ALL, risk)
    assert w.id == "unknown_medication" and w.severity == "low"
    assert typed.lower() in w.message and "knows no interaction" in w.message
    assert "pharmacist" in w.advice


def test_known_and_unknown_parts_of_a_combination_each_count():
    risk = RiskProfile(medications=["sulfamethoxazole + trimethoprim"])
    assert risk.medications == ("folate antagonists",)
    assert [m.typed for m in risk.unknown_medications] == ["sulfamethoxazole"]


# --------------------------------------------------------------------------- checked sources
# data/reference/risk_sources_checked.csv records, per warning, what was read of each source
# it cites: the address, the section, a short verbatim quote and a verdict. The key words
# below (the group or the medicine a row is about) are written here, not read from the file.

CHECKED = REPO / "data" / "reference" / "risk_sources_checked.csv"
WARNING_FILES = ("risk_factors.csv", "intake_warnings.csv", "safety_rules.csv")
VERDICTS = {"confirmed", "reworded", "removed", "unverified"}
NOT_RECHECKED = "(not re-checked against the current sheet)"
ODS_SLUG = {
    "Thiamin": "Thiamin-HealthProfessional",
    "Vitamin B6": "VitaminB6-HealthProfessional",
    "Folate": "Folate-HealthProfessional",
    "Vitamin B12": "VitaminB12-HealthProfessional",
}
ODS_CITATION = re.compile(
    r"NIH Office of Dietary Supplements, (Thiamin|Vitamin B6|Folate|Vitamin B12) Fact Sheet "
    r"for Health Professionals(?: \((?!not re-checked)[^()]*\))?"
    r"(?P<mark> \(not re-checked against the current sheet\))?(?=;|$)")
KEY_WORDS = {
    "vegan_diet": ("vegan",),
    "vegetarian_diet": ("vegetarian",),
    "gi_malabsorption": ("malabsorption", "celiac", "crohn", "gastrointestinal"),
    "age_over_50": ("older",),
    "low_stomach_acid": ("atrophic gastritis", "stomach acid"),
    "pernicious_anaemia": ("pernicious", "intrinsic factor"),
    "gastric_surgery": ("gastrectomy", "bariatric"),
    "metformin": ("metformin",),
    "ppi": ("proton pump", "block stomach acid"),
    "h2_blockers": ("h2", "block stomach acid"),
    "pregnancy": ("pregnan",),
    "planning_pregnancy": ("pregnan",),
    "alcohol_dependence": ("alcohol",),
    "sulfasalazine": ("sulfasalazine",),
    "methotrexate": ("methotrexate",),
    "antiepileptics": ("anticonvulsant", "antiepileptic", "epilepsy"),
    "thiamin_older_adults": ("older",),
    "hiv": ("hiv",),
    "diabetes": ("diabetes",),
    "loop_diuretics": ("furosemide", "loop diuretic"),
    "fluorouracil": ("fluorouracil", "5-fu"),
    "kidney_disease": ("kidney", "renal", "dialysis"),
    "autoimmune": ("autoimmune", "rheumatoid"),
    "cycloserine": ("cycloserine",),
    "theophylline": ("theophylline",),
    "isoniazid": ("isoniazid",),
    "levodopa": ("levodopa",),
    "mthfr": ("mthfr",),
    "folate_antagonists": ("trimethoprim",),
    "chloramphenicol": ("chloramphenicol",),
    "nitrous_oxide": ("nitrous oxide", "n2o"),
    "folic_acid_masks_b12": ("vitamin b12",),
    "folic_acid_with_b12_risk": ("vitamin b12",),
    "diary_folic_acid_masks_b12": ("vitamin b12",),
    "celiac_gluten": ("wheat", "barley", "rye", "oats", "malt"),
    "pregnancy_liver": ("liver",),
    "pregnancy_raw": ("raw", "undercooked"),
    "lactation_vegan_infant": ("vegan", "infants"),
    # issue 23
    "mercury_fish": ("swordfish", "shark", "king mackerel", "servings"),
    "young_child_choking": ("nuts", "peanuts", "popcorn", "choking"),
    "toddler_milk_sugar": ("added sugars", "whole milk"),
    "pregnancy_cured_fish": ("smoked seafood",),
    "pregnancy_listeria": ("deli meats", "hot dogs", "queso fresco"),
    "pregnancy_herbal": ("abortifacient", "herbal"),
    "colchicine": ("colchicine",),
    "oral_contraceptives": ("ocs", "oral contraceptive"),
    "bowel_resection": ("ileal resection",),
    "tropical_sprue": ("tropical sprue",),
    "helminthiasis": ("tapeworm", "diphyllobothrium"),
    "folic_acid_b12_check_pregnancy": ("folic acid",),
    "folic_acid_cdc": ("folic acid",),
}


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


WARNING_ROWS = {r["id"]: r for name in WARNING_FILES for r in _read(REPO / "data" / name)}
CHECKS = _read(CHECKED)


def _checks(risk_id):
    return [c for c in CHECKS if c["risk_id"] == risk_id]


def test_the_checked_sources_file_has_its_columns_and_a_verdict_per_line():
    with open(CHECKED, newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == [
            "risk_id", "source_url", "section", "quote", "checked_on", "verdict"]
    assert CHECKS
    for c in CHECKS:
        assert c["risk_id"] in WARNING_ROWS, c["risk_id"]
        assert c["source_url"].startswith(("https://", "http://")), c
        assert c["section"].strip(), c
        assert c["verdict"] in VERDICTS, c
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", c["checked_on"]), c
        assert len(c["quote"]) <= 210, c  # a short quote, not a copied page


def test_every_ods_citation_of_every_warning_has_a_check_of_that_sheet():
    cited = 0
    for risk_id, row in WARNING_ROWS.items():
        for m in ODS_CITATION.finditer(row["source"]):
            cited += 1
            slug = ODS_SLUG[m.group(1)]
            mine = [c for c in _checks(risk_id) if slug in c["source_url"]]
            assert mine, (risk_id, m.group(1))
            # whether it was read is the checks file's business, never the plan's text
            assert not m.group("mark"), (risk_id, m.group(0))
    assert cited >= 40  # thiamin, B6, folate and B12 rows of all three files
    for risk_id, row in WARNING_ROWS.items():
        if "NIH Office of Dietary Supplements" in row["source"]:
            assert _checks(risk_id), risk_id


def test_a_source_that_was_not_read_quotes_nothing_and_no_warning_text_says_so():
    """Whether a source was re-read is listed by `bplanner risks --sources`, not in plans."""
    for c in CHECKS:
        assert c["risk_id"] in WARNING_ROWS, c
        if c["verdict"] == "unverified":
            assert c["quote"] == "", c
    for risk_id, row in WARNING_ROWS.items():
        for column in ("message", "advice", "source"):
            assert "re-checked" not in row[column], (risk_id, column)


def test_cli_risks_sources_lists_the_checks_file():
    from click.testing import CliRunner

    from bplanner.cli import cli

    res = CliRunner().invoke(cli, ["risks", "--sources", "--format", "json"])
    assert res.exit_code == 0, res.output
    import json

    rows = json.loads(res.output)
    assert len(rows) == len(CHECKS) and rows[0]["risk_id"] == CHECKS[0]["risk_id"]
    assert {r["verdict"] for r in rows} <= VERDICTS
    text = CliRunner().invoke(cli, ["risks", "--sources", "--wide"]).output
    assert "mercury_fish: confirmed" in text


def test_a_confirmed_or_reworded_source_quotes_the_group_or_medicine_it_is_about():
    read = [c for c in CHECKS if c["verdict"] in ("confirmed", "reworded")]
    assert len(read) >= 30
    for c in read:
        assert c["quote"].strip(), c
        words = KEY_WORDS[c["risk_id"]]
        assert any(w in c["quote"].lower() for w in words), (c["risk_id"], c["quote"])


@pytest.mark.parametrize("vitamin, item, typed, source", SECOND_SOURCE_ITEMS)
def test_the_second_source_of_each_well_established_item_was_read(vitamin, item, typed, source):
    found = _warnings("medication", typed, ALL)
    (risk_id,) = {w.id for w in found if vitamin in w.vitamins and source in w.source}
    assert any(c["verdict"] == "confirmed" for c in _checks(risk_id)), risk_id


@pytest.mark.parametrize(
    "how, typed, risk_id, vitamin",
    [
        ("medication", "colchicine", "colchicine", "B12"),
        ("medication", "birth control pills", "oral_contraceptives", "B6"),
        ("medication", "phenobarbital", "antiepileptics", "B9"),
        ("medication", "Primidone", "antiepileptics", "B9"),
        ("medication", "divalproex sodium", "antiepileptics", "B6"),
        ("medication", "sitagliptin/metformin", "metformin", "B12"),
        ("medication", "Janumet", "metformin", "B12"),
        ("condition", "ileal resection", "bowel_resection", "B12"),
        ("condition", "short bowel syndrome", "bowel_resection", "B12"),
        ("condition", "tropical sprue", "tropical_sprue", "B9"),
    ],
)
def test_names_unknown_before_issue_23_give_their_warning_with_a_source(how, typed, risk_id,
                                                                        vitamin):
    found = {w.id: w for w in _warnings(how, typed, ALL)}
    assert risk_id in found and vitamin in found[risk_id].vitamins
    assert found[risk_id].source and "unknown" not in " ".join(found)


def test_leaflet_claims_without_support_are_low_and_say_so():
    allergy = {w.id: w for w in _warnings("condition", "b1 allergy", ALL)}["thiamine_allergy"]
    assert allergy.severity == "low" and "leaflet's statement only" in allergy.message
    worms = {w.id: w for w in _warnings("condition", "tapeworm", ALL)}["helminthiasis"]
    assert worms.vitamins == ("B12",) and "fish tapeworm" in worms.message
