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
    import pandas as pd

RULES_FILE = "safety_rules.csv"
# Conditions whose plans leave out gluten. "gluten sensitivity" (non-celiac gluten
# sensitivity, gluten intolerance) carries no risk factor of its own: only this rule.
GLUTEN_CONDITIONS = ("celiac disease", "gluten sensitivity")
# Condition names the safety rules act on (``bplanner.advice.risks`` accepts them).
CONDITIONS = GLUTEN_CONDITIONS
RULE_IDS = ("celiac_gluten", "pregnancy_liver", "pregnancy_raw", "lactation_vegan_infant")


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
FISH_GROUP = "Finfish and Shellfish Products"
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
    """A rule that applies to this person; ``removed`` foods left the pool (None: no pool)."""

    rule: SafetyRule
    removed: int | None = None

    @property
    def id(self) -> str:
        return self.rule.id

    def warning(self):
        """The note as a plan warning (``bplanner.advice.warning.RiskWarning``)."""
        message = self.rule.message
        if self.removed is not None and self.rule.id != "lactation_vegan_infant":
            message += f" {self.removed} foods were left out of the candidates."
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
    ids = []
    if any(c in conditions for c in GLUTEN_CONDITIONS):
        ids.append("celiac_gluten")
    if stage == "pregnancy":
        ids += ["pregnancy_liver", "pregnancy_raw"]
    if stage == "lactation" and diet == "vegan":
        ids.append("lactation_vegan_infant")
    return ids


def gluten_mask(foods: pd.DataFrame) -> pd.Series:
    """Foods that hold or may hold gluten (names, or the allergens column's wheat_gluten)."""
    by_name = foods["name"].str.contains(GLUTEN)
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


_MASKS = {
    "celiac_gluten": gluten_mask,
    "pregnancy_liver": liver_mask,
    "pregnancy_raw": raw_animal_mask,
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
    "gluten_mask",
    "liver_mask",
    "load_rules",
    "notes_for",
    "raw_animal_mask",
    "restrict",
    "rule_table",
]
