"""The diet flags and the allergen flags of the shipped table never contradict each other.

A diet is a promise and an allergen flag is a warning; both say what a food contains or
may contain, so a food flagged milk cannot be vegan, and a food the diet rules suspect of
fish must carry the fish allergen flag. Expectations are written here from what each diet
excludes, not taken from the program.
"""

from __future__ import annotations

import pytest
from conftest import items

from bplanner.table.flag_agreement import agree

# the animal allergens each diet excludes (the diet's definition, not the program's table)
EXCLUDED_ALLERGENS = {
    "diet_vegan": {"milk", "egg", "fish", "crustacean_shellfish"},
    "diet_vegetarian": {"fish", "crustacean_shellfish"},
    "diet_lacto_vegetarian": {"egg", "fish", "crustacean_shellfish"},
    "diet_ovo_vegetarian": {"milk", "fish", "crustacean_shellfish"},
    "diet_pescatarian": set(),
    "diet_omnivore": set(),
}
SAME_THING = [("milk", "dairy"), ("egg", "egg"), ("fish", "fish"),
              ("crustacean_shellfish", "shellfish")]


@pytest.mark.parametrize("diet", sorted(EXCLUDED_ALLERGENS))
def test_no_food_fits_a_diet_and_carries_an_allergen_it_excludes(shipped_rows, diet):
    bad = [
        (r["ndb"], r["name"], r["allergens"])
        for r in shipped_rows
        if r[diet] == "1" and set(items(r["allergens"])) & EXCLUDED_ALLERGENS[diet]
    ]
    assert bad == []


def test_no_vegan_food_carries_an_animal_allergen(shipped_rows):
    vegan = [r for r in shipped_rows if r["diet_vegan"] == "1"]
    assert len(vegan) > 1000  # the rule did not empty the diet
    for r in vegan:
        assert not {"milk", "egg", "fish", "crustacean_shellfish"} & set(items(r["allergens"]))
        assert items(r["animal_sources"]) == []


@pytest.mark.parametrize(("allergen", "source"), SAME_THING)
def test_an_allergen_and_its_animal_source_go_together(shipped_rows, allergen, source):
    for r in shipped_rows:
        has_allergen = allergen in items(r["allergens"])
        has_source = source in items(r["animal_sources"])
        assert has_allergen == has_source, (r["ndb"], r["name"], allergen, source)


@pytest.mark.parametrize(
    ("ndb", "milk_or_egg"),
    [
        # ready-to-eat cereals: whey, milk powder and yogurt coatings are common, names
        # rarely say; the doubt keeps them out of vegan and ovo-vegetarian
        ("08013", "milk"),  # CHEERIOS
        ("08020", "milk"),  # KELLOGG'S Corn Flakes
        # infant cereals may be made with milk
        ("03194", "milk"),  # Babyfood, cereal, rice, dry
    ],
)
def test_doubtful_foods_are_not_vegan(shipped_by_ndb, ndb, milk_or_egg):
    row = shipped_by_ndb[ndb]
    assert milk_or_egg in items(row["allergens"])
    assert row["diet_vegan"] == "0"


def test_agree_completes_each_side_from_the_other():
    sources, allergens = agree(frozenset({"dairy", "honey"}), frozenset({"egg", "soy"}))
    assert sources == {"dairy", "honey", "egg"}
    assert allergens == {"egg", "soy", "milk"}
    assert agree(frozenset(), frozenset({"peanuts"})) == (frozenset(), frozenset({"peanuts"}))
    sources, allergens = agree(frozenset({"shellfish", "meat"}), frozenset({"fish"}))
    assert sources == {"shellfish", "meat", "fish"}
    assert allergens == {"fish", "crustacean_shellfish"}
