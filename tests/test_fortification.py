"""Which fortified foods have B vitamins added (``bplanner.table.fortification``): US milk with
vitamins A and D is fortified, but not with B vitamins, so the planner does not weigh it
as a fortified food. Checked on the shipped table's rows."""

from __future__ import annotations

import pytest


def _adds_b(row: dict) -> bool:
    from bplanner.table.fortification import adds_b_vitamins

    def num(col):
        return float(row[col]) if row[col] else None

    return adds_b_vitamins(row["name"], row["food_group"], row["fortified"] == "1",
                           num("vitamin_b12_ug"), num("folic_acid_ug"), num("vitamin_b12_added_ug"))


@pytest.mark.parametrize("ndb", [
    "01077",  # whole milk with added vitamin D
    "01085",  # nonfat milk with added vitamins A and D
    "01218",  # yogurt fortified with vitamin D
    "01042",  # American cheese fortified with vitamin D
    "09210",  # orange juice fortified with calcium and vitamin D
    "43404",  # cranberry-apple juice drink with vitamin C added
])
def test_vitamins_other_than_b_added_are_not_b_fortification(shipped_by_ndb, ndb):
    row = shipped_by_ndb[ndb]
    assert row["fortified"] == "1"  # the maker adds vitamins ...
    assert not _adds_b(row)  # ... but none of the B vitamins: milk's B12 is its own


@pytest.mark.parametrize("ndb", [
    "16222",  # soymilk "with added calcium, vitamins A and D", yet holds B12: added
    "14639",  # rice drink, likewise
    "08013",  # Cheerios: ready-to-eat cereal
    "20120",  # enriched spaghetti: thiamin and folic acid by law
    "14154",  # Red Bull: "vitamins B6 and B12"
])
def test_b_vitamins_added_by_name_rule_or_b12_in_a_plant_food(shipped_by_ndb, ndb):
    assert _adds_b(shipped_by_ndb[ndb])


def test_no_unfortified_food_counts_as_b_fortified(shipped_rows):
    assert not [r["ndb"] for r in shipped_rows if r["fortified"] == "0" and _adds_b(r)]


def test_the_table_and_row_forms_agree(shipped_rows):
    import pandas as pd

    from bplanner.table.fortification import adds_b_vitamins_of

    frame = pd.DataFrame({
        "name": [r["name"] for r in shipped_rows],
        "food_group": [r["food_group"] for r in shipped_rows],
        "fortified": [r["fortified"] == "1" for r in shipped_rows],
        **{col: [float(r[col]) if r[col] else float("nan") for r in shipped_rows]
           for col in ("vitamin_b12_ug", "folic_acid_ug", "vitamin_b12_added_ug")},
    })
    assert list(adds_b_vitamins_of(frame)) == [_adds_b(r) for r in shipped_rows]


@pytest.mark.parametrize("ndb", [
    "20045",  # enriched white rice: its name says enriched, and USDA measured folic acid
    "18001",  # bagel: folic acid measured
    "16225",  # soymilk with B12 added (USDA's 578), no folic acid
])
def test_usdas_folic_acid_or_added_b12_make_b_fortification(shipped_by_ndb, ndb):
    row = shipped_by_ndb[ndb]
    assert float(row["folic_acid_ug"] or 0) > 0 or float(row["vitamin_b12_added_ug"] or 0) > 0
    assert row["fortified"] == "1" and _adds_b(row)
