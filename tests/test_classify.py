"""Food group, fortification and everyday-food rules, checked on real SR24 names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplanner.table.classify import GROUPS, food_group, is_everyday, is_fortified

LABELS = set(GROUPS.values())


def test_groups_table() -> None:
    assert len(GROUPS) == 25
    assert GROUPS["01"] == "Dairy and Egg Products"
    assert GROUPS["16"] == "Legumes and Legume Products"
    assert GROUPS["25"] == "Snacks"
    assert GROUPS["35"] == "American Indian/Alaska Native Foods"
    assert GROUPS["36"] == "Restaurant Foods"
    assert "23" not in GROUPS and "27" not in GROUPS


@pytest.mark.parametrize(
    ("ndb", "name", "group"),
    [
        # the NDB prefix is the group code
        ("09040", "Bananas, raw", "Fruits and Fruit Juices"),
        ("16070", "Lentils, mature seeds, cooked, boiled, without salt",
         "Legumes and Legume Products"),
        ("02025", "Spices, nutmeg, ground", "Spices and Herbs"),
        ("21237", "McDONALD'S, BIG MAC", "Fast Foods"),
        ("35167", "Fish, salmon, red, (sockeye), kippered (Alaska Native)",
         "American Indian/Alaska Native Foods"),
        ("19155", "Candies, MARS SNACKFOOD US, SNICKERS Bar", "Sweets"),
        # 19xxx snack foods belong to Snacks, as in USDA's own group table
        ("19411", "Snacks, potato chips, plain, salted", "Snacks"),
        # 23xxx is beef, including USDA Commodity beef
        ("23508", "USDA Commodity, beef, ground, bulk/coarse ground, frozen, raw",
         "Beef Products"),
        # 27xxx, 31xxx, 4xxxx, 8xxxx, 9xxxx: by name
        ("42284", "Babyfood, baked product, finger snacks cereal", "Baby Foods"),
        ("42283", "Snacks, potato chips, white, restructured, baked", "Snacks"),
        ("42280", "Frankfurter, meat and poultry, low fat", "Sausages and Luncheon Meats"),
        ("43384", "Beef, bologna, reduced sodium", "Sausages and Luncheon Meats"),
        ("42289", "Oil, corn and canola", "Fats and Oils"),
        ("43598", "Mayonnaise dressing, no cholesterol", "Fats and Oils"),
        ("90560", "Mollusks, snail, raw", "Finfish and Shellfish Products"),
        ("83110", "Fish, mackerel, salted", "Finfish and Shellfish Products"),
        ("80200", "Frog legs, raw", "Lamb, Veal, and Game Products"),
        ("93600", "Turtle, green, raw", "Lamb, Veal, and Game Products"),
        ("43283", "Pheasant, cooked, total edible", "Poultry Products"),
        ("43130", "Frankfurter, meatless", "Legumes and Legume Products"),
        ("43510", "Cereal ready-to-eat, CRISPY BROWN RICE", "Breakfast Cereals"),
        ("42227", "Candies, MARS SNACKFOOD US, M&M's Almond Chocolate Candies", "Sweets"),
        ("43060", "Chewing gum, sugarless", "Sweets"),
        ("43405", "Cheese, swiss, low sodium", "Dairy and Egg Products"),
        ("43528", "Ensure plus, liquid nutrition", "Beverages"),
        ("42270", "Orange juice drink", "Beverages"),
        ("43382", "Cranberry juice, unsweetened", "Fruits and Fruit Juices"),
        ("31011", "CAMPBELL Soup Company, V8 Vegetable Juice, Calcium Enriched V8",
         "Vegetables and Vegetable Products"),
        ("31015", "CAMPBELL Soup Company, PACE, Diced Green Chilies",
         "Vegetables and Vegetable Products"),
        ("27030", "CAMPBELL Soup Company, PACE, Triple Pepper Salsa",
         "Soups, Sauces, and Gravies"),
        ("27008", "CAMPBELL Soup Company, CAMPBELL'S CHUNKY Soups, HEALTHY REQUEST "
         "Microwavable Bowls, Grilled Chicken & Sausage Gumbo Soup",
         "Soups, Sauces, and Gravies"),
        ("27049", "Sauce, tartar, ready-to-serve", "Soups, Sauces, and Gravies"),
        ("43217", "Tomato sauce, canned, no salt added", "Vegetables and Vegetable Products"),
        ("43325", "Pork, cured, ham, boneless, low sodium, extra lean and regular, roasted",
         "Pork Products"),
        ("43449", "Baked beans, canned, no salt added", "Legumes and Legume Products"),
        ("43441", "Rolls, pumpernickel", "Baked Products"),
        ("48052", "Vital wheat gluten", "Cereal Grains and Pasta"),
        ("44055", "Celery flakes, dried", "Spices and Herbs"),
    ],
)
def test_food_group(ndb: str, name: str, group: str) -> None:
    assert food_group(ndb, name) == group


def test_unmatched_mixed_name_falls_back_to_meals() -> None:
    assert food_group("43999", "Zzyzx casserole") == "Meals, Entrees, and Side Dishes"


@given(st.from_regex(r"[0-9]{5}", fullmatch=True), st.text(max_size=60))
def test_food_group_is_always_a_label(ndb: str, name: str) -> None:
    assert food_group(ndb, name) in LABELS


@pytest.mark.parametrize(
    ("ndb", "name", "group"),
    [
        ("08013", "Cereals ready-to-eat, GENERAL MILLS, CHEERIOS", "Breakfast Cereals"),
        ("08284", "Cereals ready-to-eat, KELLOGG, KELLOGG'S Low Fat Granola with Raisins",
         "Breakfast Cereals"),
        ("08568", "Cereals, KASHI HEART TO HEART, Instant Oatmeal, Apple Cinnamon, dry",
         "Breakfast Cereals"),
        ("08417", "Cereals, QUAKER, Instant Oatmeal, Banana Bread, dry", "Breakfast Cereals"),
        ("08122", "Cereals, oats, instant, fortified, plain, dry", "Breakfast Cereals"),
        ("16222", "Soymilk (all flavors), unsweetened, with added calcium, vitamins A and D",
         "Legumes and Legume Products"),
        ("16223", "Soymilk (All flavors), enhanced", "Legumes and Legume Products"),
        ("16235", "SILK Plain, soymilk", "Legumes and Legume Products"),
        ("14639", "Rice drink, unsweetened, with added calcium, vitamins A and D", "Beverages"),
        ("16274", "Vitasoy USA Organic Nasoya, Tofu Plus Firm", "Legumes and Legume Products"),
        ("16548", "MORNINGSTAR FARMS Grillers Original, frozen, unprepared",
         "Legumes and Legume Products"),
        ("20081", "Wheat flour, white, all-purpose, enriched, bleached",
         "Cereal Grains and Pasta"),
        ("20120", "Spaghetti, dry, enriched", "Cereal Grains and Pasta"),
        ("04694", "Margarine-like, vegetable oil spread, 60% fat, tub, with salt, "
         "with added vitamin D", "Fats and Oils"),
        ("01079", "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D",
         "Dairy and Egg Products"),
        ("03953", "Infant formula, ABBOTT NUTRITION, SIMILAC, ISOMIL, ADVANCE with iron, "
         "ready-to-feed (formerly ROSS)", "Baby Foods"),
        ("14154", "Energy drink, RED BULL, with added caffeine, niacin, pantothenic acid, "
         "vitamins B6 and B12", "Beverages"),
        ("43404", "Cranberry-apple juice drink, low calorie, with vitamin C added", "Beverages"),
        ("43406", "Yeast extract spread", "Vegetables and Vegetable Products"),
        ("25017", "Formulated bar, POWER BAR, chocolate", "Snacks"),
    ],
)
def test_fortified(ndb: str, name: str, group: str) -> None:
    assert is_fortified(ndb, name, group)


@pytest.mark.parametrize(
    ("ndb", "name", "group"),
    [
        ("08120", "Cereals, oats, regular and quick, not fortified, dry", "Breakfast Cereals"),
        ("08158", "Cereals, corn grits, white, regular and quick, unenriched, dry",
         "Breakfast Cereals"),
        ("08172", "Cereals, farina, unenriched, dry", "Breakfast Cereals"),
        ("08148", "Cereals ready-to-eat, POST, Shredded Wheat, spoon-size", "Breakfast Cereals"),
        ("08218", "Cereals ready-to-eat, QUAKER, QUAKER 100% Natural Granola with Oats, "
         "Wheat, Honey, and Raisins", "Breakfast Cereals"),
        ("08393", "Cereals ready-to-eat, KASHI GOLEAN", "Breakfast Cereals"),
        ("16166", "Soymilk, chocolate, unfortified", "Legumes and Legume Products"),
        ("20481", "Wheat flour, white, all-purpose, unenriched", "Cereal Grains and Pasta"),
        ("18407", "Bagels, plain, unenriched, with calcium propionate "
         "(includes onion, poppy, sesame)", "Baked Products"),
        ("14645", "Fruit flavored drink, less than 3% juice, not fortified with vitamin C",
         "Beverages"),
        ("09019", "Applesauce, canned, unsweetened, without added ascorbic acid "
         "(includes USDA commodity)", "Fruits and Fruit Juices"),
        ("31011", "CAMPBELL Soup Company, V8 Vegetable Juice, Calcium Enriched V8",
         "Vegetables and Vegetable Products"),
        ("10951", "Pork, fresh, enhanced, loin, tenderloin, separable lean and fat, raw",
         "Pork Products"),
        ("07906", "Luncheon meat, pork, ham, and chicken, minced, canned, reduced sodium, "
         "added ascorbic acid, includes SPAM, 25% less sodium", "Sausages and Luncheon Meats"),
        ("16426", "Tofu, raw, firm, prepared with calcium sulfate",
         "Legumes and Legume Products"),
        ("09040", "Bananas, raw", "Fruits and Fruit Juices"),
        ("13326", "Beef, variety meats and by-products, liver, cooked, braised",
         "Beef Products"),
        ("16112", "Miso", "Legumes and Legume Products"),
    ],
)
def test_not_fortified(ndb: str, name: str, group: str) -> None:
    assert not is_fortified(ndb, name, group)


@pytest.mark.parametrize(
    ("ndb", "name", "group"),
    [
        ("09040", "Bananas, raw", "Fruits and Fruit Juices"),
        ("16070", "Lentils, mature seeds, cooked, boiled, without salt",
         "Legumes and Legume Products"),
        ("13326", "Beef, variety meats and by-products, liver, cooked, braised",
         "Beef Products"),
        ("16222", "Soymilk (all flavors), unsweetened, with added calcium, vitamins A and D",
         "Legumes and Legume Products"),
        ("08013", "Cereals ready-to-eat, GENERAL MILLS, CHEERIOS", "Breakfast Cereals"),
        ("14411", "Water, tap, drinking", "Beverages"),
        ("06494", "Soup, onion, dry, mix, prepared with water", "Soups, Sauces, and Gravies"),
        ("16548", "MORNINGSTAR FARMS Grillers Original, frozen, unprepared",
         "Legumes and Legume Products"),
        ("21474", "DIGIORNO Pizza, cheese topping, rising crust, frozen, baked", "Fast Foods"),
        ("09321", "Sugar-apples, (sweetsop), raw", "Fruits and Fruit Juices"),
        ("07002", "Beerwurst, beer salami, pork and beef", "Sausages and Luncheon Meats"),
        ("19411", "Snacks, potato chips, plain, salted", "Snacks"),
        # foods as they are eaten: the cooked forms stay
        ("15237", "Fish, salmon, Atlantic, farmed, cooked, dry heat",
         "Finfish and Shellfish Products"),
        ("20121", "Spaghetti, cooked, enriched, without added salt", "Cereal Grains and Pasta"),
        ("10111", "Pork, fresh, variety meats and by-products, liver, cooked, braised",
         "Pork Products"),
    ],
)
def test_everyday(ndb: str, name: str, group: str) -> None:
    assert is_everyday(ndb, name, group)


@pytest.mark.parametrize(
    ("ndb", "name", "group"),
    [
        ("19155", "Candies, MARS SNACKFOOD US, SNICKERS Bar", "Sweets"),
        ("03114", "Babyfood, vegetable, butternut squash and corn", "Baby Foods"),
        ("03953", "Infant formula, ABBOTT NUTRITION, SIMILAC, ISOMIL, ADVANCE with iron, "
         "ready-to-feed (formerly ROSS)", "Baby Foods"),
        ("18370", "Leavening agents, baking powder, double-acting, straight phosphate",
         "Baked Products"),
        ("20481", "Wheat flour, white, all-purpose, unenriched", "Cereal Grains and Pasta"),
        ("16117", "Soy flour, defatted", "Legumes and Legume Products"),
        ("02025", "Spices, nutmeg, ground", "Spices and Herbs"),
        ("21237", "McDONALD'S, BIG MAC", "Fast Foods"),
        ("27001", "Soup, hot and sour, Chinese restaurant", "Soups, Sauces, and Gravies"),
        ("25017", "Formulated bar, POWER BAR, chocolate", "Snacks"),
        ("14003", "Alcoholic beverage, beer, regular, all", "Beverages"),
        ("14400", "Carbonated beverage, cola, contains caffeine", "Beverages"),
        ("14154", "Energy drink, RED BULL, with added caffeine, niacin, pantothenic acid, "
         "vitamins B6 and B12", "Beverages"),
        ("19184", "Puddings, chocolate, dry mix, instant", "Sweets"),
        ("18144", "Cake, yellow, dry mix, regular, enriched", "Baked Products"),
        ("06094", "Soup, onion, dry, mix", "Soups, Sauces, and Gravies"),
        ("04002", "Lard", "Fats and Oils"),
        ("04053", "Oil, olive, salad or cooking", "Fats and Oils"),
        ("04666", "Shortening, industrial, soy (partially hydrogenated ) and corn for frying",
         "Fats and Oils"),
        ("20636", "Wheat flour, white (industrial), 11.5% protein, unbleached, enriched",
         "Cereal Grains and Pasta"),
        ("48052", "Vital wheat gluten", "Cereal Grains and Pasta"),
        ("13318", "Beef, variety meats and by-products, brain, raw", "Beef Products"),
        ("05015", "Chicken, broilers or fryers, skin only, raw", "Poultry Products"),
        ("35071", "Seal, ringed, meat (Alaska Native)", "American Indian/Alaska Native Foods"),
        ("11667", "Seaweed, spirulina, dried", "Vegetables and Vegetable Products"),
        ("43269", "Frozen novelties, ice cream type, sundae, prepackaged", "Sweets"),
        # foods as they are eaten: raw animal foods, dry grains and pasta, regional foods
        ("15236", "Fish, salmon, Atlantic, farmed, raw", "Finfish and Shellfish Products"),
        ("20120", "Spaghetti, dry, enriched", "Cereal Grains and Pasta"),
        ("08120", "Cereals, oats, regular and quick, not fortified, dry", "Breakfast Cereals"),
        ("10110", "Pork, fresh, variety meats and by-products, liver, raw", "Pork Products"),
        ("35167", "Fish, salmon, red, (sockeye), kippered (Alaska Native)",
         "American Indian/Alaska Native Foods"),
        ("35177", "Elk, free range, roast, eye of round, raw (Shoshone Bannock)",
         "American Indian/Alaska Native Foods"),
        ("35142", "Frybread, made with lard (Navajo)", "American Indian/Alaska Native Foods"),
    ],
)
def test_not_everyday(ndb: str, name: str, group: str) -> None:
    assert not is_everyday(ndb, name, group)



# --- SR28 names (issue 20): "Beverages, " heads most drink names --------------------------
@pytest.mark.parametrize(
    "ndb,name,everyday",
    [
        ("14148", "Beverages, carbonated, cola, regular", False),
        ("14145", "Beverages, carbonated, SPRITE, lemon-lime, without caffeine", False),
        ("14155", "Beverages, carbonated, tonic water", False),
        ("14167", "Beverages, POWERADE, Zero, Mixed Berry", False),
        ("14217", "Beverages, OCEAN SPRAY, Cran Grape", False),
        ("14073", "Beverages, ZEVIA, cola", False),
        ("14250", "Beverages, AMBER, hard cider", False),
        ("14252", "Beverages, Malt liquor beverage", False),
        ("14059", "Beverages, KELLOGG'S, SPECIAL K Protein Shake", False),
        ("14051", "Alcoholic beverage, distilled, vodka, 80 proof", False),
        ("14434", "Beverages, The COCA-COLA company, DASANI, water, bottled, non-carbonated",
         True),
        ("14278", "Beverages, tea, green, brewed, regular", True),
        ("14091", "Beverages, almond milk, unsweetened, shelf stable", True),
    ],
)
def test_sr28_drinks_everyday(ndb, name, everyday):
    assert is_everyday(ndb, name, "Beverages") is everyday


@pytest.mark.parametrize(
    "ndb,name",
    [
        ("14167", "Beverages, POWERADE, Zero, Mixed Berry"),
        ("14599", "Beverages, Powerade Zero Ion4, calorie-free, assorted flavors"),
        ("14021", "Beverages,  Energy drink, Citrus"),
    ],
)
def test_sr28_drinks_fortified(ndb, name):
    assert is_fortified(ndb, name, "Beverages")
