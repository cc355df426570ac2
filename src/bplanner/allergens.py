"""The allergens a user can exclude, and the names people type for them.

The name rules that flag each food live in ``bplanner.table.allergen_rules`` (build time).

Every name maps to exactly one key. There is no separate mollusc key: the
``crustacean_shellfish`` rules flag molluscs too (clams, oysters, squid, snails...),
a conservative choice, so "shellfish", "molluscs" and "mollusks" all map to
``crustacean_shellfish`` and excluding it leaves out crustaceans and molluscs alike.
"""


from __future__ import annotations

import re

ALLERGENS: tuple[str, ...] = (
    "milk",
    "egg",
    "fish",
    "crustacean_shellfish",
    "tree_nuts",
    "peanuts",
    "wheat_gluten",
    "soy",
    "sesame",
)

ALLERGEN_LABELS: dict[str, str] = {
    "milk": "milk",
    "egg": "egg",
    "fish": "fish",
    "crustacean_shellfish": "crustacean shellfish",
    "tree_nuts": "tree nuts",
    "peanuts": "peanuts",
    "wheat_gluten": "wheat/gluten",
    "soy": "soy",
    "sesame": "sesame",
}

_ALIASES: dict[str, str] = {
    "milk": "milk", "dairy": "milk", "lactose": "milk", "casein": "milk", "whey": "milk",
    "milk products": "milk", "cows milk": "milk", "cow's milk": "milk",
    "egg": "egg", "eggs": "egg",
    "fish": "fish", "finfish": "fish",
    "crustacean shellfish": "crustacean_shellfish", "crustacean": "crustacean_shellfish",
    "crustaceans": "crustacean_shellfish", "shellfish": "crustacean_shellfish",
    "shrimp": "crustacean_shellfish", "crab": "crustacean_shellfish",
    "lobster": "crustacean_shellfish", "prawn": "crustacean_shellfish",
    "prawns": "crustacean_shellfish", "mollusc": "crustacean_shellfish",
    "molluscs": "crustacean_shellfish", "mollusk": "crustacean_shellfish",
    "mollusks": "crustacean_shellfish", "clam": "crustacean_shellfish",
    "clams": "crustacean_shellfish", "oyster": "crustacean_shellfish",
    "oysters": "crustacean_shellfish", "mussel": "crustacean_shellfish",
    "mussels": "crustacean_shellfish", "scallop": "crustacean_shellfish",
    "scallops": "crustacean_shellfish", "squid": "crustacean_shellfish",
    "tree nuts": "tree_nuts", "tree nut": "tree_nuts", "nuts": "tree_nuts", "nut": "tree_nuts",
    "peanuts": "peanuts", "peanut": "peanuts", "groundnut": "peanuts", "groundnuts": "peanuts",
    "wheat gluten": "wheat_gluten", "wheat/gluten": "wheat_gluten", "wheat": "wheat_gluten",
    "gluten": "wheat_gluten",
    "soy": "soy", "soya": "soy", "soybean": "soy", "soybeans": "soy", "soy bean": "soy",
    "sesame": "sesame", "sesame seed": "sesame", "sesame seeds": "sesame",
}

_ACCEPTED = ", ".join(ALLERGEN_LABELS[a] for a in ALLERGENS) + " (synonyms too: see --help)"


def parse_allergen(text: str) -> str:
    """Canonical allergen key for user input ("Dairy", "tree-nuts", "Soya", ...).

    Case, surrounding space and "-"/"_" separators do not matter.
    Raises ValueError naming the accepted allergens for anything else.
    """
    key = re.sub(r"[\s_-]+", " ", str(text).strip().lower())
    if key in _ALIASES:
        return _ALIASES[key]
    raise ValueError(f"unknown allergen {text!r}; accepted: {_ACCEPTED}")
