"""Diet rules: animal products never reach a diet that excludes them; plant foods stay in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplanner.diets import (
    DIET_LABELS,
    DIETS,
    SOURCES,
    b12_unexplained,
    diet_columns,
    fits,
    parse_diet,
)
from bplanner.table.diet_rules import animal_sources

DAIRY_EGG = "Dairy and Egg Products"
SPICES = "Spices and Herbs"
BABY = "Baby Foods"
FATS = "Fats and Oils"
SOUPS = "Soups, Sauces, and Gravies"
CEREALS = "Breakfast Cereals"
FRUITS = "Fruits and Fruit Juices"
VEG = "Vegetables and Vegetable Products"
NUTS = "Nut and Seed Products"
BEVERAGES = "Beverages"
FISH = "Finfish and Shellfish Products"
LEGUMES = "Legumes and Legume Products"
GAME = "Lamb, Veal, and Game Products"
BAKED = "Baked Products"
SWEETS = "Sweets"
GRAINS = "Cereal Grains and Pasta"
FAST = "Fast Foods"
MEALS = "Meals, Entrees, and Side Dishes"
NATIVE = "American Indian/Alaska Native Foods"


def diets(ndb: str, name: str, group: str) -> dict[str, bool]:
    return fits(animal_sources(ndb, name, group))


# --------------------------------------------------------------------------- never vegan
NOT_VEGAN = [
    ("06013", "Soup, chicken broth, canned, condensed", SOUPS, "poultry"),
    ("06159", "Soup, tomato, canned, condensed", SOUPS, "meat"),  # stock base uncertain
    ("19172", "Gelatin desserts, dry mix", SWEETS, "meat"),
    ("19116", "Candies, marshmallows", SWEETS, "meat"),
    ("19225", "Desserts, rennin, tablets, unsweetened", SWEETS, "meat"),
    ("04002", "Lard", FATS, "meat"),
    ("16103", "Refried beans, canned, traditional style (includes USDA commodity)", LEGUMES,
     "meat"),
    ("16005", "Beans, baked, home prepared", LEGUMES, "meat"),
    ("18364", "Tortillas, ready-to-bake or -fry, flour, refrigerated", BAKED, "meat"),
    ("18489", "Toaster Pastries, KELLOGG, KELLOGG'S POP TARTS, Frosted strawberry", BAKED,
     "meat"),
    ("08319", "Cereals ready-to-eat, KELLOGG, KELLOGG'S FROSTED MINI-WHEATS, bite size and "
     "little bites", CEREALS, "meat"),
    ("08050", "Cereals ready-to-eat, GENERAL MILLS, LUCKY CHARMS", CEREALS, "meat"),
    ("01120", "Yogurt, fruit, low fat, 9 grams protein per 8 ounce", DAIRY_EGG, "meat"),
    ("06971", "Sauce, worcestershire", SOUPS, "fish"),
    ("43015", "Salad dressing, caesar dressing, regular", FATS, "fish"),
    ("06179", "Sauce, fish, ready-to-serve", SOUPS, "fish"),
    ("06176", "Sauce, oyster, ready-to-serve", SOUPS, "shellfish"),
    ("14187", "Clam and tomato juice, canned", BEVERAGES, "shellfish"),
    ("14096", "Alcoholic beverage, wine, table, red", BEVERAGES, "fish"),  # isinglass fining
    ("21138", "Fast foods, potato, french fried in vegetable oil", FAST, "meat"),
    ("19296", "Honey", SWEETS, "honey"),
    ("08045", "Cereals ready-to-eat, GENERAL MILLS, HONEY NUT CHEERIOS", CEREALS, "honey"),
    ("08035", "Cereals ready-to-eat, GENERAL MILLS, GOLDEN GRAHAMS", CEREALS, "honey"),
    ("08262", "Cereals ready-to-eat, GENERAL MILLS, BASIC 4", CEREALS, "honey"),
    ("01009", "Cheese, cheddar", DAIRY_EGG, "dairy"),
    ("01107", "Milk, human, mature, fluid", DAIRY_EGG, "dairy"),
    ("19120", "Candies, milk chocolate", SWEETS, "dairy"),
    ("03841", "Infant formula, ABBOTT NUTRITION, SIMILAC, ISOMIL, with iron, ready-to-feed "
     "(formerly ROSS)", BABY, "dairy"),  # soy formula: milk-derived ingredients possible
    ("18069", "Bread, white, commercially prepared (includes soft bread crumbs)", BAKED,
     "dairy"),
    ("01123", "Egg, whole, raw, fresh", DAIRY_EGG, "egg"),
    ("01057", "Eggnog", DAIRY_EGG, "egg"),
    ("20110", "Noodles, egg, cooked, enriched", GRAINS, "egg"),
    ("03199", "Babyfood, cereal, with eggs, strained", BABY, "egg"),
    ("43130", "Frankfurter, meatless", LEGUMES, "egg"),  # analogues bind with egg white
    ("16557", "MORNINGSTAR FARMS Chik Patties, frozen, unprepared", LEGUMES, "egg"),
    ("80200", "Frog legs, raw", GAME, "other_animal"),
    ("93600", "Turtle, green, raw", GAME, "other_animal"),
    ("90560", "Mollusks, snail, raw", FISH, "shellfish"),
    ("15053", "Fish, milkfish, raw", FISH, "fish"),
]


@pytest.mark.parametrize(("ndb", "name", "group", "source"), NOT_VEGAN)
def test_animal_products_are_never_vegan(ndb, name, group, source):
    sources = animal_sources(ndb, name, group)
    assert source in sources
    assert fits(sources)["vegan"] is False
    assert fits(sources)["omnivore"] is True


@pytest.mark.parametrize(
    ("ndb", "name", "source"),
    [
        ("06971", "Sauce, worcestershire", "fish"),
        ("43015", "Salad dressing, caesar dressing, regular", "fish"),
        ("43497", "Jellyfish, dried, salted", "shellfish"),
        ("90560", "Mollusks, snail, raw", "shellfish"),
        ("80200", "Frog legs, raw", "other_animal"),
        ("93600", "Turtle, green, raw", "other_animal"),
        ("43261", "Yogurt, fruit variety, nonfat", "meat"),
        ("42236", "Cereals ready-to-eat, frosted oat cereal with marshmallows", "meat"),
        ("42100", "Cereals ready-to-eat, Marshmallow ALPHA-BITS", "meat"),
        ("43449", "Baked beans, canned, no salt added", "meat"),
        ("43112", "Beans, chili, barbecue, ranch style, cooked", "meat"),
        ("43285", "Eggs, scrambled, frozen mixture", "egg"),
        ("43598", "Mayonnaise dressing, no cholesterol", "egg"),
        ("43528", "Ensure plus, liquid nutrition", "dairy"),
        ("43543", "Milk, imitation, non-soy", "dairy"),
        ("43299", "Soybean, curd cheese", "dairy"),
        ("43570", "Cereals ready-to-eat, POST, HONEY BUNCHES OF OATS, honey roasted", "honey"),
        ("27000", "Soup, egg drop, Chinese restaurant", "meat"),
    ],
)
def test_name_alone_is_enough_when_the_group_is_unknown(ndb, name, source):
    """Numbers 27xxx and 4xxxx-9xxxx have no group of their own; the name must carry the rule."""
    sources = animal_sources(ndb, name, "")
    assert source in sources
    assert fits(sources)["vegan"] is False


# --------------------------------------------------------------------------- not vegetarian
@pytest.mark.parametrize(
    ("ndb", "name", "group"),
    [
        ("06013", "Soup, chicken broth, canned, condensed", SOUPS),
        ("19172", "Gelatin desserts, dry mix", SWEETS),
        ("06971", "Sauce, worcestershire", SOUPS),
        ("43015", "Salad dressing, caesar dressing, regular", FATS),
        ("16103", "Refried beans, canned, traditional style (includes USDA commodity)", LEGUMES),
        ("08050", "Cereals ready-to-eat, GENERAL MILLS, LUCKY CHARMS", CEREALS),
        ("14096", "Alcoholic beverage, wine, table, red", BEVERAGES),
        ("21384", "BURGER KING, CROISSAN'WICH with Sausage and Cheese", FAST),
        ("80200", "Frog legs, raw", GAME),
        # "chili" at the end of the name is chili con carne (a rule anchored at the end)
        ("21134", "Fast foods, potato, baked and topped with cheese sauce and chili", FAST),
    ],
)
def test_hidden_meat_and_fish_keep_food_out_of_vegetarian(ndb, name, group):
    result = diets(ndb, name, group)
    assert not result["vegetarian"]
    assert not result["lacto_vegetarian"]
    assert not result["ovo_vegetarian"]


@pytest.mark.parametrize(
    ("ndb", "name", "sources"),
    [
        # meatless fast-food items recognised by rules anchored at the end of the name
        ("21052", "Fast foods, salad, vegetable, tossed, without dressing", set()),
        ("21342", "McDONALD'S, Apple Dippers", set()),
        ("21053", "Fast foods, salad, vegetable, tossed, without dressing, with cheese and egg",
         {"dairy", "egg"}),
        ("21019", "Fast foods, english muffin, with butter", {"dairy", "egg"}),
        ("21408", "McDONALD'S, English Muffin", {"dairy", "egg"}),
        ("21135", "Fast foods, potato, baked and topped with sour cream and chives",
         {"dairy", "egg"}),
        # the chain's name is not a burger
        ("21385", "BURGER KING, CROISSAN'WICH with Egg and Cheese", {"dairy", "egg"}),
    ],
)
def test_meatless_fast_food_named_at_the_end(ndb, name, sources):
    assert animal_sources(ndb, name, FAST) == frozenset(sources)


# --------------------------------------------------------------------------- false friends
FALSE_FRIENDS = [
    ("16098", "Peanut butter, smooth style, with salt", LEGUMES),
    ("12166", "Seeds, sesame butter, tahini, from roasted and toasted kernels (most common type)",
     NUTS),
    ("04501", "Oil, cocoa butter", FATS),
    ("19294", "Fruit butters, apple", SWEETS),
    ("12084", "Nuts, butternuts, dried", NUTS),
    ("11485", "Squash, winter, butternut, raw", VEG),
    ("11106", "Butterbur, (fuki), raw", VEG),
    ("11940", "Pickles, cucumber, sweet (includes bread and butter pickles)", VEG),
    ("16223", "Soymilk (All flavors), enhanced", LEGUMES),
    ("16242", "SILK Plus for Bone Health, soymilk", LEGUMES),
    ("12118", "Nuts, coconut milk, canned (liquid expressed from grated meat and water)", NUTS),
    ("11174", "Corn, sweet, yellow, canned, cream style, regular pack", VEG),
    ("18373", "Leavening agents, cream of tartar", BAKED),
    ("08106", "Cereals, CREAM OF WHEAT, instant, dry", CEREALS),
    ("11209", "Eggplant, raw", VEG),
    ("09086", "Custard-apple, (bullock's-heart), raw", FRUITS),
    ("09077", "Crabapples, raw", FRUITS),
    ("11987", "Mushrooms, oyster, raw", VEG),
    ("11437", "Salsify, (vegetable oyster), raw", VEG),
    ("11475", "Squash, summer, scallop, raw", VEG),
    ("16016", "Beans, black turtle soup, mature seeds, raw", LEGUMES),
    ("16056", "Chickpeas (garbanzo beans, bengal gram), mature seeds, raw", LEGUMES),
    ("09184", "Melons, honeydew, raw", FRUITS),
    ("11944", "Pickle relish, hot dog", VEG),
    ("02034", "Spices, poultry seasoning", SPICES),
    ("02068", "Vinegar, red wine", SPICES),
    ("14157", "Carbonated beverage, root beer", BEVERAGES),
    ("14136", "Carbonated beverage, ginger ale", BEVERAGES),
    ("43476", "Tofu yogurt", ""),
    ("42178", "Mayonnaise, made with tofu", FATS),
    ("42204", "Rice cake, cracker (include hain mini rice cakes)", BAKED),
]


@pytest.mark.parametrize(("ndb", "name", "group"), FALSE_FRIENDS)
def test_false_friends_stay_vegan(ndb, name, group):
    assert animal_sources(ndb, name, group) == frozenset()
    assert diets(ndb, name, group)["vegan"] is True


# --------------------------------------------------------------------------- plant foods
@pytest.mark.parametrize(
    ("ndb", "name", "group"),
    [
        ("16426", "Tofu, raw, firm, prepared with calcium sulfate", LEGUMES),
        ("16223", "Soymilk (All flavors), enhanced", LEGUMES),
        ("09040", "Bananas, raw", FRUITS),
        ("11457", "Spinach, raw", VEG),
        ("16070", "Lentils, mature seeds, cooked, boiled, without salt", LEGUMES),
        ("20121", "Spaghetti, cooked, enriched, without added salt", GRAINS),
        ("20134", "Rice noodles, cooked", GRAINS),
        ("18363", "Tortillas, ready-to-bake or -fry, corn", BAKED),
        ("18041", "Bread, pita, white, enriched", BAKED),
        ("08013", "Cereals ready-to-eat, GENERAL MILLS, CHEERIOS", CEREALS),
        ("08077", "Cereals ready-to-eat, GENERAL MILLS, Whole Grain TOTAL", CEREALS),
        ("08020", "Cereals ready-to-eat, KELLOGG, KELLOGG'S Corn Flakes", CEREALS),
        ("06164", "Sauce, salsa, ready-to-serve", SOUPS),
        ("16172", "Refried beans, canned, fat-free", LEGUMES),
        ("16171", "Refried beans, canned, vegetarian", LEGUMES),
        ("22121", "MORNINGSTAR FARMS Grillers Vegan, frozen, unprepared", MEALS),
        ("21379", "McDONALD'S, Side Salad", FAST),
        ("43406", "Yeast extract spread", ""),
        ("14037", "Alcoholic beverage, distilled, all (gin, rum, vodka, whiskey) 80 proof",
         BEVERAGES),
        ("35140", "Bread, kneel down (Navajo)", NATIVE),
    ],
)
def test_plant_foods_fit_every_diet(ndb, name, group):
    assert all(diets(ndb, name, group).values())


# --------------------------------------------------------------------------- diet distinctions
@pytest.mark.parametrize(
    ("ndb", "name", "group", "expected"),
    [
        # fish and shellfish: pescatarian only
        ("15076", "Fish, salmon, Atlantic, wild, raw", FISH,
         {"pescatarian": True, "vegetarian": False}),
        ("15149", "Crustaceans, shrimp, mixed species, raw", FISH,
         {"pescatarian": True, "vegetarian": False}),
        ("15138", "Crustaceans, crab, alaska king, imitation, made from surimi", FISH,
         {"pescatarian": True, "vegetarian": False}),
        ("06971", "Sauce, worcestershire", SOUPS, {"pescatarian": True, "vegetarian": False}),
        # meat, gelatin and frog are not seafood
        ("19172", "Gelatin desserts, dry mix", SWEETS, {"pescatarian": False}),
        ("80200", "Frog legs, raw", GAME, {"pescatarian": False}),
        # milk: lacto yes, ovo no
        ("01009", "Cheese, cheddar", DAIRY_EGG,
         {"vegetarian": True, "lacto_vegetarian": True, "ovo_vegetarian": False}),
        # egg: ovo yes, lacto no
        ("01123", "Egg, whole, raw, fresh", DAIRY_EGG,
         {"vegetarian": True, "lacto_vegetarian": False, "ovo_vegetarian": True}),
        # milk and egg together: only lacto-ovo
        ("01057", "Eggnog", DAIRY_EGG,
         {"vegetarian": True, "lacto_vegetarian": False, "ovo_vegetarian": False}),
        # honey: every vegetarian diet, never vegan
        ("19296", "Honey", SWEETS,
         {"vegetarian": True, "lacto_vegetarian": True, "ovo_vegetarian": True, "vegan": False}),
        # meat analogues and vegetarian dishes: vegetarian, not vegan
        ("43128", "Chicken, meatless", LEGUMES, {"vegetarian": True, "vegan": False}),
        ("16533", "WORTHINGTON Smoked Turkey Roll, frozen, unprepared", LEGUMES,
         {"vegetarian": True, "vegan": False}),
        ("06068", "Soup, vegetarian vegetable, canned, condensed", SOUPS,
         {"vegetarian": True, "vegan": False}),
        ("21293", 'PIZZA HUT 14" Cheese Pizza, Hand-Tossed Crust', FAST,
         {"vegetarian": True, "vegan": False}),
        # frosted flakes keep no gelatin; frosted mini-wheats do
        ("08069", "Cereals ready-to-eat, KELLOGG, KELLOGG'S FROSTED FLAKES", CEREALS,
         {"vegan": True}),
        ("08319", "Cereals ready-to-eat, KELLOGG, KELLOGG'S FROSTED MINI-WHEATS, bite size and "
         "little bites", CEREALS, {"vegetarian": False}),
    ],
)
def test_diet_distinctions(ndb, name, group, expected):
    result = diets(ndb, name, group)
    for diet, allowed in expected.items():
        assert result[diet] is allowed, diet


# --------------------------------------------------------------------------- fits
@pytest.mark.parametrize(
    ("sources", "allowed"),
    [
        (set(), set(DIETS)),
        ({"honey"}, {"omnivore", "pescatarian", "vegetarian", "lacto_vegetarian",
                     "ovo_vegetarian"}),
        ({"dairy"}, {"omnivore", "pescatarian", "vegetarian", "lacto_vegetarian"}),
        ({"egg"}, {"omnivore", "pescatarian", "vegetarian", "ovo_vegetarian"}),
        ({"dairy", "egg"}, {"omnivore", "pescatarian", "vegetarian"}),
        ({"fish"}, {"omnivore", "pescatarian"}),
        ({"shellfish", "dairy"}, {"omnivore", "pescatarian"}),
        ({"meat"}, {"omnivore"}),
        ({"poultry"}, {"omnivore"}),
        ({"other_animal"}, {"omnivore"}),
        ({"unheard-of source"}, {"omnivore"}),
    ],
)
def test_fits_allowed_sets(sources, allowed):
    result = fits(frozenset(sources))
    assert list(result) == list(DIETS)
    assert {d for d, ok in result.items() if ok} == allowed


@given(st.frozensets(st.sampled_from(SOURCES)))
def test_fits_is_ordered_by_restriction(sources):
    """Anything a stricter diet allows, every looser diet allows too."""
    r = fits(sources)
    assert r["omnivore"]
    if r["vegan"]:
        assert all(r.values())
    if r["lacto_vegetarian"] or r["ovo_vegetarian"]:
        assert r["vegetarian"]
    if r["vegetarian"]:
        assert r["pescatarian"]


@given(st.text(max_size=80), st.sampled_from(["", DAIRY_EGG, SOUPS, VEG, FAST, SWEETS, "Odd"]))
def test_animal_sources_only_returns_known_categories(name, group):
    assert animal_sources("00000", name, group) <= frozenset(SOURCES)


# --------------------------------------------------------------------------- names and parsing
def test_diet_names_labels_and_columns():
    assert DIETS == ("omnivore", "pescatarian", "vegetarian", "lacto_vegetarian",
                     "ovo_vegetarian", "vegan")
    assert set(DIET_LABELS) == set(DIETS)
    assert DIET_LABELS["lacto_vegetarian"] == "lacto-vegetarian"
    assert DIET_LABELS["ovo_vegetarian"] == "ovo-vegetarian"
    assert diet_columns() == ["diet_omnivore", "diet_pescatarian", "diet_vegetarian",
                              "diet_lacto_vegetarian", "diet_ovo_vegetarian", "diet_vegan"]


@pytest.mark.parametrize(
    ("text", "diet"),
    [
        ("omnivore", "omnivore"),
        ("Omnivorous", "omnivore"),
        ("all", "omnivore"),
        ("none", "omnivore"),
        ("pescatarian", "pescatarian"),
        ("Pescetarian", "pescatarian"),
        ("vegetarian", "vegetarian"),
        ("lacto-ovo vegetarian", "vegetarian"),
        ("Ovo-lacto-vegetarian", "vegetarian"),
        ("lacto-vegetarian", "lacto_vegetarian"),
        ("lacto vegetarian", "lacto_vegetarian"),
        ("LACTO_VEGETARIAN", "lacto_vegetarian"),
        ("ovo-vegetarian", "ovo_vegetarian"),
        ("ovo_vegetarian", "ovo_vegetarian"),
        ("vegan", "vegan"),
        ("  Vegan ", "vegan"),
        ("strict vegetarian", "vegan"),
        ("Strict-Vegetarian", "vegan"),
        ("plant-based", "vegan"),
        ("plant based", "vegan"),
    ],
)
def test_parse_diet_aliases(text, diet):
    assert parse_diet(text) == diet


@pytest.mark.parametrize("diet", DIETS)
def test_parse_diet_accepts_canonical_names_and_labels(diet):
    assert parse_diet(diet) == diet
    if diet != "vegetarian":
        assert parse_diet(DIET_LABELS[diet]) == diet


@pytest.mark.parametrize(("text", "hint"), [
    ("keto", ""), ("", ""), ("fruitarian", ""), ("vegetarian-ish", " (did you mean vegetarian?)"),
    ("vegeterian", " (did you mean vegetarian?)"), ("pescetarean", " (did you mean pescatarian?)"),
])
def test_parse_diet_rejects_unknown_names_in_one_line(text, hint):
    with pytest.raises(ValueError) as err:
        parse_diet(text)
    message = str(err.value)
    assert "\n" not in message
    assert message == (
        f"unknown diet '{text}'{hint}; accepted: omnivore, pescatarian, vegetarian, "
        'lacto-vegetarian, ovo-vegetarian, vegan ("strict vegetarian" = vegan)'
    )


def test_the_oyster_cut_of_emu_and_ostrich_is_not_shellfish():
    for ndb, name in (("05631", "Emu, oyster, raw"), ("05652", "Ostrich, oyster, cooked")):
        assert animal_sources(ndb, name, "Poultry Products") == frozenset({"poultry"})


def test_not_breaded_is_not_breaded():
    name = "Veal, leg (top round), separable lean only, cooked, pan-fried, not breaded"
    assert animal_sources("17102", name, GAME) == frozenset({"meat"})
    breaded = "Veal, leg (top round), separable lean only, cooked, pan-fried, breaded"
    assert {"egg", "dairy"} <= animal_sources("17101", breaded, GAME)


# --- SR28 names (issue 20): each rule on the real SR28 name and group --------------------
_SR28_SOURCES = [
    # (ndb, SR28 name, group, sources that must be present, sources that must be absent)
    ("14309", "Beverages, OVALTINE, Classic Malt powder", "Beverages", {"dairy"}, set()),
    ("16016", "Beans, black turtle, mature seeds, raw", "Legumes and Legume Products",
     set(), {"other_animal"}),
    ("16317", "Beans, black turtle, mature seeds, cooked, boiled, with salt",
     "Legumes and Legume Products", set(), {"other_animal"}),
    ("08147", "Cereals ready-to-eat, POST, Shredded Wheat, original big biscuit",
     "Breakfast Cereals", set(), {"meat"}),
    ("19051", "Snacks, rice cracker brown rice, plain", "Snacks", set(),
     {"dairy", "egg", "honey"}),
    ("11118", "Cabbage, kimchi", "Vegetables and Vegetable Products", {"fish", "shellfish"},
     set()),
    ("14231", "Beverages, KRAFT, coffee, instant, French Vanilla Cafe", "Beverages",
     {"dairy"}, set()),
    ("14041", "Beverages, NESTLE, Boost plus, nutritional drink, ready-to-drink",
     "Beverages", {"dairy"}, set()),
    ("14045", "Beverages, UNILEVER, SLIMFAST, meal replacement, regular, ready-to-drink,  "
     "3-2-1 Plan", "Beverages", {"dairy"}, set()),
    ("14068", "Beverages, KELLOGG'S SPECIAL K20 protein powder", "Beverages", {"dairy"}, set()),
    ("14250", "Beverages, AMBER, hard cider", "Beverages", {"fish", "meat"}, set()),
    ("14252", "Beverages, Malt liquor beverage", "Beverages", {"fish", "meat"}, set()),
    ("08689", "Cereals, QUAKER, oatmeal, REAL MEDLEYS, blueberry hazelnut, dry",
     "Breakfast Cereals", {"dairy", "honey"}, set()),
    ("08706", "Cereals ready-to-eat, KELLOGG SCOOBY-DOO! cereal", "Breakfast Cereals",
     {"meat"}, set()),
    ("12156", "Nuts, walnuts, glazed", "Nut and Seed Products", {"dairy"}, set()),
    ("28295", "Tortillas, ready-to-bake or -fry, whole wheat", "Baked Products", {"meat"},
     set()),
    # plant foods a word once excluded
    ("06631", "Sauce, hot chile, sriracha", "Soups, Sauces, and Gravies", set(),
     {"meat", "poultry", "fish", "dairy", "egg"}),
    ("27064", "Wasabi", "Soups, Sauces, and Gravies", set(), {"meat", "fish", "dairy"}),
    ("09526", "Cranberry sauce, jellied, canned, OCEAN SPRAY", "Fruits and Fruit Juices",
     set(), {"meat"}),
    ("31030", "Potatoes, french fried, steak cut, salt not added in processing, frozen, "
     "unprepared", "Vegetables and Vegetable Products", set(), {"meat"}),
    ("28331", "Crackers, flavored, fish-shaped", "Baked Products", {"dairy", "egg"}, {"fish"}),
    ("28282", "SUNSHINE, KRISPY, Soup & Oyster Crackers (large)", "Baked Products", set(),
     {"shellfish"}),
    ("28093", "KEEBLER, FUDGE SHOPPE, Grasshopper Cookies, Fudge Mint", "Baked Products",
     set(), {"other_animal"}),
    ("28351", "Cookies, Marie biscuit", "Baked Products", {"dairy", "egg"}, {"meat"}),
    ("28327", "Crackers, water biscuits", "Baked Products", set(), {"meat"}),
    ("19013", "Snacks, fruit leather, pieces", "Sweets", set(), {"dairy"}),
    ("19018", "Fruit syrup", "Sweets", set(), {"meat", "dairy", "egg", "other_animal"}),
    ("19918", "Sweetener, herbal extract powder from Stevia leaf", "Sweets", set(), {"dairy"}),
    # real US biscuits keep their lard doubt
    ("21419", "KFC, biscuit", "Fast Foods", {"meat"}, set()),
    ("18009", "Biscuits, plain or buttermilk, frozen, baked", "Baked Products", {"meat"},
     set()),
]


@pytest.mark.parametrize("ndb,name,group,present,absent", _SR28_SOURCES)
def test_sr28_names(ndb, name, group, present, absent):
    found = animal_sources(ndb, name, group)
    assert present <= found, (name, found)
    assert not absent & found, (name, found)


def test_seaweed_b12_is_explained():
    # B12 in seaweed comes from the bacteria living on it, as in mushrooms
    assert not b12_unexplained("Seaweed, Canadian Cultivated EMI-TSUNOMATA, dry", frozenset(),
                               False, 0.27)
    assert b12_unexplained("Kiwifruit, ZESPRI SunGold, raw", frozenset(), False, 0.08)
