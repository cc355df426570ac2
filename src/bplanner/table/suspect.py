"""Vitamin values that look like USDA errors: a check for a person to review.

USDA's tables carry a few values far out of line with every food of the same kind
(SR24 gave brewed hibiscus tea about 100 times the thiamin of any other tea; SR28
revised it to 0). ``outliers`` lists, for review, each food whose vitamin per 100 g is
more than ``RATIO`` times that of every other food of its kind (same USDA group, same
first word of the name: ``kind``), where that matters (at least ``MIN_SHARE_OF_DV`` of the
Daily Value per 100 g). Foods with B vitamins added (for B12: with B12 added), organ
meats and dried or concentrated forms are passed over: they are rich for a known
reason. A value USDA copied into one sibling stands out with it: both are listed.

Each value a person has reviewed is a row of ``data/suspect_values.csv`` (ndb, vitamin,
verdict, reason, source): ``plausible`` (the food's name explains it) or ``suspect``.
A suspect food keeps USDA's value in the table and in ``show``, which says why, but it
stays out of plans (``suspect_ndbs``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from bplanner._resources import data_file

SUSPECT_FILE = "suspect_values.csv"
RATIO = 10.0  # more than ten times every other food of its kind
MIN_SHARE_OF_DV = 0.10  # and at least 10% of the Daily Value in 100 g
MIN_KIND = 4  # kinds with fewer measured foods say nothing
CLUSTER = 2  # at most this many foods may share the out-of-line value (one imputed copy)
# rich for a known reason: organs, dried or concentrated forms
_EXPECTED = re.compile(
    r"\bliver|giblets|kidney|\bheart\b|spleen|\bdried\b|\bdry\b|powder|dehydrated|"
    r"concentrate|\bcubed\b|granules|\bmix\b|extract|yeast",
    re.IGNORECASE,
)


VERDICTS = ("suspect", "plausible")


@dataclass(frozen=True)
class Review:
    """A person's verdict on a value the check listed."""

    ndb: str
    vitamin: str  # label: B1, B2, ...
    verdict: str  # suspect (out of plans) or plausible (kept)
    reason: str
    source: str


@lru_cache(maxsize=1)
def reviewed() -> tuple[Review, ...]:
    """The rows of ``data/suspect_values.csv``."""
    with open(data_file(SUSPECT_FILE), newline="", encoding="utf-8") as fh:
        return tuple(Review(r["ndb"], r["vitamin"], r["verdict"], r["reason"], r["source"])
                     for r in csv.DictReader(fh))


def suspect_ndbs() -> frozenset[str]:
    """NDB numbers of the foods with a value a person judged suspect: out of plans."""
    return frozenset(r.ndb for r in reviewed() if r.verdict == "suspect")


def why_suspect(ndb: str) -> list[Review]:
    """The suspect verdicts on a food's values (empty for almost every food)."""
    return [r for r in reviewed() if r.ndb == ndb and r.verdict == "suspect"]


# first words that name a whole aisle, not a kind of food: the kind takes one more word
_AISLES = frozenset({
    "beverages", "beverage", "snacks", "cereals", "cereals ready-to-eat", "soup", "soups",
    "fish", "mollusks", "crustaceans", "candies", "babyfood", "infant formula", "sauce",
    "restaurant", "fast foods", "alcoholic beverage", "vegetables", "fruit", "nuts", "seeds",
    "game meat", "lamb", "veal", "beef", "pork", "chicken", "turkey", "salad dressing",
    "spices", "meatless", "vegetarian fillets",
})


def kind(name: str) -> str:
    """A food's kind: the first word of its USDA name ("grapes", "tea" of "Beverages,
    tea, ..."), with one more word where the first names an aisle ("beverages, tea")."""
    parts = [p.strip().lower() for p in str(name).split(",")]
    return ", ".join(parts[:2]) if parts[0] in _AISLES else parts[0]


def outliers(foods, ratio: float = RATIO, min_share: float = MIN_SHARE_OF_DV):
    """Foods whose vitamin per 100 g is more than ``ratio`` times every other food of
    their kind, as a DataFrame (ndb, name, vitamin, per_100g, next_highest, kind,
    foods_of_kind), most out of line first."""
    import pandas as pd

    from bplanner.table.fortification import adds_b_vitamins_of
    from bplanner.targets import daily_value
    from bplanner.vitamins import VITAMINS

    adds_b = adds_b_vitamins_of(foods)
    # enrichment adds thiamin, riboflavin, niacin and folic acid, not B12: for B12 only a
    # food with B12 added (USDA's 578 above 0, or not measured in a B-fortified food) is
    # rich for a known reason
    b12_added = foods["vitamin_b12_added_ug"]
    adds_b12 = adds_b & ~(b12_added.notna() & (b12_added == 0)).to_numpy()
    expected = foods["name"].str.contains(_EXPECTED).to_numpy()
    kinds = foods["food_group"] + " | " + foods["name"].map(kind)
    rows = []
    for v in VITAMINS.values():
        floor = min_share * daily_value(v.key)
        excused = adds_b12 if v.key == "vitamin_b12" else adds_b
        keep = ~(excused | expected) & foods[v.column].notna().to_numpy()
        table = foods[keep].assign(_kind=kinds[keep])
        for name_of_kind, group in table.groupby("_kind", sort=True):
            if len(group) < MIN_KIND:
                continue
            values = group[v.column].sort_values(ascending=False, kind="stable")
            top = float(values.iloc[0])
            # a value copied into a sibling (USDA imputes one form from another) stands out
            # together: up to CLUSTER foods within a factor of 1.5 of the top are listed
            cluster = values[values >= top / 1.5]
            rest = values[values < top / 1.5]
            if len(cluster) > CLUSTER or rest.empty:
                continue
            second = float(rest.iloc[0])
            if top >= floor and float(cluster.iloc[-1]) > ratio * max(second, floor / 10):
                for idx in cluster.index:
                    food = group.loc[idx]
                    rows.append({"ndb": food["ndb"], "name": food["name"], "vitamin": v.label,
                                 "per_100g": float(food[v.column]), "next_highest": second,
                                 "kind": name_of_kind, "foods_of_kind": len(group)})
    out = pd.DataFrame(rows, columns=["ndb", "name", "vitamin", "per_100g", "next_highest",
                                      "kind", "foods_of_kind"])
    spread = out["per_100g"] / out["next_highest"].where(out["next_highest"] > 0)
    verdicts = {(r.ndb, r.vitamin): r.verdict for r in reviewed()}
    out["verdict"] = [verdicts.get((n, v), "to review") for n, v in zip(out["ndb"], out["vitamin"])]
    return out.assign(_r=spread.fillna(float("inf"))).sort_values(
        ["_r", "ndb"], ascending=[False, True], kind="stable").drop(columns="_r").reset_index(
        drop=True)
