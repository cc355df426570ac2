"""Safety rules that change what a plan may contain, not only what it says.

A warning cannot undo a food in the plan: a person with celiac disease told to
"avoid gluten" under a plan of bran flakes has been given the gluten. So these
rules act on the candidate pool before the optimizer sees it, and each one that
acts also becomes a note in the plan's warnings, with its source:

* ``celiac_gluten`` (``--condition "celiac disease"``): no wheat, barley, rye
  or what is made from them (malt and brewing-yeast extracts included), and no
  oats: only certified gluten-free oats are safe and USDA SR24 never says so.
  Foods flagged ``wheat_gluten`` in the allergens column go too, so a food the
  name rules miss is still left out when the allergen rules doubt it.
* ``pregnancy_liver`` (``--pregnant``): no liver or liver products (liver
  sausage, pâté, giblets, fish liver oil): retinol.
* ``pregnancy_raw`` (``--pregnant``): no raw or undercooked animal food, even
  with ``--all-foods``: raw meat, fish, shellfish and eggs, uncooked cured meats
  (salami, prosciutto, ...), cold-smoked fish, poached eggs, and traditional
  (Alaska Native) animal foods whose name does not say they are cooked.
* ``lactation_vegan_infant`` (``--lactating`` with a vegan diet): no food is
  removed; the note is about the breastfed baby's vitamin B12.

Where a name leaves it uncertain, the food is left out (the diet promise). The
words shown to people live in ``data/safety_rules.csv`` (id, title, trigger as
the CLI spells it, vitamins, severity, message, advice, source); which foods
each rule removes is decided here, by name rules on the USDA names.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bplanner._resources import data_file
from bplanner.advice.warning import RiskWarning

if TYPE_CHECKING:  # pandas is imported where foods are filtered (`bplanner risks` stays quick)
    import numpy as np
    import pandas as pd

RULES_FILE = "safety_rules.csv"
# Conditions whose plans leave out gluten. "gluten sensitivity" (non-celiac gluten
# sensitivity, gluten intolerance) carries no risk factor of its own: only this rule.
GLUTEN_CONDITIONS = ("celiac disease", "gluten sensitivity")
# Condition names the safety rules act on (``bplanner.advice.risks`` accepts them).
CONDITIONS = GLUTEN_CONDITIONS
RULE_IDS = (
    "celiac_gluten",
    "mercury_fish",
    "pregnancy_liver",
    "pregnancy_raw",
    "pregnancy_cured_fish",
    "pregnancy_listeria",
    "pregnancy_herbal",
    "lactation_vegan_infant",
    "young_child_choking",
    "toddler_milk_sugar",
)
# FDA/EPA "Advice about Eating Fish" is written for those who are or might become
# pregnant, who breastfeed, and for children aged 1 to 11 years: the mercury rule
# applies below this age (infants get no plan).
FISH_ADVICE_CHILD_BELOW_AGE = 12


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Gluten: the grains, their products and names, malt, brewing-yeast extracts, oats.
GLUTEN = _rx(
    r"(?<!buck)wheat|barley|\brye\b|triticale|spelt|kamut|farro|einkorn|emmer|durum|semolina|"
    r"bulgur|couscous|farina|seitan|gluten|malt|brewer|yeast extract|vegemite|marmite|"
    r"\boats?\b|oatmeal|\boat bran|granola|muesli"
)
# Liver and what is made of it; giblets include the liver.
LIVER = _rx(r"\bliver|braunschweiger|giblets|\bp[aâ]t[eé]\b|foie gras|haggis")
RAW = _rx(r"\braw\b|\bpoached\b|\brare\b|undercooked|sushi|sashimi|ceviche|tartare|carpaccio")
# Cured meats that are not cooked (they are dried or fermented): uncertain, so out.
UNCOOKED_CURED = _rx(
    r"salami|prosciutto|chorizo|pepperoni|\bcoppa\b|dry[- ]cured|summer sausage|cervelat|"
    r"thuringer|landjaeger|\bparma\b"
)
COLD_SMOKED_FISH = _rx(r"\blox\b|smoked")
COOKED = _rx(
    r"cooked|boiled|baked|roasted|fried|stewed|simmered|broiled|braised|grilled|heated|canned|"
    r"steamed|\bstew\b|soup|tortilla|bread|sandwich|pizza"
)
# FDA/EPA "Advice about Eating Fish" (2021), "Choices to Avoid: highest mercury levels":
# king mackerel, marlin, orange roughy, shark, swordfish, tilefish (Gulf of Mexico), bigeye
# tuna. USDA names never say where a tilefish came from: uncertain, so all tilefish go.
MERCURY_FISH = _rx(
    r"\bshark\b|swordfish|tilefish|mackerel, king|king mackerel|\broughy\b|\bmarlin\b|"
    r"bigeye|big-eye"
)
# How much fish, FDA/EPA "Advice about Eating Fish" (chart; 2017, kept in 2019 and 2021):
# adults eat 2 to 3 servings a week from the "Best Choices" list, or 1 serving from the
# "Good Choices" list; children eat 2 servings a week (1 to 2 in state versions of the
# chart), a serving smaller with age. A serving is 4 oz for adults and children from 11,
# 1 oz at 1-3 years, 2 oz at 4-7 and 3 oz at 8-10. The planner takes the upper end.
FISH_SERVINGS_ADULT = 3
FISH_SERVINGS_CHILD = 2
FISH_ADULT_FROM_AGE = 11
FISH_SERVING_OZ = ((4, 1.0), (8, 2.0), (11, 3.0))  # (below this age, ounces); then 4
OUNCE_G = 28.349523125
# Seafood that counts as a serving of fish: the fish group and foods named for a fish or
# shellfish (a clam chowder, crab cakes), not fish oils.
SEAFOOD = _rx(
    r"^fish\b|salmon|\btuna\b|sardine|anchov|\bcod\b|shrimp|prawn|\bcrab|lobster|\bclams?\b|"
    r"\boysters?\b|\bscallops?\b|mussel|squid|calamari|octopus|crayfish|crawfish"
)
NOT_SEAFOOD = _rx(
    r"^fish oil|frog legs|turtle|jellyfish|cracker|oyster blade|^ostrich|^emu|^sauce, oyster"
)
# The chart's "Best Choices", as USDA names them; any other fish (a "Good Choice", or a
# name that does not say which fish: "sea bass, mixed species", "tuna salad", fish
# sticks) counts as a Good Choice, the cautious reading.
BEST_CHOICE_FISH = _rx(
    r"anchov|croaker, atlantic|mackerel, atlantic|mackerel, (?:pacific and )?jack|"
    r"black sea bass|butterfish|catfish|\bclams?\b|\bcod\b|\bcrab|crayfish|crawfish|"
    r"flounder|flatfish|haddock|\bhake\b|herring|lobster|mullet|oyster|perch|pickerel|"
    r"plaice|pollock|salmon|sardine|\bscallops?\b|\bshad\b|shrimp|\bskate\b|smelt|\bsole\b|"
    r"squid|tilapia|(?<!sea)trout|whitefish|whiting|tuna, light|light tuna|skipjack"
)
# Choking (AAP, USDA MyPlate), children under 4: foods round or hard in the form a plan
# gives them. Whole nuts, seeds and peanuts (nut and seed butters stay: spread thinly),
# popcorn, hard candy, marshmallows, gum, whole grapes and cherry tomatoes, hot dogs and
# sausages, and raw vegetables.
CHOKING_BELOW_AGE = 4
WHOLE_NUTS = _rx(r"^(?:nuts|seeds|peanuts)\b|^snacks?, (?:trail mix|mixed nuts)")
NUT_FORMS_KEPT = _rx(r"butter|paste|flour|meal\b|milk|oil|spread|beverage")
CHOKING = _rx(
    r"popcorn|candies, hard|hard candy|marshmallow|chewing gum|^grapes\b(?!.*juice)|"
    r"cherry tomato|grape tomato|frankfurter|hot ?dog|wiener|sausage"
)
# Children 12 through 23 months (Dietary Guidelines for Americans 2020-2025, ch. 2): whole
# milk (reduced-fat and fat-free milk from 2 years), and no foods or drinks with added
# sugars. USDA's names say "sweetened", "chocolate", "vanilla", "honey"... or not at all
# (most ready-to-eat cereals hold some sugar): names and the WWEIA "higher sugar" cereals
TODDLER_BELOW_AGE = 2
REDUCED_FAT_MILK = _rx(r"^milk, (?!chocolate).*(?:reduced fat|lowfat|low fat|nonfat|fat free|"
                       r"skim|\b[12]%)")
ADDED_SUGARS = _rx(
    r"(?<!un)sweetened|chocolate|cocoa|vanilla|flavored|\bhoney\b|frosted|"
    r"\bsugar(?:s|ed)?\b(?!-free| free)|syrup|^candies|\bjam\b|jelly|preserves|"
    r"^(?:cakes?|pies?|cookies?|doughnuts?|pastr\w*|sweet rolls?|puddings?|ice creams?),|"
    r"^yogurt, fruit|raisin bran"
)
# Fish cured without cooking (pickled, kippered, salted, dried, smoked: cold-smoked cannot be
# told from hot-smoked by name) and fish eggs not stated to be cooked (caviar, roe).
CURED_FISH = _rx(
    r"pickled|kippered|salted|dried|\bcured\b|smoked|\blox\b|gravlax|caviar|\broe\b|"
    r"\bikura\b|tarama"
)
# Listeria (CDC, FDA): ready-to-eat deli and luncheon meats (meatless slices too), hot dogs
# and frankfurters, meat spreads and pâtés, and cured meats sold to be eaten unheated.
DELI = _rx(
    r"luncheon|\bdeli\b|bologna|frankfurter|\bfranks?\b|wieners?|hot ?dogs?|veggie dog|"
    r"pastrami|cold cuts?|olive loaf|pickle and pimiento|luncheon loaf|head ?cheese|"
    r"liverwurst|braunschweiger|\bp[aâ]t[eé]\b|potted meat|deviled ham|\bunheated\b"
)
# Words that mark a deli product only in a meat (or meatless) food: "Sandwich spread, pork,
# beef", "Turkey breast, prepackaged or deli" (not hazelnut spread or a prepackaged sundae).
MEAT_SPREAD = _rx(r"\bspread\b|prepackaged")
DELI_NOT = _rx(r"^rolls?,|relish|^pickles?\b|margarine|butter|\boil\b|yeast extract|"
               r"cheese spread|^fish,|^spices|\bsoup\b|\band spread\b")
# Soft cheeses that may be made from unpasteurised milk (CDC, FDA): queso fresco, queso
# blanco, panela and other Mexican-style cheeses, brie, camembert, feta, blue-veined
# cheeses; soft-ripened limburger and soft goat cheese go with them.
SOFT_CHEESE = _rx(
    r"\bbrie\b|camembert|\bfeta\b|\bblue\b|roquefort|gorgonzola|stilton|queso|mexican|"
    r"panela|limburger|goat, soft"
)
RAW_MILK = _rx(r"unpasteuri[sz]ed|\braw milk|milk\b.*\braw\b")
# Herbal infusions and bitter-melon (balsam-pear) leaves.
HERBAL = _rx(
    r"\btea\b.*\bherb|\bherb(?:al)?\b.*\btea\b|chamomile|\binfusion|"
    r"(?:balsam-pear|bitter (?:gourd|melon)).*\blea(?:f|fy|ves)"
)
FISH_GROUP = "Finfish and Shellfish Products"
DAIRY_GROUP = "Dairy and Egg Products"
DELI_GROUP = "Sausages and Luncheon Meats"
NATIVE_GROUP = "American Indian/Alaska Native Foods"


@dataclass(frozen=True)
class SafetyRule:
    """One row of ``safety_rules.csv``."""

    id: str
    title: str
    trigger: str
    vitamins: tuple[str, ...]
    severity: str
    message: str
    advice: str
    source: str


@dataclass(frozen=True)
class SafetyNote:
    """A rule that applies to this person; ``removed`` foods left the pool (None: no pool);
    ``eaten`` names the diary lines whose food the rule names ("Bologna, beef (line 3)")."""

    rule: SafetyRule
    removed: int | None = None
    eaten: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.rule.id

    def warning(self):
        """The note as a plan warning (``bplanner.advice.warning.RiskWarning``)."""
        message = self.rule.message
        if self.eaten:
            foods = (self.eaten[0] if len(self.eaten) == 1
                     else ", ".join(self.eaten[:-1]) + " and " + self.eaten[-1])
            message = (f"Your usual day holds {foods}, which bplanner leaves out of your "
                       "plans. " + message)
        if self.removed is not None and self.rule.id != "lactation_vegan_infant":
            foods = "1 food was" if self.removed == 1 else f"{self.removed} foods were"
            message += f" {foods} left out of the candidates."
        return RiskWarning(
            id=self.rule.id,
            severity=self.rule.severity,
            vitamins=self.rule.vitamins,
            message=message,
            advice=self.rule.advice,
            source=self.rule.source,
        )


@lru_cache(maxsize=1)
def load_rules() -> dict[str, SafetyRule]:
    """The shipped rules by id; every rule this module applies must have its row."""
    path = data_file(RULES_FILE)
    rules = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rule = SafetyRule(
                id=row["id"],
                title=row["title"],
                trigger=row["trigger"],
                vitamins=tuple(v for v in row["vitamins"].split(";") if v),
                severity=row["severity"],
                message=row["message"],
                advice=row["advice"],
                source=row["source"],
            )
            if not all((rule.title, rule.message, rule.advice, rule.source)):
                raise ValueError(f"{path}: {rule.id}: title, message, advice and source required")
            rules[rule.id] = rule
    missing = [i for i in RULE_IDS if i not in rules]
    if missing:
        raise ValueError(f"{path}: rows missing for {', '.join(missing)}")
    return rules


def applicable(profile, risk=None, diet: str = "omnivore") -> list[str]:
    """Ids of the rules that apply to a person and a diet, in ``RULE_IDS`` order."""
    conditions = getattr(risk, "conditions", ()) if risk is not None else ()
    stage = getattr(profile, "life_stage", None)
    age = getattr(profile, "age", 30)
    planning = bool(getattr(risk, "planning_pregnancy", False)) if risk is not None else False
    from bplanner.diets import DIETS, allows

    # a rule about foods the diet never eats says nothing to this person (a vegetarian
    # child is not warned about swordfish); an unknown diet is taken as eating anything
    def eats(*sources: str) -> bool:
        return diet not in DIETS or any(allows(diet, s) for s in sources)

    fish = eats("fish", "shellfish")
    ids = []
    if any(c in conditions for c in GLUTEN_CONDITIONS):
        ids.append("celiac_gluten")
    if fish and (stage in ("pregnancy", "lactation") or planning
                 or age < FISH_ADVICE_CHILD_BELOW_AGE):
        ids.append("mercury_fish")
    if stage == "pregnancy":
        if eats("meat", "poultry", "fish"):
            ids.append("pregnancy_liver")
        if eats("meat", "poultry", "fish", "shellfish", "egg", "dairy"):
            ids.append("pregnancy_raw")
        if fish:
            ids.append("pregnancy_cured_fish")
        ids += ["pregnancy_listeria", "pregnancy_herbal"]
    if stage == "lactation" and diet == "vegan":
        ids.append("lactation_vegan_infant")
    if age < CHOKING_BELOW_AGE:
        ids.append("young_child_choking")
    if age < TODDLER_BELOW_AGE:
        ids.append("toddler_milk_sugar")
    return ids


def gluten_mask(foods: pd.DataFrame) -> pd.Series:
    """Foods that hold or may hold gluten (names, the allergen rules' products made from
    wheat or barley whose names do not say so, or the allergens column's wheat_gluten)."""
    from bplanner.table.allergen_rules import HIDDEN

    by_name = foods["name"].str.contains(GLUTEN) | foods["name"].str.contains(
        HIDDEN["wheat_gluten"]
    )
    flagged = foods["allergens"].fillna("").str.split(";").apply(lambda a: "wheat_gluten" in a)
    return by_name | flagged


def liver_mask(foods: pd.DataFrame) -> pd.Series:
    """Liver and liver products."""
    return foods["name"].str.contains(LIVER)


def raw_animal_mask(foods: pd.DataFrame) -> pd.Series:
    """Animal foods that are, or may be, raw or undercooked."""
    sources = foods["animal_sources"].fillna("")
    animal = (sources != "") & (sources != "honey")
    name = foods["name"]
    raw = name.str.contains(RAW)
    cured = name.str.contains(UNCOOKED_CURED) & ~name.str.contains(_rx("pizza"))
    smoked_fish = (foods["food_group"] == FISH_GROUP) & name.str.contains(COLD_SMOKED_FISH)
    native = (foods["food_group"] == NATIVE_GROUP) & ~name.str.contains(COOKED)
    return animal & (raw | cured | smoked_fish | native)


def _animal(foods: pd.DataFrame) -> pd.Series:
    sources = foods["animal_sources"].fillna("")
    return (sources != "") & (sources != "honey")


def _fishy(foods: pd.DataFrame) -> pd.Series:
    """Fish foods: the fish group, fish-named foods, Alaska Native fish and roe."""
    name = foods["name"]
    return (foods["food_group"] == FISH_GROUP) | name.str.contains(_rx(r"^fish\b|salmon|roe\b"))


def seafood_mask(foods: pd.DataFrame) -> pd.Series:
    """Foods a serving of fish is counted for: fish and shellfish, and dishes named for
    them (not foods that only may hold fish, such as a canned soup)."""
    name = foods["name"]
    return (_animal(foods) & ((foods["food_group"] == FISH_GROUP) | name.str.contains(SEAFOOD))
            & ~name.str.contains(NOT_SEAFOOD))


def fish_allowance(profile, risk=None, diet: str = "omnivore") -> tuple[int, float] | None:
    """(servings of fish a week, grams in a serving) under FDA/EPA's advice, or None when
    the advice does not apply to this person (see ``applicable``)."""
    if "mercury_fish" not in applicable(profile, risk, diet):
        return None
    age = getattr(profile, "age", 30)
    adult = age >= FISH_ADULT_FROM_AGE or getattr(profile, "life_stage", "") in (
        "pregnancy", "lactation")
    ounces = next((oz for below, oz in FISH_SERVING_OZ if age < below), 4.0)
    if getattr(profile, "life_stage", "") in ("pregnancy", "lactation"):
        ounces = 4.0
    return (FISH_SERVINGS_ADULT if adult else FISH_SERVINGS_CHILD), ounces * OUNCE_G


def fish_servings_each(foods: pd.DataFrame, week: int) -> np.ndarray:
    """Servings of the week's fish allowance ``week`` a day's serving of each food uses:
    0 for a food that is not seafood, 1 for a Best Choice, ``week`` for any other fish
    (the chart allows 1 serving of a Good Choice in place of the week's Best Choices)."""
    import numpy as np

    sea = seafood_mask(foods).to_numpy(dtype=bool)
    best = foods["name"].str.contains(BEST_CHOICE_FISH).to_numpy(dtype=bool)
    return np.where(sea, np.where(best, 1.0, float(week)), 0.0)


def mercury_fish_mask(foods: pd.DataFrame) -> pd.Series:
    """The FDA/EPA "choices to avoid": the highest-mercury fish, and dishes named for them."""
    return foods["name"].str.contains(MERCURY_FISH)


def cured_fish_mask(foods: pd.DataFrame) -> pd.Series:
    """Fish cured or smoked without cooking, and caviar and roe not stated to be cooked."""
    name = foods["name"]
    cured = name.str.contains(CURED_FISH) & ~(
        name.str.contains(_rx(r"\broe\b")) & name.str.contains(COOKED)
        & ~name.str.contains(_rx(r"caviar|smoked|salted|pickled"))
    )
    canned = name.str.contains(_rx(r"\bcanned\b"))  # heat-treated in the can
    return _animal(foods) & _fishy(foods) & cured & ~canned


def listeria_mask(foods: pd.DataFrame) -> pd.Series:
    """Ready-to-eat foods that may carry Listeria (CDC, FDA): deli and luncheon meats
    (meatless slices too), hot dogs, meat spreads, refrigerated smoked fish, soft cheeses
    that may be unpasteurised, raw milk."""
    name = foods["name"]
    animal = _animal(foods)
    analogue = name.str.contains(_rx(r"meatless|veggie|vegetarian"))
    meaty = foods["animal_sources"].fillna("").str.contains(_rx(r"meat|poultry|fish"))
    deli = (
        (name.str.contains(DELI) & ~name.str.contains(DELI_NOT) & (animal | analogue))
        | (name.str.contains(MEAT_SPREAD) & ~name.str.contains(DELI_NOT) & (meaty | analogue))
        | ((foods["food_group"] == DELI_GROUP) & ~name.str.contains(COOKED))
    )
    smoked_fish = (
        _fishy(foods) & animal & name.str.contains(_rx(r"smoked|\blox\b|kippered"))
        & ~name.str.contains(_rx(r"\bcanned\b"))
    )
    cheese = name.str.contains(_rx(r"^cheese\b")) & name.str.contains(SOFT_CHEESE)
    raw_milk = animal & name.str.contains(RAW_MILK)
    return deli | smoked_fish | cheese | raw_milk


def choking_mask(foods: pd.DataFrame) -> pd.Series:
    """Choking hazards for a child under 4 as a plan gives them: whole nuts and seeds,
    popcorn, hard candy, whole grapes, hot dogs and sausages, raw vegetables."""
    name = foods["name"]
    nuts = name.str.contains(WHOLE_NUTS) & ~name.str.contains(NUT_FORMS_KEPT)
    raw_vegetable = (foods["course"] == "vegetable") & name.str.contains(_rx(r"\braw\b"))
    bun = name.str.contains(_rx(r"^rolls?\b|\bbuns?\b"))  # a hot dog bun is bread
    return nuts | raw_vegetable | (name.str.contains(CHOKING) & ~bun)


def toddler_milk_sugar_mask(foods: pd.DataFrame) -> pd.Series:
    """For a child under 2: reduced-fat and fat-free cow's milk, and foods and drinks with
    sugars added (by name, and the staple cereals of WWEIA's "higher sugar" category)."""
    from bplanner.table.staples import staples

    name = foods["name"]
    higher_sugar = foods["ndb"].map(
        lambda n: "higher sugar" in getattr(staples().get(n), "wweia_category", ""))
    return (name.str.contains(REDUCED_FAT_MILK) | name.str.contains(ADDED_SUGARS)
            | higher_sugar.astype(bool))


def herbal_mask(foods: pd.DataFrame) -> pd.Series:
    """Herbal infusions (herb teas) and bitter-melon (balsam-pear) leaves."""
    return foods["name"].str.contains(HERBAL)


_MASKS = {
    "celiac_gluten": gluten_mask,
    "mercury_fish": mercury_fish_mask,
    "pregnancy_liver": liver_mask,
    "pregnancy_raw": raw_animal_mask,
    "pregnancy_cured_fish": cured_fish_mask,
    "pregnancy_listeria": listeria_mask,
    "pregnancy_herbal": herbal_mask,
    "young_child_choking": choking_mask,
    "toddler_milk_sugar": toddler_milk_sugar_mask,
}


def notes_for(profile, risk=None, diet: str = "omnivore") -> list[SafetyNote]:
    """The rules that apply, as notes without food counts (for `bplanner risks`)."""
    rules = load_rules()
    return [SafetyNote(rules[i]) for i in applicable(profile, risk, diet)]


def restrict(
    foods: pd.DataFrame, profile, risk=None, diet: str = "omnivore"
) -> tuple[pd.DataFrame, list[SafetyNote]]:
    """The food pool without what the safety rules forbid this person, and the notes to show.

    ``foods`` is any slice of the food table (the planner passes its candidates);
    the order of the rows is kept. Each note counts the foods its rule removed
    from ``foods`` (a food two rules forbid counts for both).
    """
    import pandas as pd

    rules = load_rules()
    keep = pd.Series(True, index=foods.index)
    notes = []
    for rule_id in applicable(profile, risk, diet):
        mask_of = _MASKS.get(rule_id)
        if mask_of is None:
            notes.append(SafetyNote(rules[rule_id], 0))
            continue
        mask = mask_of(foods) if len(foods) else ~keep
        notes.append(SafetyNote(rules[rule_id], int(mask.sum())))
        keep &= ~mask
    return foods[keep], notes


def eaten(entries, profile, risk=None, diet: str = "omnivore",
          notes: list[SafetyNote] | None = None) -> list[SafetyNote]:
    """The rules that apply, each with the diary lines whose food it names.

    ``entries`` are diary lines (``bplanner.usual.diary.Entry``: line, name, food_group,
    animal_sources, allergens); the same name rules that keep these foods out of plans
    read them. ``notes`` (from ``restrict``) are returned with the lines added; without
    them, the notes of the rules that name a diary food (for ``intake``, which plans
    nothing). A pregnant person's diary with deli meat gets the Listeria rule's advice
    (heat it until steaming hot) and its source.
    """
    import pandas as pd

    entries = list(entries)
    rules = load_rules()
    frame = pd.DataFrame({
        "name": [e.name for e in entries],
        "food_group": [e.food_group for e in entries],
        "animal_sources": [e.animal_sources for e in entries],
        "allergens": [e.allergens for e in entries],
    }, dtype=object)
    hits = {}
    for rule_id in applicable(profile, risk, diet):
        mask_of = _MASKS.get(rule_id)
        if mask_of is None or not entries:
            continue
        mask = mask_of(frame).to_numpy(dtype=bool)
        hits[rule_id] = tuple(f"{e.name} (line {e.line})"
                              for e, hit in zip(entries, mask) if hit)
    if notes is None:
        return [SafetyNote(rules[i], None, lines) for i, lines in hits.items() if lines]
    return [SafetyNote(n.rule, n.removed, hits.get(n.id, ())) for n in notes]


def rule_table() -> list[dict]:
    """The rules for `bplanner risks`, shaped like ``bplanner.advice.risks.risk_table`` rows."""
    return [
        {
            "id": r.id,
            "title": r.title,
            "category": "safety",
            "trigger": r.trigger,
            "trigger_kind": "safety",
            "vitamins": list(r.vitamins),
            "severity": r.severity,
            "message": r.message,
            "advice": r.advice,
            "source": r.source,
        }
        for r in load_rules().values()
    ]


__all__ = [
    "RULE_IDS",
    "SafetyNote",
    "SafetyRule",
    "applicable",
    "choking_mask",
    "cured_fish_mask",
    "fish_allowance",
    "fish_servings_each",
    "gluten_mask",
    "herbal_mask",
    "listeria_mask",
    "mercury_fish_mask",
    "liver_mask",
    "load_rules",
    "notes_for",
    "raw_animal_mask",
    "restrict",
    "rule_table",
    "seafood_mask",
    "toddler_milk_sugar_mask",
]
