"""Build ``data/foods.csv`` from USDA SR24 as shipped in Debian's ``cronometer`` package.

Every amount is copied from the USDA XML as it stands; a nutrient USDA did not
analyse is absent from the XML and stays empty in the table, never 0. The
derived columns come from the rules in classify, familiar, diets, allergens and claims; the
animal-source and allergen flags are then made to agree (``flag_agreement``).
The output is deterministic: the same jar gives a byte-identical file.
"""

from __future__ import annotations

import csv
import io
import lzma
import math
import shutil
import subprocess
import tarfile
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from bplanner import diets
from bplanner.advice import claims
from bplanner.files import check_output_path, quote, write_texts_atomic
from bplanner.foods import COLUMNS as FOOD_COLUMNS
from bplanner.planning import meals
from bplanner.table import allergen_rules, classify, diet_rules, familiar, flag_agreement, portions
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


INDEX_MEMBER = "usda_sr24/foods.index"
MAX_INDEX_BYTES = 16 * 2**20  # the real index is 0.5 MB
MAX_FOOD_BYTES = 2**20  # the largest real food file is 4 KB
MAX_FOODS = 100_000  # SR24 lists 8,858


def _read_member(zf: zipfile.ZipFile, jar: Path, member: str, cap: int) -> bytes:
    """A member's bytes, refusing one that claims or inflates to more than ``cap`` bytes
    (a zip bomb fails at once, without filling memory)."""
    info = zf.getinfo(member)  # KeyError when missing
    if info.file_size > cap:
        raise BuildError(
            f"{jar}: {quote(member)} inflates to {info.file_size:,} bytes; "
            f"at most {cap:,} are accepted"
        )
    try:
        with zf.open(info) as fh:
            data = fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise BuildError(f"{jar}: {quote(member)} cannot be read ({quote(exc, 60)})") from exc
    if len(data) > cap:
        raise BuildError(f"{jar}: {quote(member)} inflates to more than {cap:,} bytes")
    return data


def read_index(zf: zipfile.ZipFile, jar: Path) -> list[str]:
    """The NDB numbers foods.index lists, each once, checked."""
    raw = _read_member(zf, jar, INDEX_MEMBER, MAX_INDEX_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BuildError(
            f"{jar}: {INDEX_MEMBER} line {line} is not UTF-8 text (byte 0x{raw[exc.start]:02x})"
        ) from exc
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        ndb = line.split("|", 1)[0].strip()
        if not (ndb.isascii() and ndb.isdigit() and 1 <= len(ndb) <= 10):
            raise BuildError(
                f"{jar}: {INDEX_MEMBER} line {number} does not start with an NDB number "
                f"({quote(line)})"
            )
        if ndb in seen:
            raise BuildError(
                f"{jar}: {INDEX_MEMBER} lists {ndb} twice (lines {seen[ndb]} and {number})"
            )
        seen[ndb] = number
        if len(seen) > MAX_FOODS:
            raise BuildError(f"{jar}: {INDEX_MEMBER} lists more than {MAX_FOODS:,} foods")
    if not seen:
        raise BuildError(f"{jar}: {INDEX_MEMBER} lists no foods")
    return list(seen)


def _amount(value, what: str, where: str) -> float:
    """A finite, non-negative number from the XML, or a BuildError quoting it briefly."""
    if value is None:
        raise BuildError(f"{where}: {what} has no amount")
    try:
        number = float(value)
    except ValueError:
        raise BuildError(f"{where}: {what} amount {quote(value)} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise BuildError(
            f"{where}: {what} amount {quote(value)} must be a finite number, 0 or more"
        )
    return number


def parse_food(data: bytes, ndb: str, where: str) -> dict:
    """One SR24 food file as a plain record, every amount checked."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise BuildError(f"{where}: declares a DTD or entities, which SR24 files never do")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise BuildError(f"{where} cannot be read ({exc})") from exc
    uid, name = root.get("uid"), root.get("name")
    if root.tag != "food" or not uid or not (name or "").strip():
        raise BuildError(f"{where}: not a <food> with a uid and a name")
    if uid != ndb:
        raise BuildError(f"{where}: holds food {quote(uid)}, but foods.index lists {ndb}")
    rec: dict = {"ndb": uid, "name": name}
    rec["measures"] = []
    for m in root.findall("measure"):
        label = m.get("name")
        if label is None:
            raise BuildError(f"{where}: a measure has no name")
        what = f"measure {quote(label)}"
        grams = _amount(m.get("grams"), f"{what} grams", where)
        rec["measures"].append((_amount(m.get("amount"), what, where), label, grams))
    for n in root.findall("nutrient"):
        col = NUTRIENTS.get(n.get("name"))
        if col is not None:
            if col in rec:
                raise BuildError(f"{where}: nutrient {quote(n.get('name'))} is given twice")
            rec[col] = _amount(n.get("amount"), f"nutrient {quote(n.get('name'))}", where)
    return rec


def read_sr24(jar: Path, progress: Callable[[Iterable], Iterable] | None = None) -> list[dict]:
    """Parse every current food listed in foods.index into a plain record.

    What is read is checked: the index lists at least one food, each number once; every
    amount is a finite number, 0 or more; no member may inflate beyond a fixed cap, so a
    damaged or hostile jar fails at once with one line quoting at most a few dozen
    characters of it.
    """
    try:
        zf = zipfile.ZipFile(jar)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BuildError(f"{jar}: not a readable SR24 jar ({quote(exc, 80)})") from exc
    with zf:
        try:
            entries = read_index(zf, jar)
        except KeyError as exc:
            raise BuildError(f"{jar}: no {INDEX_MEMBER} inside") from exc
        records = []
        for ndb in progress(entries) if progress else entries:
            member = f"usda_sr24/{ndb}.xml"
            try:
                data = _read_member(zf, jar, member, MAX_FOOD_BYTES)
            except KeyError as exc:
                raise BuildError(f"{jar}: foods.index lists {ndb} but {member} is missing") from exc
            records.append(parse_food(data, ndb, f"{jar}: {member}"))
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
            "familiar": int(familiar.is_familiar(name, group)),
            "course": meals.course(group, name),
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


def build(jar: Path | None, out: Path, progress=None, force: bool = False) -> int:
    """Build the table from ``jar`` (fetched with apt when None) into ``out``, and its
    household measures into ``measures.csv`` beside it; return the number of foods.

    Neither file replaces an existing one unless ``force`` (``OutputPathError``); the two
    are published together or not at all (``bplanner.files.write_texts_atomic``).
    """
    out = Path(out)
    for path in (out, measures_path(out)):
        check_output_path(path, force)
    with tempfile.TemporaryDirectory() as tmp:
        if jar is None:
            jar = fetch_jar(Path(tmp))
        records = read_sr24(Path(jar), progress)
        rows = derive(records)
        write_texts_atomic({
            out: to_csv_text(rows),
            measures_path(out): to_csv_text(measure_rows(records), MEASURE_COLUMNS),
        }, force=force)
    return len(rows)
