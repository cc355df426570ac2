"""Allergen parsing and name rules, checked on real SR24 names and food groups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplanner.allergens import ALLERGEN_LABELS, ALLERGENS, parse_allergen
from bplanner.table.allergen_rules import allergens
from bplanner.table.classify import GROUPS

ACCEPTED = (
    "accepted: milk, egg, fish, crustacean shellfish, tree nuts, peanuts, wheat/gluten, soy, "
    "sesame (synonyms too: see --help)"
)


def test_allergen_keys_and_labels() -> None:
    assert ALLERGENS == (
        "milk", "egg", "fish", "crustacean_shellfish", "tree_nuts", "peanuts",
        "wheat_gluten", "soy", "sesame",
    )
    assert set(ALLERGEN_LABELS) == set(ALLERGENS)
    assert ALLERGEN_LABELS["wheat_gluten"] == "wheat/gluten"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("milk", "milk"), ("Dairy", "milk"), ("LACTOSE", "milk"),
        ("eggs", "egg"), ("Egg", "egg"),
        ("fish", "fish"),
        ("shellfish", "crustacean_shellfish"), ("Crustacean", "crustacean_shellfish"),
        ("shrimp", "crustacean_shellfish"), ("crustacean_shellfish", "crustacean_shellfish"),
        ("nuts", "tree_nuts"), ("tree nut", "tree_nuts"), ("Tree-Nuts", "tree_nuts"),
        ("tree_nuts", "tree_nuts"),
        ("peanut", "peanuts"), ("Peanuts", "peanuts"),
        ("wheat", "wheat_gluten"), ("Gluten", "wheat_gluten"), ("wheat/gluten", "wheat_gluten"),
        ("wheat_gluten", "wheat_gluten"),
        ("soya", "soy"), ("Soybean", "soy"), ("soy", "soy"),
        ("sesame seeds", "sesame"), ("  Sesame ", "sesame"),
    ],
)
def test_parse_allergen_aliases(text: str, key: str) -> None:
    assert parse_allergen(text) == key


@pytest.mark.parametrize("text", ["x", "mustard", "celery", "", "nutmeg"])
def test_parse_allergen_unknown(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_allergen(text)
    assert str(err.value) == f"unknown allergen {text!r}; {ACCEPTED}"


def test_parse_allergen_message_example() -> None:
    with pytest.raises(ValueError, match=r"^unknown allergen 'x'; accepted: milk, egg, "):
        parse_allergen("x")


@pytest.mark.parametrize(
    ("ndb", "name", "group", "present", "absent"),
    [
        # plain foods
        ("09040", "Bananas, raw", "Fruits and Fruit Juices", set(), set(ALLERGENS)),
        ("15236", "Fish, salmon, Atlantic, farmed, raw", "Finfish and Shellfish Products",
         {"fish"}, {"crustacean_shellfish", "milk"}),
        ("15149", "Crustaceans, shrimp, mixed species, raw", "Finfish and Shellfish Products",
         {"crustacean_shellfish"}, {"fish"}),
        # molluscs: flagged with crustaceans as a documented conservative choice
        ("90560", "Mollusks, snail, raw", "Finfish and Shellfish Products",
         {"crustacean_shellfish"}, {"fish"}),
        ("01079", "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D",
         "Dairy and Egg Products", {"milk"}, {"egg"}),
        ("01123", "Egg, whole, raw, fresh", "Dairy and Egg Products", {"egg"}, {"milk"}),
        ("16222", "Soymilk (all flavors), unsweetened, with added calcium, vitamins A and D",
         "Legumes and Legume Products", {"soy"}, {"milk"}),
        ("16426", "Tofu, raw, firm, prepared with calcium sulfate",
         "Legumes and Legume Products", {"soy"}, {"milk", "egg"}),
        ("12061", "Nuts, almonds", "Nut and Seed Products", {"tree_nuts"}, {"peanuts"}),
        ("12119", "Nuts, coconut water (liquid from coconuts)", "Nut and Seed Products",
         {"tree_nuts"}, {"peanuts", "milk"}),
        ("12638", "Nuts, mixed nuts, oil roasted, without peanuts, with salt added",
         "Nut and Seed Products", {"tree_nuts"}, {"peanuts"}),
        ("12637", "Nuts, mixed nuts, oil roasted, with peanuts, with salt added",
         "Nut and Seed Products", {"tree_nuts", "peanuts"}, set()),
        ("12166", "Seeds, sesame butter, tahini, from roasted and toasted kernels "
         "(most common type)", "Nut and Seed Products", {"sesame"}, {"milk", "tree_nuts"}),
        ("16158", "Hummus, commercial", "Legumes and Legume Products", {"sesame"}, set()),
        ("19117", "Candies, halavah, plain", "Sweets", {"sesame"}, set()),
        # wheat and gluten grains, and gluten-free look-alikes
        ("20120", "Spaghetti, dry, enriched", "Cereal Grains and Pasta",
         {"wheat_gluten"}, {"egg"}),
        ("20109", "Noodles, egg, dry, enriched", "Cereal Grains and Pasta",
         {"wheat_gluten", "egg"}, set()),
        ("20005", "Barley, pearled, raw", "Cereal Grains and Pasta", {"wheat_gluten"}, set()),
        ("20054", "Rice, white, glutinous, raw", "Cereal Grains and Pasta",
         set(), {"wheat_gluten"}),
        ("20008", "Buckwheat", "Cereal Grains and Pasta", set(), {"wheat_gluten"}),
        ("20061", "Rice flour, white", "Cereal Grains and Pasta", set(), {"wheat_gluten"}),
        ("16123", "Soy sauce made from soy and wheat (shoyu)", "Legumes and Legume Products",
         {"soy", "wheat_gluten"}, set()),
        ("18364", "Tortillas, ready-to-bake or -fry, flour, refrigerated", "Baked Products",
         {"wheat_gluten"}, set()),
        ("18363", "Tortillas, ready-to-bake or -fry, corn", "Baked Products",
         set(), {"wheat_gluten", "egg"}),
        # condiments that hide fish, egg or milk
        ("06971", "Sauce, worcestershire", "Soups, Sauces, and Gravies", {"fish"}, set()),
        ("04018", "Salad dressing, mayonnaise type, regular, with salt", "Fats and Oils",
         {"egg"}, set()),
        ("43015", "Salad dressing, caesar dressing, regular", "Fats and Oils",
         {"fish", "egg"}, set()),
        ("42178", "Mayonnaise, made with tofu", "Legumes and Legume Products",
         {"soy"}, {"egg"}),
        # mixed groups: plausible allergens when unsure
        ("21237", "McDONALD'S, BIG MAC", "Fast Foods",
         {"milk", "egg", "wheat_gluten", "soy", "sesame"}, set()),
        ("18069", "Bread, white, commercially prepared (includes soft bread crumbs)",
         "Baked Products", {"wheat_gluten", "milk", "soy"}, {"egg"}),
        ("18144", "Cake, yellow, dry mix, regular, enriched", "Baked Products",
         {"wheat_gluten", "milk", "egg"}, set()),
        ("19155", "Candies, MARS SNACKFOOD US, SNICKERS Bar", "Sweets",
         {"peanuts", "milk"}, set()),
        ("19120", "Candies, milk chocolate", "Sweets", {"milk", "soy"}, {"peanuts"}),
        ("19107", "Candies, hard", "Sweets", set(), {"milk", "egg", "wheat_gluten"}),
        ("08013", "Cereals ready-to-eat, GENERAL MILLS, CHEERIOS", "Breakfast Cereals",
         {"wheat_gluten"}, set()),
        ("08158", "Cereals, corn grits, white, regular and quick, unenriched, dry",
         "Breakfast Cereals", set(), {"wheat_gluten", "milk"}),
        ("06019", "Soup, chicken noodle, canned, condensed", "Soups, Sauces, and Gravies",
         {"wheat_gluten"}, set()),
        ("06013", "Soup, chicken broth, canned, condensed", "Soups, Sauces, and Gravies",
         set(), {"wheat_gluten"}),
        ("06043", "Soup, cream of mushroom, canned, condensed", "Soups, Sauces, and Gravies",
         {"milk", "wheat_gluten"}, set()),
        # meat analogues
        ("16548", "MORNINGSTAR FARMS Grillers Original, frozen, unprepared",
         "Legumes and Legume Products", {"soy", "wheat_gluten"}, set()),
    ],
)
def test_allergens_examples(
    ndb: str, name: str, group: str, present: set[str], absent: set[str]
) -> None:
    flags = allergens(ndb, name, group)
    assert present <= flags
    assert not (absent & flags)


@pytest.mark.parametrize(
    ("ndb", "name", "group", "absent"),
    [
        ("02025", "Spices, nutmeg, ground", "Spices and Herbs", "tree_nuts"),
        ("11485", "Squash, winter, butternut, raw", "Vegetables and Vegetable Products",
         "tree_nuts"),
        ("11485", "Squash, winter, butternut, raw", "Vegetables and Vegetable Products", "milk"),
        ("11588", "Waterchestnuts, chinese, (matai), raw", "Vegetables and Vegetable Products",
         "tree_nuts"),
        ("11482", "Squash, winter, acorn, raw", "Vegetables and Vegetable Products",
         "tree_nuts"),
        ("16098", "Peanut butter, smooth style, with salt", "Legumes and Legume Products",
         "milk"),
        ("16098", "Peanut butter, smooth style, with salt", "Legumes and Legume Products",
         "tree_nuts"),
        ("16399", "Peanut butter with omega-3, creamy", "Legumes and Legume Products", "milk"),
        ("04501", "Oil, cocoa butter", "Fats and Oils", "milk"),
        ("04572", "Oil, nutmeg butter", "Fats and Oils", "milk"),
        ("11209", "Eggplant, raw", "Vegetables and Vegetable Products", "egg"),
        ("09077", "Crabapples, raw", "Fruits and Fruit Juices", "crustacean_shellfish"),
        ("11987", "Mushrooms, oyster, raw", "Vegetables and Vegetable Products",
         "crustacean_shellfish"),
        ("18228", "Crackers, saltines (includes oyster, soda, soup)", "Baked Products",
         "crustacean_shellfish"),
        ("11372", "Potatoes, scalloped, home-prepared with butter",
         "Vegetables and Vegetable Products", "crustacean_shellfish"),
        ("11250", "Lettuce, butterhead (includes boston and bibb types), raw",
         "Vegetables and Vegetable Products", "milk"),
        ("15007", "Fish, butterfish, raw", "Finfish and Shellfish Products", "milk"),
        ("09086", "Custard-apple, (bullock's-heart), raw", "Fruits and Fruit Juices", "egg"),
        ("14157", "Carbonated beverage, root beer", "Beverages", "wheat_gluten"),
        ("08038", "Cereals ready-to-eat, POST, GRAPE-NUTS Cereal", "Breakfast Cereals",
         "tree_nuts"),
        ("43129", "Fish sticks, meatless", "Legumes and Legume Products", "fish"),
        ("02035", "Spices, pumpkin pie spice", "Spices and Herbs", "wheat_gluten"),
        ("18253", "Doughnuts, french crullers, glazed", "Baked Products", "tree_nuts"),
    ],
)
def test_allergen_false_friends(ndb: str, name: str, group: str, absent: str) -> None:
    assert absent not in allergens(ndb, name, group)


@given(
    st.from_regex(r"[0-9]{5}", fullmatch=True),
    st.text(max_size=80),
    st.sampled_from(sorted(GROUPS.values())),
)
def test_allergens_returns_known_keys(ndb: str, name: str, group: str) -> None:
    flags = allergens(ndb, name, group)
    assert isinstance(flags, frozenset)
    assert flags <= set(ALLERGENS)


# Allergens once missed, read from the shipped table (name as USDA writes it, flag as built).
@pytest.mark.parametrize(
    ("ndb", "allergen"),
    [
        ("14192", "milk"),  # Cocoa mix, powder
        ("14197", "milk"),  # Cocoa mix, NESTLE, Rich Chocolate Hot Cocoa Mix
        ("43401", "milk"),  # Coffee, dry, powder, with whitener, reduced calorie
        ("43015", "milk"),  # Salad dressing, caesar dressing, regular (Parmesan)
        ("43021", "milk"),  # Salad dressing, caesar, low calorie
        ("19890", "milk"),  # Frozen novelties, KLONDIKE, SLIM-A-BEAR, No Sugar Added, ... Bar
        ("19216", "milk"),  # Candies, praline, prepared-from-recipe (butter, cream)
        ("14638", "milk"),  # Beverage, Horchata, as served in restaurant
        ("43017", "milk"),  # Salad dressing, green goddess, regular
        ("43017", "fish"),  # ... anchovy
        ("15128", "egg"),  # Fish, tuna salad (mayonnaise)
        ("15030", "egg"),  # Fish, gefiltefish, commercial, sweet recipe
        ("27002", "egg"),  # Soup, wonton, Chinese restaurant
        ("04030", "egg"),  # Sandwich spread, with chopped pickle, regular, unspecified oils
        ("07031", "egg"),  # Ham salad spread
        ("06583", "egg"),  # Soup, ramen noodle, any flavor, dry
        ("06583", "wheat_gluten"),
        ("04589", "fish"),  # Fish oil, cod liver
        ("04594", "fish"),  # Fish oil, sardine
        ("04677", "fish"),  # Margarine-like spread, SMART BALANCE Omega Plus (... fish oil)
        ("20084", "wheat_gluten"),  # Wheat flour, white, cake, enriched
        ("15138", "fish"),  # Crustaceans, crab, alaska king, imitation, made from surimi
        ("15138", "crustacean_shellfish"),
        ("15138", "egg"),
        ("16112", "wheat_gluten"),  # Miso (barley miso)
        ("06081", "wheat_gluten"),  # Soup, chicken broth cubes, dry (hydrolysed wheat protein)
        ("27001", "sesame"),  # Soup, hot and sour, Chinese restaurant (sesame oil)
    ],
)
def test_allergens_once_missed_are_flagged(shipped_by_ndb, ndb: str, allergen: str) -> None:
    assert allergen in shipped_by_ndb[ndb]["allergens"].split(";")


@pytest.mark.parametrize(
    ("ndb", "name", "group", "absent"),
    [
        ("18373", "Leavening agents, cream of tartar", "Baked Products", "egg"),
        ("11378", "Potatoes, mashed, dehydrated, flakes without milk, dry form",
         "Vegetables and Vegetable Products", "milk"),
        ("19312", "Pie fillings, apple, canned", "Sweets", "milk"),
        ("03115", "Babyfood, apples, dices, toddler", "Baby Foods", "milk"),
        ("12140", "Nuts, formulated, wheat-based, unflavored, with salt added",
         "Nut and Seed Products", "milk"),  # "formulated" is not infant formula
        ("22121", "MORNINGSTAR FARMS Grillers Vegan, frozen, unprepared",
         "Meals, Entrees, and Side Dishes", "milk"),
        ("21052", "Fast foods, salad, vegetable, tossed, without dressing", "Fast Foods", "egg"),
        ("21342", "McDONALD'S, Apple Dippers", "Fast Foods", "milk"),
    ],
)
def test_allergen_rules_do_not_flag_what_is_plainly_absent(
    ndb: str, name: str, group: str, absent: str
) -> None:
    assert absent not in allergens(ndb, name, group)


@pytest.mark.parametrize(
    ("ndb", "name", "group", "present"),
    [
        # the allergen rules themselves, not only the agreement with the diet rules
        ("04591", "Fish oil, menhaden", "Fats and Oils", "fish"),
        ("04677", "Margarine-like spread, SMART BALANCE Omega Plus Spread (with plant sterols "
         "& fish oil)", "Fats and Oils", "fish"),
        ("15128", "Fish, tuna salad", "Finfish and Shellfish Products", "egg"),
        ("15030", "Fish, gefiltefish, commercial, sweet recipe",
         "Finfish and Shellfish Products", "egg"),
        ("20084", "Wheat flour, white, cake, enriched", "Cereal Grains and Pasta",
         "wheat_gluten"),
        ("19216", "Candies, praline, prepared-from-recipe", "Sweets", "milk"),
        ("19890", "Frozen novelties, KLONDIKE, SLIM-A-BEAR, No Sugar Added, Stickless Bar",
         "Sweets", "milk"),
        ("14638", "Beverage, Horchata, as served in restaurant", "Beverages", "milk"),
        ("43401", "Coffee, dry, powder, with whitener, reduced calorie", "Beverages", "milk"),
        ("14192", "Cocoa mix, powder", "Beverages", "milk"),
        ("43015", "Salad dressing, caesar dressing, regular", "Fats and Oils", "milk"),
        ("43017", "Salad dressing, green goddess, regular", "Fats and Oils", "fish"),
    ],
)
def test_allergen_rules_flag_once_missed_names(ndb: str, name: str, group: str,
                                               present: str) -> None:
    assert present in allergens(ndb, name, group)


# --- SR28 names (issue 20): each rule on the real SR28 name and group --------------------
_SR28_ALLERGENS = [
    # (ndb, SR28 name, group, allergens that must be flagged, allergens that must not)
    ("14309", "Beverages, OVALTINE, Classic Malt powder", "Beverages",
     {"milk", "wheat_gluten"}, set()),
    ("11118", "Cabbage, kimchi", "Vegetables and Vegetable Products",
     {"fish", "crustacean_shellfish"}, set()),
    ("14231", "Beverages, KRAFT, coffee, instant, French Vanilla Cafe", "Beverages", {"milk"},
     set()),
    ("14041", "Beverages, NESTLE, Boost plus, nutritional drink, ready-to-drink", "Beverages",
     {"milk"}, set()),
    ("12156", "Nuts, walnuts, glazed", "Nut and Seed Products", {"milk", "tree_nuts"}, set()),
    ("08691", "Cereals, QUAKER, oatmeal, REAL MEDLEYS, summer berry, dry", "Breakfast Cereals",
     {"milk", "wheat_gluten"}, set()),
    ("20654", "Pasta, gluten-free, brown rice flour, cooked, TINKYADA",
     "Cereal Grains and Pasta", set(), {"wheat_gluten"}),
    ("20091", "Pasta, gluten-free, corn, dry", "Cereal Grains and Pasta", set(),
     {"wheat_gluten"}),
    ("28369", "SCHAR, Gluten-Free, Wheat-Free, Classic White Bread", "Baked Products",
     {"milk", "egg"}, {"wheat_gluten"}),
    ("19013", "Snacks, fruit leather, pieces", "Sweets", set(), {"milk"}),
    ("19918", "Sweetener, herbal extract powder from Stevia leaf", "Sweets", set(), {"milk"}),
    ("42281", "Gums, seed gums (includes locust bean, guar)", "Sweets", set(), {"milk", "egg"}),
    ("28331", "Crackers, flavored, fish-shaped", "Baked Products", {"wheat_gluten"}, {"fish"}),
    ("28282", "SUNSHINE, KRISPY, Soup & Oyster Crackers (large)", "Baked Products",
     {"wheat_gluten"}, {"crustacean_shellfish"}),
    # glazed meat is not a glazed nut
    ("05312", "Chicken, wing, frozen, glazed, barbecue flavored", "Poultry Products", set(),
     {"milk"}),
]


@pytest.mark.parametrize("ndb,name,group,present,absent", _SR28_ALLERGENS)
def test_sr28_names(ndb, name, group, present, absent):
    found = allergens(ndb, name, group)
    assert present <= found, (name, found)
    assert not absent & found, (name, found)


def test_gluten_free_still_names_its_gluten_grain():
    # the claim lifts the default, never a gluten grain the name states
    found = allergens("x", "Cereals, gluten-free oats, with barley malt", "Breakfast Cereals")
    assert "wheat_gluten" in found


# Made from wheat or barley though the name does not say so (issue 23); each name is the
# same in USDA SR24 and SR28 (FOOD_DES), and the rule reads the name, whatever table ships.
@pytest.mark.parametrize(
    ("ndb", "name", "group", "present"),
    [
        ("43406", "Yeast extract spread", "Legumes and Legume Products", "wheat_gluten"),
        ("15109", "Fish, surimi", "Finfish and Shellfish Products", "wheat_gluten"),
        ("15138", "Crustaceans, crab, alaska king, imitation, made from surimi",
         "Finfish and Shellfish Products", "wheat_gluten"),
        ("15153", "Crustaceans, shrimp, mixed species, imitation, made from surimi",
         "Finfish and Shellfish Products", "wheat_gluten"),
        ("15174", "Mollusks, scallop, mixed species, imitation, made from surimi",
         "Finfish and Shellfish Products", "wheat_gluten"),
        ("14305", "Malt beverage, includes non-alcoholic beer", "Beverages", "wheat_gluten"),
        ("19068", "Candies, NESTLE, BIT-O'-HONEY Candy Chews", "Sweets", "tree_nuts"),
        ("19068", "Candies, NESTLE, BIT-O'-HONEY Candy Chews", "Sweets", "soy"),
    ],
)
def test_hidden_wheat_barley_nuts_and_soy_are_flagged(ndb, name, group, present) -> None:
    assert present in allergens(ndb, name, group)


@pytest.mark.parametrize(
    ("ndb", "name", "group"),
    [
        ("15136", "Crustaceans, crab, alaska king, raw", "Finfish and Shellfish Products"),
        ("18375", "Leavening agents, yeast, baker's, active dry", "Baked Products"),
    ],
)
def test_real_crab_and_bakers_yeast_are_not_flagged_wheat(ndb, name, group) -> None:
    assert "wheat_gluten" not in allergens(ndb, name, group)
