"""Schema-valid synthetic food tables for benchmarks (numpy, fixed seed).

The distributions follow the shipped table in shape, not in value: most foods hold
small amounts of each vitamin, a few (about 1 in 200) are rich sources, about 15%
of amounts are missing (NaN, "not measured"), plant foods hold B12 only when
fortified, and everyday, fortified and allergen flags occur at roughly the shipped
table's rates. Each row is one of 20 kinds of food (milk, cereal, fruit, beef, ...)
with its USDA group, a name ``bplanner.table.course.course`` reads, a household portion and
the diets its animal source fits, so plans spread over courses and meals as real
ones do. About 5% of names carry a brand (an upper-case word). No row is a real food.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bplanner.foods import COLUMNS, MAX_AMOUNT
from bplanner.table.course import course

# (column, typical amount per 100 g, spread of log-amounts)
_AMOUNTS = (
    ("thiamin_mg", 0.08, 1.2),
    ("vitamin_b6_mg", 0.15, 1.1),
    ("folate_dfe_ug", 15.0, 1.4),
    ("vitamin_b12_ug", 0.3, 1.5),
    ("retinol_ug", 8.0, 2.0),
    ("energy_kcal", 180.0, 0.8),
)
# Kinds of food, so that bplanner.table.course.course gives a spread of courses and meals as in
# the shipped table: (USDA food group, name head, share of rows, animal source,
# household measure of a portion, typical portion in grams, pieces in a portion).
# The name head is what meals.course reads ("Milk, ..." is milk, "Egg, ..." an egg).
_KINDS = (
    ("Dairy and Egg Products", "Milk, synthetic", 0.04, "dairy", "1 cup", 244, 0),
    ("Dairy and Egg Products", "Yogurt, synthetic", 0.03, "dairy", "1 container", 170, 0),
    ("Dairy and Egg Products", "Cheese, synthetic", 0.05, "dairy", "1 oz", 30, 0),
    ("Dairy and Egg Products", "Egg, synthetic", 0.02, "egg", "1 large", 50, 1),
    ("Breakfast Cereals", "Cereal, synthetic", 0.06, "", "1 cup", 40, 0),
    ("Fruits and Fruit Juices", "Fruit, synthetic", 0.09, "", "1 medium", 140, 1),
    ("Fruits and Fruit Juices", "Fruit juice, synthetic", 0.02, "", "1 cup", 240, 0),
    ("Vegetables and Vegetable Products", "Vegetable, synthetic", 0.12, "", "1 cup", 85, 0),
    ("Legumes and Legume Products", "Beans, synthetic, cooked", 0.06, "", "1/2 cup", 90, 0),
    ("Nut and Seed Products", "Nuts, synthetic", 0.04, "", "1 oz", 30, 0),
    ("Baked Products", "Bread, synthetic", 0.06, "", "1 slice", 50, 1),
    ("Baked Products", "Muffin, synthetic", 0.02, "", "1 muffin", 55, 1),
    ("Cereal Grains and Pasta", "Pasta, synthetic, cooked", 0.04, "", "1 cup", 140, 0),
    ("Beef Products", "Beef, synthetic, cooked", 0.09, "meat", "3 oz", 85, 0),
    ("Poultry Products", "Chicken, synthetic, cooked", 0.06, "poultry", "3 oz", 85, 0),
    ("Finfish and Shellfish Products", "Fish, synthetic, cooked", 0.06, "fish", "3 oz", 85, 0),
    ("Snacks", "Snack, synthetic", 0.04, "", "1 oz", 30, 0),
    ("Beverages", "Beverage, synthetic", 0.03, "", "1 cup", 240, 0),
    ("Fats and Oils", "Oil, synthetic", 0.03, "", "1 tbsp", 14, 0),
    ("Sweets", "Candy, synthetic", 0.03, "", "1 oz", 30, 0),
)
_SHARES = np.array([k[2] for k in _KINDS])
_SHARES = _SHARES / _SHARES.sum()
# which diets each animal source fits (bplanner.diets)
_FITS = {
    "": ("omnivore", "pescatarian", "vegetarian", "lacto_vegetarian", "ovo_vegetarian", "vegan"),
    "dairy": ("omnivore", "pescatarian", "vegetarian", "lacto_vegetarian"),
    "egg": ("omnivore", "pescatarian", "vegetarian", "ovo_vegetarian"),
    "fish": ("omnivore", "pescatarian"),
    "meat": ("omnivore",),
    "poultry": ("omnivore",),
}
_ALLERGENS = np.array(
    [
        "",
        "",
        "",
        "milk",
        "wheat_gluten",
        "soy",
        "egg",
        "milk;wheat_gluten",
        "fish",
        "tree_nuts",
        "peanuts",
        "sesame",
        "wheat_gluten;soy",
    ]
)


def make_foods(n: int, seed: int = 0) -> pd.DataFrame:
    """A food table of ``n`` rows with bplanner's columns and dtypes (as load_foods returns)."""
    rng = np.random.default_rng(seed)
    df = {}
    df["ndb"] = np.char.add("S", np.char.zfill(np.arange(n).astype(str), 7)).astype(object)
    df["name"] = np.char.add("no. ", np.arange(n).astype(str)).astype(object)
    kind = rng.choice(len(_KINDS), n, p=_SHARES)
    brand = rng.random(n) < 0.05  # brand-name products: an upper-case word in the name
    heads = np.array([k[1] for k in _KINDS], dtype=object)[kind]
    df["name"] = np.where(brand, heads + ", BRANDCO, " + df["name"], heads + ", " + df["name"])
    df["food_group"] = np.array([k[0] for k in _KINDS], dtype=object)[kind]
    # the course, as the build writes it: meals.course of each kind's group and name head
    courses = np.array([course(k[0], k[1]) for k in _KINDS], dtype=object)
    df["course"] = courses[kind]
    df["racc_category"] = np.full(n, "Synthetic category", dtype=object)
    typical = np.array([k[5] for k in _KINDS], dtype=float)[kind]
    df["racc_grams"] = np.round(typical * rng.lognormal(0.0, 0.25, n), 1)
    df["portion_text"] = np.array([k[4] for k in _KINDS], dtype=object)[kind]
    df["portion_grams"] = df["racc_grams"]
    df["portion_pieces"] = np.array([k[6] for k in _KINDS], dtype="int64")[kind]
    source = np.array([k[3] for k in _KINDS], dtype=object)[kind]
    rich = rng.random(n) < 0.005  # a few rich sources: 20-200x the typical amount
    fortified = rng.random(n) < 0.1
    for col, typical, spread in _AMOUNTS:
        values = typical * rng.lognormal(0.0, spread, n)
        if col != "energy_kcal":
            values = np.where(rich, values * rng.uniform(20, 200, n), values)
            values = np.where(fortified & (col != "retinol_ug"), values * 5, values)
            values = np.where(rng.random(n) < 0.2, 0.0, values)  # truly absent
        if col == "vitamin_b12_ug":  # plants make no B12: only fortified plant foods hold it
            values = np.where((source == "") & ~fortified, 0.0, values)
        values = np.round(np.minimum(values, MAX_AMOUNT[col]), 3)  # what validate accepts
        values[rng.random(n) < (0.15 if col != "energy_kcal" else 0.001)] = np.nan
        df[col] = values
    df["fortified"] = fortified
    df["everyday"] = rng.random(n) < 0.76
    df["animal_sources"] = source
    for diet in ("omnivore", "pescatarian", "vegetarian", "lacto_vegetarian",
                 "ovo_vegetarian", "vegan"):
        fits = np.array([diet in _FITS[k[3]] for k in _KINDS])
        df[f"diet_{diet}"] = fits[kind]
    df["allergens"] = _ALLERGENS[rng.integers(0, len(_ALLERGENS), n)].astype(object)
    df["familiar"] = rng.random(n) < 0.86  # drawn last: the other columns stay as before
    # SR28's other B vitamins and folate forms, drawn after the SR24 columns so those stay
    # as before: B2, B3 and B5 like B1; folic acid only in fortified foods; DFE as USDA's
    for col, typical, spread in (("riboflavin_mg", 0.1, 1.1), ("niacin_mg", 1.5, 1.1),
                                 ("pantothenic_acid_mg", 0.4, 1.0)):
        values = np.round(np.minimum(typical * rng.lognormal(0.0, spread, n), MAX_AMOUNT[col]), 3)
        values[rng.random(n) < 0.15] = np.nan
        df[col] = values
    folic = np.where(fortified, np.round(df["folate_dfe_ug"] / 2.7, 1), 0.0)
    df["folic_acid_ug"] = np.where(np.isnan(df["folate_dfe_ug"]), np.nan, folic)
    df["food_folate_ug"] = np.round(df["folate_dfe_ug"] - 1.7 * df["folic_acid_ug"], 1)
    df["folate_total_ug"] = np.round(df["food_folate_ug"] + df["folic_acid_ug"], 1)
    df["folate_dfe_basis"] = np.where(np.isnan(df["folate_dfe_ug"]), "", "usda").astype(object)
    df["vitamin_b12_added_ug"] = np.where(fortified & (source == ""), df["vitamin_b12_ug"], 0.0)
    for col in ("supplies", "rich_in", "leaflet_claims"):
        df[col] = np.full(n, "", dtype=object)
    return pd.DataFrame(df)[list(COLUMNS)]
