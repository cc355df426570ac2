"""Export a plan as an Excel workbook: a shopping list to print and take to the shop.

``export_plan`` writes five sheets (Shopping list, Daily plan, Coverage,
Warnings, About) with openpyxl, which is imported only here and only when
exporting. The file is written to a temporary file beside the target and
published by ``bplanner.files.write_atomic``: never over an existing file
unless ``force`` (not even one that appears during the write), and a failure
or a signal leaves no half-written file, no damaged old file and no temporary
file behind.

Every text cell is stored as text: a food name from a user's own table that
begins with ``=``, ``+``, ``-`` or ``@`` is never turned into a formula. The
workbook holds no formulas at all; totals are the plan's own numbers, so any
reader (Excel, LibreOffice, pandas) sees the same values.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from bplanner.files import (
    OutputPathError,
    check_output_path,
    path_shape_problem,
    show_path,
    write_atomic,
)
from bplanner.foods import SOURCE as FOOD_SOURCE
from bplanner.report import DISCLAIMER
from bplanner.targets import SOURCE_SHORT
from bplanner.vitamins import VITAMINS

SHEETS = ("Shopping list", "Daily plan", "Coverage", "Warnings", "About")
FORMULA_START = ("=", "+", "-", "@")
BUY_STEP_SMALL = 50  # grams, for amounts under 1 kg
BUY_STEP_LARGE = 100  # grams, from 1 kg
BUY_SERVING_STEP = 0.5  # servings
BUYING_RULE = (
    "Amounts to buy are rounded up to what one can buy: grams to the next 50 g below 1 kg "
    "and to the next 100 g from 1 kg; servings to the next half serving. 'Needed' is the "
    "plan's exact amount for the whole period. Pack sizes vary: buy at least this much."
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


def buy_servings(servings: float) -> float:
    """Servings to buy: rounded up to the next half serving."""
    if servings <= 0:
        return 0.0
    return math.ceil(servings / BUY_SERVING_STEP - _EPS) * BUY_SERVING_STEP


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
    return f"{VITAMINS[target.vitamin].label} ({target.display_unit})"


def _warning_dicts(plan) -> list[dict]:
    return [w if isinstance(w, dict) else w.to_dict() for w in plan.warnings]


def _text_list(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _supplies(item, targets) -> str:
    """The chosen vitamins a food gives, largest share of the daily target first."""
    shares = [
        (item.amounts.get(t.vitamin, 0.0) / t.value * 100, VITAMINS[t.vitamin].label)
        for t in targets
        if item.amounts.get(t.vitamin, 0.0) > 0
    ]
    shares.sort(key=lambda s: -s[0])
    return ", ".join(f"{label} {pct:.0f}%" if pct >= 1 else f"{label} <1%" for pct, label in shares)


def _shopping_sheet(ws, plan, today):
    from openpyxl.styles import Alignment

    days = plan.options.days
    columns = [
        _Col("Got it", width=7),
        _Col("Aisle", wrap=22),
        _Col("Food", wrap=48),
        _Col("Fortified"),
        _Col("Buy (g)", "0"),
        _Col("Servings to buy", "General"),
        _Col("Serving size", wrap=26),
        _Col(f"Needed for {days} days (g)", "0"),
        _Col("Vitamins supplied (% of daily target)", wrap=26),
        _Col("NDB"),
    ]
    rows = []
    for item in sorted(plan.items, key=lambda i: (i.food_group.lower(), i.name.lower())):
        grams = item.grams * days
        rows.append(
            [
                None,
                item.food_group,
                item.name,
                "yes" if item.fortified else "",
                buy_grams(grams),
                buy_servings(item.servings * days),
                f"{item.serving_text} = {item.serving_grams:g} g",
                grams,
                _supplies(item, plan.targets),
                item.ndb,
            ]
        )
    last = _table(ws, columns, rows)
    _finish(ws, len(columns), last, "Shopping list", today, landscape=True)
    notes = [
        f"Food for {days} day{'s' if days > 1 else ''}, {plan.options.diet.replace('_', '-')} "
        f"diet, for a {plan.profile.describe()}; buy the fortified product where it says yes.",
        BUYING_RULE,
        DISCLAIMER,
    ]
    for k, note in enumerate(notes, start=last + 2):
        label = put(ws, k, 2, "Note")
        label.font = _bold()
        label.alignment = Alignment(vertical="top")
        cell = put(ws, k, 3, note)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _daily_sheet(ws, plan, today):
    from openpyxl.styles import Border, Side

    columns = [
        _Col("Food", wrap=48),
        _Col("Fortified"),
        _Col("Serving size", wrap=26),
        _Col("Servings per day", "General"),
        _Col("Grams per day", "0"),
        *(_Col(_label(t), amount_format(t.value)) for t in plan.targets),
        _Col("NDB"),
    ]
    rows = [
        [
            item.name,
            "yes" if item.fortified else "",
            f"{item.serving_text} = {item.serving_grams:g} g",
            item.servings,
            item.grams,
            *(item.amounts.get(t.vitamin, 0.0) for t in plan.targets),
            item.ndb,
        ]
        for item in plan.items
    ]
    n = len(plan.targets)
    rows.append(
        [
            "Total per day",
            "",
            "",
            None,
            plan.total_grams,
            *(plan.totals[t.vitamin] for t in plan.targets),
            "",
        ]
    )
    rows.append(["Target per day", "", "", None, None, *(t.value for t in plan.targets), ""])
    rows.append(
        [
            "% of target",
            "",
            "",
            None,
            None,
            *(plan.percent(t.vitamin) / 100 for t in plan.targets),
            "",
        ]
    )
    last = _table(ws, columns, rows)
    for j in range(6, 6 + n):
        ws.cell(row=last, column=j).number_format = "0%"
    for r in (last - 2, last - 1, last):
        for j in range(1, len(columns) + 1):
            ws.cell(row=r, column=j).font = _bold()
    medium = Side(style="medium")
    for j in range(1, len(columns) + 1):
        cell = ws.cell(row=last - 2, column=j)
        cell.border = Border(
            left=cell.border.left, right=cell.border.right, top=medium, bottom=cell.border.bottom
        )
    # the filter covers the foods, not the total rows below them
    _finish(ws, len(columns), last - 3, "Daily plan (the same every day)", today, landscape=n > 2)


def _coverage_sheet(ws, plan, today):
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.label import DataLabelList

    columns = [
        _Col("Vitamin"),
        _Col("Name"),
        _Col("Unit"),
        _Col("Target kind"),
        _Col("Target per day"),
        _Col("Plan per day"),
        _Col("% of target", "0%"),
        _Col("Upper limit per day"),
        _Col("Target (100%)", "0%"),
        _Col("Summary", wrap=30),
    ]
    rows = []
    for t in plan.targets:
        v = VITAMINS[t.vitamin]
        total = plan.totals[t.vitamin]
        rows.append(
            [
                v.label,
                v.name,
                t.display_unit,
                t.kind,
                t.value,
                total,
                plan.percent(t.vitamin) / 100,
                t.upper_limit,
                1.0,
                f"{v.label}: {total:.{_decimals(t.value)}f} of {t.value:g} {t.display_unit}",
            ]
        )
    last = _table(ws, columns, rows)
    for r, t in enumerate(plan.targets, start=2):
        fmt = amount_format(t.value)
        for j in (5, 6):
            ws.cell(row=r, column=j).number_format = fmt
        if t.upper_limit is None:
            put(ws, r, 8, "none set")
        else:
            ws.cell(row=r, column=8).number_format = amount_format(t.upper_limit)
    _finish(ws, len(columns), last, "Coverage", today, landscape=True)

    # the upper limits the plan was kept under
    row = last + 2
    put(ws, row, 1, "Upper limits kept").font = _bold()
    lim_rows = [
        [
            name.replace("_", " "),
            lim["unit"],
            lim["limit"],
            lim["amount"],
            lim["amount"] / lim["limit"],
        ]
        for name, lim in plan.limits.items()
    ]
    lim_cols = [
        _Col("Nutrient"),
        _Col("Unit"),
        _Col("Limit per day", "0"),
        _Col("Plan per day", "0.00"),
        _Col("% of limit", "0%"),
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
    chart.title = "Plan per day, % of the daily target"
    chart.y_axis.title = "% of daily target"
    chart.x_axis.title = "Vitamin: plan per day of target, in its unit"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.add_data(Reference(ws, min_col=7, min_row=1, max_row=last), titles_from_data=True)
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = False
    line = LineChart()
    line.add_data(Reference(ws, min_col=9, min_row=1, max_row=last), titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.dashStyle = "dash"
    line.series[0].marker.symbol = "none"
    chart += line
    labels = Reference(ws, min_col=10, min_row=2, max_row=last)
    for series in (*chart.series, *line.series):  # text categories: a string reference
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    chart.legend.position = "b"
    chart.width = 22
    chart.height = 10
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

    rows = [
        ["Title", "bplanner shopping list"],
        ["Date", today],
        ["For", p.describe()],
        ["Age (years)", p.age],
        ["Sex", p.sex or "not given (the stricter value of both sexes is used)"],
        ["Life stage", p.life_stage],
        ["Diet", o.diet.replace("_", "-")],
        ["Days", o.days],
        ["Vitamins", ", ".join(f"{VITAMINS[v].label} ({VITAMINS[v].name})" for v in o.vitamins)],
        [
            "Daily targets",
            "; ".join(f"{t.label} {t.value:g} {t.display_unit} ({t.kind})" for t in plan.targets),
        ],
        ["Minimising", model.get("objective_meaning", o.objective)],
        ["Servings step", o.step],
        ["Most servings of a food per day", o.max_servings],
        ["Fewest different foods", o.min_foods],
        ["Fortified foods allowed", yes(o.fortified)],
        ["Everyday foods only", yes(not o.all_foods)],
        ["Excluded allergens", ", ".join(o.exclude_allergens) or "none"],
        ["Excluded words", ", ".join(o.exclude) or "none"],
        ["Candidate foods", plan.candidates],
        ["Solver", model.get("solver", "")],
        ["Missing values", model.get("missing_values", "")],
        ["Food data", food_source],
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
    ``food_source`` names the food table (the shipped USDA SR24 table by default).
    """
    problem = excel_name_problem(path)
    if problem:
        raise OutputPathError(problem)
    path = check_output_path(Path(path), force)
    wb = build_workbook(plan, today=today, food_source=food_source)
    write_atomic(path, lambda tmp: wb.save(tmp), force=force)
    return path


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
    "buy_servings",
    "export_plan",
]
