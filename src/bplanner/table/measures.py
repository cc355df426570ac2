"""Household measures and amounts as people write them: "1 cup", "2 slices", "150 g", "½".

``data/measures.csv`` holds every household measure USDA SR28 gives for a food
(``bplanner data build`` writes it beside the food table). An amount turns into
grams in one of three ways, and the result always says which:

* a weight ("150 g", "150g", "0.5 kg", "3 oz", "1 lb") always works, by the exact
  definitions of the units (1 oz = 28.349523125 g, 1 lb = 453.59237 g);
* a bare number ("2", or "2 portions") counts the food's default portion;
* any other unit must be one of the food's USDA measures (``match_measure``);
  when it is not, or fits several measures of different weights, the food's
  measures are listed and nothing is guessed.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bplanner._resources import data_file
from bplanner.text import visible

# exact definitions (international yard and pound agreement, 1959)
WEIGHT_UNITS: dict[str, float] = {
    "g": 1.0,
    "gram": 1.0,
    "gramme": 1.0,
    "kg": 1000.0,
    "kilogram": 1000.0,
    "kilo": 1000.0,
    "oz": 28.349523125,
    "ounce": 28.349523125,
    "lb": 453.59237,
    "pound": 453.59237,
}
PORTION_WORDS = ("portion",)
# spellings of the same unit, on both sides of a comparison
_SYNONYMS = {
    "tablespoon": "tbsp",
    "tbs": "tbsp",
    "tbl": "tbsp",
    "teaspoon": "tsp",
    "fluid": "fl",
    "lbs": "lb",
    "ounce": "oz",
    "gr": "g",
    "grams": "g",
}
_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125,
              "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}
_NUMBER = re.compile(
    r"""^\s*(?P<sign>[-−+]?)\s*(?:
        (?P<whole>\d+)\s*(?P<frac>[½⅓⅔¼¾⅕⅛⅜⅝⅞])                  # 1½
      | (?P<mixed>\d+)\s+(?P<mnum>\d+)\s*/\s*(?P<mden>\d+)      # 1 1/2
      | (?P<num>\d+)\s*/\s*(?P<den>\d+)                          # 1/2
      | (?P<dec>\d+(?:\.\d+)?|\.\d+)                              # 2, 1.5, .5
      | (?P<alone>[½⅓⅔¼¾⅕⅛⅜⅝⅞])                                  # ½
    )(?P<rest>.*)$""",
    re.VERBOSE,
)


# bounds checked before any number is converted: an amount a person writes has a few
# digits (30 allows any decimal anyone types; 4,300 would reach Python's own limit), and
# a usual day holds no more than a few kilograms of one food in any unit
MAX_DIGITS = 30
MAX_LINE_GRAMS = 5000.0


class MeasuresError(Exception):
    """A measures file that cannot be used, with the file and line at fault."""


class AmountError(ValueError):
    """An amount that cannot be turned into grams; the message says what is accepted."""


@dataclass(frozen=True)
class Measure:
    """One USDA household measure: ``amount`` of ``text`` weighs ``grams``."""

    seq: int
    amount: float
    text: str
    grams: float

    @property
    def grams_per_unit(self) -> float:
        return self.grams / self.amount

    def describe(self) -> str:
        """As in a list for a person: "cup, mashed (225 g)", "0.5 cup (120 g)"."""
        lead = "" if self.amount == 1 else f"{self.amount:g} "
        return f"{lead}{self.text} ({self.grams:g} g)"


@dataclass(frozen=True)
class Quantity:
    """An amount as written: a number and the rest of the text (the unit, maybe empty)."""

    number: float
    unit: str


@dataclass(frozen=True)
class Grams:
    """The grams an amount stands for, and how they were found (shown to the user)."""

    grams: float
    how: str  # "weight", "portion" or "measure"
    basis: str  # e.g. "1 cup = 244 g", "150 g", "1 portion = 1 oz, 28.35 g"


def default_path() -> Path:
    """The measures shipped with bplanner."""
    return data_file("measures.csv")


def beside(foods_path: str | Path) -> Path:
    """The measures file that ``bplanner data build`` writes next to a food table."""
    return Path(foods_path).with_name("measures.csv")


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> dict[str, tuple[Measure, ...]]:
    out: dict[str, list[Measure]] = {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            need = ("ndb", "seq", "amount", "measure", "grams")
            missing = [c for c in need if c not in header]
            if missing:
                raise MeasuresError(
                    f"{path}: missing column(s) {', '.join(missing)}; "
                    f"a measures file needs: {', '.join(need)}"
                )
            cols = [header.index(c) for c in need]
            for row in reader:
                if not row:
                    continue
                try:
                    ndb, seq, amount, text, grams = (row[i] for i in cols)
                    m = Measure(int(seq), float(amount), text.strip(), float(grams))
                except (IndexError, TypeError, ValueError) as exc:
                    raise MeasuresError(
                        f"{path}, line {reader.line_num}: not a measure ({exc})"
                    ) from None
                if not (m.amount > 0 and m.grams > 0 and math.isfinite(m.grams_per_unit)):
                    raise MeasuresError(
                        f"{path}, line {reader.line_num}: amount and grams must be above 0"
                    )
                out.setdefault(ndb, []).append(m)
    except UnicodeDecodeError as exc:
        raise MeasuresError(f"{path}: is not UTF-8 text") from exc
    except csv.Error as exc:  # e.g. a field over the csv module's limit (128 KB)
        raise MeasuresError(
            f"{path}: not a valid measures table ({visible(exc)}); it needs the columns "
            "ndb, seq, amount, measure, grams, as `bplanner data build` writes them"
        ) from None
    except OSError as exc:
        raise MeasuresError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return {ndb: tuple(ms) for ndb, ms in out.items()}


def load_measures(path: str | Path | None = None) -> dict[str, tuple[Measure, ...]]:
    """Every household measure by NDB number, in USDA's order (cached per file and mtime)."""
    from bplanner.files import show_path

    p = Path(path) if path is not None else default_path()
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise MeasuresError(f"{show_path(p)}: no such file") from exc
    if p.is_dir():
        raise MeasuresError(f"{show_path(p)}: is a folder, not a CSV file")
    try:
        return _load_cached(str(p.resolve()), mtime)
    except MeasuresError as exc:  # the message names the file as shown, never raw
        raise MeasuresError(str(exc).replace(str(p.resolve()), show_path(p), 1)) from None


def portion(food) -> tuple[float, str]:
    """A food's default portion as (grams, text), from a food table row.

    Reads the ``portion_grams``/``portion_text`` columns where the table has them,
    else the older ``serving_grams``/``serving_text``: the food table is moving
    from one to the other, and a diary's "2" (two portions) must work with both.
    """
    keys = food.keys() if hasattr(food, "keys") else food.index
    if "portion_grams" in keys:
        return float(food["portion_grams"]), str(food.get("portion_text", "") or "")
    return float(food["serving_grams"]), str(food.get("serving_text", "") or "")


def parse_amount(text: str) -> Quantity:
    """Split "1 1/2 cups" into 1.5 and "cups"; refuse what is not an amount.

    Numbers: 2, 1.5, .5, 1/2, 1 1/2, ½, 1½. A negative or zero amount is refused.
    """
    raw = (text or "").strip()
    if not raw:
        raise AmountError('no amount; write e.g. "1 cup", "2 slices", "150 g" or "2" (portions)')
    m = _NUMBER.match(raw)
    if not m:
        raise AmountError(
            f'"{raw}" does not start with a number; write e.g. "1 cup", "½ cup", "150 g" '
            'or "2" (portions)'
        )
    g = m.groupdict()
    digits = sum(len(v) for k, v in g.items() if v and k not in ("sign", "rest"))
    if digits > MAX_DIGITS:
        raise AmountError(
            f"the amount's number has {digits:,} digits; at most {MAX_DIGITS} are accepted, "
            'e.g. "1.5 cup" or "150 g"'
        )
    if g["whole"] is not None:
        value = int(g["whole"]) + _FRACTIONS[g["frac"]]
    elif g["mixed"] is not None:
        value = int(g["mixed"]) + _ratio(g["mnum"], g["mden"], raw)
    elif g["num"] is not None:
        value = _ratio(g["num"], g["den"], raw)
    elif g["dec"] is not None:
        value = float(g["dec"])
    else:
        value = _FRACTIONS[g["alone"]]
    rest = g["rest"].strip()
    if rest[:1] in (",", ".") and rest[1:2].isdigit():
        raise AmountError(f'"{raw}": write decimals with a point, e.g. 1.5')
    if g["sign"] in ("-", "−"):
        raise AmountError(f'negative amount "{raw}"; an amount must be above 0')
    if value <= 0:
        raise AmountError(f'amount "{raw}" is zero; an amount must be above 0')
    return Quantity(value, rest)


def _ratio(num: str, den: str, raw: str) -> float:
    if int(den) == 0:
        raise AmountError(f"{raw!r}: a fraction cannot divide by 0")
    return int(num) / int(den)


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """"slices" -> "slice", "patties" -> "patty": enough for units and food names."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("ch", "sh", "x", "ss")):
        return word[:-2]
    if word in ("potatoes", "tomatoes", "mangoes", "avocadoes", "leaves", "loaves", "halves"):
        return {"leaves": "leaf", "loaves": "loaf", "halves": "half"}.get(word, word[:-2])
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def unit_words(text: str) -> tuple[str, ...]:
    """A unit as comparable words: lower case, singular, synonyms joined ("Tablespoons" -> tbsp)."""
    words = re.findall(r"[a-z0-9]+(?:/[0-9]+)?", text.lower().replace("fl.", "fl "))
    out = []
    for w in words:
        w = _SYNONYMS.get(w, w)
        w = singular(w)
        out.append(_SYNONYMS.get(w, w))
    return tuple(out)


def match_measure(unit: str, measures: tuple[Measure, ...]) -> list[Measure]:
    """The food's measures that a unit names.

    A measure whose whole text is the unit ("cup, sliced" or "cup sliced") is the
    one; else every measure whose text begins with the unit's words ("medium" for
    "medium (7" to 7-7/8" long)", "cup" for both "cup, mashed" and "cup, sliced").
    Plurals and the spellings tablespoon/tbsp, teaspoon/tsp, fluid ounce/fl oz are
    the same unit. The caller refuses several measures of different weights.
    """
    want = unit_words(unit)
    if not want:
        return []
    exact = [m for m in measures if unit_words(m.text) == want]
    if exact:
        return exact
    return [m for m in measures if unit_words(m.text)[: len(want)] == want]


def to_grams(quantity: Quantity, food, measures: tuple[Measure, ...]) -> Grams:
    """Grams of a food that an amount stands for; AmountError says what is accepted,
    and refuses more than ``MAX_LINE_GRAMS`` (or a number that is not finite)."""
    found = _to_grams(quantity, food, measures)
    if not (math.isfinite(found.grams) and 0 < found.grams <= MAX_LINE_GRAMS):
        written = f"{quantity.number:g} {quantity.unit}".strip()
        raise AmountError(
            f'at "{written}" weighs {found.grams:,.6g} g, more than a diary line holds '
            f"(at most {MAX_LINE_GRAMS:,.0f} g, {MAX_LINE_GRAMS / 1000:g} kg, of one food)"
        )
    return found


def _to_grams(quantity: Quantity, food, measures: tuple[Measure, ...]) -> Grams:
    n = quantity.number
    words = unit_words(quantity.unit)
    if len(words) == 1 and words[0] in WEIGHT_UNITS:
        grams = n * WEIGHT_UNITS[words[0]]
        basis = f"{n:g} {words[0]}" + ("" if words[0] == "g" else f" = {grams:.4g} g")
        return Grams(grams, "weight", basis)
    if not words or (len(words) == 1 and words[0] in PORTION_WORDS):
        grams_each, text = portion(food)
        label = f"{grams_each:g} g"
        if text and text.replace(" ", "") != label.replace(" ", ""):
            label = f"{text}, {label}"
        grams = n * grams_each
        return Grams(grams, "portion", f"{n:g} × portion ({label}) = {grams:.4g} g")
    found = match_measure(quantity.unit, measures)
    if not found:
        raise AmountError(f'has no measure "{quantity.unit}"; {_accepted(food, measures)}')
    per_unit = {round(m.grams_per_unit, 6) for m in found}
    if len(per_unit) > 1:
        listed = "; ".join(m.describe() for m in found)
        raise AmountError(
            f'has {len(found)} measures "{quantity.unit}" of different weights ({listed}); '
            f'write one in full, e.g. "1 {" ".join(unit_words(found[0].text))}"'
        )
    m = found[0]
    grams = n * m.grams_per_unit
    return Grams(grams, "measure", f"{n:g} × {m.text} ({m.grams_per_unit:.4g} g) = {grams:.4g} g")


def _accepted(food, measures: tuple[Measure, ...]) -> str:
    grams_each, text = portion(food)
    rest = f'grams ("100 g") or portions ("1" = {text or "the portion"}, {grams_each:g} g)'
    if not measures:
        return f"USDA gives no household measure for this food: write {rest}"
    return f"its measures: {'; '.join(m.describe() for m in measures)}; or {rest}"


# ------------------------------------------------------------------ writing measures

# Common fractions a cook reads, for writing amounts back ("1½ cups", "¾ oz").
_WRITE_FRACTIONS = {0.25: "¼", 0.5: "½", 0.75: "¾", 1 / 3: "⅓", 2 / 3: "⅔", 0.125: "⅛",
                    0.375: "⅜", 0.625: "⅝", 0.875: "⅞", 1 / 6: "⅙", 5 / 6: "⅚"}
# words not pluralised: abbreviations, and size words that qualify a following noun
_NO_PLURAL = re.compile(
    r"^(tbsp|tsp|oz|fl|g|kg|lb|ml|l|small|medium|large|extra|jumbo|whole|nlea|[a-z]+s)$",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"^(tbsp|tsp|oz|fl|lbs|g)$", re.IGNORECASE)


def number(value: float) -> str:
    """1.5 -> "1½", 0.25 -> "¼", 2 -> "2", 0.4 -> "0.4"."""
    whole = int(value + 1e-9)
    rest = value - whole
    if rest < 1e-6:
        return str(whole)
    for frac, sign in _WRITE_FRACTIONS.items():
        if abs(rest - frac) < 0.01:
            return sign if whole == 0 else f"{whole}{sign}"
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"


_SIZES = re.compile(r"^(small|medium|large|extra large|extra|jumbo|whole)$", re.IGNORECASE)


def _plural(unit: str) -> str:
    head, sep, tail = unit.partition(" ")
    bare = head.rstrip(",")
    if _SIZES.match(bare) and tail and not head.endswith(","):
        # "large egg" -> "large eggs": the noun after the size word
        return head + sep + _plural(tail)
    if not re.fullmatch(r"[A-Za-z]+", bare) or _NO_PLURAL.match(bare):
        return unit
    comma = "," if head.endswith(",") else ""
    if re.search(r"[^aeiou]y$", bare):
        plural = bare[:-1] + "ies"
    elif bare.lower() in ("potato", "tomato", "mango"):
        plural = bare + "es"
    else:
        plural = bare + ("es" if re.search(r"(ch|sh|x)$", bare) else "s")
    return plural + comma + sep + tail


def _singular(unit: str) -> str:
    head, sep, tail = unit.partition(" ")
    bare = head.rstrip(",")
    if _SIZES.match(bare) and tail and not head.endswith(","):
        return head + sep + _singular(tail)
    comma = "," if head.endswith(",") else ""
    if re.fullmatch(r"[A-Za-z]+ies", bare):
        bare = bare[:-3] + "y"
    elif re.fullmatch(r"[A-Za-z]+(ch|sh|x)es", bare):
        bare = bare[:-2]
    elif re.fullmatch(r"[A-Za-z]+[^s]s", bare) and not _ABBREVIATION.match(bare):
        bare = bare[:-1]
    return bare + comma + sep + tail


def scaled(measure: str, factor: float) -> str:
    """The measure times ``factor``: ("1 cup", 1.5) -> "1½ cups"; ("2 slices", 0.5) ->
    "1 slice"; ("1/2 cup", 3) -> "1½ cups"; a measure without a leading number is
    prefixed: ("cup", 2) -> "2 × cup"."""
    try:
        quantity = parse_amount(measure)
    except AmountError:
        return f"{number(factor)} × {measure}" if abs(factor - 1) > 1e-9 else measure
    base, unit = quantity.number, quantity.unit
    amount = base * factor
    spoons = _in_tablespoons(amount, unit)
    if spoons is not None:
        return spoons
    if amount > 1 + 1e-9 and base <= 1 + 1e-9:
        unit = _plural(unit)
    elif amount <= 1 + 1e-9 and base > 1 + 1e-9:
        unit = _singular(unit)
    return f"{number(amount)} {unit}".strip()


TABLESPOONS_PER_CUP = 16


def _in_tablespoons(amount: float, unit: str) -> str | None:
    """Cups that no common fraction writes (0.1875 cup, from a young child's portion in
    halves) in tablespoons, as a cook measures them: "3 tbsp", "9 tbsp, chopped", "1 cup
    + 11 tbsp"; None when the cups read plainly or are not whole tablespoons."""
    head, sep, tail = unit.partition(",")
    if head.strip().lower() not in ("cup", "cups") or "." not in number(amount):
        return None
    cups = int(amount + 1e-9)
    spoons = (amount - cups) * TABLESPOONS_PER_CUP
    if abs(spoons - round(spoons)) > 1e-6 or round(spoons) < 1:
        return None
    cups_text = "" if cups == 0 else f"{cups} {'cup' if cups == 1 else 'cups'} + "
    return f"{cups_text}{round(spoons)} tbsp{sep}{tail}"


def with_grams(measure: str, factor: float, grams: float) -> str:
    """The scaled measure and its weight, "1½ cups (366 g)"; a weight alone: "128 g"."""
    text = scaled(measure, factor)
    if re.fullmatch(r"[\d.]+ ?g", measure.strip()):
        return f"{grams:.0f} g"
    return f"{text} ({grams:.0f} g)"
