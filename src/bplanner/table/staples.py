"""The staple pool: the foods people eat, which the planner uses by default.

USDA SR28 holds 8,789 rows, most of them forms and products nobody plans a day with
(condensed soup, raw turnip greens, dry instant-breakfast powder, jellied luncheon
meat). A plan drawn from every row is exact and cannot be handed out. So the planner
plans from ``data/staples.csv``: for each USDA *What We Eat in America* food category
(``data/reference/wweia_food_categories.csv``, what Americans eat) the one to three SR28
foods that stand for it in the form people eat it, the FDA Total Diet Study food as the
model where one exists. Each row names its category, its *family* (one kind of food:
"lentils, cooked" whether salted or not), its serving (a USDA household measure of that
food, so its grams are USDA's) and the reason it was chosen; ``data/staple_categories.csv``
says for every WWEIA category whether it is in the pool and why not.

A food is *familiar* when it is a staple. Families reach beyond the pool: every food of
the table has one (``family_key``), the staple's where a staple has the same key, so the
repeat limit of ``--all-foods`` plans counts salt/no-salt and condensed/prepared twins
as one food. Stdlib only: the food table build imports it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from bplanner._resources import data_file

STAPLES_FILE = "staples.csv"
KINDS_FILE = "food_kinds.csv"
CATEGORIES_FILE = "staple_categories.csv"
WWEIA_FILE = "reference/wweia_food_categories.csv"
COLUMNS = ("ndb", "usda_name", "wweia_code", "wweia_category", "family", "serving_amount",
           "serving_measure", "tds_number", "reason")
CATEGORY_COLUMNS = ("wweia_code", "wweia_category", "included", "why")


@dataclass(frozen=True)
class Staple:
    """One row of ``staples.csv``."""

    ndb: str
    usda_name: str
    wweia_code: str
    wweia_category: str
    family: str
    serving_amount: float | None  # None: the table's reference portion is the serving
    serving_measure: str
    tds_number: str
    reason: str


def _read(name: str, columns: tuple[str, ...]) -> list[dict]:
    path = data_file(name)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise ValueError(f"{path}: columns must be {', '.join(columns)}")
        return list(reader)


@lru_cache(maxsize=1)
def wweia_categories() -> dict[str, str]:
    """USDA's WWEIA food categories, code -> description (FoodData Central, 2022-10-28)."""
    return {r["wweia_code"]: r["description"]
            for r in _read(WWEIA_FILE, ("wweia_code", "description"))}


@lru_cache(maxsize=1)
def categories() -> dict[str, dict]:
    """``staple_categories.csv`` by WWEIA code: whether the category is in the pool, why."""
    return {r["wweia_code"]: r for r in _read(CATEGORIES_FILE, CATEGORY_COLUMNS)}


@lru_cache(maxsize=1)
def staples() -> dict[str, Staple]:
    """The staple pool by NDB number; a row without family, category or reason is refused,
    and so are two rows of one family (the repeat limit counts families)."""
    out: dict[str, Staple] = {}
    families: dict[str, str] = {}
    for r in _read(STAPLES_FILE, COLUMNS):
        ndb = r["ndb"]
        if not all(r[c].strip() for c in ("ndb", "usda_name", "wweia_code", "family", "reason")):
            raise ValueError(f"{STAPLES_FILE}: {ndb or '?'}: ndb, usda_name, wweia_code, "
                             "family and reason are required")
        if ndb in out:
            raise ValueError(f"{STAPLES_FILE}: {ndb} is listed twice")
        family = r["family"].strip()
        if family.lower() in families:
            raise ValueError(f"{STAPLES_FILE}: {ndb} and {families[family.lower()]} share the "
                             f"family {family!r}: one food per family")
        families[family.lower()] = ndb
        amount = r["serving_amount"].strip()
        out[ndb] = Staple(ndb=ndb, usda_name=r["usda_name"], wweia_code=r["wweia_code"],
                          wweia_category=r["wweia_category"], family=family,
                          serving_amount=float(amount) if amount else None,
                          serving_measure=r["serving_measure"].strip(),
                          tds_number=r["tds_number"].strip(), reason=r["reason"].strip())
    return out


def staple(ndb: str) -> Staple | None:
    """The staple row of a food, or None when the food is not in the pool."""
    return staples().get(ndb)


def is_staple(ndb: str) -> bool:
    """Whether a food is in the staple pool (the ``familiar`` column of ``foods.csv``)."""
    return ndb in staples()


@lru_cache(maxsize=1)
def kinds() -> dict[str, str]:
    """``food_kinds.csv``: staple families (lower case) that are forms of one food, and
    that food's kind (the week's rules count kinds). Every family must be a staple's, and
    every kind must hold two families or more."""
    families = {s.family.lower() for s in staples().values()}
    out: dict[str, str] = {}
    for r in _read(KINDS_FILE, ("family", "kind")):
        family, kind = r["family"].strip().lower(), r["kind"].strip().lower()
        if family not in families:
            raise ValueError(f"{KINDS_FILE}: {r['family']!r} is not a family of {STAPLES_FILE}")
        if not kind or family in out:
            raise ValueError(f"{KINDS_FILE}: {r['family']!r}: one kind, not empty, a family")
        out[family] = kind
    sizes: dict[str, int] = {}
    for kind in out.values():
        sizes[kind] = sizes.get(kind, 0) + 1
    alone = [k for k, size in sizes.items() if size < 2]
    if alone:
        raise ValueError(f"{KINDS_FILE}: the kind {alone[0]!r} holds one family only")
    return out


def kind_of(family: str) -> str:
    """A family's kind: the kind ``food_kinds.csv`` gives it, else the family itself."""
    key = family.lower()
    return kinds().get(key, key)


# Words that name a form or a preparation of one kind of food, not another food: a
# family is the name without them ("Lentils, mature seeds, cooked, boiled, with salt"
# and "..., without salt" are one family; "Soup, oyster stew, canned, condensed" and
# "..., prepared with equal volume water" too).
_FORM_WORDS = re.compile(  # applied to the name in lower case
    # the first character of any match, tested first: a table of a million foods has
    # its families found at every plan, and the scan skips other characters fast (1.3
    # times faster; the word boundary tested once before the words, 3 times faster)
    r"(?=[bcdefghlmnprsuw(])(?:"
    r"\([^()\n]*\)|"  # never past a line: ``family_keys`` reads names a line each
    r"\b(?:prepared with [^,\n]*|(?:"
    r"(?:with|without|no) (?:added )?salt(?: added)?|salt added|unsalted|salted|"
    r"(?:low|reduced|lower) sodium|condensed|ready[- ]to[- ]serve|"
    r"prepared|unprepared|dry|mature seeds|"
    r"raw|cooked|boiled|drained|baked|broiled|roasted|steamed|microwaved|braised|"
    r"pan-fried|pan-browned|stewed|simmered|grilled|heated|unheated|fresh|frozen|canned|"
    r"solids and liquids|drained solids|regular pack|enriched|unenriched|fortified)\b))"
)


def family_key(name: str) -> str:
    """The family of any food from its USDA name: the name without its form words,
    lower case (a staple's family wins where a staple has the same key: ``family_of``)."""
    text = _FORM_WORDS.sub(" ", name.replace("\n", " ").lower())
    parts = [" ".join(p.split()) for p in text.split(",")]
    return ", ".join(p for p in parts if p)


# family_keys: whitespace other than a space or a line break
_OTHER_SPACE = re.compile(r"[^\S \n]")


def family_keys(names) -> list[str]:
    """``family_key`` of many names at once, the same keys: the form words' regex passes
    once over the names joined a line each and the spaces and commas are tidied by plain
    replacing, so a user's table of a million foods has its families in about half the
    time of one call per name. A line break in a name is a space, as ``family_key``
    reads it."""
    names = [n.replace("\n", " ") if "\n" in n else n for n in names]
    if not names:
        return []
    text = "\n".join(names).lower()
    if _OTHER_SPACE.search(text):  # a tab or a no-break space: one space, as split() reads it
        text = re.sub(r"[^\S\n]+", " ", text)
    text = _FORM_WORDS.sub(" ", text)
    while "  " in text:  # from here the only whitespace is a space and a line break
        text = text.replace("  ", " ")
    text = text.replace(" ,", ",").replace(", ", ",")
    while ",," in text:  # empty parts
        text = text.replace(",,", ",")
    for edge in ("\n,", ",\n", "\n ", " \n"):  # no line starts or ends in a comma or space
        text = text.replace(edge, "\n")
    return text.strip(" ,").replace(",", ", ").split("\n")


def kinds_of(families) -> list[str]:
    """``kind_of`` of many families at once."""
    return [kind_of(f) for f in families]


@lru_cache(maxsize=1)
def _staple_family_by_key() -> dict[str, str]:
    return {family_key(s.usda_name): s.family for s in staples().values()}


def family_of(ndb: str, name: str) -> str:
    """A food's family: its staple family, a staple's family for a form of that staple,
    else ``family_key``."""
    s = staples().get(ndb)
    if s is not None:
        return s.family
    key = family_key(name)
    return _staple_family_by_key().get(key, key)
