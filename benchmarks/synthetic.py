"""Schema-valid synthetic food tables for benchmarks (numpy, fixed seed).

The distributions follow the shipped table in shape, not in value: most foods hold
small amounts of each vitamin, a few (about 1 in 200) are rich sources, about 15%
of amounts are missing (NaN, "not measured"), and diet, everyday, fortified and
allergen flags occur at roughly the shipped table's rates. No row is a real food.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bplanner.foods import COLUMNS

# (column, typical amount per 100 g, spread of log-amounts)
_AMOUNTS = (
    ("thiamin_mg", 0.08, 1.2),
    ("vitamin_b6_mg", 0.15, 1.1),
    ("folate_ug", 15.0, 1.4),
    ("vitamin_b12_ug", 0.3, 1.5),
    ("retinol_ug", 8.0, 2.0),
    ("energy_kcal", 180.0, 0.8),
)
_GROUPS = np.array(
    [
        "Dairy and Egg Products",
        "Vegetables and Vegetable Products",
        "Breakfast Cereals",
        "Beef Products",
        "Finfish and Shellfish Products",
        "Legumes and Legume Products",
        "Baked Products",
        "Fruits and Fruit Juices",
    ]
)
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
    df["name"] = np.char.add("Synthetic food ", np.arange(n).astype(str)).astype(object)
    df["food_group"] = _GROUPS[rng.integers(0, len(_GROUPS), n)].astype(object)
    df["racc_category"] = np.full(n, "Synthetic category", dtype=object)
    df["racc_grams"] = np.round(rng.lognormal(np.log(80), 0.8, n), 1) + 1.0
    df["portion_text"] = np.full(n, "1 piece", dtype=object)
    df["portion_grams"] = df["racc_grams"]
    df["portion_pieces"] = np.ones(n, dtype="int64")
    rich = rng.random(n) < 0.005  # a few rich sources: 20-200x the typical amount
    fortified = rng.random(n) < 0.1
    for col, typical, spread in _AMOUNTS:
        values = typical * rng.lognormal(0.0, spread, n)
        if col != "energy_kcal":
            values = np.where(rich, values * rng.uniform(20, 200, n), values)
            values = np.where(fortified & (col != "retinol_ug"), values * 5, values)
            values = np.where(rng.random(n) < 0.2, 0.0, values)  # truly absent
        values = np.round(values, 3)
        values[rng.random(n) < (0.15 if col != "energy_kcal" else 0.001)] = np.nan
        df[col] = values
    df["fortified"] = fortified
    df["everyday"] = rng.random(n) < 0.76
    level = rng.choice(6, n, p=[0.42, 0.13, 0.1, 0.1, 0.1, 0.15])  # how strict a diet fits
    df["animal_sources"] = np.where(level == 5, "", "dairy").astype(object)
    df["diet_omnivore"] = np.ones(n, dtype=bool)
    df["diet_pescatarian"] = level >= 1
    df["diet_vegetarian"] = level >= 2
    df["diet_lacto_vegetarian"] = level >= 3
    df["diet_ovo_vegetarian"] = level >= 4
    df["diet_vegan"] = level >= 5
    df["allergens"] = _ALLERGENS[rng.integers(0, len(_ALLERGENS), n)].astype(object)
    for col in ("supplies", "rich_in", "leaflet_claims"):
        df[col] = np.full(n, "", dtype=object)
    return pd.DataFrame(df)[list(COLUMNS)]
