"""Familiar foods: the everyday foods of the US diet, so a plan reads like a dietitian's.

SR24 says nothing about how common a food is, and a planner that counts portions
rewards density: half a cup of sheep's milk beats a cup of cow's milk for B12,
hibiscus tea beats bread for thiamin, emu and garland chrysanthemum beat chicken and
spinach. A plan of such foods is exact and unlikely to be followed (closeness to
the usual diet is what makes an optimised diet acceptable: Maillot, Darmon et al.).

So each food is *familiar* (everyday in the US diet) unless a row of
``data/unfamiliar_foods.csv`` names its kind: milk of sheep, goat or buffalo, game
and exotic meats, organs other than liver, fish eggs and fish liquids, fish rarely
sold in US shops, vegetables, fruits, nuts and legumes of other cuisines, herbal
and substitute drinks, infant foods, American Indian/Alaska Native foods. Each row
holds a USDA food group (empty: any), a pattern searched in the USDA name (case
ignored), an ``unless`` pattern, a plain-language reason and its source (USDA ERS
food-availability commodities, the National Fisheries Institute's top seafoods, or
stated as bplanner's own judgement). The rows name the unusual, so a food no row
names stays familiar: doubt counts as familiar, and the weight never hides a food.

Unfamiliar foods are not removed: the planner weighs them (``planner.WEIGHT_UNFAMILIAR``)
because for some diets and targets they are the only sources, and because many are
everyday in one of America's food cultures (the Dietary Guidelines for Americans ask
that choices reflect cultural traditions). Stdlib only: the food table build imports it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from bplanner._resources import data_file
from bplanner.table.classify import _drink_name

RULES_FILE = "unfamiliar_foods.csv"
COLUMNS = ("id", "food_group", "pattern", "unless", "reason", "source")


@dataclass(frozen=True)
class Rule:
    """One kind of unfamiliar food (a row of ``unfamiliar_foods.csv``)."""

    id: str
    food_group: str  # the USDA food group it applies to; "" for every group
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None
    reason: str
    source: str

    def matches(self, name: str, food_group: str) -> bool:
        if self.food_group and self.food_group != food_group:
            return False
        if not self.pattern.search(name):
            return False
        return self.unless is None or not self.unless.search(name)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The shipped rules, in file order; a row with an empty reason or source is refused."""
    path = data_file(RULES_FILE)
    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: columns must be {', '.join(COLUMNS)}")
        for row in reader:
            if not all(row[c].strip() for c in ("id", "pattern", "reason", "source")):
                raise ValueError(
                    f"{path}: {row['id'] or '?'}: id, pattern, reason and source are required")
            out.append(Rule(
                id=row["id"],
                food_group=row["food_group"],
                pattern=re.compile(row["pattern"], re.IGNORECASE),
                unless=re.compile(row["unless"], re.IGNORECASE) if row["unless"] else None,
                reason=row["reason"],
                source=row["source"],
            ))
    return tuple(out)


def unfamiliar_rule(name: str, food_group: str) -> Rule | None:
    """The first rule naming this food's kind, or None for a familiar food."""
    # three SR24 names begin with a space; SR28 starts most drink names with "Beverages, "
    name = _drink_name(" ".join(name.split()), food_group)
    for rule in rules():
        if rule.matches(name, food_group):
            return rule
    return None


def why_unfamiliar(name: str, food_group: str) -> str | None:
    """Why a food is not an everyday US food, in plain words; None when it is one."""
    rule = unfamiliar_rule(name, food_group)
    return None if rule is None else rule.reason


def is_familiar(name: str, food_group: str) -> bool:
    """Whether a food is everyday in the US diet (no row of ``unfamiliar_foods.csv``
    names its kind); the ``familiar`` column of ``data/foods.csv``."""
    return unfamiliar_rule(name, food_group) is None
