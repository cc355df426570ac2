"""Properties of the shipped food table, checked against independent rules.

The keyword lists, the Daily Values (read from data/reference) and the 10% / 20%
thresholds are written here on their own, so a wrong rule in the build shows up.
"""

from __future__ import annotations

import csv
import re

import pytest
from conftest import AMOUNT_COLUMNS, DIET_COLUMNS, REPO, VITAMIN_COLUMNS, items

from bplanner.advice.claims import CLAIMS
from bplanner.vitamins import VITAMINS

# ------------------------------------------------------------------ vegan names

ANIMAL_WORDS = """
beef beefy pork ham hams bacon veal lamb mutton venison bison buffalo elk moose caribou deer
goat rabbit horse boar chicken turkey duck goose quail pheasant poultry squab emu ostrich
fish salmon tuna cod sardine sardines anchovy anchovies herring mackerel trout halibut tilapia
catfish pollock haddock perch pike carp bass eel flounder snapper swordfish roughy whitefish
shrimp prawn prawns crab lobster crayfish oyster oysters clam clams mussel mussels scallop
scallops squid octopus snail snails abalone krill roe caviar cheese cheddar mozzarella
parmesan milk milks cream creamy butter buttermilk ghee yogurt whey casein caseinate lactose
egg eggs albumen meringue custard mayonnaise honey gelatin gelatine lard tallow suet meat
meats liver sausage sausages salami pepperoni bologna frankfurter frankfurters jerky broth
stock bouillon gravy marshmallow marshmallows beeswax shellac carmine cochineal frog turtle
seal whale rennet
""".split()
ANIMAL = re.compile(r"\b(" + "|".join(sorted(ANIMAL_WORDS, key=len, reverse=True)) + r")\b", re.I)

# Phrases in which an animal word names no animal product. Each was read in SR24.
FALSE_FRIENDS = re.compile(
    "|".join(
        (
            r"\b(peanut|cocoa|nutmeg|ucuhuba|sunflower seed|cashew|sesame|almond|hard) butter\b",
            r"\bnon-dairy butter flavor\b",
            r"\bbread and butter pickles\b",
            r"\bfor ice cream coatings\b",
            r"\bimitation bacon bits\b",
            r"\bcream of (wheat|rice|tartar)\b",
            r"\bcreamy wheat\b",
            r"\bcream style\b",
            r"\bcream soda\b",
            r"\bcreamy original soymilk\b",
            r"\bcustard-apple\b",
            r"\bwithout (milk|egg)\b",
            r"\bvegetable oyster\b",
            r"\bmushrooms, oyster\b",
            r"\bsquash, summer, scallop\b",
            r"\bcoconut (meat|cream|milk)\b",
            r"\bgrated meat\b",
            r"\bmeat extender\b",
            r"\bblack turtle( soup)?\b",  # beans: SR28 dropped "soup" from the name
            r"\bvegetable broth\b",
            r"\b(almond|rice|oat|soy|cashew|coconut|hemp) milk\b",
            r"\bpoultry seasoning\b",
            r"\bsauce, duck\b",
            r"\bmayonnaise, made with tofu\b",
            r"\b(soy|tofu) yogurt\b",
        )
    ),
    re.I,
)

# NDB prefixes of USDA food groups that are animal flesh
FLESH_PREFIXES = {
    "05": "poultry",
    "07": "sausages",
    "10": "pork",
    "13": "beef",
    "17": "lamb",
    "23": "beef",
}
FISH_PREFIX = "15"


def test_no_vegan_food_has_an_animal_word_in_its_name(shipped_rows):
    vegan = [r for r in shipped_rows if r["diet_vegan"] == "1"]
    assert len(vegan) > 1000
    offenders = []
    for r in vegan:
        name = FALSE_FRIENDS.sub(" ", r["name"])
        hit = ANIMAL.search(name)
        if hit:
            offenders.append((r["ndb"], hit.group(0), r["name"]))
    assert offenders == []


def test_the_animal_word_list_finds_animal_foods(shipped_rows):
    # guard against a keyword list that matches nothing
    named = [r for r in shipped_rows if ANIMAL.search(FALSE_FRIENDS.sub(" ", r["name"]))]
    assert len(named) > 3000
    assert all(r["diet_vegan"] == "0" for r in named if "gelatin" in r["name"].lower())
    assert all(r["diet_vegan"] == "0" for r in named if re.search(r"\bhoney\b", r["name"], re.I))


def test_vegan_foods_have_no_animal_source(shipped_rows):
    for r in shipped_rows:
        if r["diet_vegan"] == "1":
            assert r["animal_sources"] == "", r["name"]


def test_meat_and_fish_groups_are_never_vegetarian(shipped_rows):
    for r in shipped_rows:
        prefix = r["ndb"][:2]
        if prefix in FLESH_PREFIXES:
            assert r["diet_pescatarian"] == "0" and r["diet_vegetarian"] == "0", r["name"]
        if prefix == FISH_PREFIX:
            assert r["diet_vegetarian"] == "0", r["name"]


def test_honey_and_gelatin_foods(shipped_by_ndb):
    honey = shipped_by_ndb["19296"]
    assert honey["name"] == "Honey"
    assert (honey["diet_vegan"], honey["diet_vegetarian"]) == ("0", "1")
    gelatin = shipped_by_ndb["19172"]
    assert gelatin["name"].startswith("Gelatin desserts")
    assert gelatin["diet_vegetarian"] == "0" and gelatin["diet_omnivore"] == "1"


def test_vegan_b12_comes_from_fortification_or_microbes(shipped_rows):
    # plants make no B12: a vegan food with B12 is fortified or fermented/fungal, or an
    # alga whose B12 is mostly an inactive analogue and so is kept out of every plan
    microbial = re.compile(r"\b(mushrooms?|miso|tempeh|natto|yeast)\b", re.I)
    with open(REPO / "data" / "suspect_values.csv", newline="", encoding="utf-8") as fh:
        not_planned = {r["ndb"] for r in csv.DictReader(fh) if r["verdict"] == "suspect"}
    for r in shipped_rows:
        if r["diet_vegan"] == "1" and r["vitamin_b12_ug"] not in ("", "0.0"):
            if re.search(r"\bseaweed\b", r["name"], re.I):
                assert r["ndb"] in not_planned, r["name"]
                continue
            assert r["fortified"] == "1" or microbial.search(r["name"]), r["name"]


# ------------------------------------------------------------------------ diets


def test_every_food_fits_omnivore(shipped_rows):
    assert all(r["diet_omnivore"] == "1" for r in shipped_rows)


def test_diets_are_nested(shipped_rows):
    for r in shipped_rows:
        d = {c[5:]: r[c] == "1" for c in DIET_COLUMNS}
        where = r["ndb"]
        if d["vegan"]:
            assert d["ovo_vegetarian"] and d["lacto_vegetarian"], where
        if d["lacto_vegetarian"] or d["ovo_vegetarian"]:
            assert d["vegetarian"], where
        if d["vegetarian"]:
            assert d["pescatarian"], where
        if d["pescatarian"]:
            assert d["omnivore"], where


def test_each_diet_is_stricter_than_the_next(shipped_rows):
    count = {c: sum(r[c] == "1" for r in shipped_rows) for c in DIET_COLUMNS}
    assert count["diet_omnivore"] == len(shipped_rows)
    assert count["diet_omnivore"] > count["diet_pescatarian"] > count["diet_vegetarian"]
    assert count["diet_vegetarian"] > count["diet_lacto_vegetarian"] > count["diet_vegan"]
    assert count["diet_vegetarian"] > count["diet_ovo_vegetarian"] > count["diet_vegan"]


# --------------------------------------------------------------- source tags


@pytest.mark.parametrize("column, percent", [("supplies", 10.0), ("rich_in", 20.0)])
def test_source_tags_follow_the_daily_values(shipped_rows, daily_values, column, percent):
    for r in shipped_rows:
        grams = float(r["racc_grams"])  # FDA judges the tags per reference amount
        expected = []
        for label, (amount_col, key) in VITAMIN_COLUMNS.items():
            if r[amount_col] == "":
                continue  # not measured: never tagged
            if float(r[amount_col]) * grams / 100 >= percent / 100 * daily_values[key]:
                expected.append(label)
        assert r[column] == ";".join(expected), (r["ndb"], column)


def test_rich_in_implies_supplies(shipped_rows):
    for r in shipped_rows:
        assert set(items(r["rich_in"])) <= set(items(r["supplies"])), r["ndb"]


def test_reference_file_has_a_daily_value_for_each_vitamin(daily_values):
    assert set(daily_values) >= {key for _, key in VITAMIN_COLUMNS.values()}
    assert all(v > 0 for v in daily_values.values())


# ----------------------------------------------------------------------- claims


def test_every_claimed_food_exists_and_has_the_claimed_vitamin(shipped_by_ndb):
    for claim in CLAIMS:
        column = VITAMINS[claim.vitamin].column
        for ndb in claim.ndbs:
            assert ndb in shipped_by_ndb, (claim.word, ndb)
            assert shipped_by_ndb[ndb][column] != "", (claim.word, ndb, column)


def test_leaflet_claims_column_lists_the_claims(shipped_rows):
    claimed: dict[str, set[str]] = {}
    for claim in CLAIMS:
        for ndb in claim.ndbs:
            claimed.setdefault(ndb, set()).add(VITAMINS[claim.vitamin].label)
    order = ["B1", "B6", "B9", "B12"]
    for r in shipped_rows:
        expected = [x for x in order if x in claimed.get(r["ndb"], set())]
        assert r["leaflet_claims"] == ";".join(expected), r["ndb"]


@pytest.mark.parametrize("ndb, word", [("16126", "tofu"), ("16427", "tofu"), ("11445", "kelp")])
def test_tofu_and_kelp_have_zero_b12_yet_are_claimed(shipped_by_ndb, ndb, word):
    row = shipped_by_ndb[ndb]
    assert word in row["name"].lower()
    assert row["vitamin_b12_ug"] != "" and float(row["vitamin_b12_ug"]) == 0.0
    assert "B12" in items(row["leaflet_claims"])
    assert "B12" not in items(row["supplies"])
    assert row["diet_vegan"] == "1"


def test_beef_liver_is_rich_in_b12(shipped_by_ndb):
    row = shipped_by_ndb["13326"]
    assert "liver" in row["name"].lower()
    assert "B12" in items(row["rich_in"])
    assert row["diet_vegetarian"] == "0"


# ------------------------------------------------------------------ missing data


@pytest.mark.parametrize("column", AMOUNT_COLUMNS)
def test_missing_amounts_stay_empty_not_zero(shipped_rows, column):
    cells = [r[column] for r in shipped_rows]
    empty = sum(c == "" for c in cells)
    zero = sum(c != "" and float(c) == 0 for c in cells)
    if column != "energy_kcal":  # SR28 gives every food its energy
        assert empty > 0, f"{column}: no empty cell, so missing values were filled in"
    assert empty < len(cells)
    assert zero > 0, column  # measured zeros are kept apart from missing values


def test_amounts_are_numbers_and_not_negative(shipped_rows):
    for r in shipped_rows:
        for column in (*AMOUNT_COLUMNS, "racc_grams", "portion_grams"):
            if r[column] != "":
                assert float(r[column]) >= 0, (r["ndb"], column)


def test_every_food_has_a_positive_portion_and_a_household_measure(shipped_rows):
    measure = re.compile(r"^(\d+ )?(\d+/\d+|\d+(\.\d+)?) [a-zA-Z]")
    for r in shipped_rows:
        assert float(r["racc_grams"]) > 0, r["ndb"]
        assert float(r["portion_grams"]) > 0, r["ndb"]
        assert r["racc_category"], r["ndb"]
        assert measure.match(r["portion_text"]), (r["ndb"], r["portion_text"])
        assert "(" not in r["portion_text"], (r["ndb"], r["portion_text"])
        assert int(r["portion_pieces"]) >= 0


def test_almost_every_portion_is_a_household_measure_not_grams(shipped_rows):
    grams_only = [r for r in shipped_rows if re.fullmatch(r"[\d.]+ g", r["portion_text"])]
    assert len(grams_only) < 0.01 * len(shipped_rows)
    everyday = [r for r in grams_only if r["everyday"] == "1"]
    assert len(everyday) <= 5, [r["name"] for r in everyday]
