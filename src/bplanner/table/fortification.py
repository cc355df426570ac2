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
                    b12_per_100g: float | None, folic_acid: float | None = None,
                    b12_added: float | None = None) -> bool:
    """Whether a fortified food has B vitamins added, the fortification that matters here.

    US milk is fortified with vitamins A and D, yogurt and cheese with vitamin D, juice
    drinks with vitamin C: their B vitamins are the food's own, so the planner does not
    weigh them as fortified foods (``planner.WEIGHT_FORTIFIED``) and the "plan relies on
    fortified foods" warning does not fire for them. A fortified food counts as adding B
    vitamins unless its name names only other vitamins added; a plant food with vitamin
    B12 always does (plants hold none of their own), whatever its name says. Where USDA
    measured folic acid (SR28 nutrient 431) or vitamin B12 added (578) above 0, the data
    say so, whatever the name: enriched rice, bagels and tortillas hold folic acid.
    """
    if (folic_acid and folic_acid > 0) or (b12_added and b12_added > 0):
        return True
    if not fortified:
        return False
    if b12_per_100g and b12_per_100g > 0 and food_group not in _OWN_B12_GROUPS:
        return True
    return not (_NON_B_NAMED.search(name) and not _B_NAMED.search(name))


def adds_b_vitamins_of(foods):
    """``adds_b_vitamins`` for every row of a food table (a DataFrame), as a bool array;
    only the fortified rows are read by name."""
    import numpy as np

    by_data = (foods["folic_acid_ug"].fillna(0).to_numpy() > 0) | (
        foods["vitamin_b12_added_ug"].fillna(0).to_numpy() > 0)
    out = foods["fortified"].to_numpy(dtype=bool).copy()
    rows = np.flatnonzero(out & ~by_data)
    sub = foods.iloc[rows]
    for i, name, group, b12 in zip(rows, sub["name"], sub["food_group"], sub["vitamin_b12_ug"]):
        out[i] = adds_b_vitamins(str(name), str(group), True,
                                 None if b12 != b12 else float(b12))  # NaN: not measured
    return out | by_data


# how the two limits on added vitamins are counted (said in plans, diaries and JSON)
FOLIC_ACID_RULE = ("USDA's folic acid (nutrient 431); where USDA did not measure it, the total "
                   "folate of a food with B vitamins added counts as folic acid")
NIACIN_RULE = ("the UL is for added niacin, which USDA does not report apart: all the niacin of "
               "foods with B vitamins added counts")


def folic_acid_counted(folic_acid, folate_total, adds_b):
    """Folic acid per 100 g as counted against its upper limit (scalars or numpy arrays).

    USDA's folic acid (SR28 nutrient 431) where measured. Where it is not, a food with B
    vitamins added counts its total folate (417) as folic acid, an upper bound (so the
    limit is never understated); a food without B vitamins added holds none. NaN where
    neither is known for a food with B vitamins added: such a food cannot be kept under
    the limit (``planner.unmeasured_for_limits`` leaves it out).
    """
    import numpy as np

    folic_acid = np.asarray(folic_acid, dtype=float)
    fallback = np.where(np.asarray(adds_b, dtype=bool),
                        np.asarray(folate_total, dtype=float), 0.0)
    return np.where(np.isnan(folic_acid), fallback, folic_acid)


def niacin_counted(niacin, adds_b):
    """Niacin per 100 g counted against the niacin UL, which applies to niacin added to
    foods and in supplements, not to niacin naturally in food (IOM 1998). USDA does not
    report the added part, so all the niacin of a food with B vitamins added counts (an
    upper bound) and none of a food without."""
    import numpy as np

    return np.where(np.asarray(adds_b, dtype=bool), np.asarray(niacin, dtype=float), 0.0)
