"""The B vitamins bplanner plans for, and the names people type for them.

One place maps every spelling (B1, thiamine, folic acid, cobalamin...) to a
canonical key, so the CLI, the API and the data files agree on what a vitamin is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Vitamin:
    key: str  # canonical key, as in the reference intakes (data/reference)
    label: str  # short label shown to users
    name: str  # common name
    column: str  # column in data/foods.csv, amount per 100 g
    unit: str  # unit of that column
    aliases: tuple[str, ...]


VITAMINS: dict[str, Vitamin] = {
    v.key: v
    for v in (
        Vitamin("thiamin", "B1", "thiamin", "thiamin_mg", "mg", ("b1", "thiamin", "thiamine")),
        Vitamin("riboflavin", "B2", "riboflavin", "riboflavin_mg", "mg",
                ("b2", "riboflavin", "riboflavine", "vitamin b2")),
        # USDA SR reports preformed niacin, not niacin equivalents (NE, which add tryptophan
        # / 60): a plan on preformed niacin against the RDA in mg NE errs on the safe side
        Vitamin("niacin", "B3", "niacin", "niacin_mg", "mg",
                ("b3", "niacin", "nicotinic acid", "niacinamide", "nicotinamide", "vitamin b3")),
        Vitamin("pantothenic_acid", "B5", "pantothenic acid", "pantothenic_acid_mg", "mg",
                ("b5", "pantothenic acid", "pantothenate", "pantothenic", "vitamin b5")),
        Vitamin(
            "vitamin_b6",
            "B6",
            "vitamin B6",
            "vitamin_b6_mg",
            "mg",
            ("b6", "pyridoxine", "pyridoxin", "vitamin b6", "vitamin_b6"),
        ),
        Vitamin(
            "folate",
            "B9",
            "folate",
            "folate_dfe_ug",
            "µg DFE",  # dietary folate equivalents: food folate + 1.7 × folic acid
            ("b9", "folate", "folic acid", "folic_acid", "folacin", "vitamin b9"),
        ),
        Vitamin(
            "vitamin_b12",
            "B12",
            "vitamin B12",
            "vitamin_b12_ug",
            "µg",
            ("b12", "cobalamin", "cyanocobalamin", "vitamin b12", "vitamin_b12"),
        ),
    )
}

ORDER: tuple[str, ...] = tuple(VITAMINS)
# the four the leaflet speaks of: what `suggest` plans and `foods` shows when none is named
CORE: tuple[str, ...] = ("thiamin", "vitamin_b6", "folate", "vitamin_b12")

_ALIASES: dict[str, str] = {}
for _v in VITAMINS.values():
    for _a in (_v.key, _v.label, *_v.aliases):
        _ALIASES[_a.lower()] = _v.key


def accepted_names() -> str:
    """The names a user may type, for error messages."""
    return "B1, B2, B3, B5, B6, B9, B12 (names such as thiamin, folate too: see --help)"


# B vitamins that USDA Standard Reference does not report: named, so the answer is plain
NOT_IN_USDA = {
    "b7": "biotin (B7)", "biotin": "biotin (B7)", "vitamin h": "biotin (B7)",
    "b4": "B4 (adenine, no longer counted as a vitamin)",
    "b8": "B8 (inositol, not a vitamin for people)",
}


_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
# "vitamin", "vit" or "vit." before a B number: "Vitamin B-12", "vit b6", "VIT. B1", "vitB12"
_PREFIX = re.compile(r"^(vitamin|vit)\s*(?=b\s*\d)")


def parse_vitamin(text: str) -> str:
    """Return the canonical key for what a user typed, or raise ValueError.

    Case, hyphens, underscores, dots and spaces do not matter, and a "vitamin",
    "vit" or "vit." before a B number is optional: "Vitamin B-12", "vitamin B 12",
    "vit b6", "VIT. B1" and "B-9" are all understood.
    """
    norm = str(text).translate(_SUBSCRIPTS).strip().lower()
    norm = " ".join(re.sub(r"[-_.]", " ", norm).split())
    norm = _PREFIX.sub("", norm)
    key = _ALIASES.get(norm) or _ALIASES.get(norm.replace(" ", ""))
    if key is None:
        missing = NOT_IN_USDA.get(norm) or NOT_IN_USDA.get(norm.replace(" ", ""))
        if missing:
            raise ValueError(
                f"{missing} cannot be planned: USDA SR, bplanner's food table, "
                f"does not report it; accepted: {accepted_names()}"
            )
        raise ValueError(f"unknown vitamin {text!r}; accepted: {accepted_names()}")
    return key


def parse_vitamins(items) -> list[str]:
    """Parse repeated or comma-separated vitamin names, keeping the canonical order."""
    keys: set[str] = set()
    for item in items:
        for part in str(item).split(","):
            if part.strip():
                keys.add(parse_vitamin(part))
    if not keys:
        raise ValueError(f"no vitamin given; accepted: {accepted_names()}")
    return [k for k in ORDER if k in keys]
