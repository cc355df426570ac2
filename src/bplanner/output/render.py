"""Turning records into the three output formats every command offers.

Records are lists of plain dicts; tables and CSV share the same columns, JSON
keeps the full nested structure for scripts.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re

from bplanner.text import csv_cell, visible

FORMATS = ("table", "json", "csv")


# JSON and CSV numbers are rounded to this many decimal places (0.001 mg, 0.001 µg, 0.001 g
# are far below what USDA reports or a kitchen measures); infinities never occur in output.
DIGITS = 3


def clean(value):
    """JSON-safe value: NaN becomes null, numpy scalars become Python numbers, floats are
    rounded to ``DIGITS`` decimal places."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        value = round(value, DIGITS)
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return value


# characters json.dumps leaves raw that a terminal could obey (DEL, C1 controls, invisible
# format characters): written as \u escapes, which every JSON reader reads back
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def to_json(data) -> str:
    text = json.dumps(clean(data), indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    """CSV with a header; text cells pass ``bplanner.text.csv_cell`` (control characters
    shown, a would-be formula prefixed with ``'``)."""
    columns = columns or (list(rows[0]) if rows else [])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        cells = (clean(row.get(c)) for c in columns)
        writer.writerow(["" if v is None else csv_cell(v) for v in cells])
    return buf.getvalue()


def _shown(value):
    """A table cell as printed: text ``visible`` (no control character reaches a terminal)."""
    return visible(value) if isinstance(value, str) else value


def to_table(rows: list[dict], columns: list[str] | None = None, floatfmt="g",
             multiline: bool = False) -> str:
    """A plain table; a column is as wide as its widest cell or heading (tabulate's two
    spaces of padding around headings are not added: narrow columns leave the names room).
    With ``multiline`` a cell's line breaks are kept (cells already made visible, wrapped
    on purpose); otherwise every cell is shown on one line."""
    import tabulate as tb

    columns = columns or (list(rows[0]) if rows else [])
    show = (lambda v: "\n".join(_shown(x) for x in v.split("\n")) if isinstance(v, str)
            else v) if multiline else _shown
    body = [["" if clean(r.get(c)) is None else show(clean(r.get(c))) for c in columns]
            for r in rows]
    if isinstance(floatfmt, dict):  # a format per column: {"B12 µg": ".2f"}, else "g"
        floatfmt = [floatfmt.get(c, "g") for c in columns]
    padding, tb.MIN_PADDING = tb.MIN_PADDING, 0
    try:
        return tb.tabulate(body, headers=[_shown(c) for c in columns], floatfmt=floatfmt,
                           disable_numparse=False)
    finally:
        tb.MIN_PADDING = padding


def amount(value, digits: int = 2) -> str:
    """A vitamin amount for display; missing values say so instead of showing 0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


# --------------------------------------------------------------------------
# fitting output to the terminal

DEFAULT_WIDTH = 80  # when the terminal is unknown: piped, redirected, or under a test runner
MIN_WIDTH = 40  # narrower terminals get 40-column output rather than none
ELLIPSIS = "…"
_TAG = re.compile(r"\s\[[^\]]*\]$")  # a trailing " [fortified]" survives shortening


def terminal_width(default: int = DEFAULT_WIDTH) -> int:
    """Columns to fit: $COLUMNS, else the terminal's width, else ``default`` (80)."""
    import shutil

    return max(MIN_WIDTH, shutil.get_terminal_size((default, 24)).columns)


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, ending with "…" when cut.

    A trailing tag in brackets (" [fortified]") is kept whole, since it says
    something the rest of the name does not.
    """
    text = str(text)
    if len(text) <= limit:
        return text
    match = _TAG.search(text)
    tag = match.group(0) if match and limit >= len(match.group(0)) + 4 else ""
    head = text[: len(text) - len(tag)] if tag else text
    room = max(0, limit - len(tag) - len(ELLIPSIS))
    return head[:room].rstrip(" ,;(-") + ELLIPSIS + tag


def text_width(text: str) -> int:
    """Width of the widest line of ``text``."""
    return max((len(line) for line in text.splitlines()), default=0)


def _column_widths(text: str, columns: list[str], rows: list[dict] | None = None
                   ) -> dict[str, int] | None:
    """Each column's width in a table ``to_table`` rendered: the runs of its rule line
    (a column is as wide alone as beside others), in characters: a cell whose characters
    take less room on screen than their number (combining marks) adds the difference.
    None if the rule is not found."""
    from tabulate import _visible_width

    lines = text.splitlines()
    runs = lines[1].split("  ") if len(lines) > 1 else []
    if len(runs) != len(columns) or any(not run or set(run) != {"-"} for run in runs):
        return None

    def extra(c):
        cells = [c] + [_shown(clean(r.get(c))) for r in rows or ()]
        return max(len(v) - _visible_width(v) for v in cells if isinstance(v, str))

    return {c: len(run) + extra(c) for c, run in zip(columns, runs)}


def fit_table(
    rows: list[dict],
    width: int | None = None,
    shrink=("food", "name"),
    keep=("ndb",),
    columns: list[str] | None = None,
    floatfmt="g",
    min_shrink: int = 20,
    lines: int = 1,
) -> str:
    """A table (as ``to_table``) that fits in ``width`` columns; ``width=None`` for no limit.

    In order, until it fits:

    1. the ``shrink`` columns (food names: the NDB number beside them finds the
       full name) are shortened with "…", down to ``min_shrink`` characters; with
       ``lines`` > 1 a name too long for its column wraps onto up to that many lines
       first (a plan's few foods are bought by name: "Cereals…" names none);
    2. the table folds: the other columns are split into blocks, one under the
       other, each repeating the ``keep`` and ``shrink`` columns so a row can be
       followed across blocks; in each block the names get what room it leaves;
    3. any text cell still too wide for its block is shortened.

    Every row and every column is always shown; only text is shortened.
    """
    columns = list(columns or (list(rows[0]) if rows else []))
    rows = [{k: _shown(v) for k, v in r.items()} for r in rows]  # widths as printed
    text = to_table(rows, columns, floatfmt)
    if width is None or not rows or text_width(text) <= width:
        return text
    names = [c for c in columns if c in shrink]
    fixed = [c for c in columns if c in keep or c in names]
    rest = [c for c in columns if c not in fixed]

    from bplanner.output.names import short_names

    def cut(limit):
        """The rows with the name columns in short, distinct names (``output.names``),
        wrapped onto ``lines`` lines of ``limit`` characters where that keeps more."""
        out = [dict(r) for r in rows]
        for c in names:
            at = [i for i, r in enumerate(rows) if isinstance(r.get(c), str)]
            shown = _wrapped([rows[i][c] for i in at], limit, lines, short_names)
            for i, short in zip(at, shown):
                out[i][c] = short
        return out

    # columns are laid side by side two spaces apart, so a table's width is the sum of
    # its columns' widths: measure each column once, then add instead of rendering
    widths = _column_widths(text, columns, rows) or {
        c: text_width(to_table(rows, [c], floatfmt)) for c in columns}
    widths = {c: w for c, w in widths.items() if c not in names}
    longest = max([len(r[c]) for r in rows for c in names if isinstance(r.get(c), str)] + [0])
    name_widths: dict[int, dict[str, int]] = {}

    def need(cols, limit):
        if limit not in name_widths:  # a text column: its longest cell, or its heading
            name_widths[limit] = {c: max([len(c)] + [text_width(str(r.get(c) or "")) for r
                                                          in cut(limit)]) for c in names}
        return sum(name_widths[limit][c] if c in names else widths[c] for c in cols) + 2 * (
            len(cols) - 1)

    def best_limit(cols):
        """Longest name length with which ``cols`` fit, or None if not even min_shrink."""
        if need(cols, longest) <= width:
            return longest
        low, high = min_shrink, longest
        if not names or low > high or need(cols, low) > width:
            return None
        while low < high:  # the widest name that fits, by bisection
            mid = (low + high + 1) // 2
            low, high = (mid, high) if need(cols, mid) <= width else (low, mid - 1)
        return low

    def render(cols, limit):
        return to_table(cut(limit), [c for c in columns if c in cols], floatfmt,
                        multiline=lines > 1)

    limit = best_limit(columns)
    if limit is not None:
        return render(columns, limit)
    # fold: blocks of the other columns, each under the last and with the fixed columns
    blocks = _fold(rest, lambda block: need(fixed + block, min_shrink), width)
    parts = []
    for block in blocks or [[]]:
        limit = best_limit(fixed + block) or min_shrink
        part = render(fixed + block, limit)
        if text_width(part) > width:  # one column alone too wide: cut its text cells
            part = _cut_cells(rows, [c for c in columns if c in fixed + block], names, limit,
                              width, floatfmt)
        parts.append(part)
    return "\n\n".join(parts)


def _wrapped(names: list[str], limit: int, lines: int, short_names) -> list[str]:
    """``names`` in lines of at most ``limit`` characters, at most ``lines`` each: the
    longest short names (``short_names``, distinct together) that wrap so, else one line."""
    import textwrap

    def wrap(text):
        return textwrap.wrap(text, limit, break_on_hyphens=False, break_long_words=True)

    if lines <= 1:
        return short_names(names, limit)
    for room in range(limit * lines, limit, -1):
        shown = [wrap(s) for s in short_names(names, room)]
        if all(len(w) <= lines for w in shown):
            return ["\n".join(w) for w in shown]
    return short_names(names, limit)


def _fold(rest: list[str], block_width, width: int) -> list[list[str]]:
    """Split ``rest`` into the fewest blocks of consecutive columns that fit, as even as can be.

    Greedy packing gives the fewest blocks; among the splits into that many, the
    one whose widest block is narrowest leaves the most room for the names (and
    never a lone narrow column under a crowded block).
    """
    from functools import cache
    from itertools import combinations

    @cache
    def cost(i, j):
        return block_width(rest[i:j])

    greedy, start = [], 0
    while start < len(rest):
        end = start + 1
        while end < len(rest) and cost(start, end + 1) <= width:
            end += 1
        greedy.append(rest[start:end])
        start = end
    if len(greedy) <= 1 or len(rest) > 12:  # nothing to balance, or too many splits to weigh
        return greedy or [rest]
    splits = (list(zip((0, *cuts), (*cuts, len(rest))))
              for cuts in combinations(range(1, len(rest)), len(greedy) - 1))
    best = min(splits, key=lambda bounds: max(cost(i, j) for i, j in bounds))
    return [rest[i:j] for i, j in best]


def _cut_cells(rows, cols, names, limit, width, floatfmt) -> str:
    """Last resort: cut every text cell to the longest length that lets the block fit."""
    cells = [{c: shorten(r[c], limit) if c in names and isinstance(r.get(c), str) else r.get(c)
              for c in cols} for r in rows]

    def capped(cap):
        return to_table([{c: shorten(v, cap) if isinstance(v, str) else v for c, v in r.items()}
                         for r in cells], cols, floatfmt)

    low, high = 1, max(len(str(v)) for r in cells for v in r.values())
    while low < high:  # the longest cap that fits, by bisection
        mid = (low + high + 1) // 2
        low, high = (mid, high) if text_width(capped(mid)) <= width else (low, mid - 1)
    return capped(low)


def wrap_lines(text: str, width: int | None, hang: int = 4) -> str:
    """Wrap each line longer than ``width``; ``width=None`` leaves the text as it is.

    A continuation line keeps the line's own indent; a "[HIGH] ..." heading hangs
    by ``hang`` spaces, under it, and a "- " item by two, so warnings stay readable.
    """
    import textwrap

    if width is None:
        return text
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        body = line.lstrip()
        more = indent + ("  " if body.startswith(("- ", "* "))
                         else " " * hang if body.startswith("[") else "")
        out += textwrap.wrap(body, width, initial_indent=indent, subsequent_indent=more,
                             break_on_hyphens=False) or [line]
    return "\n".join(out)
