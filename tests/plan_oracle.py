"""An independent reading of what a day plan must satisfy, from the shipped CSV files alone.

The planner's tests check its plans against these functions. Everything here is
computed from ``data/foods.csv`` and ``data/reference/dri_b_vitamins.csv`` read with
the csv module, and from rules written down here (the meals a food group may go
to), never from bplanner's own numbers or its own classification.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
with open(ROOT / "data" / "foods.csv", newline="", encoding="utf-8") as _fh:
    FOODS = {r["ndb"]: r for r in csv.DictReader(_fh)}
with open(ROOT / "data" / "reference" / "dri_b_vitamins.csv", newline="", encoding="utf-8") as _fh:
    REFERENCE = list(csv.DictReader(_fh))

ALL4 = ("B1", "B6", "B9", "B12")
ALL7 = ("B1", "B2", "B3", "B5", "B6", "B9", "B12")
COLUMN = {"B1": "thiamin_mg", "B2": "riboflavin_mg", "B3": "niacin_mg",
          "B5": "pantothenic_acid_mg", "B6": "vitamin_b6_mg", "B9": "folate_dfe_ug",
          "B12": "vitamin_b12_ug"}
NUTRIENT = {"B1": "thiamin", "B2": "riboflavin", "B3": "niacin", "B5": "pantothenic_acid",
            "B6": "vitamin_b6", "B9": "folate", "B12": "vitamin_b12"}
KEY = NUTRIENT  # the planner's vitamin keys are the reference file's nutrient names
B12_PER_MEAL = 1.5  # µg counted per meal (IOM 1998 ch. 9; Watanabe 2007), written here again
PORTION_STEPS = {0.5, 1.0, 1.5, 2.0}
MEALS = ("breakfast", "lunch", "dinner", "snack")
MAX_ITEMS = {"breakfast": 3, "lunch": 3, "dinner": 3, "snack": 2}  # README "Meals"

# --- reference intakes ------------------------------------------------------------------


def stage_of(age: float, pregnant: bool = False, lactating: bool = False) -> str:
    if pregnant:
        return "pregnancy"
    if lactating:
        return "lactation"
    if age < 1:
        return "infant"
    return "child" if age < 14 else "general"


def _rows(nutrient, kinds, age, sex, stage):
    out = []
    for r in REFERENCE:
        if r["nutrient"] != nutrient or r["kind"] not in kinds or r["life_stage"] != stage:
            continue
        lo = float(r["age_min"])
        hi = float(r["age_max"]) if r["age_max"] else 200.0
        if not lo <= age <= hi:
            continue
        if sex is not None and r["sex"] not in ("any", sex):
            continue
        out.append(float(r["value"]))
    return out


def target(label: str, age=30, sex=None, pregnant=False, lactating=False) -> float:
    """RDA (or AI); with sex unknown the higher of both."""
    rows = _rows(NUTRIENT[label], ("RDA", "AI"), age, sex,
                 stage_of(age, pregnant, lactating))
    assert rows, (label, age, sex)
    return max(rows)


def upper_limits(age=30, sex=None, pregnant=False, lactating=False) -> dict[str, float]:
    stage = stage_of(age, pregnant, lactating)
    out = {}
    for name in ("vitamin_b6", "retinol", "folic_acid", "niacin"):
        rows = _rows(name, ("UL",), age, sex, stage)
        if rows:
            out[name] = min(rows)
    return out


# --- amounts of a plan, from the CSV ----------------------------------------------------


def num(text: str) -> float:
    """A CSV amount; an unmeasured (empty) value adds nothing."""
    return float(text) if text else 0.0


def amount(ndb: str, column: str, grams: float) -> float:
    return num(FOODS[ndb][column]) * grams / 100.0


def csv_grams(ndb: str, portions: float) -> float:
    return portions * float(FOODS[ndb]["portion_grams"])


_OWN_B12 = {"Dairy and Egg Products", "Poultry Products", "Sausages and Luncheon Meats",
            "Pork Products", "Beef Products", "Finfish and Shellfish Products",
            "Lamb, Veal, and Game Products"}


def adds_b(row: dict) -> int:
    """The README's fortified weight: USDA measured folic acid or B12 added in it, or a
    fortified food, unless its name names only other vitamins as added (vitamin D milk);
    a plant food with B12 always counts."""
    if num(row["folic_acid_ug"]) > 0 or num(row["vitamin_b12_added_ug"]) > 0:
        return 1
    if row["fortified"] != "1":
        return 0
    if num(row["vitamin_b12_ug"]) > 0 and row["food_group"] not in _OWN_B12:
        return 1
    other = re.search(r"\bvitamins? [acde]\b", row["name"], re.I)
    b = re.search(r"vitamins? b|\bb-?(1|2|6|12)\b|thiamin|riboflavin|niacin|folic|folate|"
                  r"pantothenic|enriched|enhanced", row["name"], re.I)
    return 0 if other and not b else 1


def limit_per_100g(row: dict, name: str) -> float:
    """What a food counts per 100 g against an upper limit (README, upper limits)."""
    if name == "folic_acid":
        if row["folic_acid_ug"] != "":  # USDA's folic acid (431)
            return num(row["folic_acid_ug"])
        # not measured: the total folate of a B-fortified food, an upper bound
        return num(row["folate_total_ug"]) if adds_b(row) else 0.0
    if name == "niacin":  # the UL is on added niacin: all of a B-fortified food's counts
        return num(row["niacin_mg"]) if adds_b(row) else 0.0
    return num(row[{"vitamin_b6": "vitamin_b6_mg", "retinol": "retinol_ug"}[name]])


def day_amounts(items, fixed=()) -> dict:
    """Plain totals, B12 per meal, and the limited nutrients of one day's items.

    ``items`` (planned) and ``fixed`` (a diary's lines) are (meal, ndb, grams) triples.
    A meal's B12 counts up to 1.5 µg, or as much as the diary gives there if that is
    more (the README: a diary's B12 counts as eaten, the plan's additions are capped).
    """
    totals = {label: 0.0 for label in ALL7}
    b12_meal = {m: 0.0 for m in MEALS}
    b12_diary = {m: 0.0 for m in MEALS}
    limits = {"vitamin_b6": 0.0, "retinol": 0.0, "folic_acid": 0.0, "niacin": 0.0}
    for meal, ndb, grams in [*items, *fixed]:
        for label in ALL7:
            totals[label] += amount(ndb, COLUMN[label], grams)
        b12_meal[meal] += amount(ndb, "vitamin_b12_ug", grams)
        limits["vitamin_b6"] += amount(ndb, "vitamin_b6_mg", grams)
        limits["retinol"] += amount(ndb, "retinol_ug", grams)
        for name in ("folic_acid", "niacin"):
            limits[name] += limit_per_100g(FOODS[ndb], name) * grams / 100.0
    counted = dict(totals)
    for meal, ndb, grams in fixed:
        b12_diary[meal] += amount(ndb, "vitamin_b12_ug", grams)
    counted["B12"] = sum(max(b12_diary[m], min(b12_meal[m], B12_PER_MEAL)) for m in MEALS)
    return {"totals": totals, "counted": counted, "b12_meal": b12_meal, "limits": limits}


# --- meals: an independent table by USDA food group ---------------------------------------

_MILK = re.compile(r"^milk\b|\bsoymilk\b|soy milk|^silk\b|^beverages?, (almond|rice|oat|soy)|"
                   r"almond milk|rice milk|ready-to-drink.*milk|^buttermilk|chocolate milk",
                   re.IGNORECASE)
_BREAKFAST_MEAT = re.compile(r"\bbacon\b|\bsausage\b|\bham\b", re.IGNORECASE)
_SPREAD = re.compile(r"peanut butter|nut butter|almond butter|tahini|sesame butter|hummus|"
                     r"yeast extract", re.IGNORECASE)
_MEAT_GROUPS = {"Beef Products", "Pork Products", "Poultry Products",
                "Lamb, Veal, and Game Products", "Finfish and Shellfish Products",
                "Sausages and Luncheon Meats"}
NEVER_PLANNED = {"Fats and Oils", "Sweets", "Spices and Herbs", "Baby Foods"}


def meals_expected(ndb: str) -> set[str]:
    """The meals a dietitian would accept a food at (a superset: the planner may be stricter)."""
    row = FOODS[ndb]
    group, name = row["food_group"], row["name"]
    if _MILK.search(name) and "yogurt" not in name.lower():
        return set(MEALS)
    if group in NEVER_PLANNED:
        return set()
    if _SPREAD.search(name):  # spreads go on bread or crackers
        return {"breakfast", "lunch", "snack"}
    if group == "Breakfast Cereals":
        return {"breakfast"}
    if group in _MEAT_GROUPS:
        if _BREAKFAST_MEAT.search(name):
            return {"breakfast", "lunch", "dinner"}
        return {"lunch", "dinner"}
    if group == "Legumes and Legume Products":
        return {"lunch", "dinner"}
    if group == "Vegetables and Vegetable Products":
        if re.search(r"\bjuice\b", name, re.IGNORECASE):  # carrot, tomato juice: a drink
            return {"breakfast", "lunch", "snack"}
        return {"lunch", "dinner"}
    if group == "Fruits and Fruit Juices":
        return {"breakfast", "lunch", "snack"}
    if group == "Nut and Seed Products":
        return {"breakfast", "lunch", "snack"}
    if group == "Dairy and Egg Products":
        if re.search(r"^eggs?\b|^egg,", name, re.IGNORECASE):
            return {"breakfast", "lunch"}
        if "yogurt" in name.lower():
            return {"breakfast", "snack"}
        return {"breakfast", "lunch", "snack"}  # cheese
    if group == "Snacks":
        return {"snack"}
    if group == "Cereal Grains and Pasta":
        return set(MEALS) - {"snack"}
    return set(MEALS)


def slot_expected(ndb: str) -> str | None:
    """A coarse slot of this test's own: a meal holds at most one cereal, one milk, one
    meat or fish dish."""
    row = FOODS[ndb]
    if _MILK.search(row["name"]) and "yogurt" not in row["name"].lower():
        return "milk"
    if row["food_group"] == "Breakfast Cereals":
        return "cereal"
    if row["food_group"] in _MEAT_GROUPS:
        return "meat"
    return None


# --- the whole check of a plan's days -------------------------------------------------------


def check_day(items, *, vitamins, diet, profile: dict, fortified=True, all_foods=False,
              max_portions=2.0, fixed=()) -> dict:
    """Assert every property of one planned day; items are dicts with meal, ndb, portions,
    grams (the plan's), ``fixed`` are (meal, ndb, grams) a diary already gives."""
    age = profile.get("age", 30)
    for it in items:
        row = FOODS[it["ndb"]]
        assert row[f"diet_{diet}"] == "1", (it["ndb"], row["name"], diet)
        if not all_foods:
            assert row["everyday"] == "1", (it["ndb"], row["name"])
        if not fortified:
            assert row["fortified"] == "0", (it["ndb"], row["name"])
        p = it["portions"]
        assert p in PORTION_STEPS and p <= max_portions, (row["name"], p)
        pieces = int(float(row["portion_pieces"] or 0))
        if pieces % 2 == 1:
            assert p in (1.0, 2.0), (row["name"], p, pieces)
        if age >= 4:
            # 1e-3: JSON and CSV numbers are rounded to 3 decimal places
            assert abs(it["grams"] - csv_grams(it["ndb"], p)) < 1e-3, (row["name"], it["grams"])
        assert it["meal"] in meals_expected(it["ndb"]), (row["name"], row["food_group"],
                                                         it["meal"])
        assert any(num(row[COLUMN[v]]) > 0 for v in vitamins), row["name"]
    for meal in MEALS:
        here = [it for it in items if it["meal"] == meal]
        assert len(here) <= MAX_ITEMS[meal], (meal, [it["ndb"] for it in here])
        slots = [slot_expected(it["ndb"]) for it in here]
        slots = [s for s in slots if s]
        assert len(slots) == len(set(slots)), (meal, [FOODS[it["ndb"]]["name"] for it in here])
    ndbs = [it["ndb"] for it in items]
    for ndb in set(ndbs):
        if ndbs.count(ndb) > 1:  # only a milk may be at several meals, within its limit
            assert _MILK.search(FOODS[ndb]["name"]), ("a food at two meals", FOODS[ndb]["name"])
            assert sum(it["portions"] for it in items if it["ndb"] == ndb) <= max_portions
    got = day_amounts([(it["meal"], it["ndb"], it["grams"]) for it in items], fixed)
    for label in vitamins:
        want = target(label, **profile)
        assert got["counted"][label] >= want * (1 - 1e-9), (label, got["counted"][label], want)
    # a plan alone keeps half of each upper limit; with a diary, diary and plan the whole
    share = 1.0 if fixed else 0.5
    for name, bound in upper_limits(**profile).items():
        assert got["limits"][name] <= share * bound * (1 + 1e-9), (name, got["limits"][name])
    if "B12" in vitamins and target("B12", **profile) > B12_PER_MEAL and not fixed:
        assert sum(v > 0 for v in got["b12_meal"].values()) >= 2, got["b12_meal"]
    return got
