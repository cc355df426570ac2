"""Excel export: a shopping list for the whole period, the days by meal, coverage per day.

Every expected number is computed here from the shipped CSV (portion grams, vitamins per
100 g, reference intakes) and the plan's portions, never copied from the export.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import math
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from bplanner import files
from bplanner.files import OutputPathError
from bplanner.output.export import (
    SHEETS,
    buy_amount,
    buy_grams,
    days_text,
    export_plan,
    repeat_factors,
)
from bplanner.output.report import DISCLAIMER
from bplanner.planning.planner import suggest
from bplanner.targets import Profile

ROOT = Path(__file__).resolve().parents[1]
FOODS_CSV = ROOT / "data" / "foods.csv"
REFERENCE_CSV = ROOT / "data" / "reference" / "dri_b_vitamins.csv"
TODAY = dt.date(2024, 5, 1)
MEALS = ("breakfast", "lunch", "dinner", "snack")
B12_PER_MEAL = 1.5  # µg counted per meal (issue 10: IOM 1998; Watanabe 2007)
COLUMN = {
    "thiamin": "thiamin_mg",
    "vitamin_b6": "vitamin_b6_mg",
    "folate": "folate_dfe_ug",
    "vitamin_b12": "vitamin_b12_ug",
}
LABEL = {"thiamin": "B1", "vitamin_b6": "B6", "folate": "B9", "vitamin_b12": "B12"}
HEAD = {
    "thiamin": "B1 (mg)",
    "vitamin_b6": "B6 (mg)",
    "folate": "B9 (µg DFE)",
    "vitamin_b12": "B12 (µg)",
}
ALL4 = ["B1", "B6", "B9", "B12"]


@dataclass
class FakeWarning:
    id: str
    severity: str
    vitamins: list = field(default_factory=list)
    message: str = ""
    advice: str = ""
    source: str = ""

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "severity": self.severity,
            "vitamins": self.vitamins,
            "message": self.message,
            "advice": self.advice,
            "source": self.source,
        }


def csv_rows(path: Path = FOODS_CSV) -> dict[str, dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["ndb"]: r for r in csv.DictReader(fh)}


ROWS = csv_rows()


def rda(nutrient: str, age: float = 30, sex: str | None = None) -> float:
    """The RDA for a non-pregnant person; sex not given: the larger of the two sexes'."""
    values = []
    with open(REFERENCE_CSV, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            top = float(r["age_max"]) if r["age_max"] else math.inf
            if (
                r["nutrient"] == nutrient
                and r["kind"] == "RDA"
                and r["life_stage"] == "general"
                and float(r["age_min"]) <= age <= top
                and (sex is None or r["sex"] in (sex, "any"))
            ):
                values.append(float(r["value"]))
    return max(values)


def grams(item) -> float:
    """Grams of a planned item, from the CSV's portion (adults eat the table's portion)."""
    return item.portions * float(ROWS[item.ndb]["portion_grams"])


def vitamin(item, key: str) -> float:
    """A planned item's amount of a vitamin, from the CSV (missing counts as 0, as planned)."""
    cell = ROWS[item.ndb][COLUMN[key]]
    return (float(cell) if cell else 0.0) * grams(item) / 100


def counted(day, key: str) -> float:
    """What counts toward the target: B12 at most 1.5 µg from each meal."""
    if key != "vitamin_b12":
        return sum(vitamin(i, key) for i in day.items)
    return sum(
        min(sum(vitamin(i, key) for i in day.items if i.meal == m), B12_PER_MEAL) for m in MEALS
    )


def times_eaten(plan) -> list[int]:
    """How often each planned day is eaten in the period: day k of the period is planned
    day ((k - 1) mod planned) + 1."""
    planned = len(plan.days)
    return [
        sum(1 for k in range(plan.options.days) if k % planned == d) for d in range(planned)
    ]


def with_days(plan, days: int):
    """The same plan for a longer period. ``suggest(days=30)`` plans the same 7 days as
    ``days=7`` (a longer period repeats the planned week), so the solve is not repeated."""
    return dataclasses.replace(plan, options=dataclasses.replace(plan.options, days=days))


def table(ws, first_row: int = 1) -> list[dict]:
    """The rows under a header, until the first empty row, as dicts."""
    head = [c.value for c in ws[first_row]]
    out = []
    for row in ws.iter_rows(min_row=first_row + 1, values_only=True):
        if all(v is None for v in row):
            break
        out.append(dict(zip(head, row, strict=False)))
    return out


def export(plan, tmp_path_factory, name="plan.xlsx"):
    path = tmp_path_factory.mktemp("xlsx") / name
    assert export_plan(plan, path, today=TODAY) == path
    return path


@pytest.fixture(scope="module")
def plan():
    """The issue's week: vegetarian, all four vitamins, 7 days."""
    return suggest(vitamins=ALL4, diet="vegetarian", days=7)


@pytest.fixture(scope="module")
def plans(plan):
    """Plans over several diets and periods, each with its reference targets' profile."""
    return {
        "vegetarian 7 days": (plan, 30, None),
        "vegetarian 30 days": (with_days(plan, 30), 30, None),
        "vegan B12 3 days": (suggest(vitamins=["B12"], diet="vegan", days=3), 30, None),
        "omnivore man 45, 3 days": (
            suggest(vitamins=ALL4, diet="omnivore", days=3, profile=Profile(age=45, sex="male")),
            45,
            "male",
        ),
        "ovo-vegetarian 1 day": (suggest(vitamins=ALL4, diet="ovo_vegetarian"), 30, None),
    }


@pytest.fixture(scope="module")
def books(plans, tmp_path_factory):
    return {name: export(p, tmp_path_factory) for name, (p, _a, _s) in plans.items()}


@pytest.fixture(scope="module")
def book(books):
    return books["vegetarian 7 days"]


@pytest.fixture(scope="module")
def wb(book):
    return openpyxl.load_workbook(book)


CASES = [
    "vegetarian 7 days",
    "vegetarian 30 days",
    "vegan B12 3 days",
    "omnivore man 45, 3 days",
    "ovo-vegetarian 1 day",
]


# --- rounding to what one can buy -------------------------------------------------------


@pytest.mark.parametrize(
    ("grams", "expected"),
    [
        (0, 0),
        (1, 50),
        (42, 50),
        (50, 50),
        (50.01, 100),
        (108.5, 150),
        (990, 1000),
        (999.9, 1000),
        (1000, 1000),
        (1000.5, 1100),
        (2450, 2500),
        (7 * 0.5 * 31, 150),
        (0.1 * 3 * 500, 150),  # float noise must not add a step
    ],
)
def test_buy_grams_rounds_up_to_50_g_under_1_kg_and_100_g_above(grams, expected):
    assert buy_grams(grams) == expected


@pytest.mark.parametrize(
    ("portion", "portions", "grams_each", "expected"),
    [
        ("1 cup", 7, 244, ("7 cups (1708 g)", 1708)),
        ("2/3 cup", 4.5, 60, ("3 cups (270 g)", 270)),
        ("3 oz", 4, 85, ("12 oz (340 g)", 340)),
        ("30 g", 3, 30, ("90 g", 90)),
        ("4 slices, thin", 1.75, 56, ("7 slices, thin (98 g)", 98)),
        # pieces are bought whole: 2½ eggs are 3 eggs
        ("1 large", 2.5, 50, ("3 large (150 g)", 150)),
        ("1 medium", 1.5, 118, ("2 medium (236 g)", 236)),
        ("2 slices", 0.75, 50, ("2 slices (50 g)", 50)),  # 1½ slices: buy 2
    ],
)
def test_buy_amount_in_household_measures_pieces_rounded_up(portion, portions, grams_each,
                                                            expected):
    assert buy_amount(portion, portions, grams_each) == expected


@pytest.mark.parametrize(
    ("period", "planned", "expected"),
    [(1, 1, [1]), (7, 7, [1] * 7), (3, 3, [1, 1, 1]), (14, 7, [2] * 7),
     (30, 7, [5, 5, 4, 4, 4, 4, 4]), (366, 7, [53, 53, 52, 52, 52, 52, 52])],
)
def test_a_longer_period_repeats_the_planned_days_in_turn(period, planned, expected):
    fake = SimpleNamespace(days=[None] * planned, options=SimpleNamespace(days=period))
    assert repeat_factors(fake) == expected
    assert sum(expected) == period


def test_days_eaten_text():
    assert days_text([1, 3, 5], 7, 7) == "days 1, 3, 5"
    assert days_text([2], 7, 7) == "day 2"
    assert days_text([1, 2, 3], 3, 3) == "every day"
    assert days_text([1, 4], 7, 30) == "days 1, 4 of each week"
    assert days_text([1], 1, 1) == "day 1"


# --- sheets and numbers -----------------------------------------------------------------


def test_workbook_has_the_five_sheets_in_order(wb):
    assert wb.sheetnames == list(SHEETS)
    assert SHEETS == ("Shopping list", "Daily plan", "Coverage", "Warnings", "About")


@pytest.mark.parametrize("case", CASES)
def test_shopping_list_sums_each_food_over_the_whole_period(plans, books, case):
    plan, _age, _sex = plans[case]
    period = plan.options.days
    times = times_eaten(plan)
    need, portions, days, meals, adds_b = {}, {}, {}, {}, {}
    for day, n in zip(plan.days, times, strict=True):
        for item in day.items:
            need[item.ndb] = need.get(item.ndb, 0.0) + grams(item) * n
            adds_b[item.ndb] = item.adds_b
            portions[item.ndb] = portions.get(item.ndb, 0.0) + item.portions * n
            days.setdefault(item.ndb, set()).add(day.number)
            meals.setdefault(item.ndb, set()).add(item.meal)
    got = table(openpyxl.load_workbook(books[case])["Shopping list"])
    assert len(got) == len(need) >= 1  # one row per food
    by_ndb = {r["NDB"]: r for r in got}
    assert set(by_ndb) == set(need)
    for ndb, grams_needed in need.items():
        food, r = ROWS[ndb], by_ndb[ndb]
        assert r["Food"] == food["name"]
        assert r["Aisle"] == food["food_group"]
        # marked where the maker adds B vitamins, not for milk with vitamins A and D alone
        assert r["B vitamins added"] == ("yes" if adds_b[ndb] else None)
        assert not adds_b[ndb] or food["fortified"] == "1" or food["folic_acid_ug"] not in ("", "0")
        assert r[f"Needed for {period} days (g)"] == pytest.approx(grams_needed)
        assert r[f"Portions in {period} days"] == pytest.approx(portions[ndb])
        assert food["portion_text"] in r["Portion"]
        # rounded up to what one can buy, never less than needed
        step = 50 if r["Buy (g)"] <= 1000 else 100
        assert r["Buy (g)"] >= grams_needed - 1e-9 and r["Buy (g)"] % step == 0
        # the household measure's grams: the need, or whole pieces just above it
        shown = float(re.search(r"\((\d+) g\)$|^(\d+) g$", r["Buy"]).group(1) or 0)
        per_portion = float(food["portion_grams"])
        assert grams_needed - 0.5 <= shown <= grams_needed + per_portion + 0.5
        listed = sorted(days[ndb])
        words = r["Days eaten"]
        if len(listed) == len(plan.days) and len(listed) > 1:
            assert words.startswith("every day")
        else:
            assert re.match(r"days? " + ", ".join(map(str, listed)) + r"\b", words), words
        if period > len(plan.days):
            eaten = sum(n for d, n in zip(plan.days, times, strict=True) if d.number in days[ndb])
            assert f"({eaten} of {period} days)" in words
        assert r["Meals"] == ", ".join(m for m in MEALS if m in meals[ndb])
        assert r["Got it"] is None  # the tick column is left blank for a pen


def test_thirty_days_buy_the_week_about_four_times_over(plans, books):
    week, _a, _s = plans["vegetarian 7 days"]
    month, _a, _s = plans["vegetarian 30 days"]
    w = {r["NDB"]: r for r in table(openpyxl.load_workbook(books["vegetarian 7 days"])
                                    ["Shopping list"])}
    m = {r["NDB"]: r for r in table(openpyxl.load_workbook(books["vegetarian 30 days"])
                                    ["Shopping list"])}
    assert set(w) == set(m)
    for ndb in w:
        ratio = m[ndb]["Needed for 30 days (g)"] / w[ndb]["Needed for 7 days (g)"]
        # every planned day is eaten 4 or 5 times in 30 days (grams summed in floats)
        assert 4 - 1e-9 <= ratio <= 5 + 1e-9


def test_shopping_list_is_grouped_by_aisle_then_name(wb):
    got = [(r["Aisle"].lower(), r["Food"].lower()) for r in table(wb["Shopping list"])]
    assert got == sorted(got)
    ws = wb["Shopping list"]
    for r in range(3, len(got) + 2):  # a line above the first food of each aisle
        new_aisle = ws.cell(row=r, column=2).value != ws.cell(row=r - 1, column=2).value
        assert (ws.cell(row=r, column=3).border.top.style == "medium") == new_aisle


def test_cooked_foods_carry_a_buying_hint(plans, books):
    for case in CASES:
        plan, _a, _s = plans[case]
        for r in table(openpyxl.load_workbook(books[case])["Shopping list"]):
            cooked = re.search(r"\b(cooked|boiled|roasted|baked|fried|braised|stewed|"
                               r"steamed|simmered|broiled|grilled|microwaved|poached|"
                               r"scrambled|toasted)\b",
                               r["Food"], re.IGNORECASE)
            assert bool(r["Buy hint"]) == bool(cooked), r["Food"]


def test_shopping_list_notes_the_buying_rule_period_and_disclaimer(plans, books):
    def texts(case):
        ws = openpyxl.load_workbook(books[case])["Shopping list"]
        return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]

    week, month = texts("vegetarian 7 days"), texts("vegetarian 30 days")
    assert any(
        "next 50 g below 1 kg" in t and "next 100 g from 1 kg" in t and "whole pieces" in t
        for t in week
    )
    assert DISCLAIMER in week
    assert any("30 days repeat this week: day 8 is day 1 again" in t for t in month)
    assert not any("repeat this week" in t for t in week)
    # the week as the JSON says it was planned (issue 24: "each planned on its own" was
    # written under week_exact: true)
    exact = plans["vegetarian 7 days"][0].model["week_exact"]
    assert any(("planned jointly" in t) is exact for t in week if "7 days of" in t)
    assert not any("each planned on its own" in t for t in week + month)


@pytest.mark.parametrize("case", CASES)
def test_daily_plan_has_every_day_and_meal_with_the_plans_amounts(plans, books, case):
    plan, age, sex = plans[case]
    got = table(openpyxl.load_workbook(books[case])["Daily plan"])
    keys = [k for k in HEAD if k in {t.vitamin for t in plan.targets}]
    # every planned day, each with its four meals in order, then its totals
    assert [d.number for d in plan.days] == sorted({r["Day"] for r in got})
    for day in plan.days:
        rows = [r for r in got if r["Day"] == day.number]
        meal_rows = [r for r in rows if r["Meal"]]
        assert [m for m in MEALS if any(r["Meal"] == m for r in meal_rows)] == list(MEALS)
        assert [r["Meal"] for r in meal_rows] == sorted(
            (r["Meal"] for r in meal_rows), key=MEALS.index
        )
        for meal in MEALS:
            planned = day.meal(meal)
            here = [r for r in meal_rows if r["Meal"] == meal]
            if not planned:
                assert [r["Food"] for r in here] == ["nothing planned"]
                continue
            assert sorted(r["NDB"] for r in here) == sorted(i.ndb for i in planned)
            for item in planned:
                r = next(r for r in here if r["NDB"] == item.ndb)
                assert r["Food"] == ROWS[item.ndb]["name"]
                assert r["Grams"] == pytest.approx(grams(item))
                assert r["Amount"] == item.measure
                for key in keys:
                    assert r[HEAD[key]] == pytest.approx(vitamin(item, key), rel=1e-9,
                                                         abs=1e-12)
        label = {r["Food"]: r for r in rows if not r["Meal"]}
        total = label["Total for the day"]
        assert total["Grams"] == pytest.approx(sum(grams(i) for i in day.items))
        pct = label["% of target"]
        for key in keys:
            assert total[HEAD[key]] == pytest.approx(sum(vitamin(i, key) for i in day.items))
            assert pct[HEAD[key]] == pytest.approx(counted(day, key) / rda(key, age, sex))
            assert pct[HEAD[key]] >= 1 - 1e-9  # every day meets every target
        if "vitamin_b12" in keys:
            row = next(r for f, r in label.items() if f.startswith("Counted toward the target"))
            assert row[HEAD["vitamin_b12"]] == pytest.approx(counted(day, "vitamin_b12"))
            assert row[HEAD["vitamin_b12"]] <= B12_PER_MEAL * len(MEALS)


def test_daily_plan_days_start_with_a_line_and_totals_are_bold(plan, wb):
    ws = wb["Daily plan"]
    rows = list(ws.iter_rows(min_row=2))
    starts = [r[0].row for k, r in enumerate(rows) if k and r[0].value
              and r[0].value != rows[k - 1][0].value]
    assert len(starts) == len(plan.days) - 1
    for r in starts:
        assert ws.cell(row=r, column=3).border.top.style == "medium"
    for r in rows:
        if r[2].value == "Total for the day":
            assert r[2].font.bold


@pytest.mark.parametrize("case", CASES)
def test_coverage_per_day_is_the_counted_amount_over_the_target(plans, books, case):
    plan, age, sex = plans[case]
    ws = openpyxl.load_workbook(books[case])["Coverage"]
    got = {r["Vitamin"]: r for r in table(ws)}
    keys = [k for k in HEAD if k in {t.vitamin for t in plan.targets}]
    assert list(got) == [LABEL[k] for k in keys]
    for key in keys:
        r, target = got[LABEL[key]], rda(key, age, sex)
        assert r["Target per day"] == target
        shares = []
        for day in plan.days:
            share = r[f"Day {day.number}"]
            assert share == pytest.approx(day.counted[key] / target)
            assert share == pytest.approx(counted(day, key) / target)
            assert share >= 1 - 1e-9
            shares.append(share)
        assert r["Lowest day"] == pytest.approx(min(shares))
    if "vitamin_b6" in keys:
        assert got["B6"]["Upper limit per day"] == 100  # UL of vitamin B6, adults
    if "thiamin" in keys:
        assert got["B1"]["Upper limit per day"] == "none set"


def test_coverage_amounts_per_day_and_plain_b12(plan, wb):
    ws = wb["Coverage"]
    start = next(c.row for c in ws["A"] if c.value == "Amount counted toward the target, per day")
    got = {(r["Vitamin"], r["Amount"]): r for r in table(ws, start + 1)}
    for key in HEAD:
        r = got[LABEL[key], "counted"]
        assert r["Target per day"] == rda(key)
        for day in plan.days:
            assert r[f"Day {day.number}"] == pytest.approx(counted(day, key))
    plain = got["B12", "eaten, before the per-meal cap"]
    for day in plan.days:
        assert plain[f"Day {day.number}"] == pytest.approx(
            sum(vitamin(i, "vitamin_b12") for i in day.items)
        )


def test_coverage_has_a_native_bar_chart_one_series_per_day(plan, book):
    with zipfile.ZipFile(book) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
        rels = z.read("xl/worksheets/_rels/sheet3.xml.rels").decode()
    assert "barChart" in xml and "lineChart" in xml  # bars and the 100% target line
    for k in range(len(plan.days)):  # columns F.. hold Day 1..Day 7, rows 2-5 the vitamins
        col = openpyxl.utils.get_column_letter(6 + k)
        assert f"'Coverage'!${col}$2:${col}$5" in xml
    assert xml.count("<ser>") == len(plan.days) + 1  # a bar series a day, the 100% line
    assert "% of the daily target" in xml and "% of daily target" in xml  # titles
    assert "drawing" in rels  # anchored on the Coverage sheet (the third)


def test_pandas_reads_back_the_plans_numbers(plan, book):
    need = {}
    for day in plan.days:
        for item in day.items:
            need[item.ndb] = need.get(item.ndb, 0.0) + grams(item)
    shop = pd.read_excel(book, sheet_name="Shopping list", nrows=len(need), dtype={"NDB": str})
    got = dict(zip(shop["NDB"], shop["Needed for 7 days (g)"], strict=True))
    assert got == pytest.approx(need)
    cover = pd.read_excel(book, sheet_name="Coverage", nrows=4)
    for r in cover.itertuples():
        key = {v: k for k, v in LABEL.items()}[r.Vitamin]
        assert r._6 == pytest.approx(counted(plan.days[0], key) / rda(key))  # Day 1


# --- look and print ---------------------------------------------------------------------


@pytest.mark.parametrize("sheet", SHEETS)
def test_header_bold_frozen_and_printed_one_page_wide(wb, sheet):
    ws = wb[sheet]
    assert all(c.font.bold for c in ws[1] if c.value is not None)
    assert ws.freeze_panes == "A2"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"  # the header repeats on every printed page
    for col in range(1, ws.max_column + 1):
        letter = openpyxl.utils.get_column_letter(col)
        if ws.cell(row=1, column=col).value:
            assert ws.column_dimensions[letter].width >= 8


@pytest.mark.parametrize("sheet", SHEETS[:4])
def test_tables_have_an_autofilter_on_their_header(wb, sheet):
    ref = wb[sheet].auto_filter.ref
    assert ref and ref.startswith("A1:")


def test_column_widths_fit_the_food_names(plan, wb):
    ws = wb["Shopping list"]
    longest = max(len(i.name) for i in plan.items)
    width = ws.column_dimensions["C"].width
    # fits the longest name, or wraps it at a readable width
    assert width >= min(longest, 44)
    assert ws["C2"].alignment.wrap_text


def test_number_formats_grams_whole_mg_two_decimals(wb):
    shop, daily = wb["Shopping list"], wb["Daily plan"]
    heads = {c.value: c.column_letter for c in shop[1]}
    assert shop[heads["Buy (g)"] + "2"].number_format == "0"
    assert shop[heads["Needed for 7 days (g)"] + "2"].number_format == "0"
    heads = {c.value: c.column_letter for c in daily[1]}
    # the first row with a food (a meal with nothing planned says so, with no numbers)
    row = str(next(r[0].row for r in daily.iter_rows(min_row=2)
                   if r[heads_index(daily, "Grams")].value is not None))
    assert daily[heads["Grams"] + row].number_format == "0"
    assert daily[heads["B1 (mg)"] + row].number_format == "0.00"
    assert daily[heads["B12 (µg)"] + row].number_format == "0.00"
    assert daily[heads["B9 (µg DFE)"] + row].number_format == "0"
    pct = next(r for r in daily.iter_rows() if r[2].value == "% of target")
    assert pct[heads_index(daily, "B1 (mg)")].number_format == "0%"
    assert wb["Coverage"]["F2"].number_format == "0%"


def heads_index(ws, title: str) -> int:
    return next(c.column - 1 for c in ws[1] if c.value == title)


def test_workbook_holds_no_formulas(book):
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode() and "<f " not in z.read(name).decode()


# --- warnings and about -----------------------------------------------------------------


def test_warnings_sheet_lists_each_warning(plan, tmp_path):
    plan = dataclasses.replace(plan)
    plan.warnings = [
        FakeWarning(
            "b12_vegan",
            "high",
            ["B12"],
            "Plant foods hold no B12.",
            "See a physician about B12.",
            "NIH ODS",
        ),
        FakeWarning(
            "b6_ul", "info", ["B6", "B9"], "Below the upper limit.", "None needed.", "IOM 1998"
        ),
    ]
    path = export_plan(plan, tmp_path / "w.xlsx", today=TODAY)
    got = table(openpyxl.load_workbook(path)["Warnings"])
    assert [
        (r["ID"], r["Severity"], r["Vitamins"], r["Warning"], r["Advice"], r["Source"]) for r in got
    ] == [
        (
            "b12_vegan",
            "high",
            "B12",
            "Plant foods hold no B12.",
            "See a physician about B12.",
            "NIH ODS",
        ),
        ("b6_ul", "info", "B6, B9", "Below the upper limit.", "None needed.", "IOM 1998"),
    ]


def test_no_warnings_says_so(plan, tmp_path):
    quiet = dataclasses.replace(plan, warnings=[])
    path = export_plan(quiet, tmp_path / "quiet.xlsx", today=TODAY)
    got = table(openpyxl.load_workbook(path)["Warnings"])
    assert len(got) == 1 and got[0]["Warning"].startswith("No warnings")


def test_real_plan_warnings_are_in_the_sheet(plan, wb):
    """The vegetarian plan carries the diet's B12 warning; every one is on the sheet."""
    assert plan.warnings, "a vegetarian plan warns about B12"
    got = table(wb["Warnings"])
    expected = [w.to_dict() for w in plan.warnings]
    assert [r["Warning"] for r in got] == [w["message"] for w in expected]
    assert [r["Source"] for r in got] == [w["source"] for w in expected]


def test_about_has_profile_diet_period_date_sources_and_disclaimer(wb, books):
    about = {r["About"]: r["Value"] for r in table(wb["About"])}
    assert about["Diet"] == "vegetarian"
    assert about["Days"] == 7 and about["Planned days"] == 7
    assert about["Date"].date() == TODAY
    assert about["For"] == "person, age 30"
    assert about["Disclaimer"] == DISCLAIMER
    assert "Standard Reference, Release 28" in about["Food data"]
    assert "Dietary Reference Intakes" in about["Reference intakes"]
    assert "21 CFR 101.12" in about["Portions"]
    assert "next 50 g" in about["Buying rule"]
    assert "B1 1.2 mg (RDA)" in about["Daily targets"]
    assert about["Objective"].startswith("portions: ")
    assert about["A food on at most"].startswith("3 days of a week")
    assert "1.5 µg" in about["B12 counted per meal"] and "Watanabe" in about["B12 counted per meal"]
    month = {r["About"]: r["Value"] for r in table(
        openpyxl.load_workbook(books["vegetarian 30 days"])["About"])}
    assert month["Days"] == 30 and month["Planned days"] == 7
    assert "30 days repeat this week: day 8 is day 1 again" in month["Period"]
    assert "repeat" not in about["Period"]


def test_today_defaults_to_the_current_date(plan, tmp_path):
    before = dt.date.today()
    path = export_plan(plan, tmp_path / "today.xlsx")
    after = dt.date.today()
    about = {r["About"]: r["Value"] for r in table(openpyxl.load_workbook(path)["About"])}
    assert about["Date"].date() in (before, after)


# --- safe writing -----------------------------------------------------------------------


def test_existing_file_is_kept_without_force(plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"my own spreadsheet")
    with pytest.raises(OutputPathError, match="already exists"):
        export_plan(plan, path, today=TODAY)
    assert path.read_bytes() == b"my own spreadsheet"
    assert os.listdir(tmp_path) == ["plan.xlsx"]


def test_force_overwrites(plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"old")
    export_plan(plan, path, force=True, today=TODAY)
    assert openpyxl.load_workbook(path).sheetnames == list(SHEETS)
    assert os.listdir(tmp_path) == ["plan.xlsx"]


def test_a_folder_is_refused(plan, tmp_path):
    with pytest.raises(OutputPathError, match="is a folder"):
        export_plan(plan, tmp_path, today=TODAY)
    with pytest.raises(OutputPathError, match="is a folder"):
        export_plan(plan, tmp_path, force=True, today=TODAY)


def test_a_missing_folder_is_refused(plan, tmp_path):
    with pytest.raises(OutputPathError, match="does not exist"):
        export_plan(plan, tmp_path / "nope" / "plan.xlsx", today=TODAY)
    assert not (tmp_path / "nope").exists()


def test_an_unwritable_folder_is_refused(plan, tmp_path, monkeypatch):
    real = os.access
    monkeypatch.setattr(
        files.os, "access", lambda p, mode: False if Path(p) == tmp_path else real(p, mode)
    )
    with pytest.raises(OutputPathError, match="permission denied"):
        export_plan(plan, tmp_path / "plan.xlsx", today=TODAY)
    assert os.listdir(tmp_path) == []


def test_a_name_not_ending_in_xlsx_is_refused(plan, tmp_path):
    with pytest.raises(OutputPathError, match=r"\.xlsx"):
        export_plan(plan, tmp_path / "plan.csv", today=TODAY)
    assert os.listdir(tmp_path) == []


def _half_written(target, data: bytes) -> None:
    """What a save cut short leaves: part of a zip in the file or buffer it was given."""
    if hasattr(target, "write"):
        target.write(data)
    else:
        Path(target).write_bytes(data)


def test_failure_while_writing_keeps_the_old_file_and_leaves_no_temp_file(
    plan, tmp_path, monkeypatch
):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"old plan")

    def broken_save(self, filename):
        _half_written(filename, b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        export_plan(plan, path, force=True, today=TODAY)
    assert path.read_bytes() == b"old plan"
    assert os.listdir(tmp_path) == ["plan.xlsx"]


def test_failure_on_a_new_file_leaves_nothing(plan, tmp_path, monkeypatch):
    def broken_save(self, filename):
        _half_written(filename, b"PK")
        raise RuntimeError("boom")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(RuntimeError):
        export_plan(plan, tmp_path / "new.xlsx", today=TODAY)
    assert os.listdir(tmp_path) == []


# --- text that looks like a formula -----------------------------------------------------

EVIL = ['=HYPERLINK("http://example.com","click")', "+1", "-x", "@SUM(A1)"]


def test_formula_looking_text_from_a_user_table_stays_text(plan, tmp_path):
    """Names, aisles and measures from a user's own table that look like formulas."""
    evil = copy.deepcopy(plan)
    ndbs = sorted({i.ndb for i in evil.items})[: len(EVIL)]
    assert len(ndbs) == len(EVIL)
    names = dict(zip(ndbs, EVIL, strict=True))
    for item in evil.items:
        if item.ndb in names:
            item.name = names[item.ndb]
            if item.ndb == ndbs[0]:
                item.food_group = "=1+1"
            if item.ndb == ndbs[1]:
                item.portion_text = "-1 cup"
    path = export_plan(evil, tmp_path / "evil.xlsx", today=TODAY)

    wb = openpyxl.load_workbook(path)
    for sheet in ("Shopping list", "Daily plan"):
        ws = wb[sheet]
        col = next(c.column for c in ws[1] if c.value == "Food")
        cells = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
        found = [c for c in cells if c.value in EVIL]
        assert {c.value for c in found} == set(EVIL)
        for cell in found:
            assert cell.data_type == "s"
            assert cell.quotePrefix  # stays text when edited in Excel
    shop = table(wb["Shopping list"])
    assert "=1+1" in [r["Aisle"] for r in shop]
    assert any(r["Portion"].startswith("-1 cup") for r in shop)
    daily = pd.read_excel(path, sheet_name="Daily plan")
    assert set(EVIL) <= set(daily["Food"])
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml


def test_control_characters_in_a_name_do_not_break_the_file(plan, tmp_path):
    item = plan.items[0]
    original = item.name
    item.name = "Bad\x01name\x0b"
    try:
        path = export_plan(plan, tmp_path / "ctl.xlsx", today=TODAY)
    finally:
        item.name = original
    names = [r["Food"] for r in table(openpyxl.load_workbook(path)["Daily plan"])]
    assert "Badname" in names


# --- openpyxl only when exporting -------------------------------------------------------


def test_openpyxl_is_imported_only_when_exporting():
    code = (
        "import sys, bplanner.planning.planner, bplanner.output.export, bplanner.output.report\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported too early'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_usual_day_shows_in_the_daily_plan_but_not_on_the_shopping_list(tmp_path):
    from bplanner.usual.diary import read_diary

    diary_path = tmp_path / "usual.csv"
    diary_path.write_text("food,amount,meal\n01077,1 cup,breakfast\n01123,1,\n", encoding="utf-8")
    plan = suggest(vitamins=["B9", "B12"], diet="vegetarian", days=2,
                   usual=read_diary(diary_path))
    wb = openpyxl.load_workbook(export_plan(plan, tmp_path / "u.xlsx", today=TODAY))
    daily = table(wb["Daily plan"])
    for day in plan.days:
        usual = [r for r in daily if r["Day"] == day.number and r["NDB"] in ("01077", "01123")]
        # the milk at breakfast as written; the egg without a meal counts with the snack
        assert [(r["Meal"], r["Amount"]) for r in usual] == [
            ("breakfast", f"1 cup ({float(ROWS['01077']['portion_grams']):.0f} g), "
                          "your usual food"),
            ("snack", f"{float(ROWS['01123']['portion_grams']):.0f} g, your usual food"),
        ]
        total = next(r for r in daily if r["Day"] == day.number
                     and r["Food"] == "Total for the day")
        eaten = sum(r["B12 (µg)"] or 0.0 for r in daily if r["Day"] == day.number and r["Meal"])
        assert total["B12 (µg)"] == pytest.approx(eaten)
        assert total["B12 (µg)"] == pytest.approx(day.totals["vitamin_b12"])
    assert not {"01077", "01123"} & {r["NDB"] for r in table(wb["Shopping list"])} - {
        i.ndb for i in plan.items
    }
