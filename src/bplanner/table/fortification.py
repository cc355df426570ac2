"""Which fortified foods have B vitamins added: the fortification that matters to a plan.

The table's ``fortified`` column says the maker adds vitamins, any of them (``classify.
is_fortified``). For B vitamins that is too wide: US milk is fortified with vitamins A and
D, yet its B12 is its own. The planner's fortified weight and the "plan relies on
fortified foods" warning use this narrower rule. Stdlib only and two small patterns: it
is on the planner's hot path.
"""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# A name that says which vitamins were added and names none of the B vitamins: "with added
# vitamin A and vitamin D" (US milk), "fortified with vitamin D" (yogurt, cheese), "with
# vitamin C added" (juice drinks), "with added calcium, vitamins A and D".
_NON_B_NAMED = _rx(r"\bvitamins? [acde]\b")
_B_NAMED = _rx(r"\bvitamins? b|\bb[- ]?(1|2|6|12)\b|thiamin|riboflavin|niacin|folic|folate|"
               r"pantothenic|\benriched\b|\benhanced\b")
# USDA food groups of animal foods, whose B12 is their own
_OWN_B12_GROUPS = frozenset({
    "Dairy and Egg Products", "Poultry Products", "Sausages and Luncheon Meats",
    "Pork Products", "Beef Products", "Finfish and Shellfish Products",
    "Lamb, Veal, and Game Products",
})


def adds_b_vitamins(name: str, food_group: str, fortified: bool,
                    b12_per_100g: float | None) -> bool:
    """Whether a fortified food has B vitamins added, the fortification that matters here.

    US milk is fortified with vitamins A and D, yogurt and cheese with vitamin D, juice
    drinks with vitamin C: their B vitamins are the food's own, so the planner does not
    weigh them as fortified foods (``planner.WEIGHT_FORTIFIED``) and the "plan relies on
    fortified foods" warning does not fire for them. A fortified food counts as adding B
    vitamins unless its name names only other vitamins added; a plant food with vitamin
    B12 always does (plants hold none of their own), whatever its name says.
    """
    if not fortified:
        return False
    if b12_per_100g and b12_per_100g > 0 and food_group not in _OWN_B12_GROUPS:
        return True
    return not (_NON_B_NAMED.search(name) and not _B_NAMED.search(name))


def adds_b_vitamins_of(foods):
    """``adds_b_vitamins`` for every row of a food table (a DataFrame), as a bool array;
    only the fortified rows are read by name."""
    import numpy as np

    out = foods["fortified"].to_numpy(dtype=bool).copy()
    rows = np.flatnonzero(out)
    sub = foods.iloc[rows]
    for i, name, group, b12 in zip(rows, sub["name"], sub["food_group"], sub["vitamin_b12_ug"]):
        out[i] = adds_b_vitamins(str(name), str(group), True,
                                 None if b12 != b12 else float(b12))  # NaN: not measured
    return out
