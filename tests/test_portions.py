"""Reference portions on the shipped table (issue 9).

Each expected amount is read here, with the csv module, from FDA's reference amounts
(data/reference/racc_*.csv), USDA's meat and poultry amounts and the food's own USDA
household measures (data/measures.csv), under FDA's household-measure rule (21 CFR
101.9(b)(5)(viii): 1 cup = 240 mL, 1 tbsp = 15 mL). Nothing is taken from bplanner's
portion code.
"""

from __future__ import annotations

import csv
import re

import pytest
from conftest import REPO, VITAMIN_COLUMNS, items

from bplanner.advice.claims import SUPPORTED, WEAK, judge_claims
from bplanner.foods import load_foods
from bplanner.table import portions
from bplanner.table.staples import staples as _staples

STAPLE_SERVINGS = {n for n, s in _staples().items() if s.serving_amount is not None}

REF = REPO / "data" / "reference"
FDA_ML = {"cup": 240.0, "tbsp": 15.0, "tsp": 5.0}


def _read(name: str) -> list[dict[str, str]]:
    with open(REF / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def racc() -> dict[str, dict[str, str]]:
    rows = []
    for name in ("racc_general.csv", "racc_infant_toddler.csv", "racc_meat_poultry.csv",
                 "portion_fallbacks.csv"):
        rows += _read(name)
    return {r["category"]: r for r in rows}


@pytest.fixture(scope="module")
def measures() -> dict[str, list[tuple[float, str, float]]]:
    out: dict[str, list[tuple[float, str, float]]] = {}
    with open(REPO / "data" / "measures.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["ndb"], []).append(
                (float(r["amount"]), r["measure"], float(r["grams"]))
            )
    return out


def _row(racc, prefix: str) -> dict[str, str]:
    if prefix in racc:  # "Sugar" is a whole category, and the start of "Sugar substitutes"
        return racc[prefix]
    (row,) = [r for c, r in racc.items() if c.startswith(prefix)]
    return row


SPELLINGS = {"cup": ("cup",), "tbsp": ("tbsp", "tablespoon"), "tsp": ("tsp", "teaspoon")}


def _unit_grams(food_measures, unit: str) -> float:
    """Grams of one ``unit`` (cup, tbsp, tsp) by the food's first USDA measure of it
    ("tsp, leaves" counts as a teaspoon)."""
    for amount, name, grams in food_measures:
        word = re.split(r"[ ,(]", name, maxsplit=1)[0].lower()
        if word in SPELLINGS[unit] or word.rstrip("s") in SPELLINGS[unit]:
            return grams / amount
    raise AssertionError(f"no USDA {unit} measure")


def _expected_grams(row: dict[str, str], form: str | None, food_measures) -> float:
    amount, unit = row["racc_amount"], row["racc_unit"]
    if form is not None:  # the table's amount for another form: "45 g dry", "110 g uncooked"
        (part,) = [p for p in re.split(r";|, (?=\d)", row["racc_alt"]) if form in p]
        amount, unit = re.match(r"\s*([\d.]+)\s*(\w+)", part).groups()
    amount = float(amount)
    if unit == "g":
        return amount
    if unit in ("cup", "tbsp", "tsp"):
        return amount * _unit_grams(food_measures, unit)
    assert unit == "mL"
    # the food's density from its first cup, else fluid ounce (30 mL), spoon
    for key, ml in (("cup", 240.0), ("fl oz", 30.0), ("tbsp", 15.0), ("tsp", 5.0)):
        for n, name, grams in food_measures:
            if name.startswith(key) or (key != "fl oz" and name.startswith(SPELLINGS[key])):
                return amount * grams / n / ml
    raise AssertionError("no USDA volume measure")


# (ndb, category as the reference file starts it, form named in racc_alt or None, portion)
SAMPLE = [
    ("18075", "Breads (not sweet", None, None),  # whole-wheat bread
    ("18064", "Breads (not sweet", None, "2 slices"),  # wheat bread
    ("18069", "Breads (not sweet", None, None),  # white bread
    ("18001", "Bagels, toaster pastries", None, None),  # bagels, plain
    ("18009", "Biscuits, croissants", None, None),  # biscuits, plain
    ("18166", "Cookies", None, None),  # chocolate chip cookies
    ("01123", "Eggs, all sizes", None, "1 large egg"),
    ("01129", "Eggs, all sizes", None, "1 large egg"),
    ("01077", "Milk, milk-substitute beverages", None, "1 cup"),
    ("01001", "Butter, margarine, oil, shortening", None, "1 tbsp"),
    ("04053", "Butter, margarine, oil, shortening", None, "1 tbsp"),  # olive oil
    ("01009", "Cheese, all other kinds", None, None),  # cheddar
    ("01012", "Cheese, cottage", None, None),
    ("01116", "Yogurt", None, None),
    ("09040", "All other fruits", None, None),  # banana
    ("09003", "All other fruits", None, None),  # apple
    ("09037", "Avocado", None, None),
    ("09326", "Watermelon", None, None),
    ("09206", "Juices, nectars, fruit drinks", None, "1 cup"),  # orange juice
    ("12061", "Nuts, seeds and mixtures", None, None),  # almonds
    ("12155", "Nuts, seeds and mixtures", None, None),  # walnuts
    ("16098", "Nut and seed butters", None, "2 tbsp"),  # peanut butter
    ("20037", "Grains, plain", None, None),  # brown rice, cooked
    ("20444", "Grains, plain", "dry", None),  # white rice, raw
    ("20120", "Pastas, plain", "dry", "2/3 cup"),  # pasta, dry (SR28: 1 cup spaghetti 91 g)
    ("20121", "Pastas, plain", None, "1 1/4 cups"),  # pasta, cooked (1 cup spaghetti 124 g)
    ("16015", "Beans, plain or in sauce", "other prepared", None),  # black beans, boiled
    ("16016", "Beans, plain or in sauce", "dry", None),  # black turtle beans, raw
    ("16427", "Bean cake (tofu), tempeh", None, None),
    ("05064", "Meat or poultry cuts", None, "3 oz"),  # chicken breast, roasted
    ("05006", "Meat or poultry cuts", "uncooked", "4 oz"),  # chicken, raw
    ("13326", "Meat or poultry cuts", None, "3 oz"),  # beef liver, braised
    ("07029", "Luncheon meats", None, None),  # ham, sliced
    ("15016", "Fish, shellfish or game meat entrees without sauce", None, "3 oz"),  # cod
    ("15121", "Fish, shellfish or game meat, canned", None, "3 oz"),  # tuna, canned
    ("11458", "All other vegetables without sauce", None, None),  # spinach, boiled
    ("11124", "All other vegetables without sauce", None, None),  # carrots, raw
    ("11297", "Vegetables used mainly for garnish", None, None),  # parsley
    ("02003", "Spices and herbs", None, "1/4 tsp"),  # basil, dried (1/4 tsp, racc_alt)
    ("19296", "Honey, jams, jellies", None, "1 tbsp"),
    ("14003", "Beer", None, None),  # Dietary Guidelines standard drink
]


@pytest.mark.parametrize("ndb, prefix, form, text", SAMPLE, ids=[s[0] for s in SAMPLE])
def test_sample_foods_get_their_reference_amount(ndb, prefix, form, text, racc, measures,
                                                 shipped_by_ndb):
    row = shipped_by_ndb[ndb]
    ref = _row(racc, prefix)
    if prefix == "Spices and herbs":  # "1/4 tsp, or 0.5 g if not measurable by teaspoon"
        assert ref["racc_alt"] == "1/4 tsp"
        expected = 0.25 * _unit_grams(measures[ndb], "tsp")
    else:
        expected = _expected_grams(ref, form, measures[ndb])
    assert row["racc_category"] == ref["category"], row["name"]
    assert float(row["racc_grams"]) == pytest.approx(expected, abs=0.01), row["name"]
    if ndb in STAPLE_SERVINGS:  # a staple's serving is its row's (test_staples)
        return
    grams = float(row["portion_grams"])
    assert expected / 1.5 <= grams <= expected * 1.5, (row["name"], row["portion_text"])
    if text is not None:
        assert row["portion_text"] == text, row["name"]


def test_ready_to_eat_cereals_follow_their_weight_per_cup(racc, measures, shipped_rows):
    """FDA's three RTE rows by grams per cup: < 20 g, 20 to < 43 g, >= 43 g."""
    seen = set()
    for r in shipped_rows:
        if not r["name"].startswith("Cereals ready-to-eat") or "wheat germ" in r["name"]:
            continue  # wheat germ has its own row (bran or wheat germ)
        cups = [g / a for a, n, g in measures.get(r["ndb"], ()) if n == "cup"]
        if not cups:
            continue
        per_cup = cups[0]
        prefix = ("Ready-to-eat breakfast cereals weighing <20 g" if per_cup < 20 else
                  "Ready-to-eat breakfast cereals weighing >=43 g" if per_cup >= 43 else
                  "Ready-to-eat breakfast cereals weighing 20 to <43 g")
        ref = _row(racc, prefix)
        assert r["racc_category"] == ref["category"], r["name"]
        assert float(r["racc_grams"]) == float(ref["racc_amount"]), r["name"]
        seen.add(prefix)
    assert len(seen) == 3


def test_meat_and_poultry_follow_usdas_amounts_cooked_and_raw(racc, shipped_rows):
    ref = _row(racc, "Meat or poultry cuts")
    assert "9 CFR 317.312" in ref["source"] and "9 CFR 381.412" in ref["source"]
    cooked, raw = float(ref["racc_amount"]), 114.0
    assert ref["racc_alt"] == "114 g uncooked"
    plain = re.compile(r"^(Beef|Pork|Lamb|Veal|Chicken|Turkey), (?!.*\b(canned|gravy|"
                       r"sauce|bacon|strips|sausage|frankfurter|luncheon|pastrami|salami|bologna|dried|"
                       r"jerky|spread)\b)")
    groups = {"Beef Products", "Pork Products", "Lamb, Veal, and Game Products",
              "Poultry Products"}
    n = 0
    for r in shipped_rows:
        if not plain.match(r["name"]) or r["food_group"] not in groups:
            continue
        name = r["name"]
        is_raw = re.search(r"\braw\b", name) and not re.search(
            r"\b(cooked|roasted|braised|broiled|grilled|fried|simmered|stewed|baked|smoked|"
            r"cured|heated)\b", name)
        assert r["racc_category"] == ref["category"], name
        assert float(r["racc_grams"]) == (raw if is_raw else cooked), name
        n += 1
    assert n > 1000


def test_every_category_a_rule_names_is_in_the_reference_files(racc):
    named = {prefix for _, _, prefix, _ in portions.RULES} - {portions.READY_TO_EAT,
                                                               portions.MIXED_CUP}
    for prefix in named:
        hits = [c for c in racc if c == prefix or c.startswith(prefix)]
        assert len(hits) == 1 or prefix in racc, prefix


def test_every_shipped_category_is_a_reference_category(racc, shipped_rows):
    assert {r["racc_category"] for r in shipped_rows} <= set(racc)


# ------------------------------------------------------------------------ tags per RACC


def _dv() -> dict[str, float]:
    with open(REF / "dri_b_vitamins.csv", newline="", encoding="utf-8") as fh:
        return {r["nutrient"]: float(r["value"]) for r in csv.DictReader(fh) if r["kind"] == "DV"}


def test_butter_is_not_a_b12_source_at_a_tablespoon(racc, measures, shipped_by_ndb):
    butter = shipped_by_ndb["01001"]
    ref = _row(racc, "Butter, margarine, oil, shortening")
    assert (ref["racc_amount"], ref["racc_unit"]) == ("1", "tbsp")
    grams = _unit_grams(measures["01001"], "tbsp")
    b12 = float(butter["vitamin_b12_ug"]) * grams / 100
    assert b12 < 0.10 * _dv()["vitamin_b12"]
    assert "B12" not in items(butter["supplies"])
    # a cup of butter (USDA's first measure) would have been called a source
    cup = _unit_grams(measures["01001"], "cup")
    assert float(butter["vitamin_b12_ug"]) * cup / 100 >= 0.10 * _dv()["vitamin_b12"]


def test_a_cup_of_milk_is_rich_in_b12(racc, measures, shipped_by_ndb):
    milk = shipped_by_ndb["01077"]
    ref = _row(racc, "Milk, milk-substitute beverages")
    assert (ref["racc_amount"], ref["racc_unit"]) == ("240", "mL")
    grams = 240 * _unit_grams(measures["01077"], "cup") / FDA_ML["cup"]
    b12 = float(milk["vitamin_b12_ug"]) * grams / 100
    assert b12 >= 0.20 * _dv()["vitamin_b12"]
    assert "B12" in items(milk["supplies"]) and "B12" in items(milk["rich_in"])
    assert milk["portion_text"] == "1 cup"


# ---------------------------------------------------------------------- claims per RACC


def test_b6_from_nuts_is_weak_at_the_30_g_reference_amount(racc, shipped_by_ndb):
    ref = _row(racc, "Nuts, seeds and mixtures")
    grams = float(ref["racc_amount"])
    assert grams == 30
    dv = _dv()["vitamin_b6"]
    nuts = ("12135", "12061", "12155")  # the claim's mixed nuts, almonds, walnuts
    best = max(float(shipped_by_ndb[n][VITAMIN_COLUMNS["B6"][0]]) * grams / 100 / dv * 100
               for n in nuts)
    assert 0 < best < 10
    (claim,) = [c for c in judge_claims(load_foods()) if c["word"] == "nuts"]
    assert claim["verdict"] == WEAK
    assert claim["best_percent_dv"] == pytest.approx(best)


def test_folate_from_bananas_is_weak_for_a_140_g_banana(racc, shipped_by_ndb):
    ref = _row(racc, "All other fruits")
    grams = float(ref["racc_amount"])
    assert grams == 140
    folate = float(shipped_by_ndb["09040"]["folate_dfe_ug"]) * grams / 100
    percent = folate / _dv()["folate"] * 100
    assert 0 < percent < 10
    (claim,) = [c for c in judge_claims(load_foods()) if c["word"] == "bananas"]
    assert claim["verdict"] == WEAK
    assert claim["best_percent_dv"] == pytest.approx(percent)


def test_b12_from_liver_stays_supported_at_85_g_cooked(racc, shipped_by_ndb):
    grams = float(_row(racc, "Meat or poultry cuts")["racc_amount"])
    b12 = float(shipped_by_ndb["13326"]["vitamin_b12_ug"]) * grams / 100
    assert b12 / _dv()["vitamin_b12"] >= 0.10
    (claim,) = [c for c in judge_claims(load_foods())
                if c["word"] == "liver" and c["vitamin"] == "B12"]
    assert claim["verdict"] == SUPPORTED


# ------------------------------------------------------------------ the measure's text


@pytest.mark.parametrize("amount, name, grams, kind, unit", [
    (1.0, 'medium (7" to 7-7/8" long)', 118.0, "piece", "medium"),
    (0.5, "cup", 126.0, "volume", "cup"),
    (1.0, "serving 1/2 cup", 126.0, "volume", "cup"),
    (1.0, "serving (3 oz)", 85.0, "weight", "oz"),
    (1.0, "serving 5 slices", 28.0, "piece", "slice"),
    (1.0, "cup, chopped", 128.0, "volume", "cup, chopped"),
    (1.0, 'pat (1" sq, 1/3" high)', 5.0, "piece", "pat"),
    (1.0, "package (10 oz)", 284.0, None, None),
    (0.5, "turkey, bone removed", 2750.0, None, None),
])
def test_usda_measure_texts_are_read_without_their_noise(amount, name, grams, kind, unit):
    m = portions.read_measure(amount, name, grams)
    if kind is None:
        assert m is None
        return
    assert (m.kind, m.unit) == (kind, unit)
    count = {"serving 1/2 cup": 0.5, "serving (3 oz)": 3, "serving 5 slices": 5}.get(name, 1)
    assert m.grams_per_unit == pytest.approx(grams / amount / count)


def test_no_portion_text_carries_usdas_noise(shipped_rows):
    for r in shipped_rows:
        text = r["portion_text"]
        assert not re.search(r"\(|\bx\b|NLEA|serving|package|\d\s*g\b(?!.)", text) or \
            re.fullmatch(r"[\d.]+ g", text), (r["ndb"], text)


def test_pieces_are_whole_and_only_for_countable_measures(shipped_rows):
    units = re.compile(r"\b(cups?|tbsp|tsp|fl oz|oz|g)\b")
    pieces = 0
    for r in shipped_rows:
        n = int(r["portion_pieces"])
        if r["ndb"] in STAPLE_SERVINGS and re.match(r"\d+/\d+ ", r["portion_text"]):
            assert n == 0  # half a breast: no whole pieces
            continue
        if units.search(r["portion_text"].split(",")[0]):
            assert n == 0, (r["ndb"], r["portion_text"])
        else:
            assert n >= 1 and r["portion_text"].startswith(f"{n} "), (r["ndb"], r["portion_text"])
            pieces += 1
    assert pieces > 500


# ------------------------------------------------------------------ the rules themselves


def test_every_rule_places_at_least_one_real_usda_food(shipped_rows):
    """No rule is written for a food SR28 does not have: each is the first match of a real
    name (so each is exercised by the shipped table)."""
    used = {id(portions.match_rule(r["name"], r["food_group"])) for r in shipped_rows}
    unused = [rule[1].pattern for rule in portions.RULES if id(rule) not in used]
    assert unused == []


# Real SR28 foods and the FDA/USDA row a person reading the table would place them in.
NAMED = [
    ("19153", "After-dinner confectioneries"),  # After Eight mints
    ("19336", "Confectioner's sugar"),  # sugars, powdered
    ("19335", "Sugar"),  # sugars, granulated
    ("19868", "Sugar substitutes"),  # Splenda packets
    ("19165", "Cocoa powder"),
    ("19106", "All other candies"),  # gumdrops, not jelly
    ("19364", "Syrups"),  # toppings, butterscotch or caramel
    ("18019", "Coffee cakes"),  # banana bread is a sweet quick bread
    ("18106", "Coffee cakes"),  # coffeecake, fruit
    ("18228", "Crackers not usually eaten as snacks"),  # saltines
    ("18229", "Crackers usually eaten as snacks"),
    ("16006", "Beans, plain or in sauce"),  # baked beans, vegetarian: not a meat substitute
    ("16005", "Beans, plain or in sauce"),  # baked beans, home prepared
    ("16010", "Beans, plain or in sauce"),  # baked beans with pork and sweet sauce
    ("16124", "Major condiments"),  # soy sauce
    ("16158", "Barbecue, hollandaise"),  # hummus is a dip
    ("11531", "All other vegetables without sauce"),  # tomatoes packed in tomato juice
    ("11540", "Vegetable juice"),  # tomato juice
    ("11446", "All other vegetables without sauce"),  # raw laver is not a dried sheet
    ("09056", "All other fruits"),  # boysenberries in syrup
    ("09194", "Olives"),  # olives are filed under fruits
    ("09152", "Juices used as ingredients"),  # lemon juice
    ("14137", "Carbonated and noncarbonated"),  # NESTEA ready-to-drink tea
    ("14247", "Carbonated and noncarbonated"),  # tea, black, ready to drink
    ("14637", "Carbonated and noncarbonated"),  # flavored water "with corn syrup"
    ("14060", "Juices, nectars, fruit drinks"),  # energy drink "with ... corn syrup", as
    ("14154", "Juices, nectars, fruit drinks"),  # RED BULL and the other energy drinks
    ("14181", "Syrups"),  # chocolate syrup
    ("14003", "Beer"),
    ("06240", "Major main-entree sauces"),  # PREGO: CAMPBELL "Soup Company" is no soup
    ("22941", "Mixed dishes measurable with a cup"),  # SpaghettiOs
    ("06061", "Soups, all varieties"),  # condensed soup
    ("21310", "Barbecue, hollandaise"),  # McDONALD'S Barbeque Sauce
    ("21346", "Dressings for salads"),  # NEWMAN'S OWN dressing
    ("21232", "Mixed dishes not measurable"),  # FILET-O-FISH is a sandwich
    ("21006", "Mixed dishes not measurable"),  # biscuit with egg and steak
    ("21059", "Fish, shellfish or game meat entrees without sauce"),  # fried shrimp
    ("21229", "Meat or poultry cuts"),  # fried chicken pieces
    ("21379", "All other salads"),  # McDONALD'S Side Salad
    ("21139", "Potatoes or sweet potatoes: mashed"),
    ("21026", "French fries, hash browns"),
    ("21365", "French toast, crepes, pancakes"),  # hotcakes
    ("07029", "Luncheon meats"),  # ham, sliced
    ("10123", "Bacon, breakfast strips"),  # bacon, unprepared (raw)
    ("13350", "Dried meat or poultry"),  # beef, cured, dried
    ("17332", "Fish, shellfish or game meat entrees without sauce"),  # bison (FDA game)
    ("35049", "Fish, shellfish or game meat entrees without sauce"),  # moose, raw
    ("35155", "All other fruits"),  # wild blueberries (Alaska Native)
    ("35087", "Butter, margarine, oil, shortening"),  # whale oil
    ("35171", "Dried fish"),  # dried chum salmon
    ("08366", "Bran or wheat germ"),  # wheat germ
    ("20129", "Flours or cornmeal"),  # wheat flours, bread
    ("20120", "Pastas, plain"),  # spaghetti, dry
    ("03929", "Infant formula"),
    ("03002", "Dinners, desserts, fruits, vegetables or soups, ready-to-serve, strained"),
    ("02047", "Salt, salt substitutes"),  # salt, table
    ("02048", "Major condiments"),  # vinegar, cider
    ("43406", "Seasoning pastes"),  # yeast extract spread
]


@pytest.mark.parametrize("ndb, prefix", NAMED, ids=[n for n, _ in NAMED])
def test_named_foods_fall_in_the_row_a_reader_of_the_table_would_choose(ndb, prefix, racc,
                                                                         shipped_by_ndb):
    row = shipped_by_ndb[ndb]
    assert row["racc_category"] == _row(racc, prefix)["category"], row["name"]


# --- SR28 foods (issue 20): mixes, powders and branded juices, with SR28's own measures ----
@pytest.mark.parametrize(
    "name,group,usda_measures,grams,category",
    [
        ("Egg, whole, dried, stabilized, glucose reduced", "Dairy and Egg Products",
         [(1.0, "cup, sifted", 85.0), (1.0, "tbsp", 5.0)], 12.0, "Eggs, whole, dried"),
        ("Egg, white, dried", "Dairy and Egg Products", [(1.0, "oz", 28.0)], 6.0,
         "Egg whites, dried"),
        ("Egg, yolk, dried", "Dairy and Egg Products",
         [(1.0, "cup, sifted", 67.0), (1.0, "tbsp", 4.0)], 25.0, "Egg yolks, dried"),
        ("CAMPBELL'S, Tomato juice, low sodium", "Vegetables and Vegetable Products",
         [(8.0, "fl oz", 243.0), (1.0, "serving", 243.0)], 243.0, "Vegetable juice"),
        ("Beverage, instant breakfast powder, chocolate, not reconstituted",
         "Dairy and Egg Products", [(1.0, "tbsp", 7.4), (1.0, "envelope", 37.0)], 37.0,
         "Milk, milk-substitute and fruit juice concentrates"),
        ("Milk, dry, nonfat, instant, with added vitamin A and vitamin D",
         "Dairy and Egg Products",
         [(1.0, "cup", 68.0), (1.0, "envelope (1-1/3 cup)", 91.0),
          (0.333, "cup (makes 1 cup reconstituted milk)", 23.0)], 23.0, "Milk, dry, nonfat"),
        ("Milk, dry, nonfat, instant, without added vitamin A and vitamin D",
         "Dairy and Egg Products", [(1.0, "cup", 68.0), (1.0, "envelope (1-1/3 cup)", 91.0)],
         23.0, "Milk, dry, nonfat"),
        ("Bread stuffing, cornbread, dry mix", "Baked Products",
         [(1.0, "oz", 28.35), (1.0, "package (6 oz)", 170.0)], 28.0, "Dry stuffing mix"),
    ],
)
def test_sr28_reference_amounts(name, group, usda_measures, grams, category):
    p = portions.portion(name, group, usda_measures)
    assert p.category.startswith(category), p.category
    assert p.racc_grams == pytest.approx(grams, abs=0.5), (p.racc_grams, p.text)


def test_prepared_stuffing_keeps_the_prepared_amount():
    p = portions.portion("Bread stuffing, cornbread, dry mix, prepared", "Baked Products",
                         [(0.5, "cup", 100.0)])
    assert p.racc_grams == pytest.approx(100.0)


def test_a_measure_saying_what_it_makes_beats_a_package():
    measures = [(1.0, "envelope (1-1/3 cup)", 91.0),
                (0.333, "cup (makes 1 cup reconstituted milk)", 23.0)]
    grams, _ = portions._makes_measure(measures)
    assert grams == pytest.approx(23.0 / 0.333)


def test_tomato_packed_in_juice_is_not_a_juice():
    rule = portions.match_rule("Tomatoes, red, ripe, canned, packed in tomato juice",
                               "Vegetables and Vegetable Products")
    assert rule[2] != "Vegetable juice"
