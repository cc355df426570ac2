"""bplanner: plan foods that cover the B vitamins (B1, B6, B9, B12; B2, B3, B5) within a diet.

The main API, as a notebook uses it::

    import bplanner
    plan = bplanner.suggest(["B12"], diet="vegetarian",
                            profile=bplanner.Profile(age=34, sex="female"))
    day = bplanner.assess(bplanner.read_diary("examples/usual_day.csv"))

The public API is imported lazily so that ``bplanner --version`` and the
CLI's fast paths do not pay for pandas or the optimizer until they need them.
"""

from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
    "suggest": "bplanner.planning.planner",
    "Plan": "bplanner.planning.planner",
    "NoPlanError": "bplanner.planning.planner",
    "Profile": "bplanner.targets",
    "targets_for": "bplanner.targets",
    "read_diary": "bplanner.usual.diary",
    "assess": "bplanner.usual.intake",
    "RiskProfile": "bplanner.advice.risks",
    "load_foods": "bplanner.foods",
    "FoodTableError": "bplanner.foods",
    "find_foods": "bplanner.foods",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bplanner' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
