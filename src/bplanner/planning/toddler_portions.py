"""Portions for children 1 to 3 years: FDA's reference amounts for young children.

21 CFR 101.12(b) Table 1 (``data/reference/racc_infant_toddler.csv``) gives amounts
for foods made for infants and children 1 through 3. The planner uses them for the
same kinds of everyday food (eggs, fruit, vegetables, juice, cereals, dinners and
soups) and half the general portion for every other food.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from bplanner._resources import data_file

REFERENCE_FILE = "reference/racc_infant_toddler.csv"

# course (bplanner.table.course) -> the Table 1 category whose amount applies
_CATEGORY = {
    "egg": "Eggs or egg yolks, ready-to-serve",
    "fruit": "Fruits for children 1-3 years, ready-to-serve",
    "vegetable": "Vegetables for children 1-3 years, ready-to-serve",
    "juice": "Juices, all varieties",
    "hot_cereal": "Cereals, prepared, ready-to-serve",
    "main": "Dinners, stews or soups for children 1-3 years, ready-to-serve",
}
# ready-to-eat cereals: Table 1 gives 20 g for children 1-3 in its "racc_alt" column
_RTE_CEREAL_CATEGORY = "Other cereal and grain products, dry ready-to-eat"
_HOT = re.compile(r"\b(oatmeal|oats|farina|grits|cream of wheat|cream of rice|malt-o-meal|"
                  r"cooked|prepared with water|hot)\b", re.IGNORECASE)


def hot_cereal(name: str) -> bool:
    """A hot cereal as eaten (cooked), not a ready-to-eat one."""
    return bool(_HOT.search(name)) and "ready-to-eat" not in name.lower()


@lru_cache(maxsize=1)
def _rows() -> dict[str, dict[str, str]]:
    with open(data_file(REFERENCE_FILE), newline="", encoding="utf-8") as fh:
        return {r["category"]: r for r in csv.DictReader(fh)}


def _grams(row: dict[str, str]) -> float:
    """Table 1 amounts are g or mL; mL of these foods (juice) count 1 g per mL."""
    return float(row["racc_amount"])


@lru_cache(maxsize=1)
def toddler_grams() -> dict[str, float]:
    rows = _rows()
    out = {course: _grams(rows[cat]) for course, cat in _CATEGORY.items()}
    rte = next(r for c, r in rows.items() if c.startswith(_RTE_CEREAL_CATEGORY))
    out["cereal"] = float(re.match(r"(\d+) g", rte["racc_alt"]).group(1))
    return out


class _Lazy(dict):
    def get(self, key, default=None):
        return toddler_grams().get(key, default)


TODDLER_GRAMS = _Lazy()
