"""Turning records into the three output formats every command offers.

Records are lists of plain dicts; tables and CSV share the same columns, JSON
keeps the full nested structure for scripts.
"""

from __future__ import annotations

import csv
import io
import json
import math

FORMATS = ("table", "json", "csv")


def clean(value):
    """JSON-safe value: NaN becomes null, numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def to_json(data) -> str:
    return json.dumps(clean(data), indent=2, ensure_ascii=False)


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if clean(row.get(c)) is None else clean(row.get(c)) for c in columns])
    return buf.getvalue()


def to_table(rows: list[dict], columns: list[str] | None = None, floatfmt="g") -> str:
    from tabulate import tabulate

    columns = columns or (list(rows[0]) if rows else [])
    body = [["" if clean(r.get(c)) is None else clean(r.get(c)) for c in columns] for r in rows]
    return tabulate(body, headers=columns, floatfmt=floatfmt, disable_numparse=False)


def amount(value, digits: int = 2) -> str:
    """A vitamin amount for display; missing values say so instead of showing 0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"
