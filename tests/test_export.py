"""Excel export: a printable shopping list whose numbers are the plan's, written safely."""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from bplanner import files
from bplanner.export import SHEETS, buy_grams, buy_servings, export_plan
from bplanner.files import OutputPathError
from bplanner.foods import load_foods
from bplanner.planner import suggest
from bplanner.report import DISCLAIMER

ROOT = Path(__file__).resolve().parents[1]
FOODS_CSV = ROOT / "data" / "foods.csv"
REFERENCE_CSV = ROOT / "data" / "reference" / "dri_b_vitamins.csv"
TODAY = dt.date(2024, 5, 1)
DAYS = 7
COLUMN = {
    "thiamin": "thiamin_mg",
    "vitamin_b6": "vitamin_b6_mg",
    "folate": "folate_ug",
    "vitamin_b12": "vitamin_b12_ug",
}
LABEL = {"thiamin": "B1", "vitamin_b6": "B6", "folate": "B9", "vitamin_b12": "B12"}


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


def rda_for_adult_30(nutrient: str) -> float:
    """The RDA at age 30 with sex not given: the larger of the two sexes' values."""
    values = []
    with open(REFERENCE_CSV, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            top = float(r["age_max"]) if r["age_max"] else math.inf
            if (
                r["nutrient"] == nutrient
                and r["kind"] == "RDA"
                and r["life_stage"] == "general"
                and float(r["age_min"]) <= 30 <= top
            ):
                values.append(float(r["value"]))
    return max(values)


def per_day(item, key: str, rows: dict[str, dict]) -> float:
    """A food's daily amount of a vitamin, from the CSV (missing counts as 0, as in the plan)."""
    cell = rows[item.ndb][COLUMN[key]]
    return (
        (float(cell) if cell else 0.0)
        * item.servings
        * float(rows[item.ndb]["portion_grams"])
        / 100
    )


@pytest.fixture(scope="module")
def plan():
    return suggest(vitamins=["B1", "B6", "B9", "B12"], diet="vegetarian", days=DAYS)


@pytest.fixture(scope="module")
def book(plan, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "plan.xlsx"
    assert export_plan(plan, path, today=TODAY) == path
    return path


@pytest.fixture(scope="module")
def wb(book):
    return openpyxl.load_workbook(book)


def table(ws) -> list[dict]:
    """The rows under the header, until the first empty row, as dicts."""
    head = [c.value for c in ws[1]]
    out = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in row):
            break
        out.append(dict(zip(head, row, strict=False)))
    return out


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
    ("servings", "expected"),
    [(0, 0), (0.25, 0.5), (3.5, 3.5), (3.6, 4.0), (7, 7), (0.1 * 3 * 5, 1.5)],
)
def test_buy_servings_rounds_up_to_half_a_serving(servings, expected):
    assert buy_servings(servings) == expected


# --- sheets and numbers -----------------------------------------------------------------


def test_workbook_has_the_five_sheets_in_order(wb):
    assert wb.sheetnames == list(SHEETS)
    assert SHEETS == ("Shopping list", "Daily plan", "Coverage", "Warnings", "About")


def test_shopping_list_has_every_food_for_the_whole_period(plan, wb):
    rows = csv_rows()
    got = table(wb["Shopping list"])
    assert len(got) == len(plan.items) >= 1
    by_ndb = {r["NDB"]: r for r in got}
    for item in plan.items:
        food = rows[item.ndb]
        r = by_ndb[item.ndb]
        grams = item.servings * float(food["portion_grams"]) * DAYS
        assert r["Food"] == food["name"]
        assert r["Aisle"] == food["food_group"]
        assert r["Needed for 7 days (g)"] == pytest.approx(grams)
        assert r["Fortified"] == ("yes" if food["fortified"] == "1" else None)
        # rounded up to what one can buy, never less than needed
        assert r["Buy (g)"] >= grams
        assert r["Buy (g)"] % 50 == 0 and r["Buy (g)"] - grams < 50
        assert r["Servings to buy"] >= item.servings * DAYS
        assert r["Servings to buy"] * 2 == int(r["Servings to buy"] * 2)
        assert food["portion_text"] in r["Serving size"]
        assert r["Got it"] is None  # the tick column is left blank for a pen
        supplied = r["Vitamins supplied (% of daily target)"]
        gives = {key: per_day(item, key, rows) for key in LABEL}
        listed = [part.split()[0] for part in supplied.split(", ")]
        assert set(listed) == {LABEL[k] for k, amount in gives.items() if amount > 0}
        shares = {LABEL[k]: a / rda_for_adult_30(k) * 100 for k, a in gives.items() if a > 0}
        assert listed == sorted(shares, key=lambda label: -shares[label])  # largest first
        for label, share in shares.items():
            assert (f"{label} {share:.0f}%" if share >= 1 else f"{label} <1%") in supplied


def test_shopping_list_is_sorted_by_aisle_then_name(wb):
    got = [(r["Aisle"].lower(), r["Food"].lower()) for r in table(wb["Shopping list"])]
    assert got == sorted(got)


def test_shopping_list_notes_the_buying_rule_and_disclaimer(wb):
    texts = [
        c.value for row in wb["Shopping list"].iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert any(
        "next 50 g below 1 kg" in t and "next 100 g from 1 kg" in t and "half serving" in t
        for t in texts
    )
    assert DISCLAIMER in texts


def test_daily_plan_servings_and_vitamins_per_day_with_totals(plan, wb):
    rows = csv_rows()
    got = table(wb["Daily plan"])
    foods = {r["NDB"]: r for r in got if r["NDB"]}
    assert set(foods) == {i.ndb for i in plan.items}
    heads = {
        "thiamin": "B1 (mg)",
        "vitamin_b6": "B6 (mg)",
        "folate": "B9 (µg DFE)",
        "vitamin_b12": "B12 (µg)",
    }
    totals = dict.fromkeys(heads, 0.0)
    for item in plan.items:
        r = foods[item.ndb]
        assert r["Servings per day"] == item.servings
        assert r["Grams per day"] == pytest.approx(
            item.servings * float(rows[item.ndb]["portion_grams"])
        )
        for key, head in heads.items():
            expected = per_day(item, key, rows)
            totals[key] += expected
            assert r[head] == pytest.approx(expected, rel=1e-9, abs=1e-12)
    by_label = {r["Food"]: r for r in got if not r["NDB"]}
    for key, head in heads.items():
        assert by_label["Total per day"][head] == pytest.approx(totals[key])
        assert by_label["Target per day"][head] == rda_for_adult_30(key)
        assert by_label["% of target"][head] == pytest.approx(totals[key] / rda_for_adult_30(key))


def test_coverage_target_against_plan_in_units_and_percent(plan, wb):
    rows = csv_rows()
    got = {r["Vitamin"]: r for r in table(wb["Coverage"])}
    assert list(got) == ["B1", "B6", "B9", "B12"]
    for key, label in LABEL.items():
        total = sum(per_day(i, key, rows) for i in plan.items)
        target = rda_for_adult_30(key)
        r = got[label]
        assert r["Target per day"] == target
        assert r["Plan per day"] == pytest.approx(total)
        assert r["% of target"] == pytest.approx(total / target)
        assert r["% of target"] >= 1  # the plan meets every target
    assert got["B9"]["Unit"] == "µg DFE" and got["B1"]["Unit"] == "mg"
    assert got["B6"]["Upper limit per day"] == 100  # UL of vitamin B6, adults
    assert got["B1"]["Upper limit per day"] == "none set"


def test_coverage_has_a_native_bar_chart_of_percent_of_target(book):
    with zipfile.ZipFile(book) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
        rels = z.read("xl/worksheets/_rels/sheet3.xml.rels").decode()
    assert "barChart" in xml and "lineChart" in xml  # bars and the 100% target line
    assert "'Coverage'!$G$2:$G$5" in xml  # the % of target column
    assert "% of the daily target" in xml and "% of daily target" in xml  # titles
    assert "drawing" in rels  # anchored on the Coverage sheet (the third)


def test_pandas_reads_back_the_plans_numbers(plan, book):
    rows = csv_rows()
    shop = pd.read_excel(
        book, sheet_name="Shopping list", nrows=len(plan.items), dtype={"NDB": str}
    )
    need = dict(zip(shop["NDB"], shop["Needed for 7 days (g)"], strict=True))
    for item in plan.items:
        assert need[item.ndb] == pytest.approx(
            item.servings * float(rows[item.ndb]["portion_grams"]) * DAYS
        )
    cover = pd.read_excel(book, sheet_name="Coverage", nrows=4)
    for r in cover.itertuples():
        key = {v: k for k, v in LABEL.items()}[r.Vitamin]
        total = sum(per_day(i, key, rows) for i in plan.items)
        assert r._7 == pytest.approx(total / rda_for_adult_30(key))  # "% of target"
    daily = pd.read_excel(book, sheet_name="Daily plan", nrows=len(plan.items), dtype={"NDB": str})
    assert dict(zip(daily["NDB"], daily["Servings per day"], strict=True)) == {
        i.ndb: i.servings for i in plan.items
    }


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
    assert width >= min(longest, 48)
    assert ws["C2"].alignment.wrap_text


def test_number_formats_grams_whole_mg_two_decimals(wb):
    shop, daily = wb["Shopping list"], wb["Daily plan"]
    assert shop["E2"].number_format == "0"  # Buy (g)
    assert shop["H2"].number_format == "0"  # Needed (g)
    assert daily["E2"].number_format == "0"  # grams per day
    heads = {c.value: c.column_letter for c in daily[1]}
    assert daily[heads["B1 (mg)"] + "2"].number_format == "0.00"
    assert daily[heads["B12 (µg)"] + "2"].number_format == "0.00"
    assert daily[heads["B9 (µg DFE)"] + "2"].number_format == "0"
    assert wb["Coverage"]["G2"].number_format == "0%"


def test_workbook_holds_no_formulas(book):
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode() and "<f " not in z.read(name).decode()


# --- warnings and about -----------------------------------------------------------------


def test_warnings_sheet_lists_each_warning(plan, tmp_path):
    import dataclasses

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
    import dataclasses

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


def test_about_has_profile_diet_date_sources_and_disclaimer(wb):
    about = {r["About"]: r["Value"] for r in table(wb["About"])}
    assert about["Diet"] == "vegetarian"
    assert about["Days"] == DAYS
    assert about["Date"].date() == TODAY
    assert about["For"] == "person, age 30"
    assert about["Disclaimer"] == DISCLAIMER
    assert "Standard Reference, Release 24" in about["Food data"]
    assert "Dietary Reference Intakes" in about["Reference intakes"]
    assert "next 50 g" in about["Buying rule"]
    assert "B1 1.2 mg (RDA)" in about["Daily targets"]


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


def test_failure_while_writing_keeps_the_old_file_and_leaves_no_temp_file(
    plan, tmp_path, monkeypatch
):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"old plan")

    def broken_save(self, filename):
        Path(filename).write_bytes(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        export_plan(plan, path, force=True, today=TODAY)
    assert path.read_bytes() == b"old plan"
    assert os.listdir(tmp_path) == ["plan.xlsx"]


def test_failure_on_a_new_file_leaves_nothing(plan, tmp_path, monkeypatch):
    def broken_save(self, filename):
        Path(filename).write_bytes(b"PK")
        raise RuntimeError("boom")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(RuntimeError):
        export_plan(plan, tmp_path / "new.xlsx", today=TODAY)
    assert os.listdir(tmp_path) == []


# --- text that looks like a formula -----------------------------------------------------

EVIL = {
    "01123": '=HYPERLINK("http://example.com","click")',
    "16070": "+1",
    "12036": "-x",
    "16056": "@SUM(A1)",
}


def test_formula_looking_names_from_a_user_table_stay_text(tmp_path):
    rows = csv_rows()
    table_path = tmp_path / "mine.csv"
    with open(FOODS_CSV, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    with open(table_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        for ndb, name in EVIL.items():
            writer.writerow(
                {
                    **rows[ndb],
                    "name": name,
                    "food_group": "=1+1" if ndb == "01123" else rows[ndb]["food_group"],
                    "portion_text": "-1 cup" if ndb == "16070" else rows[ndb]["portion_text"],
                }
            )
    plan = suggest(
        vitamins=["B1", "B6", "B9", "B12"],
        diet="vegetarian",
        days=DAYS,
        foods=load_foods(table_path),
        min_foods=4,
        max_servings=6.0,  # one egg a portion: six reach the B12 target
        all_foods=True,
    )
    assert {i.name for i in plan.items} == set(EVIL.values())
    path = export_plan(plan, tmp_path / "evil.xlsx", today=TODAY)

    wb = openpyxl.load_workbook(path)
    for sheet in ("Shopping list", "Daily plan"):
        ws = wb[sheet]
        col = next(c.column for c in ws[1] if c.value == "Food")
        cells = {
            ws.cell(row=r, column=col).value: ws.cell(row=r, column=col)
            for r in range(2, 2 + len(EVIL))
        }
        assert set(cells) == set(EVIL.values())
        for cell in cells.values():
            assert cell.data_type == "s"
            assert cell.quotePrefix  # stays text when edited in Excel
    aisles = [r["Aisle"] for r in table(wb["Shopping list"])]
    assert "=1+1" in aisles
    assert any(r["Serving size"].startswith("-1 cup") for r in table(wb["Shopping list"]))
    shop = pd.read_excel(path, sheet_name="Shopping list", nrows=len(EVIL))
    assert set(shop["Food"]) == set(EVIL.values())
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
        "import sys, bplanner.planner, bplanner.export, bplanner.report\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported too early'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
