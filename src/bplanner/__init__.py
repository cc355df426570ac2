"""bplanner: plan foods that cover vitamins B1, B6, B9 (folate) and B12 within a diet.

The public API is imported lazily so that ``bplanner --version`` and the
CLI's fast paths do not pay for pandas or the optimizer until they need them.
"""

from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
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
