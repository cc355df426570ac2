"""Build ``data/foods.csv`` from USDA SR24 as shipped in Debian's ``cronometer`` package.

Every amount is copied from the USDA XML as it stands; a nutrient USDA did not
analyse is absent from the XML and stays empty in the table, never 0. The
derived columns come from the rules in classify, diets, allergens and claims; the
animal-source and allergen flags are then made to agree (``flag_agreement``).
The output is deterministic: the same jar gives a byte-identical file.
"""

from __future__ import annotations

import csv
import io
import lzma
import shutil
import subprocess
import tarfile
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from bplanner import allergen_rules, claims, classify, diet_rules, diets, flag_agreement, portions
from bplanner.files import write_text_atomic
from bplanner.foods import COLUMNS as FOOD_COLUMNS
from bplanner.targets import daily_value
from bplanner.vitamins import VITAMINS

JAR_MEMBER = "usr/share/cronometer/usda_sr24.jar"

# USDA XML nutrient name -> our column (per 100 g edible portion)
NUTRIENTS = {
    "B1 (Thiamine)": "thiamin_mg",
    "B6 (Pyridoxine)": "vitamin_b6_mg",
    "Folate": "folate_ug",
    "B12 (Cyanocobalamin)": "vitamin_b12_ug",
    "Retinol": "retinol_ug",
    "Energy": "energy_kcal",
}

# one schema for the builder and the loader: the loader's column order is the file's
COLUMNS = list(FOOD_COLUMNS)

SOURCE_TAG_PERCENT = 10.0  # 21 CFR 101.54: "good source" from 10% DV per RACC
RICH_TAG_PERCENT = 20.0  # "high" / "excellent source" from 20% DV


class BuildError(Exception):
    """The SR24 input could not be found or read."""


def fetch_jar(workdir: Path) -> Path:
    """Download Debian's cronometer package with apt and extract the SR24 jar from it."""
    if shutil.which("apt-get") is None:
        raise BuildError("apt-get is not available: pass the SR24 jar with --jar")
    result = subprocess.run(
        ["apt-get", "download", "cronometer"], cwd=workdir, capture_output=True, text=True
    )
    debs = sorted(workdir.glob("cronometer_*.deb"))
    if result.returncode != 0 or not debs:
        raise BuildError(f"apt-get download cronometer failed: {result.stderr.strip()}")
    return extract_jar_from_deb(debs[-1], workdir)


def extract_jar_from_deb(deb: Path, workdir: Path) -> Path:
    """A .deb is an ar archive holding data.tar.*; read it without dpkg."""
    data = deb.read_bytes()
    if not data.startswith(b"!<arch>\n"):
        raise BuildError(f"{deb} is not a Debian package")
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos : pos + 60]
        try:
            name = header[:16].decode("ascii").strip().rstrip("/")
            size = int(header[48:58].decode("ascii").strip())
        except (UnicodeDecodeError, ValueError) as exc:
            raise BuildError(f"{deb} is a damaged Debian package") from exc
        body = data[pos + 60 : pos + 60 + size]
        pos += 60 + size + (size % 2)
        if name.startswith("data.tar"):
            try:
                raw = lzma.decompress(body) if name.endswith(".xz") else body
                with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
                    for member in tar.getmembers():
                        if member.name.lstrip("./") == JAR_MEMBER:
                            out = workdir / "usda_sr24.jar"
                            out.write_bytes(tar.extractfile(member).read())
                            return out
            except (lzma.LZMAError, tarfile.TarError, EOFError) as exc:
                raise BuildError(f"{deb}: cannot read {name} ({exc})") from exc
    raise BuildError(f"{deb} holds no {JAR_MEMBER}")


def read_sr24(jar: Path, progress: Callable[[Iterable], Iterable] | None = None) -> list[dict]:
    """Parse every current food listed in foods.index into a plain record."""
    try:
        zf = zipfile.ZipFile(jar)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BuildError(f"{jar}: not a readable SR24 jar ({exc})") from exc
    with zf:
        try:
            index = zf.read("usda_sr24/foods.index").decode("utf-8").splitlines()
        except KeyError as exc:
            raise BuildError(f"{jar}: no usda_sr24/foods.index inside") from exc
        entries = [line.split("|", 1)[0] for line in index if line.strip()]
        records = []
        for ndb in progress(entries) if progress else entries:
            member = f"usda_sr24/{ndb}.xml"
            try:
                root = ET.fromstring(zf.read(member))
            except KeyError as exc:
                raise BuildError(f"{jar}: foods.index lists {ndb} but {member} is missing") from exc
            except (ET.ParseError, zipfile.BadZipFile, OSError) as exc:
                raise BuildError(f"{jar}: {member} cannot be read ({exc})") from exc
            rec: dict = {"ndb": root.get("uid"), "name": root.get("name")}
            measures = root.findall("measure")
            rec["measures"] = [
                (float(m.get("amount")), m.get("name"), float(m.get("grams"))) for m in measures
            ]
            for n in root.findall("nutrient"):
                col = NUTRIENTS.get(n.get("name"))
                if col is not None:
                    rec[col] = float(n.get("amount"))
            records.append(rec)
    return records


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
    """Add the reference portion and the rule-based columns to parsed SR24 records."""
    claimed = claims.claims_by_food()
    rows = []
    for rec in records:
        ndb, name = rec["ndb"], rec["name"]
        group = classify.food_group(ndb, name)
        portion = portions.portion(name, group, rec["measures"], rec.get("energy_kcal"))
        sources, allergens = flag_agreement.agree(
            diet_rules.animal_sources(ndb, name, group),
            allergen_rules.allergens(ndb, name, group),
        )
        fortified = classify.is_fortified(ndb, name, group)
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
            **{col: rec.get(col) for col in NUTRIENTS.values()},
            "fortified": int(fortified),
            "everyday": int(classify.is_everyday(ndb, name, group)),
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


def build(jar: Path | None, out: Path, progress=None) -> int:
    """Build the table from ``jar`` (fetched with apt when None) into ``out``, and its
    household measures into ``measures.csv`` beside it; return the number of foods."""
    with tempfile.TemporaryDirectory() as tmp:
        if jar is None:
            jar = fetch_jar(Path(tmp))
        records = read_sr24(Path(jar), progress)
        rows = derive(records)
        write_text_atomic(Path(out), to_csv_text(rows))
        write_text_atomic(measures_path(out), to_csv_text(measure_rows(records), MEASURE_COLUMNS))
    return len(rows)
