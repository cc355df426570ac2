"""Food group, fortification and 'everyday food' rules, from USDA numbers and names.

Everything here is a pure function of the SR24 NDB number (5-digit string) and the food's
name, so the derived columns of ``data/foods.csv`` can be rebuilt and audited from code alone.
Stdlib only: this module is imported on the CLI's hot path.
"""

from __future__ import annotations

import re

GROUPS: dict[str, str] = {
    "01": "Dairy and Egg Products",
    "02": "Spices and Herbs",
    "03": "Baby Foods",
    "04": "Fats and Oils",
    "05": "Poultry Products",
    "06": "Soups, Sauces, and Gravies",
    "07": "Sausages and Luncheon Meats",
    "08": "Breakfast Cereals",
    "09": "Fruits and Fruit Juices",
    "10": "Pork Products",
    "11": "Vegetables and Vegetable Products",
    "12": "Nut and Seed Products",
    "13": "Beef Products",
    "14": "Beverages",
    "15": "Finfish and Shellfish Products",
    "16": "Legumes and Legume Products",
    "17": "Lamb, Veal, and Game Products",
    "18": "Baked Products",
    "19": "Sweets",
    "20": "Cereal Grains and Pasta",
    "21": "Fast Foods",
    "22": "Meals, Entrees, and Side Dishes",
    "25": "Snacks",
    "35": "American Indian/Alaska Native Foods",
    "36": "Restaurant Foods",
}

DAIRY = GROUPS["01"]
SPICES = GROUPS["02"]
BABY = GROUPS["03"]
FATS = GROUPS["04"]
POULTRY = GROUPS["05"]
SOUPS = GROUPS["06"]
SAUSAGES = GROUPS["07"]
CEREALS = GROUPS["08"]
FRUITS = GROUPS["09"]
PORK = GROUPS["10"]
VEGETABLES = GROUPS["11"]
NUTS = GROUPS["12"]
BEEF = GROUPS["13"]
BEVERAGES = GROUPS["14"]
FISH = GROUPS["15"]
LEGUMES = GROUPS["16"]
GAME = GROUPS["17"]
BAKED = GROUPS["18"]
SWEETS = GROUPS["19"]
GRAINS = GROUPS["20"]
FAST_FOODS = GROUPS["21"]
MEALS = GROUPS["22"]
SNACKS = GROUPS["25"]
NATIVE = GROUPS["35"]
RESTAURANT = GROUPS["36"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Food group
# --------------------------------------------------------------------------------------------

# Ordered name rules for NDB numbers that carry no group (27xxx, 31xxx, 4xxxx, 8xxxx, 9xxxx).
# First match wins, so specific products ("Frankfurter, meatless", "Babyfood, juice") come
# before the generic words they contain. Written against every such name in SR24 (~300).
_NAME_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_rx(p), label)
    for p, label in (
        # infant and toddler products, whatever they contain
        (r"^(baby ?food|infant formula|child formula|toddler formula|zwieback)", BABY),
        # V8 and tomato juices, canned chilies and tomato sauce are vegetable products in SR
        (r"\bV8\b|tomato juice|tomato and vegetable juice|green chilies|jalapeno|"
         r"^tomato sauce", VEGETABLES),
        (r"^(soup|sauce|dip\b|gravy)|\bsoups?\b|\bsalsa\b|\bpico de gallo\b|\bPREGO\b",
         SOUPS),
        # meat analogues are soy/wheat products: SR files them with the legumes
        (r"\bmeatless\b|^vegetarian\b|^veggie|^tofu\b|^soybean\b|made from soy|"
         r"made with tofu|^bean beverage", LEGUMES),
        (r"^(snacks|popcorn|pretzels|tortilla chips|rice cakes?\b|papad)|\bchips\b",
         SNACKS),
        (r"^(breakfast bars?|granola bar)", SNACKS),
        (r"^(cereals?\b|amaranth flakes|millet, puffed)", CEREALS),
        (r"^(candies|frozen novel|ice creams?|frozen yogurts?|milk dessert|puddings?|syrups?|"
         r"jams?\b|jellies|pie fillings?|sweeteners|pectin|gelatin|frostings?|chewing gum)",
         SWEETS),
        (r"^(sausage|frankfurter|bologna|salami|luncheon|turkey ham|turkey bacon|bacon bits)|"
         r"\bsausage\b|\bbologna\b", SAUSAGES),
        (r"^(oil\b|margarine|vegetable oil|butter replacement|salad dressing|mayonnaise|"
         r"creamy dressing|shortening)", FATS),
        (r"^(cheese|imitation cheese|milk\b|yogurt|cream substitute|whipped (topping|cream)|"
         r"eggs?\b|chocolate-flavored drink, whey)", DAIRY),
        (r"^(fish\b|mollusks|crustaceans|jellyfish)", FISH),
        (r"^(frog legs|turtle)", GAME),
        (r"^(turkey|chicken|dove|pheasant|quail|duck|goose)\b", POULTRY),
        (r"^pork\b", PORK),
        (r"^beef\b", BEEF),
        (r"^(alcoholic beverage|beverage|coffee|tea\b|fluid replacement|cocktail mix|ensure\b|"
         r"corn beverage)|\bdrink\b|\bflavored drink\b", BEVERAGES),
        (r"\bjuice\b", FRUITS),
        (r"^(celery flakes)", SPICES),
        (r"^(cabbage|radishes|eggplant|sauerkraut|potatoes|vegetables|turnip greens|"
         r"palm hearts|tomato)|yeast extract", VEGETABLES),
        (r"^(baked beans|beans\b|peanut butter)", LEGUMES),
        (r"^(rolls|bread)", BAKED),
        (r"^vital wheat gluten", GRAINS),
    )
)

# 19xxx snack foods that USDA's own group table files under Snacks, not Sweets.
_SNACK_19 = _rx(r"^(snacks?,|potato chips|tortilla chips|cheese puffs|popcorn)")


def food_group(ndb: str, name: str) -> str:
    """USDA food group label for a food.

    Rule:
      * 01-22, 25, 35, 36: the first two digits of the NDB number are the group code, except
        that 19xxx snack foods ("Snacks, ...", potato/tortilla chips, cheese puffs, popcorn:
        granola bars, pretzels, ...) are "Snacks", as in USDA's own group table, not
        "Sweets".
      * 23xxx: "Beef Products" (all 389 are beef cuts or USDA Commodity beef).
      * 27xxx, 31xxx, 4xxxx, 8xxxx, 9xxxx: the first matching name rule in ``_NAME_RULES``
        in this order: baby foods and formulas; V8/tomato juices, canned chilies and tomato
        sauce -> vegetables; soups, sauces, dips, salsas; meatless/soy products -> legumes;
        snacks (chips, popcorn, pretzels, rice cakes, granola and breakfast bars); cereals;
        sweets (candies, frozen desserts, puddings, syrups, jams, sweeteners, gum);
        sausages, frankfurters, bologna; oils, spreads, dressings, mayonnaise; cheese, milk,
        yogurt, eggs, creamers; fish, molluscs, jellyfish; frog legs and turtle -> game;
        poultry (incl. dove, pheasant, quail); pork; beef; drinks; other juices -> fruits;
        pickled/canned vegetables; beans and peanut butter; breads; vital wheat gluten.
        A name no rule matches is a genuinely mixed dish: "Meals, Entrees, and Side Dishes".
    """
    code = ndb.strip().zfill(5)[:2]
    if code == "23":
        return BEEF
    if code == "19" and _SNACK_19.match(name):
        return SNACKS
    if code in GROUPS:
        return GROUPS[code]
    for pattern, label in _NAME_RULES:
        if pattern.search(name):
            return label
    return MEALS


# --------------------------------------------------------------------------------------------
# Fortification
# --------------------------------------------------------------------------------------------

# Negations are removed before the positive words are looked for.
_NOT_FORTIFIED = _rx(
    r"\b(unenriched|unfortified|non-?fortified|non-?enriched)\b|"
    r"\bnot (fortified|enriched)( with [^,]*)?|\bwithout added [^,]*|\bno added [^,]*|"
    r"\bwithout (ascorbic acid|vitamin)[^,]*|"
    # minerals or protein only: not vitamins
    r"\bcalcium[- ](fortified|enriched)|\b(calcium|protein)[- ]fortified"
)
# In cured meats ascorbic acid (or its salts) is a curing aid, not a vitamin addition.
_CURING_AID = _rx(r"\b(added )?ascorbic acid( added)?")
_MEAT_GROUPS = frozenset({BEEF, PORK, POULTRY, SAUSAGES, GAME})
_FORTIFIED_WORDS = _rx(
    r"\bfortified\b|\benriched\b|\benhanced\b(?!, (loin|shoulder|composite))|"
    r"\bwith (added|high) (vitamins?|nutrients|calcium, vitamins|ascorbic acid|thiamin)|"
    r"\bwith added calcium and vitamins? [a-e]\b|"
    r"\b(added|with) (vitamins?|ascorbic acid|thiamin|niacin)\b|"
    r"\bwith high vitamin c\b|\bhigh vitamin c\b|\bvitamins? [a-e0-9, ]+(and [a-e0-9]+ )?added\b|"
    r"\bvitamin [a-e]\d* added\b|\bwith added nutrients\b|\bwith vitamins?\b|"
    r"\bvitamins? b6 and b12\b"
)
# "enhanced" pork and chicken are injected with brine, not vitamins.
_ENHANCED_MEAT = _rx(r"^(pork|chicken)\b.*\benhanced\b")

# Ready-to-eat cereals are fortified unless one of these (names checked against folate,
# thiamin and B12 in SR24: granolas, muesli, Kashi, plain shredded wheat, wheat germ...).
_RTE = _rx(
    r"ready[- ]to[- ]eat|\bcereal (bar|straws)\b|wafer straws|cap'n crunch|^cereals?, nestum"
)
_RTE_UNFORTIFIED = _rx(
    r"\bgranola\b|\bmuesli\b(?!, dried fruit)|\bkashi\b|"
    r"\b(alpen|familia|bear naked|mother's|simple harvest|sun country|nature valley)\b|"
    r"shredded wheat, (spoon-size|bagged)|"
    r"wheat, shredded, plain|shredded wheat n' bran|\bwheat germ\b|\bwheat bran\b|"
    r"optimum slim|corn flakes, low sodium|granola, homemade|crispy brown rice|"
    r"amaranth flakes|millet, puffed|quaker sweet puffs|weetabix|rice and wheat cereal bar"
)
# Hot cereals whose makers add vitamins (enriched farina, instant oatmeal and grits, ...).
_HOT_FORTIFIED = _rx(
    r"\binstant\b(?!.*\borganic\b)|cream of wheat|malt-o-meal|\bmaypo\b|incaparina|"
    r"heart to heart|\bnestum\b|milk and cereal bar|quaker, hominy grits"
)
# ... but every Kellogg's cereal and Kashi's Heart to Heart and Kashi U are fortified.
_FORTIFIED_BRANDS = _rx(r"\bkellogg|heart to heart|\bh2h\b|kashi, kashi u\b")

# Branded or generic products whose makers add B12 or other vitamins; found by looking for
# B12 in plant foods (always added) and kept as name rules.
_FORTIFIED_PRODUCTS = _rx(
    r"^silk\b(?!.*\bnog\b)|^vitasoy usa, vitasoy|nasoya.*\b(lite|plus)\b|"
    r"^(infant|child|toddler) formula|^babyfood, cereal|\bensure\b|\bsupligen\b|"
    r"meal supplement|nutritional supplement|instant breakfast|slim-fast|^formulated bar|"
    r"^energy drink(?!, vault)|^sports drink, (coca-cola|gatorade g2|powerade)|fitness water|"
    r"\bpowerade\b|\bglaceau vitamin water\b|"
    r"yeast extract spread|\bproplus\b|^margarine(?!-like shortening)|"
    r"^vegetable oil(-butter)? spread|"
    r"^water with added vitamins|^water, with corn syrup|"
    # frozen waffles and French toast (Eggo-type), Kellogg's and Kashi H2H products,
    # vitamin bars sold as snacks or candies
    r"\beggo\b|^waffles?, (?!.*prepared from recipe).*\bfrozen\b|^french toast, frozen|"
    r"\bh2h\b|heart to heart|nutri-grain|clif bar|cocoavia"
)
# SR28 heads most drink names with "Beverages, " (SR24: "Carbonated beverage, cola", SR28:
# "Beverages, carbonated, cola"); the rules read the name without that head.
_DRINK_HEAD = _rx(r"^\s*beverages?,\s*")


def _drink_name(name: str, food_group: str) -> str:
    """``name`` without SR28's "Beverages, " head, for drinks only."""
    return _DRINK_HEAD.sub("", name) if food_group == BEVERAGES else name


# Meat analogues: their makers add B12 (and often other B vitamins) to replace meat's.
_MEAT_ANALOGUE = _rx(
    r"\bmeatless\b|\bvegetarian\b|\bveggie\b|soyburger|meat extender|"
    r"^(loma linda|worthington|morningstar farms|gardenburger)\b"
)


def is_fortified(ndb: str, name: str, food_group: str) -> bool:
    """Whether the maker adds vitamins (or the food is 'enriched', which by US law means
    thiamin, riboflavin, niacin and folic acid are added).

    Rule, on the name with negations ("unenriched", "unfortified", "not fortified",
    "without added ...", "no added ...") removed first:
      * the name says so: "fortified", "enriched", "enhanced" (soymilk; not brine-injected
        "enhanced" pork or chicken), "with added vitamins/nutrients/ascorbic acid",
        "vitamin C added", "with high vitamin C", "vitamins B6 and B12";
      * Breakfast Cereals: ready-to-eat cereals (and Kellogg cereal products) unless a known
        unfortified kind (granola other than Kellogg's, muesli, Kashi other than Heart to
        Heart / Kashi U, plain shredded wheat, wheat germ/bran, ...); hot cereals only when
        instant (not organic), enriched or a fortified brand (Cream of Wheat, Malt-O-Meal,
        Maypo, Incaparina, Nestum);
      * products whose makers add vitamins: infant/toddler formula and infant cereals,
        margarine (vitamin A is part of its US standard of identity) and vegetable oil
        spreads, SILK and Vitasoy soymilks, Nasoya Lite/Plus tofu, meat analogues
        (meatless, vegetarian, veggie, Loma Linda, Worthington, Morningstar Farms,
        Gardenburger), meal supplements and replacement drinks and formulated bars, energy
        drinks, vitamin sports drinks and waters, yeast extract spread.
    B12 in a plant food is always added, so SR24 plant foods with B12 were used to find these
    names; the rule itself uses only names and groups.
    """
    del ndb  # the rule is on names and groups only
    name = _drink_name(name, food_group)
    text = _NOT_FORTIFIED.sub(" ", name)
    if food_group in _MEAT_GROUPS:
        text = _CURING_AID.sub(" ", text)
    if _ENHANCED_MEAT.search(name):
        return False
    if _FORTIFIED_WORDS.search(text):
        return True
    if food_group == CEREALS:
        if _NOT_FORTIFIED.search(name):
            return False
        if _FORTIFIED_BRANDS.search(name):
            return True
        if _RTE.search(name):
            return not _RTE_UNFORTIFIED.search(name)
        return bool(_HOT_FORTIFIED.search(name))
    if _FORTIFIED_PRODUCTS.search(text):
        return True
    return food_group in (LEGUMES, MEALS) and bool(_MEAT_ANALOGUE.search(name))


# --------------------------------------------------------------------------------------------
# Everyday foods
# --------------------------------------------------------------------------------------------

_NOT_EVERYDAY_GROUPS = frozenset({BABY, SWEETS, SPICES, RESTAURANT})

_RESTAURANT = _rx(
    r"\brestaurant\b|\bfast ?foods?\b|mcdonald's|burger king|kentucky fried|\bkfc\b|"
    r"wendy's|taco bell|popeyes|pizza hut|domino's|papa john's|little caesars|applebee's|"
    r"t\.g\.i\. friday's|denny's|cracker barrel|subway|dairy queen|arby's|chick-fil-a"
)
# Supermarket frozen pizzas that SR happens to file under Fast Foods.
_GROCERY_PIZZA = _rx(r"^(digiorno|kashi) pizza|^pizza, .*\bfrozen\b")

_ALCOHOL = _rx(r"alcoholic|\bbeer\b|\bwine\b(?!, non-alcoholic)|\bliqueur\b|\bsake\b|"
               r"\bhard (cider|lemonade)\b|\bmalt liquor\b|"
               r"\bdaiquiri\b|pina colada|whiskey sour, (canned|prepared)|tequila")
_NON_ALCOHOLIC = _rx(r"non-alcoholic")

# Soft drinks and vitamin-doped drinks: the planner should not 'solve' B12 with Red Bull.
_SOFT_DRINKS = _rx(
    r"^carbonated beverage|^energy drink|^sports drink|fitness water|^drink mix|"
    r"^fluid replacement|^water,? with|^water, non-carbonated, bottles, natural fruit|"
    r"\bdrink\b|punch|lemonade|limeade|juice cocktail|^cocktail mix|whiskey sour mix|"
    r"v8 splash|"
    # SR28 names: sodas and branded drinks without "drink" in the name
    r"^carbonated\b|\bsoda\b|(?<!coca-)\bcola\b|\bpowerade\b|\bgatorade\b|\bpropel\b|\bfuze\b|"
    r"\bvitamin water\b|\bocean spray, (?!.*\b100% juice\b)"
)
# ... but plant milks and milk drinks are not soft drinks.
_MILK_DRINK = _rx(r"\brice drink\b|\bmilk\b")

# Sweets filed outside the Sweets group (ice cream in Dairy, candy snacks, dessert toppings).
_SWEET_NAMES = _rx(
    r"\bice creams?\b|milk dessert|^yogurt, frozen|frozen yogurt|frozen novelt|sherbet|"
    r"dessert topping|whipped topping|\bcand(y|ies)\b"
)

# Supplements and formulated products rather than foods; snack and cereal bars are
# candy-like enough that a vitamin plan should not put them on a shopping list.
_SUPPLEMENTS = _rx(
    r"^formulated bar|\bbars?\b(?!-b-q|becue)|supplement|\bensure\b|instant breakfast|"
    r"slim-?fast|muscle milk|protein (shake|powder|water)|\bprotein powder\b|"
    r"nutritional (shake|drink)|meal replacement|nestle, boost\b|"
    r"protein (isolate|concentrate)|meat extender|^whey\b|spirulina|pedialyte"
)

# Vegetables used as seasonings: freeze-dried or dehydrated (not made up), dried chiles.
_SEASONING_VEGETABLES = _rx(r"freeze-dried|dehydrated(?!.*prepared)|^peppers, [a-z ]+, dried")

# Ingredients not eaten as such.
_INGREDIENTS = _rx(
    r"^leavening agents|baking powder|baking soda|cream of tartar|yeast, baker's|"
    r"^cornstarch|^(?!bread, )(?=.*\bstarch\b(?! jelly))|^tapioca, pearl|"
    r"^vital wheat gluten|^gelatins?\b|"
    r"^rennin|^pectin|^sugars?,|^sweeteners|^baking chocolate|^cocoa, dry powder|"
    r"^chocolate syrup$|coating for|meal kits|"
    r"^pie crust|phyllo|puff pastry|wonton wrappers|^bread crumbs|cracker meal|"
    r"butter replacement|^salt\b|^vinegar|flavoring|extract(?! spread)|"
    r"^egg(s|,)? .*\b(dried|powder)\b|^egg mix|^beverage, instant|"
    r"^(oil|fat|fish oil|lard|animal fat|meat drippings)\b|^vegetable oil,|commodity food, oil\b|"
    r"\bsuet\b|shortening|\bbackfat\b|"
    r"leaf fat|separable fat|skin only|mechanically (deboned|separated)"
)
# Raw flours and meals ("Wheat flour, ...", "Soy meal, ...", "Seeds, sesame flour, ...").
_FLOUR_HEAD = _rx(r"\b(flours?|meal|cornmeal)\b")
_FLOUR_WHOLE = _rx(r"^(seeds|nuts), [a-z ]*\b(flour|meal)\b")
_MEAL_NOT_FLOUR = _rx(r"meal supplement|meal starters|\b(oat|malt-o-)meal")

# Dry mixes and powders that still need to be made up ("dry mix" without "prepared").
_DRY_MIX = _rx(r"\bdry,? mix\b|(?<!trail )(?<!oriental )(?<!chex )\bmix\b(?!'n)|\bpowder(ed)?\b|"
               r"\bnot reconstituted\b|^(?!.*\b(frozen|canned)\b).*\bunprepared\b|\buncooked\b|"
    r"^(soup|gravy)\b(?!.*ramen).*\b(dry|cubes|granules)\b")
_ANY_DRY_MIX = _rx(r"\bdry,? mix\b")
_PREPARED = _rx(r"\bprepared\b|\breconstituted\b(?<!not reconstituted)|\bcooked\b|"
                r"\bbaked\b|\bheated\b")
# The dry mix rule is for mixes, not for foods sold dry and cooked at home (pasta, rice,
# oats, beans, milk powder) nor frozen/canned meat analogues labelled "unprepared".
_DRY_MIX_GROUPS = frozenset({BAKED, BEVERAGES, SOUPS, SWEETS, MEALS, CEREALS, DAIRY, SNACKS,
                             FATS})

_INDUSTRIAL = _rx(r"industrial|food ?service|institutional|heavy duty|\bbulk/")

# Organ meats rarely sold or eaten: brain (and BSE concerns), lungs, spleen, pancreas, thymus.
_ODD_ORGANS = _rx(r"\b(brain|lungs|spleen|pancreas|thymus)\b")

# --- foods as they are eaten ---------------------------------------------------------------
# Raw flesh and raw eggs: bought raw, eaten cooked, and SR24 has the cooked forms (roasted,
# braised, boiled, scrambled...). "Raw" oysters and clams are left out too: SR24 has them
# cooked, and raw shellfish is a food-safety risk for the pregnant and the immunocompromised.
# Smoked, cured, dried, pickled and canned fish and meats (lox, ham, jerky, kippered herring,
# caviar) carry no "raw" and stay. SR24 has no sushi or sashimi item.
_ANIMAL_GROUPS = frozenset({BEEF, PORK, POULTRY, GAME, FISH, SAUSAGES})
_RAW = _rx(r"\b(raw|uncooked)\b|\bdried and salted\b|\bdried, salted\b")
_RAW_EGG = _rx(r"^eggs?\b.*\braw\b")
# Meats sold raw whose names do not say so (marinated fresh pork, a raw-beef calculator);
# SR28 calls raw sausage and bacon "unprepared" (SR24's "Pork sausage, fresh, raw" and
# "Pork, cured, bacon, raw"); Canadian bacon, sold fully cooked, stays.
_SOLD_RAW = _rx(r"\balways tender\b|ground beef calculator|"
                r"^(?!canadian bacon\b).*\bunprepared\b")
# Dry legumes ("mature seeds, raw" beans, lentils, split peas) and dried noodles or tofu:
# SR24 has them boiled. Raw peanuts (eaten like nuts), tofu and sprouts stay.
_DRY_LEGUME = _rx(r"\bmature seeds?\b.*\braw\b|^lentils\b.*\braw\b")
_DRIED_LEGUME_PRODUCT = _rx(r"\bdehydrated\b|\bdried-frozen\b")  # Legumes group only
_SPROUTED = _rx(r"\bsprouted\b")
# Grains and pasta are eaten cooked: a Cereal Grains and Pasta item stays only in a
# cooked or ready form (crunchy chow mein noodles are eaten as they are).
_COOKED_FORM = _rx(r"\b(cooked|boiled|steamed|prepared|baked|fried|heated|microwaved|canned|"
                   r"puffed|popped|toasted)\b|\bchow mein\b")
# Hot cereals weighed dry (oatmeal, farina, grits): SR24 has them cooked with water.
_RTE_CEREAL = _rx(r"ready[- ]to[- ]eat|\bgranola\b|\bmuesli\b")
_HOT_CEREAL = _rx(r"\bhot\b.*\bcereal\b|\bhot wheat\b")
_DRY = _rx(r"\bdry\b")
# Herbs and seasonings filed as vegetables or fruit: eaten by the pinch, never a vitamin
# source (garlic, ginger, shallots, parsley, cilantro, chives, epazote, lemon grass,
# wasabi, citrus peel, hot chili peppers); condiment sauces eaten by the teaspoon (soy,
# fish, oyster, Worcestershire, teriyaki, hoisin and hot pepper sauces).
_HERBS = _rx(
    r"^(garlic|ginger root|shallots|chives|parsley|epazote|wasabi|lemon grass|"
    r"coriander \(cilantro\) leaves|lemon peel|orange peel|lime peel|horseradish|peppermint|"
    r"spearmint|dill weed|basil|rosemary|thyme)\b|^peppers, hot chil[ie]"
)
_CONDIMENT_SAUCES = _rx(
    r"^sauce, (fish|oyster|worcestershire|teriyaki|hoisin|ready-to-serve, pepper|"
    r"peppers, hot|chili, peppers, hot|hot chile)\b|^soy sauce\b|\btabasco\b|\bsriracha\b"
)
# Dried seaweed (agar, spirulina, ...) and dried mushrooms, weighed dry: a plan would
# otherwise ask for 50 g of dried agar. Fresh ("raw") seaweed and mushrooms stay.
_DRIED_SEAWEED = _rx(r"^(seaweed|mushrooms|fungi|pepeao|radishes, oriental)\b.*\bdried\b|"
                     r"^kanpyo\b")
# Plants eaten only cooked, whose raw form is unsafe (cyanogenic cassava, bamboo shoots and
# lima beans; oxalate-laden taro; pokeweed; raw elderberries and morels; lectins in kidney,
# navy and pinto bean sprouts; trypsin inhibitors in green soybeans) or never eaten raw
# (potatoes, sweet potatoes and their leaves, yams, yautia, plantains, breadfruit, winter
# squash, pumpkin and its leaves and flowers, arrowhead, burdock and lotus roots, immature
# cowpeas, pigeon peas and broad beans, quinces; arrowroot; potherbs and pods cooked
# before eating: balsam-pear, cowpea tips, drumstick leaves and pods, jute, lambsquarters,
# winged bean). SR24 has them cooked. Vegetables eaten
# raw (snap beans, jicama, okra, chayote, mung bean sprouts...) stay.
_COOKED_ONLY_PLANTS = _rx(
    r"^(cassava|bamboo shoots|lima beans|taro\b[^,]*|pokeberry shoots|elderberries|"
    r"mushrooms, morel|beans, (kidney|navy|pinto), mature seeds, sprouted|soybeans, green|"
    r"potato(es)?\b[^,]*|sweet potato|yam|yautia|plantains|breadfruit|squash, winter\b[^,]*|"
    r"pumpkin|arrowhead|burdock root|lotus root|cowpeas \(blackeyes\), immature seeds|"
    r"pigeonpeas, immature seeds|broadbeans, immature seeds|quinces|"
    # potherbs and tropical pods and tubers cooked before eating
    r"arrowroot|balsam-pear|cowpeas, leafy tips|drumstick (leaves|pods)|jute, potherb|"
    r"lambsquarters|winged bean[^,]*)\b.*\braw\b"
)
# Frozen fries and fresh pasta "as purchased" still need the oven or the pot.
_AS_PURCHASED = _rx(r"\b(french fried|pasta|tortellini|ravioli)\b.*\bas purchased\b|"
                    # milk powder not made up
                    r"^milk, dry\b(?!.*reconstituted)")
# Frozen vegetables before cooking (the cooked form is in SR24; meat analogues stay).
_FROZEN_UNPREPARED = _rx(r"\bfrozen, unprepared\b")
# Regional foods not sold in shops: the whole American Indian/Alaska Native group, and
# its tribal and regional names wherever they appear; human milk.
_REGIONAL = _rx(
    r"\((northern plains indians|apache|navajo|hopi|shoshone bannock|alaska native|"
    r"alaskan ice cream|[a-z ]*\bindians?)\)|\balaska native\b|\bnavajo\b|\bhopi\b|"
    r"\bshoshone\b|\bapache\b|^milk, human\b"
)


def is_everyday(ndb: str, name: str, food_group: str) -> bool:
    """Whether a person would buy the food and eat it as it is: the planner's default pool.

    Left out:
      1. baby foods and infant formula; sweets (candies, puddings, syrups, sugars, gelatin
         desserts, frostings, ice cream); spices, herbs, salt, vinegar, extracts;
      2. fast-food and restaurant items (groups Fast Foods and Restaurant Foods, chain names
         such as McDONALD'S, "fast food", "restaurant") -- but supermarket frozen pizzas
         filed under Fast Foods (DIGIORNO, KASHI, "Pizza, ..., frozen") stay;
      3. alcoholic drinks; soft drinks: sodas, energy and sports drinks, fruit-flavoured
         drinks and punches, drink mixes, vitamin waters (plain water, juice, milk, coffee and
         tea stay);
      4. supplements and formulated products: formulated bars and every other snack,
         cereal or candy bar, meal replacement and supplement drinks, protein isolates
         and concentrates, whey, spirulina, Pedialyte;
      5. ingredients not eaten as such: seasonings (freeze-dried or dehydrated
         vegetables, dried chile peppers), leavening agents, yeast, raw flours and meals,
         starches, vital wheat gluten, gelatin, rennet, pectin, sugars, cocoa powder, baking
         chocolate, pie crusts and wrappers, bread crumbs, egg powders, oils, lard, tallow,
         suet, shortening, separable fat, poultry skin, mechanically deboned meat;
      6. dry mixes and powders not yet made up ("dry mix", "powder" without "prepared");
         (dry pasta, rice, oats and beans are left out by rules 11 and 12);
      7. industrial and food-service items ("industrial", "food service", "heavy duty",
         USDA Commodity "bulk/" packs);
      8. organ meats rarely eaten: brain, lungs, spleen, pancreas, thymus (liver, kidney,
         heart, tongue, tripe stay);
      9. regional foods not sold in shops: the whole American Indian/Alaska Native group
         and its tribal names anywhere ("(Northern Plains Indians)", "(Apache)", "Navajo",
         "Hopi", "Shoshone Bannock", "Alaska Native"), and human milk.
    Foods as they are eaten (the plan's amounts and vitamins are for the food on the plate;
    the shopping list may still name what to buy):
     10. raw or uncooked meat, poultry, fish, shellfish (raw oysters and clams included:
         SR24 has them cooked, and raw shellfish is unsafe in pregnancy), raw sausages
         and bacon (SR28's "unprepared"; Canadian bacon stays),
         dried salt cod and jellyfish (soaked before cooking), raw eggs; smoked, cured,
         dried, pickled and canned fish and meats (lox, ham, jerky, caviar) stay;
     11. dry legumes ("mature seeds, raw" beans, lentils, split peas), dried noodles and
         tofu of the Legumes group; raw peanuts, tofu and sprouts stay;
     12. grains and pasta not cooked: a Cereal Grains and Pasta item stays only in a
         cooked or ready form (cooked, boiled, steamed, baked, puffed, ...; crunchy chow
         mein noodles); hot cereals weighed dry (oatmeal, farina, grits);
     13. herbs and seasonings filed as vegetables or fruit (garlic, ginger, shallots,
         parsley, cilantro, chives, epazote, lemon grass, wasabi, citrus peel, hot chili
         peppers) and condiment sauces (soy, fish, oyster, Worcestershire, teriyaki,
         hoisin, hot pepper);
     14. dried seaweed (agar, spirulina), dried mushrooms and fungi, dried gourd and
         radish strips, weighed dry; frozen fries and fresh pasta "as purchased";
     15. raw plants eaten only cooked, because raw they are unsafe (cassava, bamboo
         shoots, lima beans, taro, pokeberry shoots, elderberries, morels, kidney, navy and
         pinto bean sprouts, green soybeans) or never eaten so (potatoes, sweet potatoes,
         yams, plantains, breadfruit, winter squash, pumpkin, lotus and burdock roots,
         immature cowpeas, pigeon peas and broad beans, quinces, arrowroot, and the
         potherbs and pods cooked before eating: balsam-pear, cowpea tips, drumstick
         leaves and pods, jute, lambsquarters, winged bean).
    Fruit, vegetables (raw or cooked), nuts and seeds, milk, cheese, yogurt, ready-to-eat
    cereal, bread and fresh seaweed stay. ``--all-foods`` lifts every one of these rules.
    """
    del ndb  # the rule is on names and groups only
    name = _drink_name(" ".join(name.split()), food_group)  # three SR24 names begin with a space
    if food_group in _NOT_EVERYDAY_GROUPS or food_group == NATIVE:
        return False
    if _REGIONAL.search(name):
        return False
    if food_group in _ANIMAL_GROUPS and (_RAW.search(name) or _SOLD_RAW.search(name)):
        return False
    if food_group == DAIRY and _RAW_EGG.search(name):
        return False
    if (food_group in (LEGUMES, VEGETABLES) and _DRY_LEGUME.search(name)
            and not _SPROUTED.search(name)):
        return False
    if food_group == LEGUMES and _DRIED_LEGUME_PRODUCT.search(name):
        return False
    if food_group == GRAINS and not _COOKED_FORM.search(name):
        return False
    if (food_group == CEREALS and _DRY.search(name)
            and (not _RTE_CEREAL.search(name) or _HOT_CEREAL.search(name))):
        return False
    if food_group in (VEGETABLES, FRUITS) and (_HERBS.search(name)
                                               or _DRIED_SEAWEED.search(name)
                                               or _COOKED_ONLY_PLANTS.search(name)):
        return False
    if food_group == VEGETABLES and _FROZEN_UNPREPARED.search(name):
        return False
    if _CONDIMENT_SAUCES.search(name) or _AS_PURCHASED.search(name):
        return False
    if food_group == FAST_FOODS:
        return bool(_GROCERY_PIZZA.search(name))
    if _RESTAURANT.search(name):
        return False
    if food_group == BEVERAGES and _ALCOHOL.search(name) and not _NON_ALCOHOLIC.search(name):
        return False
    if food_group == BEVERAGES and _SOFT_DRINKS.search(name) and not _MILK_DRINK.search(name):
        return False
    if _SWEET_NAMES.search(name):
        return False
    if _SUPPLEMENTS.search(name) or _INGREDIENTS.search(name) or _INDUSTRIAL.search(name):
        return False
    if food_group == VEGETABLES and _SEASONING_VEGETABLES.search(name):
        return False
    head = name.split(",", 1)[0]
    if _FLOUR_HEAD.search(head) and not _MEAL_NOT_FLOUR.search(name):
        return False
    if _FLOUR_WHOLE.search(name):
        return False
    if (food_group in _DRY_MIX_GROUPS and _DRY_MIX.search(name)
            or _ANY_DRY_MIX.search(name)) and not _PREPARED.search(name):
        return False
    if _ODD_ORGANS.search(name):
        return False
    return True
