"""The leaflet's food-source claims judged against USDA data: supported, weak, not
supported or not measured, per the FDA "good source" rule.

The claims themselves (each leaflet word pinned to representative SR28 foods, by one
stated rule) are a rule of the food table: ``bplanner.table.leaflet_claims``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bplanner.table.leaflet_claims import (  # noqa: F401 - the claims, named here too
    CLAIMS,
    FORTIFIED_VARIANTS,
    LEAFLET_SECTION,
    LEAFLET_TITLE,
    Claim,
    claims_by_food,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


# FDA 21 CFR 101.54: "good source" = 10-19% of the Daily Value per reference
# amount customarily consumed; "high"/"excellent source" = 20% or more.
GOOD_SOURCE_PCT = 10.0

SUPPORTED = "supported"
WEAK = "weak"
NOT_SUPPORTED = "not supported"
NOT_MEASURED = "not measured"
VERDICTS = (SUPPORTED, WEAK, NOT_SUPPORTED, NOT_MEASURED)

VERDICT_RULE = (
    "A claim is judged on its best representative food, the friendlier reading (a "
    "median would be stricter): 'supported' when that food gives at least 10% of the "
    "Daily Value per reference amount customarily consumed (RACC; FDA 21 CFR 101.54 "
    "'good source'; 20% would be 'excellent'), 'weak' when it gives more than 0 but "
    "under 10%, 'not supported' when every measured representative gives 0, and 'not "
    "measured' when USDA has no value for any of them."
)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def best_percent(percents: Iterable[float | None]) -> float | None:
    """Best %DV per RACC among a claim's representative foods.

    Missing values (None or NaN, as pandas gives them) are skipped; None when no
    representative food has a value, so the verdict can say "not measured".
    """
    measured = [p for p in percents if not _missing(p)]
    return max(measured) if measured else None


def verdict(percent_dv_per_racc: float | None) -> str:
    """Judge a claim from its best %DV per RACC (see VERDICT_RULE)."""
    p = percent_dv_per_racc
    if _missing(p):
        return NOT_MEASURED
    if p < 0:
        raise ValueError(f"percent of Daily Value cannot be negative: {p}")
    if p >= GOOD_SOURCE_PCT:
        return SUPPORTED
    if p > 0:
        return WEAK
    return NOT_SUPPORTED


RACC_RULE = (
    "The RACC is the amount FDA judges a claim on (21 CFR 101.12: 30 g of nuts, 140 g "
    "of fruit, 85 g of cooked fish; USDA's 85 g for cooked meat and poultry, 9 CFR "
    "317.312 and 381.412), in the food table's racc_grams; the portion shown is the "
    "household measure nearest to it. % Daily Value uses the FDA Daily Values of the "
    "reference file."
)
CLAIMS_RULE = VERDICT_RULE + " " + RACC_RULE


def _value(x) -> float | None:
    return None if _missing(x) else float(x)


def _food_entry(row, vitamin: str, dv: float) -> dict:
    from bplanner.vitamins import VITAMINS

    v = VITAMINS[vitamin]
    per_100g = _value(row[v.column])
    racc = float(row["racc_grams"])
    amount = None if per_100g is None else per_100g * racc / 100.0
    return {
        "ndb": row["ndb"],
        "name": row["name"],
        "racc_category": row["racc_category"],
        "racc_grams": racc,
        "portion": row["portion_text"],
        "portion_grams": float(row["portion_grams"]),
        "amount_per_100g": per_100g,
        "amount_per_racc": amount,
        "unit": v.unit,
        "percent_dv_per_racc": None if amount is None else amount / dv * 100,
        "fortified": bool(row["fortified"]),
    }


def judge_claims(foods: pd.DataFrame) -> list[dict]:
    """Each leaflet claim against the food table, in the leaflet's order (see CLAIMS_RULE).

    A claim's record: the leaflet word and vitamin, its representative foods with the
    amount per RACC and its % Daily Value, the best % DV, the verdict and the known
    reason where data and claim disagree. Fortified variants (tofu with B12 added) are
    listed apart and never judge. NDBs missing from ``foods`` (a custom table) are
    listed under ``missing_ndbs`` and left out of the verdict.
    """
    from bplanner.targets import daily_value, display_unit
    from bplanner.vitamins import VITAMINS

    by_ndb = foods.set_index("ndb", drop=False)
    out = []
    for claim in CLAIMS:
        v = VITAMINS[claim.vitamin]
        dv = daily_value(claim.vitamin)
        present = [n for n in claim.ndbs if n in by_ndb.index]
        entries = [_food_entry(by_ndb.loc[n], claim.vitamin, dv) for n in present]
        variants = [
            _food_entry(by_ndb.loc[n], claim.vitamin, dv)
            for n in FORTIFIED_VARIANTS.get((claim.vitamin, claim.word), ())
            if n in by_ndb.index
        ]
        best = best_percent(e["percent_dv_per_racc"] for e in entries)
        out.append(
            {
                "word": claim.word,
                "vitamin": v.label,
                "vitamin_key": claim.vitamin,
                "daily_value": dv,
                "daily_value_unit": display_unit(_dv_unit(claim.vitamin)),
                "foods": entries,
                "missing_ndbs": [n for n in claim.ndbs if n not in by_ndb.index],
                "best_percent_dv": best,
                "verdict": verdict(best),
                "note": claim.note,
                "fortified_variants": variants,
            }
        )
    return out


def _dv_unit(vitamin: str) -> str:
    from bplanner.targets import reference_rows

    return next(r.unit for r in reference_rows() if r.nutrient == vitamin and r.kind == "DV")
