"""Loading a food table: the shipped one, and clear errors for a user's broken one.

Every bad table is a copy of the shipped data/foods.csv with one thing changed, so
each error must name the file, the line and the column at fault.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AMOUNT_COLUMNS, FOODS_CSV, PYTHON, read_rows, subprocess_env

import bplanner
from bplanner.cli import cli
from bplanner.foods import FoodTableError

HEADER = FOODS_CSV.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
FLAG_COLUMNS = [
    "fortified",
    "everyday",
    "diet_omnivore",
    "diet_pescatarian",
    "diet_vegetarian",
    "diet_lacto_vegetarian",
    "diet_ovo_vegetarian",
    "diet_vegan",
]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _rows() -> list[list[str]]:
    with open(FOODS_CSV, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))[1:]


def _edited(tmp_path: Path, row: int, column: str, value: str) -> Path:
    """A copy of the shipped table with data row ``row`` (0-based) changed."""
    rows = _rows()
    rows[row][HEADER.index(column)] = value
    return _write(tmp_path / "foods.csv", HEADER, rows)


def _error(path: Path) -> FoodTableError:
    with pytest.raises(FoodTableError) as info:
        bplanner.load_foods(path)
    err = info.value
    assert str(path) in str(err)
    assert "\n" not in str(err)
    return err


def _assert_at(err: FoodTableError, line: int, column: str) -> None:
    assert err.line == line and err.column == column
    assert f"line {line}" in str(err)
    assert f"'{column}'" in str(err)


# ---------------------------------------------------------------- shipped table


def test_shipped_table_loads_with_its_types():
    df = bplanner.load_foods()
    rows = read_rows()
    assert len(df) == len(rows) == 8789
    assert df["ndb"].is_unique
    assert list(df.columns) == HEADER
    assert list(df["ndb"]) == [r["ndb"] for r in rows]
    assert all(re.fullmatch(r"\d{5}", n) for n in df["ndb"])  # leading zeros kept
    for col in (*AMOUNT_COLUMNS, "racc_grams", "portion_grams"):
        assert df[col].dtype == "float64", col
    assert df["portion_pieces"].dtype == "int64"
    for col in FLAG_COLUMNS:
        assert df[col].dtype == bool, col
    for col in ("name", "food_group", "racc_category", "portion_text", "allergens", "supplies"):
        assert all(isinstance(x, str) for x in df[col]), col


def test_shipped_table_keeps_missing_amounts_missing():
    df = bplanner.load_foods()
    rows = read_rows()
    for col in AMOUNT_COLUMNS:
        empty = [r[col] == "" for r in rows]
        assert list(df[col].isna()) == empty, col
        zero = [r[col] != "" and float(r[col]) == 0 for r in rows]
        assert list(df[col].fillna(-1) == 0) == zero, col


def test_loaded_table_is_a_private_copy():
    first = bplanner.load_foods()
    first.loc[:, "vitamin_b12_ug"] = 999.0
    second = bplanner.load_foods()
    assert not (second["vitamin_b12_ug"] == 999.0).any()


def test_default_path_equals_explicit_shipped_path():
    assert bplanner.load_foods().equals(bplanner.load_foods(FOODS_CSV))


# ------------------------------------------------------------------- bad tables


def test_missing_column(tmp_path):
    drop = HEADER.index("folate_dfe_ug")
    header = HEADER[:drop] + HEADER[drop + 1 :]
    rows = [r[:drop] + r[drop + 1 :] for r in _rows()]
    err = _error(_write(tmp_path / "foods.csv", header, rows))
    _assert_at(err, 1, "folate_dfe_ug")


def test_renamed_column(tmp_path):
    header = ["b12" if c == "vitamin_b12_ug" else c for c in HEADER]
    err = _error(_write(tmp_path / "foods.csv", header, _rows()))
    _assert_at(err, 1, "vitamin_b12_ug")
    assert "b12" in str(err).replace("vitamin_b12_ug", "")  # says what was found instead


def test_non_numeric_amount(tmp_path):
    err = _error(_edited(tmp_path, 10, "thiamin_mg", "0.2 mg"))
    _assert_at(err, 12, "thiamin_mg")
    assert "0.2 mg" in str(err)


def test_negative_amount(tmp_path):
    err = _error(_edited(tmp_path, 3000, "folate_dfe_ug", "-4.0"))
    _assert_at(err, 3002, "folate_dfe_ug")
    assert "negative" in str(err)


@pytest.mark.parametrize("column", ["portion_grams", "racc_grams"])
@pytest.mark.parametrize("value", ["0", "-100"])
def test_portion_and_reference_weights_must_be_positive(tmp_path, column, value):
    err = _error(_edited(tmp_path, 5, column, value))
    _assert_at(err, 7, column)


@pytest.mark.parametrize("column", ["portion_grams", "racc_grams"])
def test_empty_portion_or_reference_weight(tmp_path, column):
    err = _error(_edited(tmp_path, 99, column, ""))
    _assert_at(err, 101, column)


@pytest.mark.parametrize("value", ["1.5", "-1", "", "two"])
def test_portion_pieces_must_be_a_whole_number_from_0(tmp_path, value):
    err = _error(_edited(tmp_path, 40, "portion_pieces", value))
    _assert_at(err, 42, "portion_pieces")
    assert "whole number" in str(err)


def test_duplicate_id_names_both_lines(tmp_path):
    rows = _rows()
    rows[20][0] = rows[5][0]
    err = _error(_write(tmp_path / "foods.csv", HEADER, rows))
    _assert_at(err, 22, "ndb")
    assert "line 7" in str(err)
    assert rows[5][0] in str(err)


@pytest.mark.parametrize("value", ["2", "yes", "", "0.5"])
def test_flag_must_be_0_or_1(tmp_path, value):
    err = _error(_edited(tmp_path, 40, "diet_vegan", value))
    _assert_at(err, 42, "diet_vegan")


def test_empty_name(tmp_path):
    err = _error(_edited(tmp_path, 7, "name", "  "))
    _assert_at(err, 9, "name")


def test_row_with_too_many_fields(tmp_path):
    lines = FOODS_CSV.read_text(encoding="utf-8").split("\n")
    lines[12] += ",extra"
    path = tmp_path / "foods.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    err = _error(path)
    assert err.line == 13 and "line 13" in str(err)


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "foods.csv"
    path.write_bytes(content)
    assert "empty" in str(_error(path))


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(256)) * 4,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",  # a zip or .xlsx file
    ],
    ids=["png", "random bytes", "xlsx"],
)
def test_binary_file(tmp_path, content):
    path = tmp_path / "foods.csv"
    path.write_bytes(content)
    assert "binary" in str(_error(path))


def test_json_file(tmp_path):
    path = tmp_path / "foods.json"
    path.write_text('[{"ndb": "16126", "name": "Tofu"}]\n', encoding="utf-8")
    err = _error(path)
    assert "JSON" in str(err) and "CSV" in str(err)


def test_text_that_is_not_a_table(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Eat more greens.\nAnd beans.\n", encoding="utf-8")
    err = _error(path)
    assert "comma-separated" in str(err)


def test_semicolon_separated_table(tmp_path):
    path = tmp_path / "foods.csv"
    path.write_text(";".join(HEADER) + "\n", encoding="utf-8")
    assert "comma-separated" in str(_error(path))


def test_latin1_file(tmp_path):
    text = FOODS_CSV.read_text(encoding="utf-8")[:5000] + "\nCafé crème"
    path = tmp_path / "foods.csv"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    assert "UTF-8" in str(_error(path))


def test_folder(tmp_path):
    assert "folder" in str(_error(tmp_path))


def test_missing_file(tmp_path):
    assert "no such file" in str(_error(tmp_path / "nowhere.csv"))


def test_excel_csv_with_bom_and_crlf_loads(tmp_path):
    # "CSV UTF-8" from a spreadsheet: byte-order mark and CRLF line endings
    path = tmp_path / "foods.csv"
    text = FOODS_CSV.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    df = bplanner.load_foods(path)
    assert list(df.columns) == HEADER
    assert df.equals(bplanner.load_foods())


def test_edited_file_is_reloaded(tmp_path):
    path = _write(tmp_path / "foods.csv", HEADER, _rows()[:50])
    assert len(bplanner.load_foods(path)) == 50
    _write(path, HEADER, _rows()[:20])
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert len(bplanner.load_foods(path)) == 20


# --------------------------------------------------------------------------- CLI


def test_cli_reports_a_bad_table_in_one_line(tmp_path):
    bad = _edited(tmp_path, 10, "vitamin_b6_mg", "lots")
    result = CliRunner().invoke(cli, ["foods", "--vitamin", "B6", "--foods", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: ")
    assert str(bad) in line and "line 12" in line and "'vitamin_b6_mg'" in line


@pytest.mark.parametrize("command", [["foods"], ["show", "16126"], ["suggest", "-v", "B12"]])
def test_every_command_reports_a_bad_table(tmp_path, command):
    bad = tmp_path / "foods.json"
    bad.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, [*command, "--foods", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert str(bad) in line


def test_real_process_reports_a_bad_table_in_one_line(tmp_path):
    bad = _edited(tmp_path, 300, "diet_vegan", "maybe")
    proc = subprocess.run(
        [PYTHON, "-m", "bplanner", "foods", "--foods", str(bad)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert str(bad) in line and "line 302" in line and "'diet_vegan'" in line
