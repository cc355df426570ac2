"""Export a plan as an Excel workbook: a shopping list to print and take to the shop.

``export_plan`` writes five sheets with openpyxl, which is imported only here and
only when exporting:

* Shopping list: every food for the whole period (``--days``; a period longer than
  the planned week repeats it), one row per food, grouped by aisle (USDA food group),
  with the amount to buy as a household measure and in grams, the days and meals it is
  eaten, and a tick column for a pen.
* Daily plan: every planned day meal by meal, with each day's plain totals, the
  amounts counted toward the targets (B12 at most 1.5 µg a meal) and % of target.
* Coverage: % of each vitamin's target counted on each day, with a native bar chart,
  the amounts per day and the upper limits kept.
* Warnings and About (profile, options, sources, date, disclaimer).

The workbook is zipped in memory (openpyxl's own temporary files go in a private folder
beside the target, removed at once, so none is left in TMPDIR), written to a temporary
file beside the target and published by ``bplanner.files.write_atomic``: never over an
existing file unless ``force`` (not even one that appears during the write), and a failure
or a signal leaves no half-written file, no damaged old file and no temporary file behind.

Every text cell is stored as text: a food name from a user's own table that
begins with ``=``, ``+``, ``-`` or ``@`` is never turned into a formula. The
workbook holds no formulas at all; totals are the plan's own numbers, so any
reader (Excel, LibreOffice, pandas) sees the same values.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bplanner.courses import MEALS
from bplanner.files import (
    OutputPathError,
    check_output_path,
    path_shape_problem,
    private_tempdir,
    show_path,
    write_atomic,
)
from bplanner.foods import SOURCE as FOOD_SOURCE
from bplanner.output.report import DISCLAIMER
from bplanner.planning.absorption import B12_COUNTED_PER_MEAL_UG, B12_SOURCES
from bplanner.targets import SOURCE_SHORT
from bplanner.vitamins import VITAMINS

SHEETS = ("Shopping list", "Daily plan", "Coverage", "Warnings", "About")
FORMULA_START = ("=", "+", "-", "@")
BUY_STEP_SMALL = 50  # grams, for amounts under 1 kg
BUY_STEP_LARGE = 100  # grams, from 1 kg
BUYING_RULE = (
    "Amounts to buy are rounded up to what one can buy: grams to the next 50 g below 1 kg "
    "and to the next 100 g from 1 kg; pieces (slices, eggs, fruit) to whole pieces. "
    "'Needed' is the plan's exact amount for the whole period. Pack sizes vary: buy at "
    "least this much."
)
PORTIONS_SOURCE = (
    "FDA reference amounts customarily consumed (21 CFR 101.12 Tables 1 and 2); USDA "
    "reference amounts for meat and poultry (9 CFR 317.312, 381.412); USDA SR28 household "
    "measures"
)
COUNTED_LABEL = f"Counted toward the target (B12: at most {B12_COUNTED_PER_MEAL_UG:g} µg a meal)"
COUNTED_NOTE = (
    f"'Counted' is what counts toward the target: vitamin B12 at most "
    f"{B12_COUNTED_PER_MEAL_UG:g} µg from each meal, as absorption through intrinsic factor "
    f"saturates ({B12_SOURCES}); the other vitamins count in full."
)
NOTHING_PLANNED = "nothing planned"
PLAIN_B12 = "eaten, before the per-meal cap"
NOTHING_TO_BUY = "Nothing to buy: your usual day already covers every target."
# units one pours or weighs; any other unit of a portion counts pieces
MEASURED_UNITS = frozenset({
    "cup", "tbsp", "tsp", "fl", "oz", "g", "kg", "lb", "ml", "l", "liter", "litre",
    "pint", "pt", "quart", "qt", "gallon", "gal", "dash", "pinch",
})
# words of a USDA name that say the food is weighed as cooked or prepared
COOKED = re.compile(
    r"\b(cooked|boiled|roasted|baked|braised|stewed|steamed|simmered|broiled|grilled|"
    r"fried|pan-fried|microwaved|poached|scrambled|toasted)\b",
    re.IGNORECASE,
)
NO_WARNINGS = "No warnings for this profile and plan."

_EPS = 1e-9
# characters XML 1.0 cannot hold; a user's table could contain them
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HEADER_FILL = "D9E1F2"
_WIDTH_MIN = 6


def buy_grams(grams: float) -> float:
    """Grams to buy: rounded up to the next 50 g below 1 kg, to the next 100 g from 1 kg."""
    if grams <= 0:
        return 0.0
    step = BUY_STEP_SMALL if grams < 1000 else BUY_STEP_LARGE
    return float(math.ceil(grams / step - _EPS) * step)


def amount_format(target_value: float) -> str:
    """Decimals that suit a vitamin's scale: µg of folate as whole numbers, mg with two."""
    if target_value >= 100:
        return "0"
    if target_value >= 10:
        return "0.0"
    return "0.00"


@dataclass(frozen=True)
class _Col:
    title: str
    fmt: str | None = None  # number format
    wrap: int | None = None  # wrap text at this width (characters)
    width: int | None = None  # fixed width (e.g. the tick column)


def _bold():
    from openpyxl.styles import Font

    return Font(name="Calibri", size=11, bold=True)  # the workbook's default font, in bold


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (a safe estimate)."""
    import textwrap

    chars = max(int(width * 0.9) - 1, 1)  # fonts in other programs may run wider than Calibri
    return sum(
        1 if len(part) <= width else max(len(textwrap.wrap(part, chars)), 1)
        for part in text.split("\n")
    )


def _fit_rows(ws) -> None:
    """Row heights for wrapped text; neither Excel nor LibreOffice sizes them on opening."""
    from openpyxl.utils import get_column_letter

    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = ws.column_dimensions[get_column_letter(cell.column)].width or 8.43
                lines = max(lines, _lines(cell.value, width - 2))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * lines


def _plain(value):
    """numpy scalars become Python numbers; text loses characters XML cannot hold."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
    return value


def put(ws, row: int, col: int, value, fmt: str | None = None):
    """Write one cell; text is always stored as text, never as a formula or error code."""
    cell = ws.cell(row=row, column=col)
    value = _plain(value)
    if isinstance(value, float) and not math.isfinite(value):
        value = None
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # "=..." would otherwise be a formula, "#N/A" an error
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    if fmt and isinstance(value, (int, float)):
        cell.number_format = fmt
    return cell


def _shown(value, fmt: str | None) -> str:
    """Roughly what a cell shows, to size its column."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return "2000-01-01"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if fmt and "%" in fmt:
            return f"{value * 100:.0f}%"
        if fmt and fmt.startswith("0"):
            decimals = len(fmt.split(".")[1]) if "." in fmt else 0
            return f"{value:,.{decimals}f}"
        return f"{value:g}"
    return str(value)


def _table(ws, columns: list[_Col], rows: list[list], first_row: int = 1) -> int:
    """A bordered table with a bold header; returns the last row written."""
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    widths = [len(c.title) for c in columns]
    for j, col in enumerate(columns, start=1):
        cell = put(ws, first_row, j, col.title)
        cell.font = _bold()
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    r = first_row
    for r, values in enumerate(rows, start=first_row + 1):
        for j, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = put(ws, r, j, value, col.fmt)
            cell.border = border
            cell.alignment = Alignment(wrap_text=bool(col.wrap), vertical="top")
            widths[j - 1] = max(widths[j - 1], len(_shown(cell.value, col.fmt)))
    for j, col in enumerate(columns, start=1):
        width = col.width or min(max(widths[j - 1], _WIDTH_MIN), col.wrap or 10**6)
        ws.column_dimensions[get_column_letter(j)].width = width + 2
    return r


def _finish(
    ws,
    ncols: int,
    last_row: int,
    title: str,
    today: dt.date,
    landscape: bool,
    autofilter: bool = True,
) -> None:
    """Frozen header, autofilter and a print setup one page wide with the header repeated."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    last_col = get_column_letter(ncols)
    ws.freeze_panes = "A2"
    if autofilter:
        ws.auto_filter.ref = f"A1:{last_col}{max(last_row, 2)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3)
    ws.oddHeader.left.text = f"bplanner: {title}"
    ws.oddHeader.right.text = today.isoformat()
    ws.oddFooter.center.text = "Page &P of &N"


def _label(target) -> str:
    return f"{VITAMINS[target.vitamin].label} ({target.amount_unit})"


def _warning_dicts(plan) -> list[dict]:
    return [w if isinstance(w, dict) else w.to_dict() for w in plan.warnings]


def _text_list(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return str(value)


def repeat_factors(plan) -> list[int]:
    """How many times each planned day is eaten in the period asked for.

    ``--days 30`` plans a week of 7 different days and repeats it: days 1 and 2
    of the week are eaten five times, the others four.
    """
    planned = len(plan.days)
    period = max(plan.options.days, planned)
    if planned == 0:
        return []
    whole, extra = divmod(period, planned)
    return [whole + (1 if k < extra else 0) for k in range(planned)]


B_ADDED = "B vitamins added"  # the column: the maker adds B vitamins (adds_b_vitamins)


def period_text(plan) -> str:
    """The period, truly: one day, or the week as the plan's own header says it (planned
    jointly when it was, the menus that repeat under the milk exception)."""
    from bplanner.output.plan_report import week_text

    return week_text(plan)


def buy_amount(portion_text: str, portions: float, portion_grams: float) -> tuple[str, float]:
    """The household measure to buy for ``portions`` portions and its grams.

    A measure in pieces (slices, eggs, a medium fruit) is rounded up to whole pieces;
    a measure one pours or weighs (cup, tbsp, oz, g) is left exact.
    """
    from bplanner.table.measures import AmountError, parse_amount, scaled

    grams = portions * portion_grams
    text = (portion_text or "").strip()
    if not text or re.fullmatch(r"[\d.]+ ?g", text):
        return f"{grams:.0f} g", grams
    try:
        quantity = parse_amount(text)
    except AmountError:
        return f"{portions:g} × {text} ({grams:.0f} g)", grams
    if is_pieces(quantity.unit):
        count = quantity.number * portions
        whole = math.ceil(count - 1e-6)
        if whole > count:
            portions = whole / quantity.number
            grams = portions * portion_grams
    return f"{scaled(text, portions)} ({grams:.0f} g)", grams


def is_pieces(unit: str) -> bool:
    """Whether a measure's unit counts pieces (slice, large, medium, container) rather
    than a volume or a weight."""
    from bplanner.table.measures import unit_words

    words = unit_words(unit)
    return bool(words) and words[0] not in MEASURED_UNITS


def days_text(days: list[int], planned: int, period: int) -> str:
    """The days a food is eaten: "every day", "days 1, 3, 5", "day 2 of each week"."""
    if len(days) == planned and planned > 1:
        return "every day"
    listed = ", ".join(str(d) for d in days)
    text = f"{'day' if len(days) == 1 else 'days'} {listed}"
    if period > planned:
        text += " of each week"
    return text


def buy_hint(name: str) -> str:
    """A short hint where the table's food is cooked: one buys it raw, dry or ready-made."""
    m = COOKED.search(name)
    if not m:
        return ""
    return f"Amount as eaten ({m.group(0).lower()}); buy raw, dry or ready-made to match"


@dataclass
class _Buy:
    """One food of the shopping list: its portions over the whole period."""

    item: object  # the first PlanItem of the food (name, group, portion)
    portions: float = 0.0
    grams: float = 0.0
    days: set = field(default_factory=set)
    eaten: int = 0  # days of the period the food is eaten on
    meals: set = field(default_factory=set)


def shopping(plan) -> list[_Buy]:
    """The plan's foods for the whole period, sorted by aisle (food group) and name."""
    out: dict[str, _Buy] = {}
    for day, times in zip(plan.days, repeat_factors(plan), strict=True):
        for item in day.items:
            buy = out.setdefault(item.ndb, _Buy(item))
            buy.portions += item.portions * times
            buy.grams += item.grams * times
            if day.number not in buy.days:
                buy.days.add(day.number)
                buy.eaten += times
            buy.meals.add(item.meal)
    return sorted(out.values(), key=lambda b: (b.item.food_group.lower(), b.item.name.lower()))


def _per_portion(item, targets) -> str:
    """The chosen vitamins one portion gives, largest share of the daily target first."""
    shares = [
        (item.amounts.get(t.vitamin, 0.0) / item.portions / t.value * 100,
         VITAMINS[t.vitamin].label)
        for t in targets
        if item.portions > 0 and item.amounts.get(t.vitamin, 0.0) > 0
    ]
    shares.sort(key=lambda s: -s[0])
    return ", ".join(f"{label} {pct:.0f}%" if pct >= 1 else f"{label} <1%" for pct, label in shares)


def _grams(value: float) -> str:
    """A portion's weight as people read it: 60 for 60.06 g, 8.5 below 10 g."""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def _notes(ws, row: int, notes: list[str], col: int = 2) -> None:
    """Notes under a table: a bold label and the text, wrapped."""
    from openpyxl.styles import Alignment

    for k, note in enumerate(notes, start=row):
        label = put(ws, k, col, "Note")
        label.font = _bold()
        label.alignment = Alignment(vertical="top")
        cell = put(ws, k, col + 1, note)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _group_borders(ws, rows: list[int], ncols: int) -> None:
    """A medium line above each of ``rows``: where an aisle or a day begins."""
    from openpyxl.styles import Border, Side

    medium = Side(style="medium")
    for r in rows:
        for j in range(1, ncols + 1):
            cell = ws.cell(row=r, column=j)
            b = cell.border
            cell.border = Border(left=b.left, right=b.right, top=medium, bottom=b.bottom)


def _shopping_sheet(ws, plan, today):
    period = max(plan.options.days, len(plan.days))
    columns = [
        _Col("Got it", width=7),
        _Col("Aisle", wrap=22),
        _Col("Food", wrap=44),
        _Col(B_ADDED),
        _Col("Buy", wrap=24),
        _Col("Buy (g)", "0"),
        _Col(f"Needed for {period} days (g)", "0", wrap=11),
        _Col(f"Portions in {period} days", "General", wrap=10),
        _Col("Portion", wrap=22),
        _Col("Days eaten", wrap=22),
        _Col("Meals", wrap=18),
        _Col("Buy hint", wrap=26),
        _Col("One portion gives (% of daily target)", wrap=24),
        _Col("NDB"),
    ]
    foods = shopping(plan)
    rows = []
    for b in foods:
        i = b.item
        text, grams_to_buy = buy_amount(i.portion_text, b.portions, i.portion_grams)
        rows.append(
            [
                None,
                i.food_group,
                i.name,
                "yes" if i.adds_b else "",
                text,
                buy_grams(max(grams_to_buy, b.grams)),
                b.grams,
                b.portions,
                f"{i.portion_text} = {_grams(i.portion_grams)} g",
                days_text(sorted(b.days), len(plan.days), period)
                + (f" ({b.eaten} of {period} days)" if period > len(plan.days) else ""),
                ", ".join(m for m in MEALS if m in b.meals),
                buy_hint(i.name),
                _per_portion(i, plan.targets),
                i.ndb,
            ]
        )
    if not rows:
        rows = [[None, "", NOTHING_TO_BUY, *[None] * (len(columns) - 3)]]
    last = _table(ws, columns, rows)
    starts = [r for r in range(3, last + 1)
              if ws.cell(row=r, column=2).value != ws.cell(row=r - 1, column=2).value]
    _group_borders(ws, starts, len(columns))
    _finish(ws, len(columns), last, "Shopping list", today, landscape=True)
    diet = plan.options.diet.replace("_", "-")
    notes = [
        f"Food for {period} day{'s' if period > 1 else ''}, {diet} diet, for a "
        f"{plan.profile.describe()}: {period_text(plan)} Where '{B_ADDED}' says yes, buy a "
        "product whose label lists the B vitamins added (milk with vitamins A and D alone is "
        "not one).",
        BUYING_RULE,
        DISCLAIMER,
    ]
    if plan.usual is not None:
        notes.insert(1, "Your usual food is not on this list: buy it as you always do.")
    _notes(ws, last + 2, notes)


def _usual_rows(plan, meal: str) -> list:
    """The diary's foods at one meal (a line without a meal counts with the snack)."""
    if plan.usual is None:
        return []
    from bplanner.planning.planner import USUAL_DEFAULT_MEAL

    return [e for e in plan.usual.entries if (e.meal or USUAL_DEFAULT_MEAL) == meal]


def _usual_amount(entry) -> str:
    """A diary line's amount as the person wrote it, with its grams: "1 cup (244 g)"."""
    written = str(getattr(entry, "amount_text", "") or "").strip()
    if not re.search(r"[A-Za-z]", written) or written.endswith((" g", "g")):
        return f"{entry.grams:.0f} g, your usual food"
    return f"{written} ({entry.grams:.0f} g), your usual food"


def _daily_sheet(ws, plan, today):
    targets = plan.targets
    n = len(targets)
    columns = [
        _Col("Day", "0"),
        _Col("Meal"),
        _Col("Food", wrap=44),
        _Col(B_ADDED),
        _Col("Amount", wrap=26),
        _Col("Grams", "0"),
        *(_Col(_label(t), amount_format(t.value)) for t in targets),
        _Col("NDB"),
    ]
    has_b12 = any(t.vitamin == "vitamin_b12" for t in targets)
    rows, starts, totals, percents = [], [], [], []
    r = 2
    for day in plan.days:
        starts.append(r)
        grams = 0.0
        for meal in MEALS:
            lines = [
                [day.number, meal, i.name, "yes" if i.adds_b else "", i.measure, i.grams,
                 *(i.amounts.get(t.vitamin, 0.0) for t in targets), i.ndb]
                for i in day.meal(meal)
            ] + [
                [day.number, meal, e.name, "yes" if e.adds_b else "",
                 _usual_amount(e), e.grams,
                 *((e.amount(t.vitamin) or 0.0) for t in targets), e.ndb]
                for e in _usual_rows(plan, meal)
            ]
            if not lines:
                lines = [[day.number, meal, NOTHING_PLANNED, "", "", None,
                          *[None] * n, ""]]
            grams += sum(line[5] or 0.0 for line in lines)
            rows += lines
        rows.append([day.number, "", "Total for the day", "", "", grams,
                     *(day.totals[t.vitamin] for t in targets), ""])
        if has_b12:
            rows.append([day.number, "", COUNTED_LABEL, "", "", None,
                         *(day.counted[t.vitamin] for t in targets), ""])
        rows.append([day.number, "", "% of target", "", "", None,
                     *(day.counted[t.vitamin] / t.value for t in targets), ""])
        r = len(rows) + 2
        totals += list(range(r - (3 if has_b12 else 2), r))
        percents.append(r - 1)
    last = _table(ws, columns, rows)
    for row in percents:
        for j in range(7, 7 + n):
            ws.cell(row=row, column=j).number_format = "0%"
    for row in totals:
        for j in range(1, len(columns) + 1):
            ws.cell(row=row, column=j).font = _bold()
    _group_borders(ws, starts[1:], len(columns))
    _finish(ws, len(columns), last, "Daily plan by meal", today, landscape=True)
    notes = [period_text(plan)]
    notes += [note for note in plan.notes if not note.startswith(f"{plan.options.days} days")]
    if has_b12:
        notes.insert(1, COUNTED_NOTE)
        notes = [note for note in notes if not note.startswith("Vitamin B12 counts up to")]
    notes.append(DISCLAIMER)
    _notes(ws, last + 2, notes, col=2)


def _coverage_sheet(ws, plan, today):
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.label import DataLabelList

    days = plan.days
    first_day_col = 6
    columns = [
        _Col("Vitamin"),
        _Col("Name"),
        _Col("Unit"),
        _Col("Target kind"),
        _Col("Target per day", wrap=8),
        *(_Col(f"Day {d.number}", "0%") for d in days),
        _Col("Lowest day", "0%", wrap=8),
        _Col("Upper limit per day", wrap=10),
        _Col("Target (100%)", "0%", wrap=8),
        _Col("Chart label"),
    ]
    rows = []
    for t in plan.targets:
        v = VITAMINS[t.vitamin]
        shares = [d.counted[t.vitamin] / t.value for d in days]
        rows.append(
            [
                v.label,
                v.name,
                t.display_unit,
                t.kind,
                t.value,
                *shares,
                min(shares),
                t.upper_limit,
                1.0,
                f"{v.label} ({t.value:g} {t.display_unit})",
            ]
        )
    last = _table(ws, columns, rows)
    ul_col = first_day_col + len(days) + 1
    for r, t in enumerate(plan.targets, start=2):
        ws.cell(row=r, column=5).number_format = amount_format(t.value)
        if t.upper_limit is None:
            put(ws, r, ul_col, "none set")
        else:
            ws.cell(row=r, column=ul_col).number_format = amount_format(t.upper_limit)
    _finish(ws, len(columns), last, "Coverage per day", today, landscape=True)

    # the amounts counted toward the targets, in each vitamin's unit; the day columns
    # of every table on the sheet line up under the first table's
    row = last + 2
    put(ws, row, 1, "Amount counted toward the target, per day").font = _bold()
    amount_rows = [
        [VITAMINS[t.vitamin].label, "counted", t.amount_unit, t.kind, t.value,
         *(d.counted[t.vitamin] for d in days)]
        for t in plan.targets
    ]
    formats = [amount_format(t.value) for t in plan.targets]
    if any(t.vitamin == "vitamin_b12" for t in plan.targets):
        b12 = next(t for t in plan.targets if t.vitamin == "vitamin_b12")
        amount_rows.append(["B12", PLAIN_B12, b12.display_unit, b12.kind, b12.value,
                            *(d.totals["vitamin_b12"] for d in days)])
        formats.append(amount_format(b12.value))
    amount_cols = [_Col("Vitamin"), _Col("Amount", wrap=14), _Col("Unit"), _Col("Target kind"),
                   _Col("Target per day"), *(_Col(f"Day {d.number}") for d in days)]
    last_amount = _table_at(ws, amount_cols, amount_rows, row + 1)
    for k, fmt in enumerate(formats):
        for j in range(5, 6 + len(days)):
            ws.cell(row=row + 2 + k, column=j).number_format = fmt

    # the upper limits the plan was kept under, day by day
    row = last_amount + 2
    put(ws, row, 1, "Upper limits kept").font = _bold()
    lim_rows = []
    for name, lim in plan.limits.items():
        amounts = [d.limits[name]["amount"] for d in days if name in d.limits]
        lim_rows.append([name.replace("_", " "), "plan", lim["unit"], "UL", lim["limit"],
                         *amounts, max(amounts) / lim["limit"]])
    lim_cols = [
        _Col("Nutrient"),
        _Col("Amount"),
        _Col("Unit"),
        _Col("Limit kind"),
        _Col("Limit per day", "0"),
        *(_Col(f"Day {d.number}", "0.00") for d in days),
        _Col("Highest day, % of limit", "0%", wrap=8),
    ]
    if lim_rows:
        last_lim = _table_at(ws, lim_cols, lim_rows, row + 1)
        if "folic_acid" in plan.limits:
            last_lim += 1
            rule = plan.model.get("folic_acid_rule", "")
            put(ws, last_lim, 1, f"Folic acid: {rule}." if rule else "")
    else:
        put(ws, row + 1, 1, "No upper limit applies to this life stage.")
        last_lim = row + 1

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Counted per day, % of the daily target"
    chart.y_axis.title = "% of daily target"
    chart.x_axis.title = "Vitamin (daily target)"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.add_data(
        Reference(ws, min_col=first_day_col, max_col=first_day_col + len(days) - 1,
                  min_row=1, max_row=last),
        titles_from_data=True,
    )
    if len(days) == 1:  # one bar a vitamin: its value reads plainly
        chart.dataLabels = DataLabelList()
        chart.dataLabels.showVal = True
        chart.dataLabels.showSerName = False
        chart.dataLabels.showCatName = False
        chart.dataLabels.showLegendKey = False
    line = LineChart()
    target_col = ul_col + 1
    line.add_data(Reference(ws, min_col=target_col, min_row=1, max_row=last),
                  titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.dashStyle = "dash"
    line.series[0].marker.symbol = "none"
    chart += line
    labels = Reference(ws, min_col=target_col + 1, min_row=2, max_row=last)
    for series in (*chart.series, *line.series):  # text categories: a string reference
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    chart.legend.position = "b"
    chart.width = 24
    chart.height = 11
    ws.add_chart(chart, f"A{last_lim + 2}")


def _decimals(target_value: float) -> int:
    fmt = amount_format(target_value)
    return len(fmt.split(".")[1]) if "." in fmt else 0


def _table_at(ws, columns, rows, first_row):
    """A second table on a sheet: keeps the column widths the main table set, if wider."""
    from openpyxl.utils import get_column_letter

    before = {
        j: ws.column_dimensions[get_column_letter(j)].width for j in range(1, len(columns) + 1)
    }
    last = _table(ws, columns, rows, first_row)
    for j, width in before.items():
        dim = ws.column_dimensions[get_column_letter(j)]
        dim.width = max(dim.width or 0, width or 0)
    return last


def _warnings_sheet(ws, plan, today):
    columns = [
        _Col("Severity"),
        _Col("Vitamins"),
        _Col("Warning", wrap=55),
        _Col("Advice", wrap=45),
        _Col("Source", wrap=30),
        _Col("ID"),
    ]
    rows = [
        [
            w.get("severity", ""),
            _text_list(w.get("vitamins")),
            w.get("message", ""),
            w.get("advice", ""),
            w.get("source", ""),
            w.get("id", ""),
        ]
        for w in _warning_dicts(plan)
    ]
    if not rows:
        rows = [["", "", NO_WARNINGS, "", "", ""]]
    last = _table(ws, columns, rows)
    _finish(ws, len(columns), last, "Warnings", today, landscape=True)


def _about_sheet(ws, plan, today, food_source):
    from openpyxl.styles import Alignment

    o, p = plan.options, plan.profile
    model = plan.model

    def yes(flag):
        return "yes" if flag else "no"

    planned = len(plan.days)
    rows = [
        ["Title", "bplanner shopping list"],
        ["Date", today],
        ["For", p.describe()],
        ["Age (years)", p.age],
        ["Sex", p.sex or "not given (the stricter value of both sexes is used)"],
        ["Life stage", p.life_stage],
        ["Diet", o.diet.replace("_", "-")],
        ["Days", o.days],
        ["Planned days", planned],
        ["Period", period_text(plan)],
        ["Different menus", plan.menus],
        ["Vitamins", ", ".join(f"{VITAMINS[v].label} ({VITAMINS[v].name})" for v in o.vitamins)],
        [
            "Daily targets",
            "; ".join(f"{t.label} {t.value:g} {t.display_unit} ({t.kind})" for t in plan.targets),
        ],
        ["Objective", f"{o.objective}: {model.get('objective_meaning', '')}".rstrip(": ")],
        ["Most portions of a food per day", o.max_portions],
        [
            "A food on at most",
            (f"{o.repeat} days of a week (milk and plant milks any day); no two days in a "
             f"row alike; a menu on at most {plan.model['menu_repeat']} days"
             if planned > 1 else "one day planned: no repeat rule"),
        ],
        ["Fewest different foods", o.min_foods],
        ["Meals", ", ".join(MEALS)],
        [
            "B12 counted per meal",
            f"at most {B12_COUNTED_PER_MEAL_UG:g} µg ({B12_SOURCES})"
            if any(t.vitamin == "vitamin_b12" for t in plan.targets) else "B12 not chosen",
        ],
        ["Fortified foods allowed", yes(o.fortified)],
        ["Everyday foods only", yes(not o.all_foods)],
        ["Excluded allergens", ", ".join(o.exclude_allergens) or "none"],
        ["Excluded words", ", ".join(o.exclude) or "none"],
        ["Usual food (diary)", "none" if plan.usual is None
         else f"{getattr(plan.usual, 'path', '')} ({len(plan.usual.entries)} foods), counted "
              "toward the targets and limits"],
        ["Candidate foods", plan.candidates],
        ["Solver", model.get("solver", "")],
        ["Missing values", model.get("missing_values", "")],
        ["Notes", "\n".join(plan.notes) or "none"],
        ["Food data", food_source],
        ["Portions", PORTIONS_SOURCE],
        ["Reference intakes", SOURCE_SHORT],
        ["Buying rule", BUYING_RULE],
        ["Disclaimer", DISCLAIMER],
    ]
    from bplanner import __version__

    rows.append(["Made with", f"bplanner {__version__}"])
    last = _table(ws, [_Col("About"), _Col("Value", wrap=90)], rows)
    for r in range(2, last + 1):
        cell = ws.cell(row=r, column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    _finish(ws, 2, last, "About this plan", today, landscape=False, autofilter=False)


def build_workbook(plan, *, today: dt.date | None = None, food_source: str = FOOD_SOURCE):
    """The workbook for a plan (openpyxl ``Workbook``), not yet saved."""
    from openpyxl import Workbook

    today = today or dt.date.today()
    wb = Workbook()
    sheets = [wb.active] + [wb.create_sheet() for _ in SHEETS[1:]]
    for ws, name in zip(sheets, SHEETS, strict=True):
        ws.title = name
    _shopping_sheet(sheets[0], plan, today)
    _daily_sheet(sheets[1], plan, today)
    _coverage_sheet(sheets[2], plan, today)
    _warnings_sheet(sheets[3], plan, today)
    _about_sheet(sheets[4], plan, today, food_source)
    for ws in sheets:
        _fit_rows(ws)
    stamp = dt.datetime.combine(today, dt.time())
    wb.properties.title = "bplanner shopping list"
    wb.properties.creator = "bplanner"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.active = 0
    return wb


def export_plan(
    plan,
    path,
    *,
    force: bool = False,
    today: dt.date | None = None,
    food_source: str = FOOD_SOURCE,
) -> Path:
    """Write ``plan`` as an .xlsx workbook at ``path`` and return the path.

    Raises ``OutputPathError`` for a folder, a missing folder, an unwritable
    place, a name not ending in .xlsx, or an existing file unless ``force``.
    ``food_source`` names the food table (the shipped USDA SR28 table by default).
    """
    problem = excel_name_problem(path)
    if problem:
        raise OutputPathError(problem)
    path = check_output_path(Path(path), force)
    wb = build_workbook(plan, today=today, food_source=food_source)
    write_atomic(path, lambda tmp: save_workbook(wb, tmp), force=force)
    return path


def save_workbook(wb, tmp: Path) -> None:
    """Save a workbook to ``tmp``: zipped in memory (openpyxl's own temporary files, one per
    sheet, go in a private folder beside ``tmp`` that is removed at once, even on a signal),
    then written in one go, so a full disk is one ``OSError`` and no half-closed zip file is
    left for the interpreter to complain about at exit."""
    buffer = io.BytesIO()
    with private_tempdir(tmp):
        wb.save(buffer)
    Path(tmp).write_bytes(buffer.getvalue())


def excel_name_problem(path) -> str | None:
    """Why ``path`` is no name for a workbook (empty, no .xlsx, nothing before .xlsx), or None."""
    text = os.fspath(path)
    if not text.strip():
        return "the file name is empty; give a name ending in .xlsx, e.g. plan.xlsx"
    if path_shape_problem(text) or os.path.isdir(text):
        return None  # check_output_path says what is wrong
    name = Path(text).name
    if not name.lower().endswith(".xlsx") or text.endswith(("/", os.sep)):
        return f"{show_path(text)}: an Excel workbook's name must end in .xlsx, e.g. plan.xlsx"
    if name.lower() == ".xlsx":
        return f"{show_path(text)}: there is no name before .xlsx; give one, e.g. plan.xlsx"
    return None


__all__ = [
    "BUYING_RULE",
    "SHEETS",
    "OutputPathError",
    "build_workbook",
    "excel_name_problem",
    "buy_grams",
    "buy_amount",
    "days_text",
    "repeat_factors",
    "shopping",
    "export_plan",
]
