"""Familiar foods: the `familiar` column and its weight in the planner's objective.

A dietitian hands out cow's milk, eggs, cheese, fish, meat, beans and greens, not sheep's
milk, emu or hibiscus tea. The column is checked on real SR24 names (expected values
written here from what the foods are, not from the program), and the planner is checked
by a property: an unfamiliar food appears in a plan only where the best plan of familiar
foods alone costs strictly more weighted portions.
"""

from __future__ import annotations

import csv
import re

import pytest
from conftest import REPO

from bplanner.foods import load_foods
from bplanner.planning.planner import (
    WEIGHT_BRAND,
    WEIGHT_FORTIFIED,
    WEIGHT_PORTION,
    WEIGHT_UNFAMILIAR,
    NoPlanError,
    suggest,
)
from bplanner.table import familiar
from bplanner.table.classify import GROUPS

RULES_CSV = REPO / "data" / "unfamiliar_foods.csv"

FAMILIAR = {
    "01077": "Milk, whole, 3.25% milkfat, with added vitamin D",
    "01079": "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D",
    "01129": "Egg, whole, cooked, hard-boiled",
    "01009": "Cheese, cheddar",
    "01117": "Yogurt, plain, low fat, 12 grams protein per 8 ounce",
    "15237": "Fish, salmon, Atlantic, farmed, cooked, dry heat",
    "15121": "Fish, tuna, light, canned in water, drained solids",
    "23568": "Beef, ground, 85% lean meat / 15% fat, patty, cooked, broiled",
    "05064": "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
    "16070": "Lentils, mature seeds, cooked, boiled, without salt",
    "16015": "Beans, black, mature seeds, cooked, boiled, without salt",
    "11458": "Spinach, cooked, boiled, drained, without salt",
    "09200": "Oranges, raw, all commercial varieties",
    # liver is an everyday organ meat; bison and goat cheese are sold in supermarkets
    "13326": "Beef, variety meats and by-products, liver, cooked, braised",
    "05028": "Chicken, liver, all classes, cooked, simmered",
    "17148": "Bison, ground, grass-fed, cooked",
    "01159": "Cheese, goat, soft type",
    # a whole roast chicken weighed with its giblets is still chicken
    "05004": "Chicken, broilers or fryers, meat and skin and giblets and neck, roasted",
    # a vegan's everyday sources
    "16126": "Tofu, firm, prepared with calcium sulfate and magnesium chloride (nigari)",
    "16174": "Tempeh, cooked",
    "16139": "Soymilk, original and vanilla, with added calcium, vitamins A and D",
}

UNFAMILIAR = {
    "01109": "Milk, sheep, fluid",
    "01106": "Milk, goat, fluid, with added vitamin D",
    "05629": "Emu, inside drums, cooked, broiled",
    "11157": "Chrysanthemum, garland, raw",
    "14649": "Beverages, tea, hibiscus, brewed",
    # SR28's drink names are read without "Beverages, "
    "14237": "Beverages, coffee substitute, cereal grain beverage, prepared with water",
    "14187": "Beverages, Clam and tomato juice, canned",
    "15012": "Fish, caviar, black and red, granular",
    "15162": "Mollusks, clam, mixed species, canned, liquid",
    "11023": "Balsam-pear (bitter gourd), leafy tips, cooked, boiled, drained, without salt",
    "05022": "Chicken, broilers or fryers, giblets, cooked, simmered",
    "17165": "Game meat, deer, cooked, roasted",
    "11669": "Seaweed, wakame, raw",
    "03189": "Babyfood, cereal, oatmeal, dry fortified",
}


def _rules() -> list[dict[str, str]]:
    with open(RULES_CSV, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------- the column


@pytest.mark.parametrize("ndb, name", sorted(FAMILIAR.items()))
def test_everyday_foods_are_familiar(shipped_by_ndb, ndb, name):
    row = shipped_by_ndb[ndb]
    assert row["name"] == name
    assert row["familiar"] == "1", name
    assert familiar.why_unfamiliar(row["name"], row["food_group"]) is None


@pytest.mark.parametrize("ndb, name", sorted(UNFAMILIAR.items()))
def test_foods_a_dietitian_would_not_hand_out_are_unfamiliar_and_say_why(shipped_by_ndb, ndb,
                                                                          name):
    row = shipped_by_ndb[ndb]
    assert row["name"] == name
    assert row["familiar"] == "0", name
    reason = familiar.why_unfamiliar(row["name"], row["food_group"])
    # a reason a person reads: plain words, no pattern syntax
    assert reason and len(reason) <= 120 and not re.search(r"\\[a-z]|[|^$]|\.\*", reason), reason


def test_the_shipped_column_follows_the_rules_file(shipped_rows):
    wrong = [r["name"] for r in shipped_rows
             if r["familiar"] != str(int(familiar.is_familiar(r["name"], r["food_group"])))]
    assert not wrong, wrong[:5]


def test_common_kinds_are_never_marked_unfamiliar(shipped_rows):
    """The rules name the unusual; doubt counts as familiar. Whole kinds of everyday
    food stay familiar: cow's milk, hens' eggs, bread, ready-to-eat cereal, beef other
    than organs, chicken and turkey meat, the top seafoods, cooked beans (their sprouts,
    rarely eaten, are not; nor are the traditional American Indian/Alaska Native foods,
    nor fluid milk without the vitamin D US milk is sold with)."""
    everyday_kind = re.compile(
        r"^(Milk, (whole|reduced fat|lowfat|nonfat)\b|Egg, whole|Bread, |Cereals ready-to-eat|"
        r"Chicken, broilers or fryers, (breast|leg|thigh|drumstick|wing)|Turkey, |"
        r"Fish, (salmon|tuna|cod|tilapia|pollock|catfish)|Crustaceans, (shrimp|crab)|"
        r"Beans, (black|kidney|pinto|navy)|Peanut butter|Spinach|Broccoli|Apples|Bananas)")
    wrong = [r["name"] for r in shipped_rows
             if everyday_kind.search(r["name"])
             and not re.search(r"giblets|gizzard|heart|sprouted|Alaska Native|Navajo|Hopi|"
                               r"Apache|Shoshone|Indians|^Milk, .*without added vitamin", r["name"])
             and r["familiar"] != "1"]
    assert not wrong, wrong[:5]
    beef = [r["name"] for r in shipped_rows if r["food_group"] == "Beef Products"
            and "variety meats" not in r["name"] and r["familiar"] != "1"]
    assert not beef, beef[:5]


def test_every_rule_has_a_reason_a_source_and_names_real_foods(shipped_rows):
    rules = _rules()
    assert rules and set(rules[0]) == set(familiar.COLUMNS)
    for rule in rules:
        assert rule["reason"].strip() and rule["source"].strip(), rule["id"]
        assert rule["food_group"] in ("", *GROUPS.values()), rule["id"]
        pattern = re.compile(rule["pattern"], re.IGNORECASE)
        hits = [r for r in shipped_rows
                if (not rule["food_group"] or r["food_group"] == rule["food_group"])
                and pattern.search(" ".join(r["name"].split()))]
        assert hits, f"rule {rule['id']} names no SR24 food"
    assert len({r["id"] for r in rules}) == len(rules)


# ---------------------------------------------------------------------------- the weight


def test_the_weight_is_a_whole_number_above_the_fortified_one():
    # integral level-1 costs let the solver prove its optimum; an unfamiliar food weighs
    # more than a familiar fortified one (the fortified cereal before the hibiscus tea)
    for w in (WEIGHT_PORTION, WEIGHT_BRAND, WEIGHT_FORTIFIED, WEIGHT_UNFAMILIAR):
        assert isinstance(w, int) and w >= 1
    assert WEIGHT_PORTION + WEIGHT_UNFAMILIAR > WEIGHT_PORTION + WEIGHT_FORTIFIED


@pytest.fixture(scope="module")
def foods():
    return load_foods()


def _unfamiliar_items(plan, foods) -> list[str]:
    flag = dict(zip(foods["ndb"], foods["familiar"]))
    return [i.name for i in plan.items if not flag[i.ndb]]


def test_the_readme_command_plans_only_familiar_foods(foods):
    plan = suggest(["B12"], "vegetarian")
    assert not _unfamiliar_items(plan, foods)
    assert "Milk, sheep, fluid" not in {i.name for i in plan.items}


ALL4 = ["B1", "B6", "B9", "B12"]
MATRIX = [(v, d) for d in ("vegan", "vegetarian", "omnivore")
          for v in (["B1"], ["B6"], ["B9"], ["B12"], ALL4)]


@pytest.mark.parametrize("vitamins, diet", MATRIX,
                         ids=[f"{d}-{'+'.join(v)}" for v, d in MATRIX])
def test_an_unfamiliar_food_appears_only_where_it_saves_weighted_portions(foods, vitamins,
                                                                         diet):
    plan = suggest(vitamins, diet)
    unfamiliar = _unfamiliar_items(plan, foods)
    try:
        only_familiar = suggest(vitamins, diet, foods=foods[foods["familiar"]])
    except NoPlanError:  # no plan of familiar foods: an unfamiliar one is needed
        assert unfamiliar
        return
    best, familiar_best = (p.model["objective_levels"][0] for p in (plan, only_familiar))
    if unfamiliar:  # it beat every familiar plan on weighted portions, not on a tie
        assert best < familiar_best, (unfamiliar, best, familiar_best)
    else:
        assert best == familiar_best
    if diet != "vegan":  # milk, eggs, meat and fish cover every vitamin in familiar foods
        assert not unfamiliar, unfamiliar


def test_unfamiliar_foods_are_weighed_not_removed(foods):
    # with only unfamiliar foods to choose from, a vegetarian's B12 is still planned
    plan = suggest(["B12"], "vegetarian", foods=foods[~foods["familiar"]])
    assert plan.items
    assert len(_unfamiliar_items(plan, foods)) == len(plan.items)


def test_show_says_whether_a_food_is_everyday_and_why_not():
    from click.testing import CliRunner

    from bplanner.cli import cli

    sheep = CliRunner().invoke(cli, ["show", "01109"])
    assert sheep.exit_code == 0
    text = " ".join(sheep.output.split())
    assert "Everyday in the US diet: no" in text and "cow's milk" in text
    cow = CliRunner().invoke(cli, ["show", "01077"])
    assert "Everyday in the US diet: yes" in cow.output


@pytest.mark.parametrize("vitamins, diet", [(ALL4, "vegan"), (ALL4, "omnivore"),
                                            (["B1"], "vegan"), (["B12"], "vegetarian")],
                         ids=["vegan-all", "omnivore-all", "vegan-B1", "vegetarian-B12"])
def test_other_sources_list_everyday_foods_before_unfamiliar_ones(foods, vitamins, diet):
    """The plan's "other sources" follow the plan's preference: hibiscus tea no longer heads
    the thiamin list while an everyday food fits the same meal; within each kind, the
    richest per portion first."""
    flag = dict(zip(foods["ndb"], foods["familiar"]))
    plan = suggest(vitamins, diet)
    assert any(plan.alternatives.values())
    for alts in plan.alternatives.values():
        kinds = [bool(flag[a["ndb"]]) for a in alts]
        assert kinds == sorted(kinds, reverse=True), [a["name"] for a in alts]
        for same in (True, False):
            amounts = [a["per_portion"] for a, k in zip(alts, kinds) if k is same]
            assert amounts == sorted(amounts, reverse=True)
