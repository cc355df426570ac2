"""A diary of a usual day: what a person already eats, read line by line into USDA foods.

A diary is a CSV file with a header and the columns ``food`` (a USDA number or
words of the name), ``amount`` ("1 cup", "2 slices", "150 g", "2" for two
portions) and optionally ``meal`` (breakfast, lunch, dinner, snack) and ``note``
(ignored). Every line either matches one food and a weight, or is reported with
its line number and what would fix it: ``read_diary`` raises ``DiaryError``
holding every bad line, so a person fixes the file in one go. Nothing is guessed:
see ``bplanner.usual.match`` for the matching rule and ``bplanner.table.measures`` for amounts.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bplanner.files import show_path
from bplanner.table.fortification import adds_b_vitamins, folic_acid_counted
from bplanner.table.measures import AmountError, Measure, load_measures, parse_amount, to_grams
from bplanner.text import visible
from bplanner.vitamins import ORDER, VITAMINS

REQUIRED = ("food", "amount")
OPTIONAL = ("meal", "note")
MEALS = ("breakfast", "lunch", "dinner", "snack")
_MEAL_SPELLINGS = {"snacks": "snack", "supper": "dinner"}
SHOWN_PROBLEMS = 5  # bad lines printed before "and N more"
# per-100 g columns an entry carries, and the amount keys they give
NUTRIENT_COLUMNS = {
    **{k: VITAMINS[k].column for k in ORDER},
    "retinol": "retinol_ug",
    "energy_kcal": "energy_kcal",
    "folic_acid_usda": "folic_acid_ug",
    "folate_total": "folate_total_ug",
    "vitamin_b12_added": "vitamin_b12_added_ug",
}
FORMAT_HINT = "a diary is a CSV file with the header food,amount (and optionally meal)"


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str

    def __str__(self) -> str:  # one line, whatever the diary's cells hold
        return f"line {self.line}: {visible(self.message)}"


class DiaryError(Exception):
    """A diary that cannot be read: one message for the file, or one problem per bad line."""

    def __init__(self, path, message: str | None = None, problems: list[LineProblem] = ()):
        self.path = str(path)
        self.message = message
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self, shown: int = SHOWN_PROBLEMS) -> str:
        path = show_path(self.path)
        if self.message:
            return f"{path}: {visible(self.message)}"
        n = len(self.problems)
        out = [f"{path}: {n:,} line{'s' if n != 1 else ''} could not be read:"]
        out += [f"  {p}" for p in self.problems[:shown]]
        if n > shown:
            out.append(f"  and {n - shown:,} more")
        return "\n".join(out)


@dataclass(frozen=True)
class Entry:
    """One diary line, matched: the food, its grams and its vitamins."""

    line: int  # line number in the file (the header is line 1)
    food_text: str  # as written
    amount_text: str  # as written
    meal: str | None  # one of MEALS, or None
    ndb: str
    name: str
    matched_by: str  # "number", "text" or "staple" (see bplanner.usual.match)
    candidates: int  # foods whose name held every word (1 for a number)
    grams: float
    grams_from: str  # "weight", "portion" or "measure"
    basis: str  # how the grams were found, e.g. "2 × slice (28 g) = 56 g"
    fortified: bool
    animal_sources: str  # as in the food table; "" for plant foods
    adds_b: bool = False  # B vitamins added (fortification.adds_b_vitamins): may hold folic acid
    per_100g: dict[str, float | None] = field(default_factory=dict)  # NUTRIENT_COLUMNS keys
    diets: frozenset[str] = frozenset()  # diet keys the food fits
    food_group: str = ""  # USDA food group (the safety rules read it with the name)
    allergens: str = ""  # the food table's allergens column ("wheat_gluten;soy")
    # matched_by "staple": the next foods the words fit, (ndb, name), to choose another
    others: tuple = ()

    def amount(self, key: str) -> float | None:
        """Amount eaten of a vitamin key, "retinol", "folic_acid", "niacin_added" or
        "energy_kcal".

        None where USDA did not measure it. Folic acid and added niacin are counted as
        the planner counts them (``fortification.folic_acid_counted``, ``niacin_counted``):
        USDA's folic acid; where it was not measured, the total folate of a food with B
        vitamins added; all the niacin of a food with B vitamins added, none of another.
        """
        if key == "folic_acid":
            per = float(folic_acid_counted(
                _nan(self.per_100g.get("folic_acid_usda")),
                _nan(self.per_100g.get("folate_total")), self.adds_b))
            return None if per != per else per * self.grams / 100.0
        if key == "niacin_added":
            if not self.adds_b:
                return 0.0
            key = "niacin"
        per = self.per_100g.get(key)
        return None if per is None else per * self.grams / 100.0

    @property
    def amounts(self) -> dict[str, float | None]:
        return {k: self.amount(k) for k in (*ORDER, "retinol", "folic_acid", "niacin_added")}

    @property
    def may_hold_retinol(self) -> bool:
        """Preformed vitamin A comes only from animal and fortified foods."""
        return bool(self.animal_sources) or self.fortified


@dataclass(frozen=True)
class Diary:
    path: str
    entries: tuple[Entry, ...]

    def meals(self) -> list[str | None]:
        """Meals in the order of the day (MEALS), None (no meal given) last."""
        found = {e.meal for e in self.entries}
        return [m for m in MEALS if m in found] + ([None] if None in found else [])

    def by_meal(self, key: str) -> dict[str | None, float]:
        """Amount of a nutrient (``Entry.amount`` keys) per meal; unmeasured counts as 0 here."""
        return {
            meal: sum(e.amount(key) or 0.0 for e in self.entries if e.meal == meal)
            for meal in self.meals()
        }

    @property
    def total_grams(self) -> float:
        return sum(e.grams for e in self.entries)


MAX_DIARY_BYTES = 16 * 2**20  # a usual day is a few dozen lines
# Lines read at most, set from a measurement (2-core machine, every line matched, amounts in
# portions, grams and measures): `intake` on 19,990 lines takes 2.3 s (145 MB), `suggest
# --usual` 1.3 s, so a diary at the cap finishes within seconds. A usual day is a few dozen
# lines; a bigger file is refused at once, before any line is matched.
MAX_DIARY_LINES = 20_000


def _sniff(path: Path) -> str:
    from bplanner.files import InputTooLarge, path_shape_problem, read_input

    problem = path_shape_problem(path)
    if problem:
        raise DiaryError(path, problem)
    if not os.path.exists(path):
        raise DiaryError(path, "no such file")
    if os.path.isdir(path):
        raise DiaryError(path, f"is a folder; {FORMAT_HINT}")
    try:
        data = read_input(path, MAX_DIARY_BYTES)  # a FIFO or /dev/stdin too, never hanging
    except InputTooLarge as exc:
        raise DiaryError(path, f"{exc}; a diary of a usual day is a few lines") from exc
    except OSError as exc:
        raise DiaryError(path, f"cannot be read ({exc.strerror})") from exc
    if b"\x00" in data:
        raise DiaryError(path, f"is a binary file; {FORMAT_HINT}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DiaryError(path, "is not UTF-8 text; save it as CSV (UTF-8)") from None
    if not text.strip():
        raise DiaryError(path, f"is empty; {FORMAT_HINT}, then one line per food")
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_DIARY_LINES:
        raise DiaryError(path, f"holds {lines:,} lines; a diary is read up to "
                               f"{MAX_DIARY_LINES:,} lines (a usual day is a few dozen)")
    return text


def _header(path: Path, row: list[str]) -> list[str]:
    names = [c.strip().lower() for c in row]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        which = " and ".join(repr(c) for c in missing)
        found = ", ".join(c for c in row if c.strip()) or "nothing"
        raise DiaryError(
            path,
            f"line 1: no {which} column (the header line reads: {found}); {FORMAT_HINT}",
        )
    unknown = [c for c in names if c not in (*REQUIRED, *OPTIONAL)]
    if unknown:
        raise DiaryError(
            path,
            f"line 1: unknown column {unknown[0]!r}; a diary has the columns food, amount, "
            "meal (optional) and note (optional)",
        )
    twice = [c for c in names if names.count(c) > 1]
    if twice:
        raise DiaryError(path, f"line 1: column {twice[0]!r} appears twice")
    return names


def parse_meal(text: str) -> str | None:
    """A meal name, or None for an empty cell; ValueError for anything else."""
    t = (text or "").strip().lower()
    if not t:
        return None
    t = _MEAL_SPELLINGS.get(t, t)
    if t not in MEALS:
        raise ValueError(f'unknown meal "{text.strip()}"; accepted: {", ".join(MEALS)} or empty')
    return t


def read_diary(
    path: str | Path,
    foods: pd.DataFrame | None = None,
    measures: dict[str, tuple[Measure, ...]] | str | Path | None = None,
) -> Diary:
    """Read a diary file against a food table (the shipped one by default).

    ``measures`` is a mapping from ``load_measures`` or a path to a measures
    file (default: the shipped ``data/measures.csv``). Raises ``DiaryError``
    with every bad line, or with one message when the file itself is unusable.
    """
    from bplanner.foods import load_foods
    from bplanner.usual.match import FoodIndex, MatchError

    p = Path(path)
    text = _sniff(p)
    if foods is None:
        foods = load_foods()
    if not isinstance(measures, dict):
        measures = load_measures(measures)
    index = FoodIndex(foods)
    cache = _Cache()
    reader = csv.reader(text.splitlines(keepends=True))
    names: list[str] | None = None
    problems: list[LineProblem] = []
    entries: list[Entry] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if names is None:
                names = _header(p, row)
                continue
            if row[0].strip().startswith("#"):
                continue  # a comment line
            if len(row) > len(names):
                problems.append(LineProblem(line, (
                    f"{len(row)} values but the header has {len(names)} columns; "
                    'put a value holding a comma in double quotes, e.g. "1 cup, sliced"')))
                continue
            cells = dict(zip(names, (c.strip() for c in row)))
            entry, problem = _entry(line, cells, foods, measures, index, MatchError,
                                    suggest=len(problems) < SHOWN_PROBLEMS, cache=cache)
            if problem:
                problems.append(LineProblem(line, problem))
            else:
                entries.append(entry)
    except csv.Error as exc:
        raise DiaryError(p, f"line {reader.line_num}: not a valid CSV line ({exc})") from None
    if names is None:  # pragma: no cover - _sniff refuses a blank file
        raise DiaryError(p, f"is empty; {FORMAT_HINT}")
    if problems:
        raise DiaryError(p, problems=problems)
    if not entries:
        raise DiaryError(p, "has a header but no food lines; add one line per food, "
                            "e.g. 09040,1 medium,breakfast")
    return Diary(str(p), tuple(entries))


class _Cache:
    """What a diary's repeated lines share, worked out once: the match of a food's text,
    a food's columns, and the grams of an amount of a food."""

    def __init__(self):
        self.matches: dict[tuple[str, bool], object] = {}
        self.foods: dict[int, dict] = {}
        self.grams: dict[tuple[int, str], object] = {}

    def match(self, index, text: str, suggest: bool, MatchError):
        key = (text, suggest)
        if key not in self.matches:
            try:
                self.matches[key] = index.match(text, suggest=suggest)
            except MatchError as exc:
                self.matches[key] = exc
        return self.matches[key]

    def food(self, foods: pd.DataFrame, position: int) -> dict:
        if position not in self.foods:
            row = foods.iloc[position]
            per_100g = {}
            for key, col in NUTRIENT_COLUMNS.items():
                v = row[col]
                per_100g[key] = None if pd.isna(v) else float(v)
            self.foods[position] = {
                "row": row,
                "per_100g": per_100g,
                "diets": frozenset(c[5:] for c in row.index
                                   if c.startswith("diet_") and bool(row[c])),
                "fortified": bool(row["fortified"]),
                "adds_b": adds_b_vitamins(str(row["name"]), str(row["food_group"]),
                                          bool(row["fortified"]), per_100g.get("vitamin_b12"),
                                          per_100g.get("folic_acid_usda"),
                                          per_100g.get("vitamin_b12_added")),
                "animal_sources": str(row["animal_sources"] or ""),
                "food_group": str(row["food_group"] or ""),
                "allergens": "" if pd.isna(row["allergens"]) else str(row["allergens"]),
            }
        return self.foods[position]

    def to_grams(self, position: int, amount_text: str, quantity, row, measures):
        key = (position, amount_text)
        if key not in self.grams:
            try:
                self.grams[key] = to_grams(quantity, row, measures)
            except AmountError as exc:
                self.grams[key] = exc
        return self.grams[key]


def _entry(line, cells, foods, measures, index, MatchError, suggest=True,
           cache=None) -> tuple[Entry | None, str | None]:
    cache = cache or _Cache()
    food_text, amount_text = cells.get("food", ""), cells.get("amount", "")
    why = []
    meal = None
    try:
        meal = parse_meal(cells.get("meal", ""))
    except ValueError as exc:
        why.append(str(exc))
    quantity = None
    try:
        quantity = parse_amount(amount_text)
    except AmountError as exc:
        why.append(str(exc))
    match = cache.match(index, food_text, suggest, MatchError)
    if isinstance(match, MatchError):
        return None, "; ".join([str(match), *why])
    food = f"{match.ndb} {match.name}"
    if quantity is None:
        return None, f"{food}: " + "; ".join(why)
    info = cache.food(foods, match.position)
    grams = cache.to_grams(match.position, amount_text, quantity, info["row"],
                           measures.get(match.ndb, ()))
    if isinstance(grams, AmountError):
        why.insert(0, f"{food} {grams}")
        return None, "; ".join(why)
    if why:
        return None, f"{food}: " + "; ".join(why)
    return Entry(
        line=line,
        food_text=visible(food_text),
        amount_text=visible(amount_text),
        meal=meal,
        ndb=match.ndb,
        name=match.name,
        matched_by=match.how,
        candidates=match.candidates,
        others=match.others,
        grams=grams.grams,
        grams_from=grams.how,
        basis=grams.basis,
        fortified=info["fortified"],
        adds_b=info["adds_b"],
        animal_sources=info["animal_sources"],
        per_100g=info["per_100g"],
        diets=info["diets"],
        food_group=info["food_group"],
        allergens=info["allergens"],
    ), None
