"""Household measures as a cook reads them: "1½ cups (366 g)", "2 large eggs (100 g)".

A planned amount is a multiple of the food's reference portion ("1 cup", "2 slices",
"1 large"); ``scaled`` multiplies the measure's leading number and writes common
fractions, so no output reads "1.5 x 1 cup" or "0.5 x 2 slices".
"""

from __future__ import annotations

import re

_FRACTIONS = {0.25: "¼", 0.5: "½", 0.75: "¾", 1 / 3: "⅓", 2 / 3: "⅔", 0.125: "⅛",
              0.375: "⅜", 0.625: "⅝", 0.875: "⅞"}
# a leading amount: "2", "2.5", "1/2", "1 1/4", "½", "1½"
_LEADING = re.compile(
    r"^\s*(\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?[¼½¾⅓⅔]?|[¼½¾⅓⅔])\s*(.*)$"
)
_UNICODE = {"¼": 0.25, "½": 0.5, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}


def parse_amount(text: str) -> float:
    """"1 1/4" -> 1.25, "1/2" -> 0.5, "1½" -> 1.5, "2.5" -> 2.5."""
    text = text.strip()
    total = 0.0
    if text and text[-1] in _UNICODE:
        total, text = _UNICODE[text[-1]], text[:-1].strip()
        if not text:
            return total
    parts = text.split()
    for part in parts:
        if "/" in part:
            num, den = part.split("/", 1)
            total += float(num) / float(den)
        else:
            total += float(part)
    return total
# words not pluralised: abbreviations, and size words that qualify a following noun
_NO_PLURAL = re.compile(
    r"^(tbsp|tsp|oz|fl|g|kg|lb|ml|l|small|medium|large|extra|jumbo|whole|nlea|cup\(s\)|"
    r"piece\(s\)|[a-z]+s)$",
    re.IGNORECASE,
)


_ABBREVIATION = re.compile(r"^(tbsp|tsp|oz|fl|lbs|g)$", re.IGNORECASE)


def number(value: float) -> str:
    """1.5 -> "1½", 0.25 -> "¼", 2 -> "2", 0.4 -> "0.4"."""
    whole = int(value + 1e-9)
    rest = value - whole
    if rest < 1e-6:
        return str(whole)
    for frac, sign in _FRACTIONS.items():
        if abs(rest - frac) < 0.01:
            return sign if whole == 0 else f"{whole}{sign}"
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"


def _plural(unit: str) -> str:
    head, sep, tail = unit.partition(" ")
    word = re.match(r"[A-Za-z]+", head)
    if not word or word.group(0) != head.rstrip(",") or _NO_PLURAL.match(head.rstrip(",")):
        return unit
    bare = head.rstrip(",")
    comma = "," if head.endswith(",") else ""
    if re.search(r"[^aeiou]y$", bare):
        plural = bare[:-1] + "ies"
    else:
        plural = bare + ("es" if re.search(r"(ch|sh|x)$", bare) else "s")
    return plural + comma + sep + tail


def _singular(unit: str) -> str:
    head, sep, tail = unit.partition(" ")
    bare = head.rstrip(",")
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
    "1 slice"; a measure without a leading number is prefixed: ("cup", 2) -> "2 × cup"."""
    m = _LEADING.match(measure)
    if not m:
        return f"{number(factor)} × {measure}" if abs(factor - 1) > 1e-9 else measure
    base = parse_amount(m.group(1))
    amount = base * factor
    unit = m.group(2)
    if amount > 1 + 1e-9 and base <= 1 + 1e-9:
        unit = _plural(unit)
    elif amount <= 1 + 1e-9 and base > 1 + 1e-9:
        unit = _singular(unit)
    return f"{number(amount)} {unit}".strip()


def with_grams(measure: str, factor: float, grams: float) -> str:
    """The scaled measure and its weight: "1½ cups (366 g)"."""
    text = scaled(measure, factor)
    if re.fullmatch(r"[\d¼½¾⅓⅔.]+ g", text) or re.fullmatch(r"[\d.]+ ?g", measure.strip()):
        return f"{grams:.0f} g"
    return f"{text} ({grams:.0f} g)"
