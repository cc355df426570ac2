"""The default planner pool ("everyday") holds foods in the form a person eats them.

Each rule is checked on real USDA names read from data/foods.csv (a name is looked up by
its NDB number, so a test cannot drift from the shipped table), and the shipped column is
checked as a whole: no raw animal food, dry legume, uncooked grain, flour, herb, dried
seaweed or regional food in the pool, while the foods people eat raw or ready stay.
"""

from __future__ import annotations

import re

import pytest

from bplanner.table.classify import is_everyday

ANIMAL_GROUPS = {
    "Beef Products", "Pork Products", "Poultry Products", "Lamb, Veal, and Game Products",
    "Finfish and Shellfish Products", "Sausages and Luncheon Meats",
}
TRIBAL = re.compile(
    r"northern plains indians|\(apache\)|navajo|hopi|shoshone bannock|alaska native", re.I
)


def _everyday(row: dict[str, str]) -> bool:
    return is_everyday(row["ndb"], row["name"], row["food_group"])


@pytest.mark.parametrize(
    ("ndb", "words"),
    [
        # raw meat, poultry, fish, shellfish, sausages and eggs
        ("05062", "breast, skinless, boneless, meat only, raw"),
        ("10110", "liver, raw"),
        ("15236", "salmon, Atlantic, farmed, raw"),
        ("15167", "oyster, eastern, wild, raw"),
        ("07063", "Pork sausage, link/patty, unprepared"),  # SR28's word for raw
        ("10123", "Pork, cured, bacon, unprepared"),
        ("07254", "Turkey bacon, unprepared"),
        ("01123", "Egg, whole, raw, fresh"),
        ("05327", "Chicken breast tenders, breaded, uncooked"),
        ("15018", "cod, Atlantic, dried and salted"),
        # dry legumes, grains and pasta
        ("16133", "Yardlong beans, mature seeds, raw"),
        ("16069", "Lentils, raw"),
        ("16108", "Soybeans, mature seeds, raw"),
        ("20044", "Rice, white, long-grain, regular, raw"),
        ("20035", "Quinoa, uncooked"),
        ("20120", "Pasta, dry"),
        ("20038", "Oats"),
        ("08120", "oats, regular and quick, not fortified, dry"),
        # flours, yeasts, herbs, spices and seasonings
        ("20081", "Wheat flour"),
        ("18375", "yeast"),
        ("11984", "Epazote"),
        ("11297", "Parsley"),
        ("11215", "Garlic, raw"),
        ("02025", "nutmeg"),
        ("16123", "Soy sauce"),
        ("06179", "Sauce, fish"),
        # regional foods not sold in shops
        ("35196", "Lambsquarters, raw (Northern Plains Indians)"),
        ("35177", "(Shoshone Bannock)"),
        ("35142", "(Navajo)"),
        # dried seaweed by the handful
        ("11663", "Seaweed, agar, dried"),
        ("11667", "Seaweed, spirulina, dried"),
        # plants eaten only cooked: unsafe or never eaten raw
        ("11134", "Cassava, raw"),
        ("11031", "Lima beans, immature seeds, raw"),
        ("11029", "Beans, kidney, mature seeds, sprouted, raw"),
        ("11353", "Potatoes, russet, flesh and skin, raw"),
    ],
)
def test_left_out_of_the_pool(shipped_by_ndb, ndb: str, words: str) -> None:
    row = shipped_by_ndb[ndb]
    assert words.lower() in row["name"].lower()  # the name is the one the rule was meant for
    assert not _everyday(row)
    assert row["everyday"] == "0"


@pytest.mark.parametrize(
    ("ndb", "words"),
    [
        # the cooked forms stay
        ("05064", "breast, meat only, cooked, roasted"),
        ("10111", "liver, cooked, braised"),
        ("15237", "salmon, Atlantic, farmed, cooked"),
        ("15168", "oyster, eastern, cooked"),
        ("01129", "Egg, whole, cooked, hard-boiled"),
        ("16070", "Lentils, mature seeds, cooked, boiled"),
        ("16134", "Yardlong beans, mature seeds, cooked"),
        ("20045", "Rice, white, long-grain, regular, enriched, cooked"),
        ("20121", "Pasta, cooked"),
        ("08121", "oats, regular and quick, unenriched, cooked with water"),
        # smoked and cured fish and meats eaten as they are
        ("15077", "salmon, chinook, smoked"),
        ("15042", "herring, Atlantic, kippered"),
        ("07029", "Ham, sliced"),
        ("10130", "Canadian bacon, unprepared"),  # sold fully cooked
        ("10860", "Pork, cured, bacon, cooked, baked"),
        ("13350", "Beef, cured, dried"),
        # foods people eat raw
        ("09040", "Bananas, raw"),
        ("11090", "Broccoli, raw"),
        ("12061", "Nuts, almonds"),
        ("16087", "Peanuts, all types, raw"),
        ("16426", "Tofu, raw, firm"),
        ("01077", "Milk, whole"),
        ("01009", "Cheese, cheddar"),
        ("01116", "Yogurt, plain, whole milk"),
        ("08013", "CHEERIOS"),
        ("18069", "Bread, white"),
        ("11445", "Seaweed, kelp, raw"),
        ("11043", "Mung beans, mature seeds, sprouted, raw"),
        ("11052", "Beans, snap, green, raw"),
        ("11603", "Yambean (jicama), raw"),
        ("11032", "Lima beans, immature seeds, cooked"),
        ("11674", "Potatoes, baked"),
        ("43406", "Yeast extract spread"),
    ],
)
def test_kept_in_the_pool(shipped_by_ndb, ndb: str, words: str) -> None:
    row = shipped_by_ndb[ndb]
    assert words.lower() in row["name"].lower()
    assert _everyday(row)
    assert row["everyday"] == "1"


def _pool(rows):
    return [r for r in rows if r["everyday"] == "1"]


def test_pool_holds_no_raw_animal_food(shipped_rows) -> None:
    bad = [
        r["name"] for r in _pool(shipped_rows)
        if (r["food_group"] in ANIMAL_GROUPS and re.search(r"\b(raw|uncooked)\b", r["name"], re.I))
        or re.match(r"\s*eggs?\b.*\braw\b", r["name"], re.I)
    ]
    assert bad == []


def test_pool_holds_no_dry_legume_grain_or_pasta(shipped_rows) -> None:
    bad = [
        r["name"] for r in _pool(shipped_rows)
        if (re.search(r"\bmature seeds?, raw|^lentils\b.*\braw\b", r["name"], re.I)
            and "sprouted" not in r["name"])  # sprouts are eaten raw
        or (r["food_group"] == "Cereal Grains and Pasta"
            and re.search(r"\b(raw|dry|uncooked|as purchased|crude)\b", r["name"], re.I))
    ]
    assert bad == []


def test_pool_holds_no_flour_herb_spice_or_regional_food(shipped_rows) -> None:
    bad = [
        r["name"] for r in _pool(shipped_rows)
        if re.search(r"\bflours?\b", r["name"].split(",")[0], re.I)
        or r["food_group"] in ("Spices and Herbs", "American Indian/Alaska Native Foods")
        or TRIBAL.search(r["name"])
        or re.match(r"(seaweed|mushrooms)\b.*\bdried\b", r["name"], re.I)
        or re.match(r"(parsley|epazote|garlic|ginger root|coriander|chives),", r["name"], re.I)
    ]
    assert bad == []


def test_pool_still_feeds_every_diet(shipped_rows) -> None:
    """Leaving out raw and dry forms must not empty a diet: each keeps hundreds of foods,
    among them B12 sources (animal foods, or fortified foods for vegans)."""
    pool = _pool(shipped_rows)
    for diet in ("omnivore", "pescatarian", "vegetarian", "lacto_vegetarian",
                 "ovo_vegetarian", "vegan"):
        foods = [r for r in pool if r[f"diet_{diet}"] == "1"]
        assert len(foods) > 1000, diet
        with_b12 = [r for r in foods if r["vitamin_b12_ug"] and float(r["vitamin_b12_ug"]) > 0]
        assert len(with_b12) >= 10, diet


def test_all_foods_lifts_the_pool_rules(shipped_by_ndb) -> None:
    """--all-foods (all_foods=True) brings back the raw and dry forms the pool leaves out."""
    from bplanner.planning.planner import suggest

    narrow = set(suggest(("B12",)).model["candidates"]["ndb"])
    wide = set(suggest(("B12",), all_foods=True).model["candidates"]["ndb"])
    assert narrow < wide
    raw_animal = {
        n for n in wide - narrow
        if shipped_by_ndb[n]["food_group"] in ANIMAL_GROUPS
        and re.search(r"\braw\b", shipped_by_ndb[n]["name"])
    }
    assert raw_animal  # e.g. raw liver: a B12 source, back in the pool on request
    # what --all-foods adds is outside the staple pool: raw and dry forms, and the
    # everyday foods no staple row names
    assert all(shipped_by_ndb[n]["familiar"] == "0" for n in wide - narrow)
