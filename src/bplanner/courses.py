"""Meals of a day and the courses foods are eaten as: the shape of a plan a person follows.

A day is breakfast, lunch, dinner and a snack. Each food belongs to one *course*
(cereal, drink, main dish, grain, vegetable, fruit, dairy, nuts, snack); a course goes
only to the meals where people eat it (cereal and milk at breakfast, cooked legumes,
fish and meat at lunch or dinner, fruit, nuts and yogurt at breakfast or as a snack),
and a meal holds at most one food of each course slot and a few foods in all. Fats,
oils, sweets, spices and baby foods are not planned as vitamin sources, so they have no
meal. Which course a food is is a rule of the food table (``table.course``); this
module is the shared vocabulary the table, the planner and the output read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MEALS: tuple[str, ...] = ("breakfast", "lunch", "dinner", "snack")

# A meal holds at most this many foods (and at most one of each course).
MAX_ITEMS: dict[str, int] = {"breakfast": 3, "lunch": 3, "dinner": 3, "snack": 2}

# course -> the meals it may go to
COURSE_MEALS: dict[str, tuple[str, ...]] = {
    "cereal": ("breakfast",),
    "milk": ("breakfast", "lunch", "dinner", "snack"),
    "juice": ("breakfast", "snack"),
    "drink": ("breakfast", "snack"),
    "yogurt": ("breakfast", "snack"),
    "cheese": ("breakfast", "lunch", "snack"),
    "egg": ("breakfast", "lunch"),
    "breakfast_meat": ("breakfast", "lunch", "dinner"),
    "main": ("lunch", "dinner"),
    "bread": ("breakfast", "lunch"),
    "breakfast_bread": ("breakfast",),
    "starch": ("lunch", "dinner"),
    "cracker": ("snack",),
    "vegetable": ("lunch", "dinner"),
    "fruit": ("breakfast", "lunch", "snack"),
    "nuts": ("breakfast", "snack"),
    "spread": ("breakfast", "lunch", "snack"),
    "snack": ("snack",),
    "none": (),
}

# courses that share a slot in a meal: a meal holds at most one food of each slot
SLOT: dict[str, str] = {
    "cereal": "cereal",
    "milk": "drink",
    "juice": "drink",
    "drink": "drink",
    "yogurt": "dairy",
    "cheese": "dairy",
    "egg": "main",
    "breakfast_meat": "main",
    "main": "main",
    "bread": "grain",
    "breakfast_bread": "grain",
    "starch": "grain",
    "cracker": "grain",
    "vegetable": "vegetable",
    "fruit": "fruit",
    "nuts": "nuts",
    "spread": "nuts",
    "snack": "snack",
    "none": "none",
}


def meal_matrix(course_of: pd.Series) -> np.ndarray:
    """Boolean (n foods, 4 meals): whether each food may go to each meal."""
    allowed = {c: np.array([m in ms for m in MEALS]) for c, ms in COURSE_MEALS.items()}
    if len(course_of) == 0:
        return np.zeros((0, len(MEALS)), dtype=bool)
    return np.vstack([allowed[c] for c in course_of])
