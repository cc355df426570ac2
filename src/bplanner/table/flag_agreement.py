"""Animal-source flags and allergen flags that must agree (build time).

The diet rules (``diet_rules``) and the allergen rules (``allergen_rules``) read each
name independently, and both say what a food *contains or may contain*. Four allergens
are animal sources by another name, so the two readings must agree on them:

    allergen milk                 <->  source dairy
    allergen egg                  <->  source egg
    allergen fish                 <->  source fish
    allergen crustacean_shellfish <->  source shellfish (crustaceans, molluscs, ...)

Doubt counts as present: where one reading suspects the ingredient and the other does
not, both flags are set. So a ready-to-eat cereal that the allergen rules suspect of
milk (whey, milk powder and yogurt coatings are common and names rarely say) is not
vegan, and a soup the diet rules suspect of anchovy or fish stock is flagged fish. A
food can then never fit a diet that excludes an allergen it is flagged with.
"""

from __future__ import annotations

# allergen key (bplanner.allergens.ALLERGENS) -> animal source (bplanner.diets.SOURCES)
ALLERGEN_SOURCE: dict[str, str] = {
    "milk": "dairy",
    "egg": "egg",
    "fish": "fish",
    "crustacean_shellfish": "shellfish",
}
SOURCE_ALLERGEN: dict[str, str] = {s: a for a, s in ALLERGEN_SOURCE.items()}


def agree(
    sources: frozenset[str], allergens: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """Both flag sets, each completed with what the other suspects (see module doc)."""
    sources = frozenset(sources) | {ALLERGEN_SOURCE[a] for a in allergens if a in ALLERGEN_SOURCE}
    allergens = frozenset(allergens) | {SOURCE_ALLERGEN[s] for s in sources if s in SOURCE_ALLERGEN}
    return sources, allergens
