"""Every name rule anchored at the start or end of a name still fires on the name it was
written for.

A rule such as ``and chili$`` is silent when the text it reads ends in a space, and
``^eggs?,`` when it begins with one (three SR24 names did). Such a rule fails without an
error: "Fast foods, potato, baked and topped with cheese sauce and chili" was once
vegetarian. The anchored alternatives are found by reading every rule's regular
expression, so a rule added later is checked too; each must match, at its anchor, the
text its module reads for at least one real SR28 name (or, where SR28 has none, the
SR24 name it was written for, listed here).
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from conftest import read_rows

from bplanner.table import allergen_rules, classify, diet_rules

# (name, food group): classify reads a drink's name without SR28's "Beverages, " head.
FOODS = sorted({(r["name"], r["food_group"]) for r in read_rows()})
NAMES = sorted({name for name, _ in FOODS})


def _tokens(source: str) -> list[str]:
    """A regex source as tokens: escapes and character classes are single tokens."""
    out, i = [], 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            out.append(source[i : i + 2])
            i += 2
        elif c == "[":
            j = i + 1
            if j < len(source) and source[j] == "^":
                j += 1
            if j < len(source) and source[j] == "]":
                j += 1
            while source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            out.append(source[i : j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return out


def anchored_alternatives(source: str) -> list[tuple[str, str]]:
    """(kind, alternative) for each ``^`` or ``$`` in a regex, with the alternative it
    anchors: from the anchor to the nearest ``|`` or unmatched parenthesis on its side."""
    toks = _tokens(source)
    found = []
    for k, tok in enumerate(toks):
        if tok not in ("^", "$") or (tok == "^" and k > 0 and toks[k - 1] == "["):
            continue
        step, opening, closing = (-1, "(", ")") if tok == "$" else (1, ")", "(")
        depth, j = 0, k + step
        while 0 <= j < len(toks):
            t = toks[j]
            if t == closing:
                depth += 1
            elif t == opening:
                if depth == 0:
                    break
                depth -= 1
            elif t == "|" and depth == 0:
                break
            j += step
        if tok == "$":
            alt = "".join(toks[j + 1 : k + 1])
        else:
            alt = "".join(toks[k:j])
        found.append(("end" if tok == "$" else "start", alt))
    return found


def _patterns(module) -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled rule of a module: module-level patterns and those in rule tables."""
    out = []
    for attr, value in vars(module).items():
        if isinstance(value, re.Pattern):
            out.append((attr, value))
        elif isinstance(value, tuple | list):
            for n, item in enumerate(value):
                if isinstance(item, tuple) and item and isinstance(item[0], re.Pattern):
                    out.append((f"{attr}[{n}]", item[0]))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, re.Pattern):
                    out.append((f"{attr}[{key!r}]", item))
    return out


def _collapsed(name: str) -> str:
    return " ".join(name.lower().split())


# What each module's rules read: the masked name (diet rules), the trimmed name with
# shared false friends removed (allergen rules; the false-friend rule itself reads the
# trimmed name), the trimmed name in USDA's case, a drink's without "Beverages, " (classify).
def _masked_until(attr: str, name: str) -> str:
    """The text a diet-rule mask reads: the earlier masks have run, in order."""
    text = _collapsed(name)
    for rx, repl in diet_rules._MASKS[: int(attr[len("_MASKS[") : -1])]:
        text = rx.sub(repl, text)
    return text


READERS = {
    "diet_rules": lambda attr, name, group: (
        _masked_until(attr, name) if attr.startswith("_MASKS") else diet_rules._normalise(name)
    ),
    "allergen_rules": lambda attr, name, group: (
        _collapsed(name) if attr == "_SHARED_FALSE" else allergen_rules._text(name)
    ),
    "classify": lambda attr, name, group: classify._drink_name(name.strip(), group),
}
MODULES = {"diet_rules": diet_rules, "allergen_rules": allergen_rules, "classify": classify}

# Anchored alternatives no SR28 name ends (or starts) with: the real USDA SR24 name (and
# group) each was written for, which SR28 dropped (NDB in brackets).
_FAST = "Fast Foods"
CONSTRUCTED: dict[str, tuple[str, str]] = {
    r"\band chili$": (  # 21134
        "Fast foods, potato, baked and topped with cheese sauce and chili", _FAST),
    r"with cheese and egg$": (  # 21053
        "Fast foods, salad, vegetable, tossed, without dressing, with cheese and egg", _FAST),
    r"\bpotato, baked and topped with (cheese sauce( and broccoli)?|sour cream and chives)$": (
        "Fast foods, potato, baked and topped with cheese sauce and broccoli", _FAST),  # 21133
    r"\benglish muffin(, with butter)?$": (  # 21019
        "Fast foods, english muffin, with butter", _FAST),
    r"salad, vegetable, tossed, without dressing$": (  # 21052
        "Fast foods, salad, vegetable, tossed, without dressing", _FAST),
    r"\bapple dippers$": ("McDONALD'S, Apple Dippers", _FAST),  # 21342
    r"^bean beverage": ("Bean beverage", "Legumes and Legume Products"),  # 42182
    r"^cereals?, nestum": (  # 43306
        "Cereals, NESTUM, prepared with water", "Breakfast Cereals"),
    r"^sports drink": (  # 14383
        "Sports drink, fruit-flavored, low calorie, ready-to-drink", "Beverages"),
    r"^sports drink, (coca-cola|gatorade g2|powerade)": (  # 14461
        "Sports drink, COCA-COLA, POWERADE, lemon-lime flavored, ready-to-drink", "Beverages"),
}


@cache
def _texts(mod: str, attr: str) -> tuple[str, ...]:
    return tuple(READERS[mod](attr, name, group) for name, group in FOODS)


CASES = [
    pytest.param(mod, attr, kind, alt, id=f"{mod}.{attr}:{kind}:{alt[:40]}")
    for mod, module in MODULES.items()
    for attr, rx in _patterns(module)
    for kind, alt in anchored_alternatives(rx.pattern)
]


def test_the_enumeration_finds_the_known_end_rules() -> None:
    ends = {alt for mod, _, kind, alt in (c.values for c in CASES) if kind == "end"}
    assert r"\band chili$" in ends
    assert r"salad, vegetable, tossed, without dressing$" in ends
    assert any("english muffin" in alt for alt in ends)
    assert len(ends) >= 8


@pytest.mark.parametrize(("mod", "attr", "kind", "alt"), CASES)
def test_anchored_rule_fires_on_a_name(mod: str, attr: str, kind: str, alt: str) -> None:
    rx = dict(_patterns(MODULES[mod]))[attr]
    alone = re.compile(alt, re.IGNORECASE)
    texts = _texts(mod, attr if attr.startswith("_MASKS") or attr == "_SHARED_FALSE" else "")
    if alt in CONSTRUCTED:
        texts = [*texts, READERS[mod](attr, *CONSTRUCTED[alt])]
    hits = [t for t in texts if alone.search(t)]
    assert hits, f"{mod}.{attr}: no name, read as the rule reads it, matches {alt!r}"
    assert all(rx.search(t) for t in hits)


def test_names_are_read_the_same_with_stray_spaces() -> None:
    """Leading, trailing or doubled spaces never change a food's flags."""
    for name in NAMES[::7]:
        padded = "  " + name.replace(", ", ",  ") + " "
        for group in ("Fast Foods", "Baked Products", "Dairy and Egg Products"):
            assert diet_rules.animal_sources("0", padded, group) == diet_rules.animal_sources(
                "0", name, group
            ), name
            assert allergen_rules.allergens("0", padded, group) == allergen_rules.allergens(
                "0", name, group
            ), name
