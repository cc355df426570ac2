"""Reference portions: the amount of a food people eat at one sitting, as a cook measures it.

Each SR24 food is mapped to a product category of FDA's reference amounts customarily
consumed (RACC, 21 CFR 101.12 Tables 1 and 2, as amended in 2016); meat and poultry follow
USDA's reference amounts (9 CFR 317.312 and 381.412). The amounts are data, in
``data/reference/`` with their sources; this module holds only the rules that pick a
category, turn its amount into grams for the food, and find the household measure nearest
to it among the food's own USDA measures.

Rules (first match wins, like the diet rules): the USDA food group and the name. A food
sold in another form than the table's (raw meat, dry grains, canned vegetables) takes the
amount the same table row gives for that form (its ``racc_alt``), so "Rice, white, raw" is
45 g and "Rice, white, cooked" 140 g.

Units: mL and household units are converted with FDA's label rule (21 CFR
101.9(b)(5)(viii)): 1 cup = 240 mL, 1 tbsp = 15 mL, 1 tsp = 5 mL, 1 fl oz = 30 mL, and the
food's own USDA volume measure gives its grams per mL; a food with no volume measure is
taken at 1 g/mL (water's density: beverages, juices, broths).

Stdlib only: used at build time.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from bplanner._resources import data_file
from bplanner.table import classify as C

REFERENCE_FILES = (
    "reference/racc_general.csv",  # FDA 21 CFR 101.12(b) Table 2
    "reference/racc_infant_toddler.csv",  # FDA 21 CFR 101.12(b) Table 1
    "reference/racc_meat_poultry.csv",  # USDA 9 CFR 317.312, 381.412
    "reference/portion_fallbacks.csv",  # foods no table covers, with the source used
)

# FDA household measures for nutrition labels, 21 CFR 101.9(b)(5)(viii).
ML_PER_UNIT = {"cup": 240.0, "tbsp": 15.0, "tsp": 5.0, "fl oz": 30.0, "mL": 1.0}
FALLBACK_G_PER_ML = 1.0  # water: a food with no USDA volume measure (beverages, juices)
# A pie crust's RACC is "the fraction closest to 8 square inches": 1/8 of a 9-inch crust
# is pi * 4.5**2 / 8 = 7.95 sq in, the pre-2016 amount the table's note names.
PIE_CRUST_FRACTION = 1 / 8


@dataclass(frozen=True)
class Racc:
    """One product category of a reference table."""

    group: str
    category: str
    amount: float | None
    unit: str
    alt: str
    source: str
    note: str = ""  # FDA's label statement, e.g. "pieces", "cups", "2 tbsp (30 mL)"


def _source(path: str, row: dict) -> str:
    if row.get("source"):
        return row["source"]
    if "infant" in path:
        return "21 CFR 101.12(b) Table 1"
    return "21 CFR 101.12(b) Table 2"


@lru_cache(maxsize=1)
def reference() -> dict[str, Racc]:
    """Every category of the reference files, by its exact category text."""
    out: dict[str, Racc] = {}
    for rel in REFERENCE_FILES:
        with open(data_file(rel), newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                amount = float(row["racc_amount"]) if row["racc_amount"] else None
                racc = Racc(row["group"], row["category"], amount, row["racc_unit"],
                            row["racc_alt"], _source(rel, row), row["label_statement_note"])
                if racc.category in out:
                    raise ValueError(f"{rel}: category {racc.category!r} is listed twice")
                out[racc.category] = racc
    return out


def category(prefix: str) -> Racc:
    """The one category whose text starts with ``prefix`` (rules name categories so)."""
    table = reference()
    if prefix in table:
        return table[prefix]
    hits = [r for text, r in table.items() if text.startswith(prefix)]
    if len(hits) != 1:
        raise KeyError(f"{len(hits)} RACC categories start with {prefix!r}")
    return hits[0]


# --------------------------------------------------------------------------------------------
# Household measures
# --------------------------------------------------------------------------------------------

_VOLUME = re.compile(
    r"^(?P<unit>cups?|tbsps?|tablespoons?|tsps?|teaspoons?|fl oz|fluid ounces?)\b",
    re.IGNORECASE,
)
_VOLUME_KEY = {"cup": "cup", "tbsp": "tbsp", "tablespoon": "tbsp", "tsp": "tsp",
               "teaspoon": "tsp", "fl oz": "fl oz", "fluid ounce": "fl oz"}
_WEIGHT = re.compile(r"^oz\b", re.IGNORECASE)
# USDA measures that are not a piece a cook counts: a pack, a recipe, a whole bird...
_NOT_A_PIECE = re.compile(
    r"^(serving|nlea|portion|package|pkg|container|recipe|yield|box|bag|order|carton|"
    r"lb\b|pound|kg\b|g\b|gram|quart|pint|gallon|liter|litre|ml\b|cubic|raw pr|"
    r"turkey|chicken|roast|rack|loaf|cake\b|pie\b|pizza|head|bunch|melon|jar|can\b|"
    r"bottle|pouch|tub|individual|sheet|crust|batch|whole\b|unit\b|"
    r"cake,|oz\b|fl\b|cup|tbsp|tsp|tablespoon|teaspoon)",
    re.IGNORECASE,
)
# Words describing the cut in a cup measure that a cook needs ("1 cup, chopped").
_CUT = re.compile(r"\b(chopped|diced|sliced|slices|shredded|pieces|grated|cubed|mashed|"
                  r"halves|sections|pitted|whole|crumbled|crushed|pureed|melted|"
                  r"kernels|florets|flakes|cooked|packed|strips|chunks|balls|whipped|fluid)\b",
                  re.IGNORECASE)
_SIZES = ("extra large", "very large", "jumbo", "large", "medium", "small", "miniature",
          "mini")
_SIZE_ONLY = re.compile(r"^(extra large|very large|jumbo|large|medium|small|regular|mini|"
                        r"miniature)$", re.IGNORECASE)

# Household fractions a cook measures; the planner counts whole pieces only.
_CUP_STEPS = (0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0, 1.25, 1.5, 2.0)
_SPOON_STEPS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0)
_FLOZ_STEPS = tuple(float(k) for k in range(1, 17))
_OZ_STEPS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)
# The avoirdupois ounce (28.349523125 g, exact), USDA's "oz" measure: offered for every
# food, after its own measures, so that a cut sold as a whole roast still reads "3 oz".
OUNCE_G = 28.349523125
# US customary spoons, for a food whose only volume measure is the cup: 1 cup = 16 tbsp
# = 48 tsp (21 CFR 101.9(b)(5)(viii): 240, 15 and 5 mL).
TBSP_PER_CUP = 16
TSP_PER_CUP = 48
_MAX_PIECES = 12
# Preference at equal closeness: a piece (slice, egg) over a volume over a weight.
_PENALTY = {"piece": 0.0, "volume": 0.03, "weight": 0.15}
# Meat, poultry and fish are weighed, as USDA and FDA state their amounts ("3 oz cooked").
_PENALTY_WEIGHED = {"piece": 0.0, "volume": 0.15, "weight": 0.0}
_WEIGHED = ("Meat or poultry", "Fish, shellfish or game meat", "Luncheon meats",
            "Smoked or pickled fish", "Dried fish", "Dried meat", "Bacon, breakfast")
# FDA's label statement names the measure a label gives ("slices or pieces", "cups",
# "tbsp"): that kind of measure goes first.
_PENALTY_PIECES = {"piece": 0.0, "volume": 0.15, "weight": 0.15}
_PENALTY_SPOONS = {"piece": 0.1, "volume": 0.0, "weight": 0.15}


def _penalties(category_text: str) -> dict[str, float]:
    if category_text.startswith(_WEIGHED):
        return _PENALTY_WEIGHED
    note = reference()[category_text].note.lower()
    if re.match(r"(slices or )?pieces|slices", note):
        return _PENALTY_PIECES
    if re.match(r"(\d[\d/ ]* )?(cups?|tbsp|tsp)\b", note):
        return _PENALTY_SPOONS
    return _PENALTY


# Fewer pieces read better: "2 slices" before "4 thin slices" at nearly equal closeness.
_PER_PIECE = 0.03
# Beyond this ratio to the RACC (either way) no measure is "near": the portion is in grams.
_NEAR = math.log(1.5)


@dataclass(frozen=True)
class Measure:
    """A USDA household measure, read: kind (volume, weight, piece), unit, grams of 1 unit."""

    kind: str
    unit: str  # cleaned unit text: "cup", "tbsp", "oz", "slice", "large", "cup, chopped"
    grams_per_unit: float
    ml_per_unit: float | None = None


def _clean(text: str) -> str:
    """USDA's unit text without parenthetical notes and stray spaces."""
    text = re.sub(r"\([^)]*\)?", " ", text)
    return " ".join(text.replace(" ,", ",").split()).strip(" ,")


# "serving 1/2 cup", "serving (3 oz)", "serving 5 slices": USDA's serving names a measure
_SERVING_OF = re.compile(
    r"^(?:nlea )?(?:serving|portion|jigger)\s*\(?\s*(?P<num>\d+(?:\.\d+)?|\.\d+|\d+/\d+)\s+"
    r"(?P<unit>[a-z][a-z ]*?)\s*\)?$",
    re.IGNORECASE,
)
_SAYS_MAKES = re.compile(r"amount to make|amount of dry|\bmakes\b", re.IGNORECASE)
# USDA measures that say how much of a mix or concentrate makes one serving
_MAKES = re.compile(r"amount to make|amount of dry|\bmakes\b|^serving\b|\(1 serving\)|"
                    r"^packet|^envelope|^portion|^cube\b|^scoop", re.IGNORECASE)


def _number(text: str) -> float:
    if "/" in text:
        a, b = text.split("/")
        return float(a) / float(b)
    return float(text)


def _singular(word: str) -> str:
    if word.endswith("ies") and (len(word) < 5 or word[-4] in "kn"):
        return word[:-1]  # cookies, brownies, pies
    if word.endswith("ies"):
        return word[:-3] + "y"  # patties, pastries, candies
    if re.search(r"(ch|sh|x)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def read_measure(amount: float, name: str, grams: float) -> Measure | None:
    """Classify one USDA measure; None for measures of no use (0 g, a whole pack)."""
    if amount <= 0 or grams <= 0:
        return None
    served = _SERVING_OF.match(" ".join(name.split()))
    if served:
        count = _number(served.group("num")) * amount
        if count > 0:
            unit = served.group("unit").strip()
            if count > 1 and not _VOLUME.match(unit) and not _WEIGHT.match(unit):
                unit = " ".join([*unit.split()[:-1], _singular(unit.split()[-1])])
            return read_measure(count, unit, grams)
    per_unit = grams / amount
    text = _clean(name)
    if re.search(r"\byields?\b|\bmakes\b", text, re.IGNORECASE):
        return None  # "1 cup, dry, yields": the weight of what a cup of the dry food makes
    m = _VOLUME.match(text)
    if m:
        word = m.group("unit").lower()
        word = word[:-1] if word.endswith("s") and word not in ("fl oz",) else word
        key = _VOLUME_KEY.get(word, word)
        rest = text[m.end():]
        cut = _CUT.search(rest) if key == "cup" else None
        unit = key + (f", {cut.group(1).lower()}" if cut else "")
        return Measure("volume", unit, per_unit, ML_PER_UNIT[key])
    if _WEIGHT.match(text):
        return Measure("weight", "oz", per_unit)
    if not text or _NOT_A_PIECE.match(text) or re.match(r"^[\d/.\"' -]", text) \
            or re.search(r"\b(serving|cup|container|package|order)\b|not eaten", text, re.I):
        return None  # a pack ("8 oz container") or a bare dimension
    # a cook counts "1 fruit", not '1 fruit 2-1/4" high x 2-1/2" dia': keep the words
    # before the first size, number or alternative
    text = re.split(r"\s+(?=\d)|\s+or\s+|\s*=|,\s*about\b|\s+\d", text)[0]
    text = re.sub(r"^(each|item)\s+(?=\w)", "", text.strip(" ,."), flags=re.IGNORECASE)
    text = "item" if text.lower() == "each" else text
    text = re.sub(r"\s+without refuse$", "", text)  # its grams are the edible part
    if amount > 1:  # "5 crackers square": one cracker square
        first, _, rest = text.partition(" ")
        text = " ".join(x for x in (_singular(first), rest) if x)
    if not text:
        return None
    unit = text.split(",")[0].strip() if _SIZE_ONLY.match(text.split(",")[0].strip()) else text
    return Measure("piece", unit, per_unit)


def measures_of(measures) -> list[Measure]:
    """The usable measures of a food, from USDA's ``(amount, name, grams)`` list."""
    out = []
    for amount, name, grams in measures:
        m = read_measure(float(amount), name, float(grams))
        if m is not None:
            out.append(m)
    return out


def grams_per_ml(measures: list[Measure]) -> float | None:
    """The food's density from its USDA volume measures: a plain cup first (most precise),
    then a fluid ounce, tablespoon, teaspoon, then a cup of the food cut or packed; never
    a cup of whipped cream (air)."""
    volumes = [m for m in measures if m.kind == "volume" and m.ml_per_unit
               and "whipped" not in m.unit]
    for key in ("cup", "fl oz", "tbsp", "tsp"):
        for m in volumes:
            if m.unit == key:
                return m.grams_per_unit / m.ml_per_unit
    for key in ("cup", "fl oz", "tbsp", "tsp"):
        for m in volumes:
            if m.unit.split(",")[0] == key:
                return m.grams_per_unit / m.ml_per_unit
    return None


# --------------------------------------------------------------------------------------------
# Category rules
# --------------------------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


RAW = _rx(r"\braw\b|\buncooked\b|\bunheated\b|\bunprepared\b|\bready-to-cook\b")
COOKED = _rx(r"\bcooked\b|\broasted\b|\bbraised\b|\bbroiled\b|\bfried\b|\bbaked\b|"
             r"\bgrilled\b|\bsimmered\b|\bstewed\b|\bboiled\b|\bheated\b|\bmicrowaved\b|"
             r"\bprepared\b|\bsteamed\b|\bpan-browned\b|\bbrowned\b|\bsmoked\b|\bcured\b")
_DRY_FORM = _rx(r"\bdry\b|\braw\b|\buncooked\b|\bunprepared\b|\bmature seeds, raw\b")

_MEAT_GROUPS = frozenset({C.BEEF, C.PORK, C.POULTRY, C.GAME})
_GAME = _rx(r"\b(game|deer|venison|elk|moose|bison|buffalo|rabbit|squirrel|caribou|"
            r"antelope|boar|beaver|muskrat|opossum|raccoon|bear|goat|horse|frog|turtle|"
            r"emu|ostrich|quail|pheasant|dove|squab|pigeon|guinea hen|whale|seal|walrus|"
            r"sea lion|moose|duck, wild|goose, wild)\b")

# (groups or None for any group, name pattern, category prefix, racc_alt keyword or None)
Rule = tuple[frozenset | None, re.Pattern[str], str, str | None]

_ANY = None


def _r(groups, pattern: str, prefix: str, alt: str | None = None) -> Rule:
    g = None if groups is None else frozenset(groups if isinstance(groups, (set, frozenset,
                                                                           tuple)) else {groups})
    return (g, _rx(pattern), prefix, alt)


# placeholders resolved from the food's measures: RTE cereals by grams per cup (FDA's rows),
# mixed dishes by whether USDA measures them by the cup
READY_TO_EAT = "READY_TO_EAT"
MIXED_CUP = "MIXED_CUP"

RULES: tuple[Rule, ...] = (
    # -- infant and toddler foods (21 CFR 101.12 Table 1) --------------------------------
    _r(C.BABY, r"formula", "Infant formula"),
    _r(C.BABY, r"juice", "Juices, all varieties"),
    _r(C.BABY, r"cereal.*\b(dry|instant)\b|cereal(?!.*\b(prepared|jarred|ready|with fruit|"
               r"with (apple|banana|egg)))", "Cereals, dry instant"),
    _r(C.BABY, r"cereal", "Cereals, prepared, ready-to-serve"),
    _r(C.BABY, r"cookie|biscuit|zwieback|pretzel|crackers|puffs|\btoast|snack|mum-mum|"
               r"\bteething|rusk|wafer|bar\b", "Other cereal and grain products"),
    _r(C.BABY, r"\bdry\b|\bpowder\b", "Dinners, desserts, fruits, vegetables or soups, dry"),
    _r(C.BABY, r"toddler", "Dinners, stews or soups for children"),
    _r(C.BABY, r"\bjunior\b|third foods|stage 3|\bjr\b", "Dinners, desserts, fruits, vegetables"
               " or soups, ready-to-serve, junior"),
    _r(C.BABY, r".", "Dinners, desserts, fruits, vegetables or soups, ready-to-serve, strained"),
    # -- alcohol: no FDA RACC (TTB labels); the standard drink -----------------------------
    _r(C.BEVERAGES, r"^alcoholic beverage.*\bbeer\b|\bbeer\b", "Beer"),
    _r(C.BEVERAGES, r"^alcoholic beverage.*\bwine\b(?!.*cooler)", "Wine"),
    _r(C.BEVERAGES, r"^alcoholic beverage(?!.*\b(sour|sunrise|daiquiri|colada|mix|"
                    r"cocktail|canned)\b).*(distilled|liqueur|rum|gin\b|vodka|whiskey|"
                    r"tequila|creme de menthe)", "Distilled spirits"),
    # -- fats and oils ---------------------------------------------------------------------
    _r(C.FATS, r"\bspray\b|cooking spray", "Spray-type fats"),
    _r(C.FATS, r"butter replacement", "Butter replacement, powder"),
    _r(C.FATS, r"mayonnaise|sandwich spread|miracle whip|mayo\b", "Mayonnaise, sandwich"),
    _r(C.FATS, r"dressing", "Dressings for salads"),
    _r(C.FATS, r"^oil, (sesame|walnut|almond|hazelnut|coconut|peanut, salad)|"
               r"\bseasoning oil", "Seasoning oils"),
    _r(C.FATS, r".", "Butter, margarine, oil, shortening"),
    # -- spices, herbs, salt, vinegar, condiments in the spice group -------------------------
    _r(C.SPICES, r"^salt\b|seasoning salt|garlic salt|onion salt|salt substitute",
       "Salt, salt substitutes"),
    _r(C.SPICES, r"^vinegar", "Major condiments"),
    _r(C.SPICES, r"^mustard|horseradish|capers", "Minor condiments"),
    _r(C.SPICES, r".", "Spices and herbs"),
    # -- dairy and eggs ----------------------------------------------------------------------
    _r(C.DAIRY, r"^butter\b|^ghee|butter oil", "Butter, margarine, oil, shortening"),
    _r(C.DAIRY, r"cottage", "Cheese, cottage"),
    _r(C.DAIRY, r"ricotta|cheese, (ricotta|pot\b|farmer)", "Cheese used mainly"),
    _r(C.DAIRY, r"^cheese, (parmesan|romano), (grated|shredded|dry)|parmesan, grated|"
                r"cheese, parmesan, (grated|shredded)", "Cheese, grated hard"),
    _r(C.DAIRY, r"cheese sauce|cheese food, .*sauce", "Minor main-entree sauces"),
    _r(C.DAIRY, r"ice cream|frozen yogurt|milk dessert|sherbet|frozen novelt|yogurt, frozen",
       "Ice cream"),
    _r(C.DAIRY, r"\bshakes?\b", "Shakes or shake substitutes"),
    _r(C.DAIRY, r"eggnog", "Eggnog"),
    _r(C.DAIRY, r"half and half", "Cream, half and half"),
    _r(C.DAIRY, r"sour cream|cream, sour|sour dressing|imitation sour", "Sour cream"),
    _r(C.DAIRY, r"dessert topping|whipped topping|cream, whipped|whipped cream",
       "Other dessert toppings"),
    _r(C.DAIRY, r"(cream substitute|creamer|coffee whitener).*\bpowder", "Cream or cream "
                r"substitutes, powder"),
    _r(C.DAIRY, r"^cream\b|cream substitute|creamer|coffee whitener", "Cream or cream "
                r"substitutes, fluid"),
    _r(C.DAIRY, r"condensed", "Milk, condensed"),
    _r(C.DAIRY, r"evaporated", "Milk, evaporated"),
    # dried eggs and dry milks: the powder that makes one egg or one cup of milk (fallbacks)
    _r(C.DAIRY, r"^eggs?, whole\b.*\b(dried|powder)\b", "Eggs, whole, dried"),
    _r(C.DAIRY, r"^eggs?, whites?\b.*\b(dried|powder)\b", "Egg whites, dried"),
    _r(C.DAIRY, r"^eggs?, yolks?\b.*\b(dried|powder)\b", "Egg yolks, dried"),
    _r(C.DAIRY, r"^milk, dry, nonfat\b", "Milk, dry, nonfat"),
    _r(C.DAIRY, r"^milk, dry, whole\b", "Milk, dry, whole"),
    _r(C.DAIRY, r"^milk, buttermilk, dried\b", "Milk, buttermilk, dried"),
    _r(C.DAIRY, r"^milk, dry|dry milk|milk, .*\b(dry|dried)\b|\bpowder\b|whey, .*dried|"
                r"^whey\b.*dry",
       "Milk, milk-substitute and fruit juice concentrates"),
    _r(C.DAIRY, r"yogurt|kefir", "Yogurt"),
    _r(C.DAIRY, r"^egg,? .*\b(white|yolk)|egg substitute|egg whites?\b", "Egg whites, sugared"),
    _r(C.DAIRY, r"scrambled|omelet|egg mixture", "Egg mixtures"),
    _r(C.DAIRY, r"^eggs?\b", "Eggs, all sizes"),
    _r(C.DAIRY, r"^cheese|cheese\b|queso|velveeta|cheez", "Cheese, all other kinds"),
    _r(C.DAIRY, r"^milk|buttermilk|\bmilk\b|whey, .*fluid|beverage|drink|supplement",
       "Milk, milk-substitute beverages"),
    _r(C.DAIRY, r"dulce de leche", "Other dessert toppings"),
    # -- meat and poultry: USDA rules --------------------------------------------------------
    _r(_MEAT_GROUPS | {C.SAUSAGES}, r"\bbacon\b(?!.*canadian)|breakfast strips",
       "Bacon, breakfast strips", "uncooked"),
    _r(_MEAT_GROUPS | {C.SAUSAGES}, r"jerky|\bdried\b|meat snack|\bsticks\b.*"
                                    r"smoked|slim jim", "Dried meat or poultry"),
    _r(_MEAT_GROUPS | {C.SAUSAGES}, r"\bcanned\b(?!.*\b(gravy|sauce)\b)",
       "Meat or poultry, canned"),
    _r(_MEAT_GROUPS, r"\b(gravy|sauce)\b", "Meat or poultry entrees with sauce"),
    _r({C.SAUSAGES}, r"\b(fresh|uncooked|raw)\b", "Luncheon meats", "uncooked"),
    _r({C.SAUSAGES}, r".", "Luncheon meats"),
    # game (FDA) before the USDA meat row
    _r({C.GAME, C.NATIVE, C.POULTRY}, r"^game meat|^(bison|buffalo|deer|elk|moose|caribou|"
                                      r"rabbit|squirrel|beaver|bear|boar|antelope|goat|"
                                      r"horse|frog|turtle|emu|ostrich|quail|pheasant|dove|"
                                      r"squab|pigeon|guinea hen|whale|seal|walrus|sea lion|"
                                      r"muskrat|opossum|raccoon|duck, wild|goose, wild)\b",
       "Fish, shellfish or game meat entrees without sauce", "uncooked"),
    _r(_MEAT_GROUPS, r".", "Meat or poultry cuts", "uncooked"),
    # -- fish ----------------------------------------------------------------------------------
    _r({C.FISH}, r"anchov.*(canned|oil)|caviar|\broe\b|\beggs\b|anchovy paste",
       "Bacon substitutes, canned anchovies"),
    _r({C.FISH}, r"\bdried\b|\bdry\b(?! heat)|jerky", "Dried fish"),
    _r({C.FISH}, r"\bsmoked\b|\bkippered\b|\bpickled\b|lox|salted", "Smoked or pickled fish"),
    _r({C.FISH}, r"\bcanned\b", "Fish, shellfish or game meat, canned"),
    _r({C.FISH}, r"imitation|surimi", "Substitutes for luncheon meat"),
    _r({C.FISH}, r".", "Fish, shellfish or game meat entrees without sauce", "uncooked"),
    # -- legumes -------------------------------------------------------------------------------
    _r({C.LEGUMES}, r"yogurt", "Yogurt"),
    _r({C.LEGUMES}, r"creamer", "Cream or cream substitutes, fluid"),
    _r({C.LEGUMES}, r"^tofu|\btofu\b|tempeh|bean curd|okara|natto", "Bean cake (tofu), tempeh"),
    _r({C.LEGUMES}, r"soymilk|soy milk|\bsilk\b|soy beverage|bean beverage|\bsoy drink",
       "Milk, milk-substitute beverages"),
    _r({C.LEGUMES}, r"peanut butter|\bbutter\b|\bspread\b|tahini", "Nut and seed butters"),
    _r({C.LEGUMES}, r"^peanuts?\b|^soybeans?, .*roasted|soy nuts|\bnuts?\b",
       "Nuts, seeds and mixtures"),
    _r({C.LEGUMES}, r"\bflour\b|\bmeal\b(?! replacement)|\bgrits\b", "Flours or cornmeal"),
    _r({C.LEGUMES}, r"miso|paste", "Seasoning pastes"),
    _r({C.LEGUMES}, r"soy sauce|tamari|shoyu", "Major condiments"),
    _r({C.LEGUMES}, r"hummus|houmous|\bdip\b", "Barbecue, hollandaise"),
    _r({C.LEGUMES}, r"protein (isolate|concentrate)|\bprotein\b.*powder",
       "Flours or cornmeal"),
    _r({C.LEGUMES}, r"biscuit|sandwich|burrito|pizza|\bwrap\b|pot pie|lasagna",
       "Mixed dishes not measurable"),
    _r({C.LEGUMES}, r"bacon bits|bac'n bits|bacon, meatless|meatless bacon",
       "Salad and potato toppers"),
    _r({C.LEGUMES}, r"sausage|frankfurter|hot dog|luncheon|bologna|salami|\bslices\b|"
                    r"\bdeli\b|canadian bacon|\bstrips\b|\blinks?\b",
       "Substitutes for luncheon meat"),
    _r({C.LEGUMES}, r"^(?!beans?\b).*(meatless|vegetarian|veggie|burger|patt(y|ies)|\bmeat\b|chik|"
                    r"loma linda|worthington|morningstar|gardenburger|soyburger|crumbles|"
                    r"nuggets|fillets?|\bwheat gluten\b)", "Fish, shellfish or game meat "
                    "entrees without sauce"),
    _r({C.LEGUMES}, r"\b(baked beans|beans, baked|refried|in .*sauce|with (pork|franks|sauce)|"
                    r"canned|barbecue|chili)\b", "Beans, plain or in sauce"),
    _r({C.LEGUMES}, r"\bmature seeds, raw\b|\braw\b|\bdry\b|\bdried\b|\bmature seeds\b"
                    r"(?!.*(cooked|boiled|canned|sprouted))", "Beans, plain or in sauce",
       "dry"),
    _r({C.LEGUMES}, r".", "Beans, plain or in sauce", "other prepared"),
    # -- nuts and seeds -------------------------------------------------------------------------
    _r({C.NUTS}, r"\bbutter\b|\bpaste\b|tahini|\bspread\b|\bcream\b(?!.*coconut)",
       "Nut and seed butters"),
    _r({C.NUTS}, r"\bflour\b|\bmeal\b|\bprotein\b", "Coconut, nut and seed flours"),
    _r({C.NUTS}, r"coconut (milk|water|cream)|coconut, .*(milk|water|cream)\b(?!.*dried)",
       "Milk, milk-substitute beverages"),
    _r({C.NUTS}, r"\bflakes\b.*coconut|coconut meat, dried|coconut.*(shredded|dried|flaked)",
       "Other dessert toppings"),
    _r({C.NUTS}, r".", "Nuts, seeds and mixtures"),
    # -- fruits ---------------------------------------------------------------------------------
    _r({C.FRUITS}, r"^(lemon|lime) juice|(lemon|lime), juice|juice, (lemon|lime)",
       "Juices used as ingredients"),
    _r({C.FRUITS}, r"^olives\b", "Olives"),
    _r({C.FRUITS}, r"maraschino", "Fruits for garnish"),
    _r({C.FRUITS}, r"cranberry sauce|cranberry.*relish|cranberry-orange relish|\brelish\b",
       "Fruit relishes"),
    _r({C.FRUITS}, r"candied|glace|pickled|crystallized", "Fruit, candied or pickled"),
    _r({C.FRUITS}, r"(?<!from )concentrate(?!.*((?<!un)diluted|prepared|reconstituted))",
       "Milk, milk-substitute and fruit juice concentrates"),
    _r({C.FRUITS}, r"^[^,]*\b(juice|nectar|drink|punch|ade|lemonade)\b",
       "Juices, nectars, fruit drinks"),
    _r({C.FRUITS}, r"^(?!.*\b(stewed|cooked)\b).*(\bdried\b|dehydrated|\bdates?\b|raisins|"
                   r"prunes|currants, .*dried|\bfigs, dried|\bzante\b|apricots, dehydrated)",
       "Fruit, dried"),
    _r({C.FRUITS}, r"^avocados?\b", "Avocado"),
    _r({C.FRUITS}, r"^watermelon", "Watermelon"),
    _r({C.FRUITS}, r"^(lemons?|limes?|cranberries|rhubarb|quinces?|lemon peel|orange peel|"
                   r"tamarinds?)\b", "Other fruits used mainly as ingredients"),
    _r({C.FRUITS}, r"\bsauce\b(?!.*apple)", "Other dessert toppings"),
    _r({C.FRUITS}, r".", "All other fruits"),
    # -- vegetables ----------------------------------------------------------------------------
    # a brand may head the name: "CAMPBELL'S, Tomato juice"
    _r({C.VEGETABLES}, r"^([^,]*, )?[^,]*\bjuice\b|\bV8\b", "Vegetable juice"),
    _r({C.VEGETABLES}, r"yeast extract", "Seasoning pastes"),
    _r({C.VEGETABLES}, r"^(potato(es)?|sweet ?potato(es)?|yams?)\b.*\b(mashed|au gratin|"
                       r"scalloped|candied|stuffed|in .*sauce|with .*sauce|casserole)",
       "Potatoes or sweet potatoes: mashed"),
    _r({C.VEGETABLES}, r"relish", "Pickle relishes"),
    _r({C.VEGETABLES}, r"pickle|pickled|sauerkraut|kimchi", "Pickles and pickled"),
    _r({C.VEGETABLES}, r"tomato(es)?, (sun-dried|dried)|sun-dried", "Dried vegetables, dried or "
                                                                   "sun-dried"),
    _r({C.VEGETABLES}, r"\bdried\b|dehydrated|freeze-dried|\bdry\b|seaweed, .*dried|"
                       r"agar, dried|spirulina, dried|\bflakes\b|\bpowder\b",
       "Dried vegetables, dried or sun-dried"),
    _r({C.VEGETABLES}, r"tomato(es)?, paste|tomato paste|\bpaste\b", "Vegetable pastes"),
    _r({C.VEGETABLES}, r"tomato(es)?, (puree|sauce)|tomato (puree|sauce)|^sauce\b|"
                       r"\bpuree\b(?!.*baby)", "Vegetable sauces or purees"),
    _r({C.VEGETABLES}, r"\bsprouts?\b|sprouted", "Sprouts, all types"),
    _r({C.VEGETABLES}, r"^(parsley|pimento|chives|coriander|cilantro|lemon grass|epazote|"
                       r"garlic|ginger root|horseradish|dill|peppermint|spearmint|"
                       r"mint|basil, fresh|capers|shallots)\b|pimentos", "Vegetables used "
                                                                        "mainly for garnish"),
    _r({C.VEGETABLES}, r"^(peppers, (hot|jalapeno|serrano|chili|hungarian|ancho|pasilla)|"
                       r"jalapeno|green chil|onions, (spring|young green)|"
                       r"scallions?|chili)", "Fresh or canned chili peppers"),
    _r({C.VEGETABLES}, r"\b(french fr|fries|hash brown|potato pancakes|potato puffs|"
                       r"potatoes, o'brien|tater)", "French fries, hash browns", "frozen"),
    _r({C.VEGETABLES}, r"^(potato(es)?|sweet ?potato(es)?|yams?)\b.*\bcanned\b",
       "Potatoes or sweet potatoes, plain", "canned in liquid"),
    _r({C.VEGETABLES}, r"^(potato(es)?|sweet ?potato(es)?|yams?)\b(?!.*\b(flour|chips|"
                       r"sticks)\b)", "Potatoes or sweet potatoes, plain"),
    _r({C.VEGETABLES}, r"\bin .*sauce\b|\bwith .*sauce\b|creamed|\bcream style\b(?!.*corn)|"
                       r"au gratin|\bbuttered\b|in butter sauce|\bglazed\b|\bscalloped\b|"
                       r"\bstuffed\b", "All other vegetables with sauce"),
    _r({C.VEGETABLES}, r"\bcanned\b|cream style|\bstewed\b|^pumpkin\b|squash, winter|"
                       r"^tomatoes?, .*\bcanned", "All other vegetables without sauce",
       "canned in liquid"),
    _r({C.VEGETABLES}, r".", "All other vegetables without sauce"),
    # -- cereal grains and pasta ----------------------------------------------------------------
    _r({C.GRAINS}, r"\b(bran|germ)\b", "Bran or wheat germ"),
    _r({C.GRAINS}, r"\bflours?\b|\bcornmeal\b|\bmeal\b|semolina|masa", "Flours or cornmeal"),
    _r({C.GRAINS}, r"starch|tapioca|arrowroot|sago", "Starches"),
    _r({C.GRAINS}, r"chow mein|crispy noodles", "Pastas, dry ready-to-eat"),
    _r({C.GRAINS}, r"\b(pasta|noodles?|spaghetti|macaroni|lasagna|couscous|vermicelli)\b"
                   r".*\b(dry|raw|uncooked)\b|\b(pasta|noodles?|spaghetti|macaroni),? "
                   r"(?!.*cooked)", "Pastas, plain", "dry"),
    _r({C.GRAINS}, r"\b(pasta|noodles?|spaghetti|macaroni|lasagna|couscous|vermicelli)\b",
       "Pastas, plain"),
    _r({C.GRAINS}, r"\b(cooked|boiled|prepared|steamed)\b", "Grains, plain"),
    _r({C.GRAINS}, r".", "Grains, plain", "dry"),
    # -- breakfast cereals: RTE by weight per cup (the food's own cup measure) -------------------
    _r({C.CEREALS}, r"\b(bran|germ)\b, (toasted|crude|raw)|wheat germ|^wheat bran|"
                    r"^oat bran(?!.*cooked)", "Bran or wheat germ"),
    _r({C.CEREALS}, r"ready[- ]to[- ]eat", READY_TO_EAT),
    _r({C.CEREALS}, r"\b(cooked|prepared|with water|with milk)\b(?!.*\bdry\b)",
       "Breakfast cereals, hot type", "prepared"),
    _r({C.CEREALS}, r"\b(hot|farina|oats?\b|oatmeal|grits|cream of (wheat|rice)|malt-o-meal|"
                    r"maypo|wheatena|ralston|incaparina|whole wheat hot|roman meal|"
                    r"instant|quick|regular)\b(?!.*ready-to-eat)", "Breakfast cereals, hot"),
    _r({C.CEREALS}, r".", READY_TO_EAT),  # resolved by grams per cup
    # -- baked products --------------------------------------------------------------------------
    _r({C.BAKED}, r"crouton", "Croutons"),
    _r({C.BAKED}, r"^(?!.*coffee ?cake).*\btopping\b", "Other dessert toppings"),
    _r({C.BAKED}, r"wrapper|wonton|egg roll", "Egg roll, dumpling"),
    _r({C.BAKED}, r"pie crust|pie shell|phyllo|puff pastry|pastry shell|tart shell|"
                  r"pastry, .*dough|crust, pastry", "Pie crust"),
    _r({C.BAKED}, r"taco shell", "Taco shells, hard"),
    _r({C.BAKED}, r"\bstuffing\b.*\b(dry mix|mix, dry)\b(?!.*\bprepared\b)", "Dry stuffing mix"),
    _r({C.BAKED}, r"\bstuffing\b", "Stuffing"),
    _r({C.BAKED}, r"^bread,? crumbs|^breadcrumbs|cracker meal|batter",
       "Batter mixes, bread crumbs"),
    _r({C.BAKED}, r"english muffin", "Biscuits, croissants"),
    _r({C.BAKED}, r"bagel|muffins?|toaster pastr|pop-tarts|toaster strudel",
       "Bagels, toaster pastries"),
    _r({C.BAKED}, r"biscuits?|croissants?|tortillas?|bread ?sticks?, soft|soft pretzel|"
                  r"corn ?bread|hush pupp|scones?|crumpets?|english muffins?|arepa|"
                  r"focaccia|naan|pita\b|chapati|paratha|roti\b", "Biscuits, croissants"),
    _r({C.BAKED}, r"brownie", "Brownies"),
    _r({C.BAKED}, r"^(?!.*coffee ?cake).*(cheesecake|upside-down|fruitcake|carrot cake|"
                  r"cake, .*\b(fruit|nuts?)\b)", "Cakes, heavy"),
    _r({C.BAKED}, r"angel ?food|sponge|chiffon|ladyfinger", "Cakes, light"),
    _r({C.BAKED}, r"coffee ?cake|crumb cake|doughnut|danish|sweet roll|cinnamon roll|"
                  r"^bread, (banana|pumpkin|zucchini|date|nut|boston brown|orange|cranberry)|"
                  r"honey bun|quick bread|banana bread|zucchini bread|pumpkin bread|"
                  r"cinnamon bun|strudel|sticky bun|crumb(le)? topp", "Coffee cakes"),
    _r({C.BAKED}, r"\bcakes?\b|cupcake|eclair|cream puff|boston cream|snack cakes?|"
                  r"twinkie|ho ho|ding dong|gingerbread", "Cakes, medium"),
    _r({C.BAKED}, r"cookies?|wafers?\b|fig bar|macaroon|biscotti|gingersnap|graham",
       "Cookies"),
    _r({C.BAKED}, r"melba|matzo|crispbread|rusk|zwieback|bread ?sticks?|rye wafer|saltine|"
                  r"crackers, (soda|oyster)|"
                  r"flatbread, crisp|crackers?, (matzo|melba)", "Crackers not usually"),
    _r({C.BAKED}, r"crackers?|saltines?|cracker", "Crackers usually eaten as snacks"),
    _r({C.BAKED}, r"french toast|crepe|pancakes?", "French toast, crepes, pancakes"),
    _r({C.BAKED}, r"waffles?", "Waffles"),
    _r({C.BAKED}, r"granola bar|cereal bar|breakfast bar|\bbars?\b", "Grain-based bars"),
    _r({C.BAKED}, r"\bpies?\b|cobbler|crisp\b|turnover|pastr|strudel|tart\b|baklava|"
                  r"cream puff", "Pies, cobblers"),
    _r({C.BAKED}, r"bread|rolls?\b|buns?\b|pumpernickel|challah|brioche|baguette|"
                  r"pita|bialy|kaiser", "Breads (not sweet"),
    _r({C.BAKED}, r"leavening|baking powder|baking soda|yeast", "Baking powder"),
    _r({C.BAKED}, r".", "Breads (not sweet"),
    # -- sweets ---------------------------------------------------------------------------------
    _r({C.SWEETS}, r"ice cream|frozen (novelt|yogurt|dessert)|sherbet|sorbet|\bices?\b|"
                   r"popsicle|fudgsicle|fudgesicle|\bpops?\b|klondike|frozen juice bar",
       "Ice cream"),
    _r({C.SWEETS}, r"chewing gum", "Chewing gum"),
    _r({C.SWEETS}, r"after eight|after dinner", "After-dinner confectioneries"),
    _r({C.SWEETS}, r"^toppings?\b", "Syrups"),
    _r({C.SWEETS}, r"baking chocolate|chocolate chips|chips, .*chocolate|morsels|"
                   r"confectioner's coating|baking chips", "Baking candies"),
    _r({C.SWEETS}, r"hard candy|candies, hard|lollipop|butterscotch(?!.*chips)|"
                   r"\bjolly rancher\b|lifesavers|life savers|starburst hard",
       "Hard candies, other"),
    _r({C.SWEETS}, r"^(candies, )?marshmallows?\b(?!.*cream)", "Marshmallows"),
    _r({C.SWEETS}, r"sugars?, powdered|powdered sugar|confectioner'?s sugar",
       "Confectioner's sugar"),
    _r({C.SWEETS}, r"^sweeteners?\b|^sugar substitute|^(equal|splenda|sweet'n)",
       "Sugar substitutes"),
    _r({C.SWEETS}, r"^sugars?\b|\bsugar, (brown|granulated|maple|turbinado)", "Sugar"),
    _r({C.SWEETS}, r"^(?!candies).*(^honey|\bjams?\b|jellies|\bjelly\b|marmalade|preserves|"
                   r"fruit butter|"
                   r"molasses|apple butter)", "Honey, jams, jellies"),
    _r({C.SWEETS}, r"syrup|topping|fudge sauce|caramel sauce", "Syrups"),
    _r({C.SWEETS}, r"frosting|icing|glaze", "Cake frostings"),
    _r({C.SWEETS}, r"pie filling", "Pie fillings"),
    _r({C.SWEETS}, r"pudding|custard|gelatin|flan|mousse|tapioca|rennin|junket",
       "Custards, gelatin or pudding"),
    _r({C.SWEETS}, r"^cocoa, dry powder|^carob powder|cocoa powder", "Cocoa powder"),
    _r({C.SWEETS}, r"\bpectin\b", "Baking powder"),
    _r({C.SWEETS}, r".", "All other candies"),
    # -- snacks ----------------------------------------------------------------------------------
    _r({C.SNACKS}, r"granola bar|cereal bar|\bbars?\b|breakfast bar", "Grain-based bars"),
    _r({C.SNACKS}, r"jerky|meat stick|beef stick|pork skins|pork rinds",
       "Dried meat or poultry"),
    _r({C.SNACKS}, r"\bpretzels?, soft\b", "Biscuits, croissants"),
    _r({C.SNACKS}, r"trail mix", "Nuts, seeds and mixtures"),
    _r({C.SNACKS}, r".", "Snacks, all varieties"),
    # -- soups, sauces, gravies ----------------------------------------------------------------
    _r({C.SOUPS}, r"\bdip\b|salsa|pico de gallo|\bbarbecue\b|hollandaise|tartar|"
                  r"sweet and sour|duck sauce|plum sauce|cheese dip|guacamole|"
                  r"\bhoisin\b|oyster sauce|fish sauce|peanut sauce|chili sauce|"
                  r"\bhot sauce\b|tabasco|sriracha|enchilada sauce|taco sauce",
       "Barbecue, hollandaise"),
    _r({C.SOUPS}, r"soy sauce|teriyaki|steak sauce|worcestershire|marinade|catsup|"
                  r"ketchup", "Major condiments"),
    _r({C.SOUPS}, r"pizza sauce|sauce, pizza|pesto|alfredo|gravy|white sauce|cheese sauce|"
                  r"cocktail sauce|bearnaise|stroganoff sauce|sauce, (cheese|white|"
                  r"mushroom|curry)", "Minor main-entree sauces"),
    _r({C.SOUPS}, r"\bsoups?\b(?! company)", "Soups, all varieties"),
    _r({C.SOUPS}, r"spaghetti sauce|pasta sauce|marinara|tomato sauce|\bprego\b|\bragu\b|"
                  r"sauce, .*(tomato|spaghetti|pasta|marinara)|sloppy joe\b", "Major main-entree "
                                                                            "sauces"),
    _r({C.SOUPS}, r"\bsauce\b|sofrito|\bmole\b", "Minor main-entree sauces"),
    _r({C.SOUPS}, r".", "Soups, all varieties"),
    # -- beverages -----------------------------------------------------------------------------
    _r({C.BEVERAGES}, r"(cocoa|chocolate|malted|dairy drink|milk|eggnog|breakfast).*"
                      r"\b(powder|mix|dry)\b(?!.*prepared)", "Milk, milk-substitute and "
                                                             "fruit juice concentrates"),
    # "corn syrup" is an ingredient of a ready drink ("Energy Drink with ... corn syrup")
    _r({C.BEVERAGES}, r"^[^,]*(?<!corn )\bsyrup\b(?!.*prepared)", "Syrups"),
    _r({C.BEVERAGES}, r"\b(powder|mix|dry|concentrate|crystals|granules|(?<!corn )syrup)\b"
                      r"(?!.*(prepared|diluted|reconstituted))",
       "Drink mixes without alcohol"),
    _r({C.BEVERAGES}, r"\b(cocoa|hot chocolate|chocolate milk|milk|malted|eggnog|"
                      r"rice drink|almond|oat beverage|horchata|soy)\b|breakfast|"
                      r"\bmeal\b|supplement|ensure|shake|nutritional", "Milk, milk-substitute"
                                                                        " beverages"),
    _r({C.BEVERAGES}, r"(coffee|tea)\b.*((?<!un)sweetened|flavored|latte|mocha|frappuccino|"
                      r"cappuccino|chai)", "Coffee or tea, flavored and sweetened"),
    # plain tea and coffee, also under a brand ("NESTEA, tea, black, ready-to-drink, lemon")
    _r({C.BEVERAGES}, r"^([^,]*, )?(tea|coffee)\b", "Carbonated and noncarbonated"),
    _r({C.BEVERAGES}, r"\bjuice\b|nectar|lemonade|limeade|fruit punch|\bpunch\b|"
                      r"cranberry|\bdrink\b", "Juices, nectars, fruit drinks"),
    _r({C.BEVERAGES}, r".", "Carbonated and noncarbonated"),
    # -- mixed dishes: fast foods, meals, restaurant foods, native foods ------------------------
    _r(_ANY, r"\bsoups?\b(?! company)|\bchowder\b|\bstew, .*(fish|seal)|\bbroth\b|\bbouillon\b",
       "Soups, all varieties"),
    _r(_ANY, r"\bsalad\b.*\b(potato|pasta|macaroni)\b|\b(potato|pasta|macaroni) salad",
       "Pasta or potato salad"),
    # a restaurant's dipping sauce or syrup ("McDONALD'S, Barbeque Sauce")
    _r(_ANY, r"^(?!.*\bwith(out)?\b)[^,]+, [^,]*\b(sauce|honey|ketchup|catsup|mustard)\b"
             r"[^,]*$", "Barbecue, hollandaise"),
    _r(_ANY, r"^(?!.*\bwith(out)?\b)[^,]+, [^,]*\bdressing\b[^,]*$", "Dressings for salads"),
    _r(_ANY, r"^(?!.*\b(sandwich|submarine|burrito|wrap|pita)\b).*(\bsalad\b"
             r"(?!.*(?<!without )\bdressing)|"
             r"coleslaw|cole slaw)", "All other salads"),
    _r(_ANY, r"\b(french fr|fries|hash(ed)? ?browns?|tater tots|potato puffs|potato skins|"
             r"potato pancakes)\b", "French fries, hash browns"),
    _r(_ANY, r"^([^,]+, )?(mashed potato|potato(es)?, mashed)",
       "Potatoes or sweet potatoes: mashed"),
    _r(_ANY, r"\b(shakes?|smoothie)\b", "Shakes or shake substitutes"),
    _r(_ANY, r"\b(sundae)\b", "Sundae"),
    _r(_ANY, r"\b(ice cream|frozen yogurt|soft-serve|soft serve|ice milk|frozen dessert|"
             r"frozen novelt)\b", "Ice cream"),
    _r(_ANY, r"\b(pudding|flan|custard|arroz con leche)\b", "Custards, gelatin or pudding"),
    _r(_ANY, r"\b(cookies?)\b", "Cookies"),
    _r(_ANY, r"\bpot pie\b", MIXED_CUP),
    _r(_ANY, r"^(?!.*\b(chicken|beef|turkey|meat|pork|ham)\b).*\b(pies?|cobbler|turnover|"
             r"pastry)\b",
       "Pies, cobblers"),
    _r(_ANY, r"\b(biscuits?|croissants?|english muffins?)\b(?!.*\b(sandwich|with|egg|"
             r"sausage|ham|bacon|chicken)\b)", "Biscuits, croissants"),
    _r(_ANY, r"\b(pancakes?|hotcakes?|french toast|crepes?)\b(?!.*\b(sausage|bacon)\b)",
       "French toast, crepes, pancakes"),
    _r(_ANY, r"\b(egg rolls?|spring rolls?|dumplings?|pot ?stickers?|wontons?|"
             r"mozzarella sticks|cheese sticks|onion rings|jalapeno poppers|poppers|"
             r"taquitos|mini|bagel bites|pizza rolls|nachos|hush pupp|samosas?|"
             r"potstickers|empanadas?|pupusas?|tamales?)\b", "Appetizers, hors d'oeuvres"),
    _r(_ANY, r"\b(scrambled|omelets?|omelette|egg foo young|egg, .*(scrambled|omelet))\b"
             r"(?!.*\b(sandwich|biscuit|muffin|croissant|burrito|bagel|wrap)\b)",
       "Egg mixtures"),
    _r(_ANY, r"^(?!.*\b(sandwich|biscuit|croissant|muffin|bagel|burrito|taco|wrap|sub|bun|"
             r"pizza|salad|submarine|filet-o-fish)\b).*\b(clams?|oysters?|scallops?|shrimp|fish|"
             r"seafood|crab|lobster)\b", "Fish, shellfish or game meat entrees without sauce"),
    _r(_ANY, r"^(?!.*\b(sandwich|biscuit|croissant|muffin|bagel|burrito|taco|wrap|sub|bun|"
             r"pizza|salad|submarine)\b).*"
             r"\b(nuggets?|tenders?|strips|fingers|chicken, .*\b(breast|wing|thigh|"
             r"drumstick|leg)|fried chicken|wings?|breaded .*(chicken|fish|shrimp)|fish "
             r"fillet|shrimp|steak|ribs?|chicken, fried|chicken, breaded|roast beef|pot roast|"
             r"pork chop)\b"
             r"(?!.*\b(sandwich|salad|wrap|burrito|sub|on bun|bun)\b)",
       "Meat or poultry cuts"),
    _r(_ANY, r"^(?!.*\b(biscuit|croissant|muffin|bagel|burrito|sandwich|pizza|hotcakes|"
             r"pancakes|breakfast)\b).*"
             r"\b(frankfurter|hot dog|corn dog|sausage|bologna|salami)\b"
             r"(?!.*\b(sandwich|bun|biscuit|muffin|pizza|croissant|bagel|with)\b)",
       "Luncheon meats"),
    _r(_ANY, r"\b(beans?|frijoles|chili con carne|chili with beans|chili, )\b"
             r"(?!.*\b(burrito|taco|tostada|nachos|enchilada|quesadilla|sandwich|bowl)\b)",
       MIXED_CUP),
    _r(_ANY, r"\b(sandwich|burger|hamburger|cheeseburger|whopper|big mac|sub\b|submarine|"
             r"burrito|enchilada|taco|tostada|quesadilla|pizza|calzone|stromboli|quiche|"
             r"wrap|gyro|pocket|hot pocket|lean pocket|croissan'?wich|biscuit|muffin|bagel|"
             r"chimichanga|fajita|corn ?dog|arepa|tortilla|knish|pastel|pierogi|pirogi|"
             r"crepe|kabob|kebab|pasty)\b", "Mixed dishes not measurable"),
    _r(_ANY, r"\brice\b(?!.*\b(with|and|y|con)\b)|\bnoodles?, (chinese|cellophane)",
       "Grains, plain"),
    _r(_ANY, r".", MIXED_CUP),
)



def _alt_amount(racc: Racc, keyword: str) -> tuple[float, str] | None:
    """The amount in the row's ``racc_alt`` whose text holds ``keyword`` ("45 g dry")."""
    for part in re.split(r";|, (?=\d)", racc.alt):
        if keyword.lower() in part.lower():
            m = re.match(r"\s*(\d+/\d+|\d+(?:\.\d+)?)\s*(g|mL|cup|tbsp|tsp)\b", part)
            if m:
                return _number(m.group(1)), m.group(2)
    return None


@dataclass(frozen=True)
class Reference:
    """The reference amount for one food, as grams."""

    category: str
    grams: float
    basis: str  # how the grams were found: "85 g", "1 tbsp = 14.2 g (USDA tbsp)", ...


def _is_raw_cut(name: str) -> bool:
    """A meat, poultry, fish or game food sold raw ("..., raw"), not cooked."""
    if not RAW.search(name):
        return False
    # "cooked" before "raw" in the name describes the yield of a cut weighed raw
    return not re.search(r"\b(cooked|roasted|braised|broiled|grilled|fried|simmered|"
                         r"stewed|baked|smoked|cured|heated)\b", name, re.I)


def _to_grams(amount: float, unit: str, measures: list[Measure], energy: float | None
              ) -> tuple[float, str] | None:
    """An amount of a RACC unit as grams of this food, and how it was found."""
    if unit == "g":
        return amount, f"{amount:g} g"
    if unit == "kcal":
        if not energy:
            return None
        return amount / energy * 100.0, f"{amount:g} kcal at {energy:g} kcal/100 g"
    if unit in ("cup", "tbsp", "tsp"):
        for m in measures:
            if m.kind == "volume" and m.unit == unit:
                return amount * m.grams_per_unit, f"{amount:g} {unit} (USDA {unit})"
        ml = amount * ML_PER_UNIT[unit]
    elif unit == "mL":
        ml = amount
    else:
        return None
    density = grams_per_ml(measures)
    if density is None:
        return ml * FALLBACK_G_PER_ML, f"{ml:g} mL at {FALLBACK_G_PER_ML:g} g/mL (no USDA volume)"
    return ml * density, f"{ml:g} mL at {density:.3f} g/mL (USDA volume measure)"


def _rte_category(measures: list[Measure]) -> str:
    """Ready-to-eat cereals by their weight per cup (FDA's rows); 40 g row without a cup."""
    per_cup = None
    for m in measures:
        if m.kind == "volume" and m.unit.split(",")[0] == "cup":
            per_cup = m.grams_per_unit
            break
    if per_cup is not None and per_cup < 20:
        return "Ready-to-eat breakfast cereals weighing <20 g"
    if per_cup is not None and per_cup >= 43:
        return "Ready-to-eat breakfast cereals weighing >=43 g"
    return "Ready-to-eat breakfast cereals weighing 20 to <43 g"


# American Indian/Alaska Native foods follow the rules of the group their name names.
_NATIVE_AS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_rx(p), g) for p, g in (
        (r"^agutuk|^stew|^soup|stew\b|^corned beef", C.MEALS),
        (r"^tea\b|beverage", C.BEVERAGES),
        (r"^oil\b|blubber|^(?!.*\bmeat\b).*\bfat\b", C.FATS),
        (r"^(fish|salmon|steelhead|smelt|octopus|cockles|chiton|sea cucumber|ascidians|oopah)",
         C.FISH),
        (r"^(mutton)\b", C.GAME),
        (r"^(caribou|moose|deer|elk|buffalo|seal|whale|walrus|sea lion|bear|squirrel|owl|"
         r"duck)\b", C.GAME),
        (r"berr|^plums|^melon|^rose hips|^(plains )?pricklypear|^agave", C.FRUITS),
        (r"^(hazelnuts|pinon|mouse nuts|wocas, dried seeds)", C.NUTS),
        (r"^cornmeal|^corn, dried|^mush", C.GRAINS),
        (r"bread|^tortilla|^piki", C.BAKED),
        (r".", C.VEGETABLES),
    )
)


def match_rule(name: str, food_group: str) -> Rule:
    """The first rule that applies to a food (the last rule of each group catches all)."""
    if food_group == C.NATIVE:
        food_group = next(g for pattern, g in _NATIVE_AS if pattern.search(name))
    name = C._drink_name(name, food_group)  # SR28's "Beverages, " head names no kind
    for rule in RULES:
        groups, pattern, _, _ = rule
        if groups is not None and food_group not in groups:
            continue
        if pattern.search(name):
            return rule
    raise AssertionError("the catch-all rule always matches")  # pragma: no cover


# Categories of prepared foods: a mix, powder or concentrate of one is judged on the amount
# that makes one reference amount (21 CFR 101.12(c)).
_MADE_UP = ("Soups", "Minor main-entree", "Major main-entree", "Custards", "Milk, milk-",
            "Shakes", "Drink mixes", "Juices, nectars", "Coffee or tea", "Carbonated",
            "Cakes", "Bagels", "Biscuits", "Breads", "Coffee cakes", "Brownies", "Cookies",
            "French toast", "Waffles", "Mixed dishes", "Potatoes or sweet potatoes: mashed",
            "Cake frostings", "Egg mixtures", "Pie fillings", "Barbecue", "Sundae",
            "Ice cream", "Grain-based bars", "Pies", "Pizza crust", "Stuffing")
_DRY_MIX = _rx(r"\b(dry|dried|mix|powder|powdered|(?<!from )concentrate|condensed|"
               r"dehydrated|granules|"
               r"cubes?|crystals|flakes|tablets|undiluted)\b")
# A mix whose USDA record gives no amount that makes one serving is judged on one
# tablespoon of it: less than any serving needs (a cup of cocoa takes 3 heaping teaspoons),
# so that a tag or a claim never rests on more mix than a person uses.
MIX_FALLBACK = (1.0, "tbsp")
_MADE = _rx(r"\b(prepared|(?<!not )reconstituted|(?<!un)diluted|made with|cooked|baked|heated|"
            r"microwaved|ready-to-serve|ready-to-drink|as served|ready to drink)\b")
# USDA SR24's own names for the made-up forms: frozen juice concentrate "diluted with 3
# volume water", condensed soup "prepared with equal volume water".
JUICE_CONCENTRATE_PARTS = 4  # 1 part concentrate + 3 parts water
CONDENSED_SOUP_PARTS = 2  # 1 part soup + 1 part water


def _makes_measure(usda_measures) -> tuple[float, str] | None:
    """The USDA measure that makes one serving of a mix (packet, serving, envelope...).

    A measure that says what it makes ("1/3 cup (makes 1 cup reconstituted milk)") comes
    before a package ("1 envelope (1-1/3 cup)"), which may hold several servings."""
    found = [(0 if _SAYS_MAKES.search(text) else 1, i, grams / amount, _clean(text) or text)
             for i, (amount, text, grams) in enumerate(usda_measures)
             if amount > 0 and grams > 0 and _MAKES.search(text)]
    if not found:
        return None
    _, _, grams, text = min(found)
    return grams, text


def reference_amount(name: str, food_group: str, measures: list[Measure],
                     energy: float | None = None, usda_measures=()) -> Reference:
    """The food's RACC category and its amount in grams (see the module docstring)."""
    _, _, prefix, alt = match_rule(name, food_group)
    if prefix == READY_TO_EAT:
        prefix = _rte_category(measures)
    if prefix == MIXED_CUP:
        has_cup = any(m.kind == "volume" and m.unit.split(",")[0] == "cup" for m in measures)
        prefix = "Mixed dishes measurable" if has_cup else "Mixed dishes not measurable"
    racc = category(prefix)
    amount, unit = racc.amount, racc.unit
    basis_note = ""
    if alt == "uncooked" and not _is_raw_cut(name):
        alt = None
    elif alt == "dry" and not _DRY_FORM.search(name):
        alt = None
    elif alt == "frozen" and not re.search(r"frozen.*unprepared|unprepared.*frozen|"
                                           r"frozen$|, frozen(?!.*(heated|prepared|baked|"
                                           r"fried|cooked))", name, re.I):
        alt = None
    elif alt == "canned in liquid" and prefix.startswith("Potatoes or sweet potatoes, plain") \
            and not re.search(r"\bcanned\b", name, re.I):
        alt = None
    if alt is not None:
        found = _alt_amount(racc, alt)
        if found:
            amount, unit = found
            basis_note = f" ({alt})"
    # "1/4 tsp, or 0.5 g if not measurable by teaspoon": the teaspoon where USDA has one
    if re.fullmatch(r"[\d/.]+ tsp", racc.alt) and any(m.unit == "tsp" for m in measures):
        amount, unit = _alt_amount(racc, "tsp")
    if racc.category.startswith("Pie crust"):
        for count, text, grams in usda_measures:
            if count > 0 and re.search(r"\bcrust\b.*9\"|9\".*\b(crust|shell)\b|^pie crust|"
                                       r"^crust\b", text, re.I) and "1/8" not in text:
                return Reference(racc.category, grams / count * PIE_CRUST_FRACTION,
                                 f"1/8 of 1 {_clean(text)} (about 8 sq in)")
        amount, unit = None, None
    if racc.category.startswith(_MADE_UP) and alt is None and _DRY_MIX.search(name) \
            and not _MADE.search(name):
        if re.search(r"(?<!from )concentrate", name, re.I) and unit == "mL":
            got = _to_grams(amount / JUICE_CONCENTRATE_PARTS, unit, measures, energy)
            return Reference(racc.category, got[0],
                             f"to make {amount:g} mL: 1 part and 3 parts water; " + got[1])
        if re.search(r"condensed", name, re.I) and racc.category.startswith("Soups"):
            return Reference(racc.category, amount / CONDENSED_SOUP_PARTS,
                             f"to make {amount:g} g: soup and an equal volume of water")
        makes = _makes_measure(usda_measures)
        if makes is not None:
            return Reference(racc.category, makes[0], f"1 {makes[1]} of the mix (USDA)")
        got = _to_grams(*MIX_FALLBACK, measures, energy)
        return Reference(racc.category, got[0], "1 tbsp of the mix (USDA gives no amount "
                         "that makes one serving): " + got[1])
    if amount is None or unit is None:
        # the table gives a rule, not an amount (seasoning mixes, sugar substitutes, a crust
        # without a whole-crust measure): the maker's serving USDA lists (a packet of
        # sweetener), else one teaspoon, FDA's unit for such products
        makes = _makes_measure(usda_measures)
        if makes is not None:
            return Reference(racc.category, makes[0], f"1 {makes[1]} (USDA; the table "
                             "gives no amount)")
        got = _to_grams(1.0, "tsp", measures, energy)
        return Reference(racc.category, got[0], "1 tsp (the table gives no amount)")
    got = _to_grams(amount, unit, measures, energy)
    if got is None:  # kcal without an energy value
        got = (100.0, "100 g (no energy value)")
    return Reference(racc.category, got[0], got[1] + basis_note)


# --------------------------------------------------------------------------------------------
# The household measure nearest to the reference amount
# --------------------------------------------------------------------------------------------

_FRACTIONS = {0.25: "1/4", 1 / 3: "1/3", 0.5: "1/2", 2 / 3: "2/3", 0.75: "3/4",
              1.25: "1 1/4", 1.5: "1 1/2", 2.5: "2 1/2"}


def _amount_text(k: float) -> str:
    for value, text in _FRACTIONS.items():
        if abs(k - value) < 1e-9:
            return text
    return f"{k:g}"


_IRREGULAR = {"leaf": "leaves", "half": "halves", "loaf": "loaves", "knife": "knives",
              "potato": "potatoes", "tomato": "tomatoes", "mango": "mangoes"}
# words that describe a piece rather than name it ("2 medium bagels", "9 super colossal")
_ADJECTIVES = frozenset({*(w for s in _SIZES for w in s.split()), "super", "colossal",
                         "whole", "presliced", "raw", "cooked", "thin", "thick", "regular",
                         "individual", "small", "fun", "size"})


def _plural(word: str) -> str:
    if not word or word.endswith("s") or word.lower() in _ADJECTIVES:
        return word
    if word.lower() in _IRREGULAR:
        return _IRREGULAR[word.lower()]
    if re.search(r"(ch|sh|x|z)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


# words after which a unit's name is a qualifier: "pad peeled", "fig with liquid"
_QUALIFIER = frozenset({"not", "with", "without", "for", "of", "from", "in", "peeled",
                        "cooked", "presliced", "frozen", "raw", "whole", "fast"})


def _plural_unit(unit: str) -> str:
    """'slice' -> 'slices', 'cup, chopped' -> 'cups, chopped', 'fig with liquid' -> 'figs
    with liquid', 'medium bagel' -> 'medium bagels', 'toaster pastry' -> 'toaster pastries';
    sizes ('large') and spoons stay."""
    head, sep, tail = unit.partition(",")
    words = head.split()
    if not words or head.strip() in ("tbsp", "tsp", "fl oz", "oz"):
        return unit
    end = next((i for i, w in enumerate(words) if i > 0 and w.lower() in _QUALIFIER),
               len(words))
    nouns = [i for i in range(end) if words[i].lower() not in _ADJECTIVES]
    if nouns:  # the last noun before any qualifier
        words[nouns[-1]] = _plural(words[nouns[-1]])
    return " ".join(words) + sep + tail


def _noun(name: str, count: float) -> str:
    """The food's noun for a bare size word: 'Egg, whole, ...' -> 'egg' / 'eggs'."""
    head = name.split(",")[0].strip().lower()
    if count == 1:
        for pattern, repl in ((r"ies$", "y"), (r"(ch|sh|x|ss|o)es$", r"\1"), (r"s$", "")):
            if re.search(pattern, head) and not head.endswith(("ss", "us", "is")):
                return re.sub(pattern, repl, head)
        return head
    return head if head.endswith("s") else _plural(head)


@dataclass(frozen=True)
class Portion:
    """A reference portion: category, RACC grams, and the household measure nearest to it."""

    category: str
    racc_grams: float
    text: str
    grams: float
    pieces: int
    basis: str


def _candidates(measures: list[Measure]):
    """(kind, k, unit, grams) for each household multiple a cook would measure."""
    seen = set()
    for m in measures:
        if (m.kind, m.unit) in seen:
            continue
        seen.add((m.kind, m.unit))
        if m.kind == "piece":
            steps = [float(k) for k in range(1, _MAX_PIECES + 1)]
        elif m.kind == "weight":
            steps = list(_OZ_STEPS)
        elif m.unit.startswith("cup"):
            steps = list(_CUP_STEPS)
        elif m.unit == "fl oz":
            steps = list(_FLOZ_STEPS)
        else:
            steps = list(_SPOON_STEPS)
        for k in steps:
            yield m.kind, k, m.unit, k * m.grams_per_unit


def _text(kind: str, k: float, unit: str, name: str) -> str:
    amount = _amount_text(k)
    if kind == "piece" and _SIZE_ONLY.match(unit):
        return f"{amount} {unit.lower()} {_noun(name, k)}"
    shown = _plural_unit(unit) if k > 1 else unit
    return f"{amount} {shown}"


def _grams_text(grams: float) -> str:
    return f"{round(grams, 1):g} g" if grams < 10 else f"{round(grams):d} g"


def _derived(measures: list[Measure], ref_unit_is_volume: bool) -> list[Measure]:
    """Measures every cook has, added after the food's own: spoons from a plain cup,
    ounces, and a cup at water's density for a drink USDA measures by no volume."""
    extra = []
    units = {m.unit for m in measures}
    cup = next((m for m in measures if m.kind == "volume" and m.unit == "cup"), None)
    if cup is not None:
        if "tbsp" not in units:
            extra.append(Measure("volume", "tbsp", cup.grams_per_unit / TBSP_PER_CUP,
                                 ML_PER_UNIT["tbsp"]))
        if "tsp" not in units:
            extra.append(Measure("volume", "tsp", cup.grams_per_unit / TSP_PER_CUP,
                                 ML_PER_UNIT["tsp"]))
    if ref_unit_is_volume and not any(m.kind == "volume" for m in measures):
        extra.append(Measure("volume", "cup", ML_PER_UNIT["cup"] * FALLBACK_G_PER_ML,
                             ML_PER_UNIT["cup"]))
    if "oz" not in units:
        extra.append(Measure("weight", "oz", OUNCE_G))
    return extra


def portion(name: str, food_group: str, usda_measures, energy: float | None = None
            ) -> Portion:
    """The reference portion of a food from its name, group and USDA measures.

    The household measure is the multiple of a USDA measure (whole pieces; cup, spoon and
    ounce fractions a cook measures) closest to the RACC in ratio, preferring a piece
    over a volume over a weight at nearly equal closeness; when none is within a factor
    of 1.5 of the RACC, the portion is the RACC itself in grams ("30 g").
    """
    usda_measures = list(usda_measures)
    measures = measures_of(usda_measures)
    ref = reference_amount(name, food_group, measures, energy, usda_measures)
    volume_ref = " mL" in ref.basis or "no USDA volume" in ref.basis
    best = None
    for kind, k, unit, grams in _candidates(measures + _derived(measures, volume_ref)):
        if grams <= 0:
            continue
        err = abs(math.log(grams / ref.grams))
        if err > _NEAR:
            continue
        penalty = _penalties(ref.category)
        score = err + penalty[kind] + (_PER_PIECE * (k - 1) if kind == "piece" else 0.0)
        if best is None or score < best[0] - 1e-12:
            best = (score, kind, k, unit, grams)
    if best is None:
        text = _grams_text(ref.grams)
        return Portion(ref.category, ref.grams, text, float(text.split()[0]), 0, ref.basis)
    _, kind, k, unit, grams = best
    pieces = int(k) if kind == "piece" else 0
    return Portion(ref.category, ref.grams, _text(kind, k, unit, name), grams, pieces,
                   ref.basis)


def serving(name: str, food_group: str, usda_measures, amount: float, measure: str,
            energy: float | None = None) -> Portion:
    """A staple's serving: ``amount`` of the USDA measure whose text is ``measure``
    (``data/staples.csv``), its grams USDA's; the RACC stays the food's reference amount.

    ``ValueError`` when the food has no such measure (a staple row names a measure USDA
    does not give) or the measure cannot be read.
    """
    usda_measures = list(usda_measures)
    ref = reference_amount(name, food_group, measures_of(usda_measures), energy, usda_measures)
    for m_amount, m_name, m_grams in usda_measures:
        if m_name != measure:
            continue
        read = read_measure(float(m_amount), m_name, float(m_grams))
        if read is None:
            raise ValueError(f"{name}: the USDA measure {measure!r} is not a household measure")
        grams = amount * float(m_grams)
        k = round(grams / read.grams_per_unit, 6)  # units of the measure as read
        unit = read.unit
        words = unit.split()
        if read.kind == "piece" and len(words) == 2 and _SIZE_ONLY.match(words[1]):
            unit = f"{words[1]} {words[0]}"  # USDA's "potato medium": a medium potato
            read = Measure(read.kind, unit, read.grams_per_unit, read.ml_per_unit)
        pieces = int(k) if read.kind == "piece" and float(k).is_integer() else 0
        return Portion(ref.category, ref.grams, _text(read.kind, k, read.unit, name), grams,
                       pieces, f"staple serving: {amount:g} x {measure}")
    raise ValueError(f"{name}: USDA gives no measure {measure!r}")
