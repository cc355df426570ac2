"""Type checks at the Python API's boundary: a wrong type fails at once, saying what is expected.

Without them ``suggest(foods="foods.csv")`` fails deep in pandas, ``Profile(pregnant="no")``
means pregnant (a non-empty string is true) and ``Options(fortified="no")`` keeps fortified
foods. ``TypeError`` is raised for a wrong type, ``ValueError`` for a right type with an
impossible value. The checks are small functions the dataclasses and ``suggest`` call first.
"""

from __future__ import annotations

import math
import numbers

MAX_SERVINGS = 100.0  # of one food a day; far beyond any diet, well inside float range


def type_name(value) -> str:
    return type(value).__name__


def _bool(owner: str, field: str, value) -> None:
    if not isinstance(value, bool):
        raise TypeError(
            f"{owner}.{field} must be True or False, got {type_name(value)} {value!r:.40}"
        )


def _real(owner: str, field: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}.{field} must be a number, got {type_name(value)} {value!r:.40}")
    if not math.isfinite(value):
        raise ValueError(f"{owner}.{field} must be a finite number, got {value!r}")
    return float(value)


def _int(owner: str, field: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{owner}.{field} must be a whole number, got {type_name(value)} {value!r:.40}"
        )


def check_texts(owner: str, field: str, values, empty_ok: bool = True) -> None:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(
            f"{owner}.{field} must be a list or tuple of strings, got {type_name(values)}"
        )
    for v in values:
        if not isinstance(v, str):
            raise TypeError(f"{owner}.{field} items must be strings, got {type_name(v)} {v!r:.40}")
        if not empty_ok and not v.strip():
            raise ValueError(f"{owner}.{field} items must not be empty (would match every food)")


def check_profile(p) -> None:
    """``targets.Profile``: age a finite number, sex a string or None, flags real booleans."""
    _real("Profile", "age", p.age)
    if p.sex is not None and not isinstance(p.sex, str):
        raise TypeError(f"Profile.sex must be 'female', 'male' or None, got {type_name(p.sex)}")
    _bool("Profile", "pregnant", p.pregnant)
    _bool("Profile", "lactating", p.lactating)


def check_risk(r) -> None:
    """``risks.RiskProfile``: the three flags are real booleans, names are strings."""
    for field in ("smoker", "alcohol", "planning_pregnancy"):
        _bool("RiskProfile", field, getattr(r, field))
    for field in ("conditions", "medications"):
        if isinstance(getattr(r, field), (list, tuple)):  # a generator is left unconsumed
            check_texts("RiskProfile", field, getattr(r, field))


def check_options(o) -> None:
    """``planner.Options``: types, and numbers finite and within range."""
    check_texts("Options", "vitamins", o.vitamins)
    if not isinstance(o.diet, str):
        raise TypeError(f"Options.diet must be a string, got {type_name(o.diet)}")
    check_texts("Options", "exclude_allergens", o.exclude_allergens)
    check_texts("Options", "exclude", o.exclude, empty_ok=False)
    _bool("Options", "fortified", o.fortified)
    _bool("Options", "all_foods", o.all_foods)
    if not isinstance(o.objective, str):
        raise TypeError(f"Options.objective must be a string, got {type_name(o.objective)}")
    if _real("Options", "max_portions", o.max_portions) > MAX_SERVINGS:
        raise ValueError(f"max servings must be at most {MAX_SERVINGS:g}, got {o.max_portions:g}")
    _int("Options", "min_foods", o.min_foods)
    _int("Options", "days", o.days)
    _int("Options", "repeat", o.repeat)
    if o.time_limit is not None:
        _real("Options", "time_limit", o.time_limit)
    check_texts("Options", "exclude_foods", o.exclude_foods, empty_ok=False)
    if isinstance(o.fix, (str, bytes)) or not isinstance(o.fix, tuple):
        raise TypeError(f"Options.fix must be a tuple of (USDA number, meal) pairs, "
                        f"got {type_name(o.fix)}")
    for pair in o.fix:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(
                f"Options.fix items must be (USDA number, meal) pairs, got {pair!r:.40}")
        check_texts("Options", "fix", pair, empty_ok=False)

