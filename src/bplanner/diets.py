"""Diets as a user names them, and which diets a food's animal sources allow.

The rules that find a food's animal sources from its USDA name live in
``bplanner.table.diet_rules`` (used when the food table is built); this module is what
the CLI needs at run time, so it stays small and quick to import.
"""


from __future__ import annotations

import re

DIETS: tuple[str, ...] = (
    "omnivore",
    "pescatarian",
    "vegetarian",
    "lacto_vegetarian",
    "ovo_vegetarian",
    "vegan",
)

DIET_LABELS: dict[str, str] = {
    "omnivore": "omnivore",
    "pescatarian": "pescatarian",
    "vegetarian": "vegetarian (lacto-ovo)",
    "lacto_vegetarian": "lacto-vegetarian",
    "ovo_vegetarian": "ovo-vegetarian",
    "vegan": "vegan",
}

SOURCES: tuple[str, ...] = (
    "meat",  # mammals incl. game, marine mammals, organs, lard, tallow, gelatin, rennet, stock
    "poultry",  # birds: chicken, turkey, duck, goose, game birds, their fat and broth
    "fish",  # finfish, roe, fish oil, anchovy (Worcestershire, Caesar), isinglass
    "shellfish",  # crustaceans, molluscs (incl. snail), other sea invertebrates
    "dairy",  # milk of any mammal and everything made from it (whey, casein, butter)
    "egg",  # eggs of any bird, albumen, mayonnaise, meringue
    "honey",  # honey and bee/insect secretions: beeswax, royal jelly, shellac
    "other_animal",  # frog, turtle, insects, carmine/cochineal
    "unexplained_b12",  # B12 measured, yet no animal, fortified or fermented source named
)

_ALLOWED: dict[str, frozenset[str]] = {
    "omnivore": frozenset(SOURCES),
    "pescatarian": frozenset({"fish", "shellfish", "dairy", "egg", "honey"}),
    "vegetarian": frozenset({"dairy", "egg", "honey"}),
    "lacto_vegetarian": frozenset({"dairy", "honey"}),
    "ovo_vegetarian": frozenset({"egg", "honey"}),
    "vegan": frozenset(),
}

_DIET_ALIASES: dict[str, str] = {
    # keys are lower-case with spaces, hyphens and underscores removed
    "omnivore": "omnivore",
    "omnivorous": "omnivore",
    "omni": "omnivore",
    "all": "omnivore",
    "any": "omnivore",
    "none": "omnivore",
    "norestriction": "omnivore",
    "norestrictions": "omnivore",
    "everything": "omnivore",
    "pescatarian": "pescatarian",
    "pescetarian": "pescatarian",
    "pescovegetarian": "pescatarian",
    "pescivegetarian": "pescatarian",
    "vegetarian": "vegetarian",
    "lactoovovegetarian": "vegetarian",
    "ovolactovegetarian": "vegetarian",
    "lactoovo": "vegetarian",
    "ovolacto": "vegetarian",
    "lactovegetarian": "lacto_vegetarian",
    "lacto": "lacto_vegetarian",
    "ovovegetarian": "ovo_vegetarian",
    "ovo": "ovo_vegetarian",
    "vegan": "vegan",
    "strictvegetarian": "vegan",
    "totalvegetarian": "vegan",
    "plantbased": "vegan",
}

_DIET_NAMES = ("omnivore", "pescatarian", "vegetarian", "lacto-vegetarian", "ovo-vegetarian",
               "vegan")
_UNKNOWN_DIET = (
    "unknown diet '{}'{}; accepted: " + ", ".join(_DIET_NAMES) + ' ("strict vegetarian" = vegan)'
)


def parse_diet(text: str) -> str:
    """Map a user's diet name to one of DIETS; the drug leaflet's "strict vegetarian" is vegan."""
    key = re.sub(r"[\s_\-]+", "", str(text).strip().lower())
    try:
        return _DIET_ALIASES[key]
    except KeyError:
        from bplanner.text import close_names

        shown = " ".join(str(text).split())
        close = close_names(shown, _DIET_NAMES, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ValueError(_UNKNOWN_DIET.format(shown, hint)) from None


def allows(diet: str, source: str) -> bool:
    """Whether a diet eats foods of an animal source (``SOURCES``): a pescatarian eats
    fish, a vegetarian does not."""
    return source in _ALLOWED[diet]


def diet_columns() -> list[str]:
    """Column names of the per-diet flags in foods.csv, in DIETS order."""
    return ["diet_" + d for d in DIETS]


def fits(sources: frozenset[str]) -> dict[str, bool]:
    """Which diets allow every source in ``sources``; an unknown source fits only omnivore."""
    found = frozenset(sources)
    return {d: d == "omnivore" or found <= _ALLOWED[d] for d in DIETS}


_B12_FROM_MICROBES = re.compile(
    r"\b(mushrooms?|tempeh|miso|natto|yeast|kombucha|sauerkraut|kimchi|seaweed|nori|laver|"
    r"spirulina|chlorella)\b",
    re.IGNORECASE,
)


def b12_unexplained(name: str, sources: frozenset[str], fortified: bool, b12) -> bool:
    """Whether measured B12 casts doubt on a food the name rules found free of animals.

    Plants make no B12: in a food it comes from animals, from added vitamin, or from
    bacteria (fermented foods, mushroom surfaces, the bacteria living on seaweed). When
    USDA measures B12 in a food whose name shows none of these, an ingredient the name
    hides is possible, so the food is kept out of every vegetarian diet.
    """
    if sources or fortified or b12 is None or not b12 > 0:
        return False
    return not _B12_FROM_MICROBES.search(name)
