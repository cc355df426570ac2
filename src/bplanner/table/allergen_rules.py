"""Allergen flags from food names, erring on the side of flagging.

SR24 lists no ingredients, so the flags are name rules plus food-group defaults for mixed
foods. They are a screening aid, not a guarantee: a food without a flag may still contain
the allergen (or traces of it); a flag may be a "probably contains". Rules, per allergen:

* name words, with false friends removed first (nutmeg, butternut squash, water chestnut,
  doughnut, peanut/cocoa/apple butter, eggplant, crabapple, oyster crackers and mushrooms,
  scalloped potatoes, buckwheat, glutinous rice, root beer, ...);
* group defaults for mixed foods ("plausible common allergens when unsure"): Baked
  Products, Fast Foods, Restaurant Foods, Meals, Soups, Snacks, Sweets, Breakfast Cereals,
  each with a short list of clear exceptions (corn tortillas, plain yeast breads have no
  egg, broths have no wheat, hard candy has no milk, ...);
* conservative choices, documented: molluscs (clams, oysters, squid, snails, ...) and other
  sea invertebrates are flagged as ``crustacean_shellfish``; coconut and shea are tree nuts
  (FDA list); a generic "nut(s)" (mixed nuts, "with nuts", "honey nut") flags both tree nuts
  and peanuts; oats, barley, rye, malt, spelt, kamut and triticale count as
  ``wheat_gluten``; meat analogues (meatless, vegetarian, veggie, Morningstar Farms, ...)
  are flagged soy, wheat, milk and egg; soybean oil and peanut oil are flagged though
  highly refined oils are exempt from US labelling; chocolate flags soy (lecithin) and milk;
  yeast extracts (barley and wheat), surimi and imitation seafood made from it (wheat
  starch) flag wheat; Bit-O-Honey flags tree nuts and soy (almonds, soy on its label);
  mayonnaise-bound salads and spreads (tuna, chicken, ham salad; sandwich spread) and gefilte
  fish flag egg; miso (barley miso) and dry bouillon (hydrolysed wheat protein) flag wheat;
  Chinese restaurant dishes flag sesame (sesame oil); a product named "vegan" gets no milk
  or egg default (its maker says it has none), but still any ingredient its name states.

The build then makes these flags agree with the diet rules' animal sources
(``bplanner.table.flag_agreement``): where either reading suspects milk, egg, fish or shellfish,
both carry it.
"""

from __future__ import annotations

import re

from bplanner.allergens import ALLERGENS

__all__ = ["ALLERGENS", "HIDDEN", "allergens"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Group labels (as produced by bplanner.table.classify.food_group).
_BAKED = "Baked Products"
_FAST = "Fast Foods"
_RESTAURANT = "Restaurant Foods"
_MEALS = "Meals, Entrees, and Side Dishes"
_SOUPS = "Soups, Sauces, and Gravies"
_SNACKS = "Snacks"
_SWEETS = "Sweets"
_CEREALS = "Breakfast Cereals"
_DAIRY = "Dairy and Egg Products"
_FISH = "Finfish and Shellfish Products"
_NUTS = "Nut and Seed Products"
_BABY = "Baby Foods"
_LEGUMES = "Legumes and Legume Products"
_EATING_OUT = frozenset({_FAST, _RESTAURANT})

# Drinks and plain sides that the fast-food/restaurant defaults should not touch.
_EATING_OUT_PLAIN = _rx(
    r"\b(coffee|tea|water|soft drink|cola|juice)\b|lemonade|"
    r"salad, vegetable, tossed, without dressing$|\bside salad$|\bapple dippers$"
)

# Meat analogues: typically soy and/or wheat gluten, often with egg white and milk.
_MEAT_ANALOGUE = _rx(
    r"\bmeatless\b|^vegetarian\b|\bveggie\b|soyburger|meat extender|"
    r"loma linda|worthington|morningstar|gardenburger|harvest burger"
)
_ANALOGUE_GROUPS = frozenset({"Legumes and Legume Products", "Meals, Entrees, and Side Dishes"})

# ---------------------------------------------------------------------------- milk
_MILK_FALSE = _rx(
    r"(peanut|sesame|sunflower seed|seed|nut|almond|cashew|apple|fruit|cocoa|nutmeg|ucuhuba|"
    r"shea|soy ?nut) butters?|bread and butter|butternuts?|butterhead|butterbur|butterfish|"
    r"butterball|butterfinger|butter ?beans|cream of (tartar|wheat|rice)|creamy wheat|"
    r"cream[- ]style|cream soda|marshmallow cream|coconut (milk|cream)|"
    r"(soy|rice|almond|oat|hemp) ?milk|milkfish|milkweed|milk thistle|(soy|tofu) yogurt|"
    r"head ?cheese|liver cheese|\bnon-?dairy\b|cocoa, dry powder|"
    r"chocolate, unsweetened|baking chocolate, unsweetened|for milk\b|without milk|"
    r"custard-apple|alaskan ice cream|chocolate-flavored soda|sauce, pizza|pizza sauce|"
    r"manhattan|potatoes, mashed, dehydrated, (flakes|granules)(?!.*\bmilk\b)"
)
# Plant "milks", tofu and coconut products: no dairy whatever "creamy" or "chocolate" say.
_MILK_FREE_PRODUCT = _rx(
    r"^silk\b|vitasoy|soymilk|\btofu\b|soy yogurt|rice drink|"
    r"^nuts, coconut|peanut butter\b.*\bcreamy|^oil\b|margarine-like shortening"
)
_MILK_WORDS = _rx(
    r"milk|cheese|butter|cream|yogurt|yoghurt|whey|casein|lactose|kefir|\bghee\b|custard|"
    r"pudding|eggnog|sherbet|gelato|\bshakes?\b|latte|cappuccino|mocha|au gratin|alfredo|"
    r"parmesan|mozzarella|ricotta|romano|provolone|cheddar|\bbrie\b|queso|paneer|souffle|"
    r"chowder|bisque|scalloped|fudge|caramel|toffee|nougat|chocolate|ranch (dressing|sauce)|"
    r"whipped|"
    r"dulce de leche|\bflan\b|mousse|tiramisu|eclair|pizza|lasagna|quesadilla|nachos|"
    r"potatoes, mashed|mashed potato|"
    r"dairy|malted|instant breakfast|ensure|supligen|pediasure|waffle|pancake|french toast|"
    r"croissant|popover|crepe|stroganoff|white sauce|sauce, homemade, white|cream puff|"
    r"rennin|\bformula\b|horchata|whitener|cocoa mix|hot cocoa|caesar|green goddess|praline|"
    # SR28 names: Ovaltine (whey, milk), milk-based shakes, instant cafe mixes, glazed nuts
    r"ovaltine|slim-?fast|\bboost (plus|nutritional|high protein|original)\b|nestle, boost|"
    r"special k\w*|coffee, instant, .*\b(cafe|vanilla|mocha|hazelnut|chai)\b|"
    r"\beas\b.*\bprotein\b|real medleys|\bglazed\b.*\bnuts?\b|"
    r"\b(walnuts|pecans|almonds|cashews), glazed\b"
)
# Mixed groups: milk is assumed unless clearly milk-free.
_MILK_DEFAULT_GROUPS = frozenset({_DAIRY, _BAKED, _SWEETS, _FAST, _RESTAURANT, _MEALS})
_MILK_DEFAULT_EXCEPT = {
    _DAIRY: _rx(r"^eggs?,(?!.*scrambled)"),
    _BAKED: _rx(
        r"^leavening|tortillas?\b|taco shells|tostada|matzo|phyllo|wonton|pita|"
        r"bread, (french|italian|rye|pumpernickel)|^bagels, (plain|oat bran|cinnamon)|"
        r"crispbread|crackers, (rye|matzo|saltines|melba)|melba toast"
    ),
    _SWEETS: _rx(
        r"\bhard\b|gum ?drops|jelly|jellies|jellybeans|jams?\b|marmalade|preserves|licorice|"
        r"twizzlers|skittles|starburst|marshmallows|syrups?|^sugars?\b|sweeteners|honey|"
        r"molasses|gelatins?\b|pectin|chewing gum|ice type|juice type|fruit and juice|"
        r"pie fillings|fruit butters|cocoa|unsweetened|halavah|sesame crunch|peanut brittle|"
        r"fondant|divinity|taffy|toppings, (pineapple|strawberry|nuts)|"
        r"sugar-coated almonds|carob|turbinado|fruit leather|sweeteners?\b|stevia|"
        r"gums, seed gums|^fruit syrup"
    ),
    _MEALS: _rx(r"\bchili\b|beef stew|pulled pork|egg rolls|corned beef hash|rice bowl"),
}
# Ready-to-eat cereals often contain milk, whey or yogurt coatings; plain grains do not.
_CEREAL_RTE = _rx(r"ready[- ]to[- ]eat|cereal bar|cereal straws|cap'n crunch|granola|muesli")
_CEREAL_PLAIN = _rx(r"puffed|shredded wheat|wheat, shredded|wheat germ|crispy brown rice|"
                    r"amaranth flakes")
_SNACK_MILK = _rx(r"\bbars?\b|granola|chex mix|combos|kudos|-flavor\b|cheese puffs")
_BABY_MILK = _rx(r"formula(?!.*\b(soy|isomil|prosobee|neocate|elecare)\b)|cereal|dinner|"
                 r"dessert|cookies|teething|toddler(?<!dices, toddler)(?<!carrots, toddler)|"
                 r"zwieback")

# ---------------------------------------------------------------------------- egg
_EGG_FALSE = _rx(r"eggplant|mayonnaise, made with tofu|frostings?, glaze|cream of tartar|"
                 r"(herring|whitefish|fish|salmon|lumpfish),? eggs")
_EGG_WORDS = _rx(
    r"\beggs?\b|eggnog|\beggo\b|mayonnaise|\bmayo\b|miracle whip|custard|meringue|\bflan\b|"
    r"souffle|quiche|french toast|waffles?\b|pancakes?\b|crepe|popover|eclair|cream puff|"
    r"ladyfinger|angelfood|sponge|brioche|challah|hollandaise|aioli|caesar|tartar|nougat|"
    r"marshmallow cream|divinity|carbonara|frittata|omelet|fresh-refrigerated|tortellini|"
    r"ravioli|lasagna|chow mein|meatballs?|meatloaf|crab cakes?|fish cakes?|croquette|"
    r"tempura|macaroon|\bcakes?\b|cookies?\b|brownies?\b|muffins?\b|doughnut|cupcake|"
    r"pudding|ice cream|zwieback|\brusk|pastr(y|ies)|danish pastr|strudel|\bpies?\b|cobbler|"
    r"snickers|milky way|3 musketeers|baby ruth|fast break|100 grand|mousse|"
    r"frostings?, white, fluffy|breaded|battered|batter\b|nuggets|tenders|potato salad|"
    r"coleslaw|cole slaw|creamy dressing|sandwich spread|salad spread|gefilte|"
    r"(tuna|chicken|ham|egg|macaroni|pasta|seafood|crab|shrimp) salad|"
    r"(ranch|thousand island|russian|caesar|blue|roquefort|coleslaw|green goddess|"
    r"honey mustard|poppyseed|creamy|buttermilk|peppercorn|bacon and tomato)\b[^,]*dressing|"
    r"dressing, (ranch|thousand island|russian|caesar|blue|roquefort|coleslaw|green goddess|"
    r"honey mustard|poppyseed|creamy|buttermilk|peppercorn|bacon)|sauce, tartar"
)
_EGG_DEFAULT_GROUPS = frozenset({_BAKED, _FAST, _RESTAURANT})
_EGG_DEFAULT_EXCEPT = {
    _BAKED: _rx(
        r"^(bread(?!, (egg|challah|cheese|banana|zucchini|pumpkin|cornbread|irish soda|pan dulce|"
        r"pound|salvadoran|potato))|bread sticks|breadsticks|bagels?(?!, egg)|"
        r"crackers(?!.*\b(egg|cheese)\b)|tortillas?|taco shells|tostada|english muffins|"
        r"leavening|phyllo|pie crust|bread crumbs|croutons|rolls(?!, sweet)|biscuits|melba|"
        r"matzo(?!.*egg)|pita|ice cream cones|cracker meal|bread stuffing|focaccia)"
    ),
}

# ---------------------------------------------------------------------------- fish
_FISH_FALSE = _rx(r"little caesars|salmonberr|fish sticks, meatless|\bmeatless\b.*fish|fish-shaped|"
                  r"shellfish|crayfish|jellyfish|cuttlefish|devilfish")
_FISH_WORDS = _rx(
    r"\bfish|anchov|worcestershire|caesar|surimi|caviar|\broe\b|salmon|tuna|\bcod\b|codfish|"
    r"herring|sardine|mackerel|trout|halibut|pollock|catfish|tilapia|whitefish|pike\b|smelt|"
    r"sturgeon|\bcarp\b|\bbass\b|perch|flounder|\bsole\b|haddock|snapper|grouper|swordfish|"
    r"\beels?\b|shark|mullet|pompano|roughy|whiting|lingcod|sheefish|gefilte|\blox\b|"
    r"milkfish|butterfish|bluefish|mahimahi|filet-o-fish|jellyfish|fish oil|green goddess|kimchi"
)
# Not fish: "Fish sticks, meatless", shellfish and other "-fish" sea animals (flagged as
# shellfish), salmonberries. Fish oils, and spreads made with them, are fish: the oil can
# carry fish protein.

# ------------------------------------------------------------- crustaceans (+ molluscs)
_SHELLFISH_FALSE = _rx(
    r"crabapples?|includes oyster|oyster, soda|mushrooms, oyster|vegetable oyster|"
    r"(emu|ostrich), oyster|scalloped|squash, summer, scallop|oyster crackers"
)
_SHELLFISH_WORDS = _rx(
    r"shrimp|prawn|\bcrabs?\b|crab cakes?|lobster|crayfish|crawfish|langoustine|krill|"
    r"crustacean|shellfish|seafood|surimi|"
    # molluscs and other sea invertebrates: conservative choice
    r"mollus|\bclams?\b|oysters?\b|mussels?|scallops?\b|squid|calamari|octopus|devilfish|"
    r"snails?|escargot|whelk|abalone|conch|cuttlefish|cockles?|chiton|gumboots|"
    r"sea cucumber|sea urchin|ascidian|tunicate|oopah|kimchi"
)

# ---------------------------------------------------------------------------- tree nuts
_NUT_FALSE = _rx(
    r"nutmeg|butternut squash|squash, winter, (butternut|acorn)|acorn squash|water ?chestnuts?|"
    r"doughnuts?|donuts?|peanuts?|mouse nuts|grape-?nuts|nutri(tion(al)?|ents?|-grain)|"
    r"nuts, formulated, wheat-based(?!.*macadamia flavored)"
)
_TREE_NUT_WORDS = _rx(
    r"almond|walnut|cashew|pecan|pistachio|hazelnut|filbert|macadamia|brazil ?nut|"
    r"pine ?nuts?|pinyon|pinon|pignoli|coconut|chestnut|beechnut|butternuts|hickory|ginkgo|"
    r"acorn|shea ?nut|sheanut|praline|marzipan|pesto|nutella|almond joy|mounds|"
    r"\bheath\b|\bskor\b|toffee|baklava|macaroon|granola|muesli|trail mix|^nuts,"
)
# A generic "nut" (mixed nuts, with nuts, honey nut) could be peanuts as well.
_GENERIC_NUT = _rx(r"\bnuts?\b|\bnutz\b|\bnutty\b")
_NAMED_NUT = _rx(r"\b(almond|walnut|cashew|pecan|pistachio|hazel|macadamia|brazil|pine|pinon|"
                 r"pinyon|hickory|beech|ginkgo|shea|chest|butter|acorn|coconut|pili|kola|cola) ?"
                 r"nuts?\b")

# ---------------------------------------------------------------------------- peanuts
_PEANUT_WORDS = _rx(
    r"peanut|groundnut|goober|arachis|reese|snickers|payday|baby ruth|butterfinger|"
    r"mr\. goodbar|nutrageous|oh henry|5th avenue|chunky bar|nestle, chunky|fast break|"
    r"whatchamacallit|nutter butter|planters|cracker jack|satay|pad thai|kung pao|trail mix|"
    r"oriental mix|"
    r"granola|muesli"
)
_NO_PEANUTS = _rx(r"without peanuts")

# ---------------------------------------------------------------------------- wheat/gluten
_WHEAT_FALSE = _rx(
    r"buckwheat(?! flour)|glutinous|root beer|beerwurst|beer salami|salami \(for beer\)|"
    r"(rice|corn|soy|potato|chickpea|arrowroot|tapioca|buckwheat|millet|sorghum|teff|amaranth|"
    r"quinoa|peanut|sesame|acorn|carob|almond|coconut|cottonseed|sunflower seed|masa|bean|"
    r"lupin|cassava) (flours?|meal)|corn flour|cornmeal(?!.*wheat)|harina de maiz|"
    r"(rice|corn|popcorn) cakes?|popcorn, cakes|rice noodles|noodles, chinese, cellophane|"
    r"pasta, corn|"
    r"piki bread|bread, blue corn|bread, kneel down|extruded, cones|leather, rolls|flavor roll|"
    r"(breast|blade) roll|loaf or roll|bun length|rice cake, cracker|"
    r"tortilla chips|tortillas?, .*\bcorn\b|blue corn|corn tortilla|tootsie roll|"
    r"fruit rolls?|candy rolls|roll-?ups|honey roll|(chicken|turkey|beef|ham) roll|"
    r"sandwich spread|breadfruit|breadnut|pie fillings?|cream of rice|rice bran|corn bran|"
    r"malt-o-meal, puffed rice|shortening cake mix"
)
_WHEAT_WORDS = _rx(
    r"wheat|flour|bread|\bbuns?\b|\brolls?\b|pasta|macaroni|spaghetti|noodle|lasagna|ravioli|"
    r"tortellini|gnocchi|couscous|bulgur|semolina|farina|durum|spelt|kamut|triticale|barley|"
    r"\brye\b|malt|seitan|gluten|cracker|cookie|cake|\bpies?\b|pastr(y|ies)|muffin|biscuit|"
    r"pancake|waffle|french toast|doughnut|pretzel|crouton|stuffing|breaded|batter|"
    r"tortilla|pizza|burrito|sandwich|\bburgers?\b|hamburger|cheeseburger|\bhot ?dog\b|corn ?dog|"
    r"dumpling|wonton|egg rolls?|"
    r"pot pie|pockets|soy sauce|shoyu|\btamari\b|teriyaki|hoisin|worcestershire|\bbeer\b|gravy|"
    r"graham|wafer|\bcones?\b|croissant|danish|strudel|turnover|eclair|cream puff|popover|"
    r"crepe|brownie|granola|muesli|\boats?\b|oatmeal|\bbran\b|matzo|\bpitas?\b|bagel|zwieback|"
    r"rusk|melba|\bcrumbs?\b|crumb (topping|crust)|chow mein|lo mein|ramen|udon|soba|somen|orzo|"
    r"kit kat|twix|krackel|"
    r"crunch bar|100 grand|twizzlers|licorice|combos|chex|sunchips|kudos|nutri-grain|"
    r"clif bar|formulated bar|breakfast bar|cereal bar|crisped rice|rice cereal|multigrain|"
    r"jerky|nuggets|tenders|meatballs?|meatloaf|crab cakes?|fish sticks|filet-o-fish|fish fillet|"
    r"whopper|big mac|quarter pounder|croissan|enchilada|chimichanga|"
    r"hydrolyzed vegetable protein|vegetable protein|vpp|shake 'n' bake|apple crisp|cobbler|"
    r"scotch broth|sauce, oyster|krispies|oriental mix|\bmiso\b|"
    r"\b(broth|bouillon)\b.*\b(dry|cubes?|cubed|granules|powder)\b"
)
_WHEAT_DEFAULT_GROUPS = frozenset({_BAKED, _CEREALS, _FAST, _RESTAURANT, _MEALS})
_WHEAT_DEFAULT_EXCEPT = {
    _BAKED: _rx(r"^leavening|tortillas?, .*\bcorn\b|taco shells|tostada|corn tortilla"),
    _CEREALS: _rx(r"\bgrits\b|cream of rice|crispy brown rice|amaranth|millet|"
                  r"rice, puffed|incaparina"),
    _MEALS: _rx(r"potato salad|corned beef hash|pulled pork"),
}
_SOUP_DISH = _rx(r"soup|chowder|\bstew\b|gumbo|bisque|gravy|sauce, (homemade, )?white|"
                 r"alfredo|cheese sauce|sauce, cheese|mole")
_BROTH = _rx(r"\b(broth|bouillon|consomme|stock)\b")
_NOT_JUST_BROTH = _rx(r"\bwith\b|noodle|pasta|barley|scotch|dumpling|\brice\b")
_BABY_WHEAT = _rx(r"cereal(?!, rice\b)(?!, brown rice)|teething|biscuit|cookies|pretzel|"
                  r"finger snacks|macaroni|noodle|pasta|spaghetti|zwieback")

# ---------------------------------------------------------------------------- soy
_SOY_FALSE = _rx(r"vegetarian vegetable|vanilla extract, imitation|non-soy")
_SOY_WORDS = _rx(
    r"\bsoy|soya|tofu|tempeh|edamame|\bmiso\b|natto|shoyu|\btamari\b|teriyaki|hoisin|"
    r"textured vegetable protein|\btvp\b|vegetable protein|hydrolyzed|lecithin|okara|yuba|"
    r"^silk\b|vitasoy|nasoya|mori-nu|isomil|prosobee|\bvpp\b|golean|go lean|"
    r"protein (isolate|concentrate|plus|bar|performance)|formulated bar|margarine|"
    r"vegetable oil spread|vegetable oil-butter|imitation|cream substitute|whipped topping|"
    r"dessert topping|chinese restaurant|restaurant, chinese|sushi|bacon bits|oriental mix|"
    r"chocolate (chips?|coated|covered|coating|bar|candies)|milk chocolate|dark chocolate|"
    r"semisweet|baking bits"
)
_SOY_DEFAULT_GROUPS = frozenset({_FAST, _RESTAURANT, _MEALS})
_SOY_MEALS_EXCEPT = _rx(r"potato salad|corned beef hash|pulled pork")
# Commercial baked goods often carry soy flour or lecithin; home recipes need not.
_HOME_MADE = _rx(r"prepared from recipe|home-prepared|homemade|from recipe|^leavening")
_SNACK_BAR = _rx(r"\bbars?\b|kudos|chex mix")

# ---------------------------------------------------------------------------- sesame
_SESAME_WORDS = _rx(
    r"sesame|tahini|tahina|halva|halavah|halvah|hummus|\bhumus\b|\bbenne\b|gomasio|"
    r"baba ghanoush|falafel|chinese restaurant|restaurant, chinese"
)
# Seeded buns are common on burgers and sandwiches; Chinese dishes often use sesame oil.
_SESAME_EATING_OUT = _rx(r"burger|whopper|big mac|big 'n tasty|quarter pounder|sandwich|"
                         r"\bbuns?\b|bagel|chinese")


# Products whose name does not say what they are made from: each flags its allergens
# whatever else the rules read. The planner also reads this table at plan time
# (``bplanner.planning.planner.rule_allergens_hit``), so a food added here stays out of
# an allergen-free plan even before the food table is rebuilt.
HIDDEN = {
    # yeast extracts are made from brewing yeast grown on barley and wheat (Vegemite,
    # Marmite); surimi and the imitation seafood made from it are bound with wheat starch
    "wheat_gluten": _rx(r"yeast extract|vegemite|marmite|brewer'?s yeast|surimi|"
                        r"imitation crab|crab, imitation"),
    "tree_nuts": _rx(r"bit-o'?-honey"),  # Bit-O-Honey: almonds (its label)
    "soy": _rx(r"bit-o'?-honey"),  # and soy
}


# Phrases that mislead every allergen's words: uses of industrial fats, flavour names,
# pie spice, syrup "for pancakes", Alaskan "ice cream" (agutuk: fat, berries, fish or meat).
_SHARED_FALSE = _rx(
    r"\b(principal )?uses? .*$|used for .*$|typical basis for .*$|without granola|"
    r"for flaky pastries|alaskan ice cream|custard-apple|pie spice|pumpkin pie mix|"
    r"pie fillings?|table blends, pancake|(rice|corn|popcorn) cakes?|popcorn, cakes|"
    r"(?<=wheat flour, white, )cake|shortening cake mix|relish, hamburger|sandwich steaks|"
    r"\(danish, domestic|bread and butter|relish, hot dog|quaker oats,|shortening bread|"
    r"special purpose for cakes|\bnot (breaded|battered)|(made )?without (eggs?|milk|cheese)\b"
)


def _search(words: re.Pattern[str], false: re.Pattern[str] | None, text: str) -> bool:
    if false is not None:
        text = false.sub(" ", text)
    return bool(words.search(text))


def _text(name: str) -> str:
    """The lower-cased name the rules read: white space collapsed and both ends trimmed
    (three SR24 names begin with a space, which would defeat every ``^`` rule), shared
    false friends removed."""
    text = _SHARED_FALSE.sub(" ", " ".join(name.lower().split()))
    return " ".join(text.split())


# "Gluten-free" is a regulated US claim (under 20 ppm gluten, 21 CFR 101.91): such a food is
# flagged wheat_gluten only when its name still names a gluten grain (not "wheat-free").
_GLUTEN_FREE = _rx(r"\bgluten[- ]free\b")
_GLUTEN_GRAIN = _rx(r"\bwheat\b(?!-free)|\bbarley\b|\brye\b|\bmalt|\bspelt\b|\bkamut\b|"
                    r"\btriticale\b|\bsemolina\b|\bdurum\b|\bfarina\b|\boats?\b|oatmeal")


def allergens(ndb: str, name: str, food_group: str) -> frozenset[str]:
    """Allergens a food may contain, judged from its name and food group (see module doc).

    Errs on the side of flagging: mixed dishes and bakery, fast-food, restaurant, soup,
    snack, sweet and cereal items get the plausible common allergens unless clearly free.
    """
    del ndb  # the rule is on names and groups only
    text = _text(name)
    whole = " ".join(name.lower().split())  # before false friends: "Pie fillings, apple"
    group = food_group
    found: set[str] = set()
    vegan = "vegan" in text  # the maker's word: no milk or egg ingredient (defaults skipped)
    eating_out = group in _EATING_OUT and not _EATING_OUT_PLAIN.search(text)
    analogue = group in _ANALOGUE_GROUPS and bool(_MEAT_ANALOGUE.search(text))

    # milk
    if not _MILK_FREE_PRODUCT.search(text):
        if _search(_MILK_WORDS, _MILK_FALSE, text):
            found.add("milk")
        elif vegan:
            pass
        elif group in _MILK_DEFAULT_GROUPS and (group not in _EATING_OUT or eating_out):
            exc = _MILK_DEFAULT_EXCEPT.get(group)
            if exc is None or not (exc.search(text) or exc.search(whole)):
                found.add("milk")
        elif group == _CEREALS and _CEREAL_RTE.search(text) and not _CEREAL_PLAIN.search(text):
            found.add("milk")
        elif group == _SNACKS and _SNACK_MILK.search(text):
            found.add("milk")
        elif group == _BABY and _BABY_MILK.search(text):
            found.add("milk")

    # egg (cereal names borrow dessert words: Cookie Crisp, Blueberry Muffin Tops, ...)
    if group != _CEREALS and _search(_EGG_WORDS, _EGG_FALSE, text):
        found.add("egg")
    elif group in _EGG_DEFAULT_GROUPS and not vegan and (group not in _EATING_OUT or eating_out):
        exc = _EGG_DEFAULT_EXCEPT.get(group)
        if exc is None or not exc.search(text):
            found.add("egg")

    # fish, crustaceans and molluscs
    if _search(_FISH_WORDS, _FISH_FALSE, text):
        found.add("fish")
    if _search(_SHELLFISH_WORDS, _SHELLFISH_FALSE, text):
        found.add("crustacean_shellfish")
    if group == _FISH and not found & {"fish", "crustacean_shellfish"}:
        found.add("fish")

    # tree nuts and peanuts
    nut_text = _NUT_FALSE.sub(" ", text)
    if _TREE_NUT_WORDS.search(nut_text):
        found.add("tree_nuts")
    generic = _GENERIC_NUT.search(_NAMED_NUT.sub(" ", re.sub(r"^nuts, ", "", nut_text)))
    if generic:
        found.add("tree_nuts")
    no_peanuts = bool(_NO_PEANUTS.search(text))
    if _PEANUT_WORDS.search(_NO_PEANUTS.sub(" ", text)) or (generic and not no_peanuts):
        found.add("peanuts")

    # wheat and other gluten cereals
    if _search(_WHEAT_WORDS, _WHEAT_FALSE, text):
        found.add("wheat_gluten")
    elif group in _WHEAT_DEFAULT_GROUPS and (group not in _EATING_OUT or eating_out):
        exc = _WHEAT_DEFAULT_EXCEPT.get(group)
        if exc is None or not exc.search(text):
            found.add("wheat_gluten")
    elif (group == _SOUPS and _SOUP_DISH.search(text)
          and not (_BROTH.search(text) and not _NOT_JUST_BROTH.search(text))):
        found.add("wheat_gluten")
    elif group == _BABY and _BABY_WHEAT.search(text):
        found.add("wheat_gluten")

    if _GLUTEN_FREE.search(text) and not _GLUTEN_GRAIN.search(text):
        found.discard("wheat_gluten")

    # soy
    if _search(_SOY_WORDS, _SOY_FALSE, text):
        found.add("soy")
    elif group in _SOY_DEFAULT_GROUPS and (group not in _EATING_OUT or eating_out):
        if group != _MEALS or not _SOY_MEALS_EXCEPT.search(text):
            found.add("soy")
    elif group == _BAKED and not _HOME_MADE.search(text):
        found.add("soy")
    elif group == _SNACKS and _SNACK_BAR.search(text):
        found.add("soy")
    elif group == _SWEETS and "chocolate" in text and "unsweetened" not in text:
        found.add("soy")

    # sesame
    if _SESAME_WORDS.search(text):
        found.add("sesame")
    elif eating_out and _SESAME_EATING_OUT.search(text.replace("burger king", "")):
        found.add("sesame")

    found.update(key for key, words in HIDDEN.items() if words.search(whole))
    if analogue:
        found.update(("soy", "wheat_gluten"))
        if "vegan" not in text:
            found.update(("milk", "egg"))
    return frozenset(found)
