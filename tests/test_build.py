"""Building the food table from USDA SR24 (issue 2).

The sample jar (tests/fixtures/sr24_sample.jar, made by make_sample.py) holds real
SR24 foods copied byte for byte from Debian's cronometer jar. Building from it must
give exactly the shipped rows for those foods, every amount must be USDA's, and a
nutrient USDA did not analyse must stay empty.
"""

from __future__ import annotations

import io
import lzma
import re
import subprocess
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FOODS_CSV, PYTHON, SAMPLE_JAR, read_rows, subprocess_env

from bplanner.cli import cli
from bplanner.table.build import BuildError, derive, extract_jar_from_deb, read_sr24, to_csv_text

# USDA's nutrient names in the SR24 XML -> the table's columns (written out here, not
# imported, so that a wrong mapping in build.py cannot hide).
XML_NAMES = {
    "B1 (Thiamine)": "thiamin_mg",
    "B6 (Pyridoxine)": "vitamin_b6_mg",
    "Folate": "folate_ug",
    "B12 (Cyanocobalamin)": "vitamin_b12_ug",
    "Retinol": "retinol_ug",
    "Energy": "energy_kcal",
}


def _sample_index() -> list[str]:
    with zipfile.ZipFile(SAMPLE_JAR) as zf:
        text = zf.read("usda_sr24/foods.index").decode("utf-8")
    return [line.split("|", 1)[0] for line in text.splitlines() if line.strip()]


def _sample_xml() -> dict[str, ET.Element]:
    with zipfile.ZipFile(SAMPLE_JAR) as zf:
        return {ndb: ET.fromstring(zf.read(f"usda_sr24/{ndb}.xml")) for ndb in _sample_index()}


def _lines_by_ndb(text: str) -> dict[str, str]:
    """CSV lines keyed by their first field (the NDB number is never quoted)."""
    return {line.split(",", 1)[0]: line for line in text.split("\n")[1:] if line}


@pytest.fixture(scope="module")
def sample_csv() -> str:
    return to_csv_text(derive(read_sr24(SAMPLE_JAR)))


@pytest.fixture(scope="module")
def shipped_text() -> str:
    return FOODS_CSV.read_text(encoding="utf-8")


def _build_cli(*args: str):
    return CliRunner().invoke(cli, ["data", "build", *args])


# ---------------------------------------------------------------------------- sample


def test_sample_jar_is_a_real_subset_covering_every_group_prefix():
    index = _sample_index()
    assert 60 <= len(index) <= 90
    assert len(set(index)) == len(index)
    prefixes = {n[:2] for n in index}
    shipped_prefixes = {r["ndb"][:2] for r in read_rows()}
    assert shipped_prefixes <= prefixes  # 01-36, 23, 27, 31, 4x, 8x, 9x
    # foods the tests of the leaflet and of vegan B12 turn on
    for ndb in ("04602", "16126", "16427", "11445", "13326", "16223", "19296", "19172", "16098"):
        assert ndb in index


def test_sample_index_keeps_the_jars_order_not_number_order():
    index = _sample_index()
    assert index != sorted(index)


# ------------------------------------------------------------------ exact rows


def test_build_gives_the_shipped_rows_byte_for_byte(sample_csv, shipped_text):
    assert shipped_text.count("\n") == 7908  # header + 7,907 foods, no multi-line fields
    shipped_lines = _lines_by_ndb(shipped_text)
    built_lines = sample_csv.split("\n")
    assert built_lines[0] == shipped_text.split("\n", 1)[0]  # same header
    assert built_lines[-1] == ""  # ends with one LF
    body = built_lines[1:-1]
    assert len(body) == len(_sample_index())
    for line in body:
        ndb = line.split(",", 1)[0]
        assert line == shipped_lines[ndb], ndb
    assert "\r" not in sample_csv


def test_rows_are_sorted_by_ndb_and_only_indexed_foods_are_built(sample_csv):
    ndbs = [line.split(",", 1)[0] for line in sample_csv.split("\n")[1:] if line]
    assert ndbs == sorted(_sample_index())
    with zipfile.ZipFile(SAMPLE_JAR) as zf:
        deprecated = zf.read("usda_sr24/deprecated.index").decode().split("|", 1)[0]
        assert f"usda_sr24/{deprecated}.xml" in zf.namelist()
    assert deprecated not in ndbs


def test_every_amount_is_usdas_and_absent_nutrients_stay_empty(sample_csv):
    import csv

    rows = {r["ndb"]: r for r in csv.DictReader(io.StringIO(sample_csv))}
    absent = dict.fromkeys(XML_NAMES.values(), 0)
    present = dict.fromkeys(XML_NAMES.values(), 0)
    for ndb, root in _sample_xml().items():
        row = rows[ndb]
        assert row["name"] == root.get("name")
        given = {n.get("name"): n.get("amount") for n in root.findall("nutrient")}
        for xml_name, col in XML_NAMES.items():
            if xml_name in given:
                assert row[col] != "", (ndb, col)
                assert float(row[col]) == float(given[xml_name]), (ndb, col)
                present[col] += 1
            else:
                assert row[col] == "", (ndb, col)  # missing stays missing, never 0
                absent[col] += 1
    # the sample exercises both cases for every nutrient
    assert all(absent.values()), absent
    assert all(present.values()), present


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


def _unit_weights(root: ET.Element) -> set[float]:
    """Grams of one unit of each USDA measure, read from the XML: "0.5 cup, 126 g" gives
    252; a serving that names a count ("serving 5 slices", "serving 1/2 cup") gives its
    unit; a plain cup also gives its tablespoon and teaspoon (16 and 48 to the cup)."""
    out = set()
    for m in root.findall("measure"):
        amount, grams, name = float(m.get("amount")), float(m.get("grams")), m.get("name")
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


def test_portion_is_a_household_multiple_of_the_foods_own_usda_measure(sample_csv):
    import csv

    rows = {r["ndb"]: r for r in csv.DictReader(io.StringIO(sample_csv))}
    grams_only = 0
    for ndb, root in _sample_xml().items():
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
        weights = _unit_weights(root) | {OUNCE_G}
        if not any(m.get("name").startswith(("cup", "tbsp", "tsp", "fl oz"))
                   for m in root.findall("measure")):
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
    again = to_csv_text(derive(read_sr24(SAMPLE_JAR)))
    assert again == sample_csv


def test_output_does_not_depend_on_the_index_order(tmp_path, sample_csv):
    shuffled = tmp_path / "reversed.jar"
    with zipfile.ZipFile(SAMPLE_JAR) as src, zipfile.ZipFile(shuffled, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "usda_sr24/foods.index":
                data = b"".join(reversed(data.splitlines(keepends=True)))
            dst.writestr(info.filename, data)
    assert to_csv_text(derive(read_sr24(shuffled))) == sample_csv


def test_progress_callback_sees_every_indexed_food():
    seen = []

    def progress(items):
        for item in items:
            seen.append(item)
            yield item

    read_sr24(SAMPLE_JAR, progress=progress)
    assert seen == _sample_index()


# ------------------------------------------------------------------------- CLI


def test_cli_build_writes_the_same_table(tmp_path, sample_csv):
    out = tmp_path / "foods.csv"
    result = _build_cli("--jar", str(SAMPLE_JAR), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == sample_csv.encode("utf-8")
    assert f"wrote {len(_sample_index())} foods to {out}" in result.stdout
    assert "Traceback" not in result.output


def test_cli_build_twice_gives_identical_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = tmp_path / "a" / "foods.csv", tmp_path / "b" / "foods.csv"
    assert _build_cli("--jar", str(SAMPLE_JAR), "--out", str(a)).exit_code == 0
    assert _build_cli("--jar", str(SAMPLE_JAR), "--out", str(b)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    assert (a.parent / "measures.csv").read_bytes() == (b.parent / "measures.csv").read_bytes()


def test_cli_refuses_to_overwrite_without_force(tmp_path, sample_csv):
    out = tmp_path / "foods.csv"
    out.write_text("my own notes\n", encoding="utf-8")
    before = out.stat().st_mtime_ns
    result = _build_cli("--jar", str(SAMPLE_JAR), "--out", str(out))
    assert result.exit_code != 0
    assert "--force" in result.output
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    assert out.stat().st_mtime_ns == before
    forced = _build_cli("--jar", str(SAMPLE_JAR), "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8") == sample_csv
    # no temp file left; the measures are written beside the table
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foods.csv", "measures.csv"]


def test_cli_refuses_to_overwrite_an_existing_measures_file_without_force(tmp_path):
    mine = tmp_path / "measures.csv"
    mine.write_text("my measures\n", encoding="utf-8")
    result = _build_cli("--jar", str(SAMPLE_JAR), "--out", str(tmp_path / "foods.csv"))
    assert result.exit_code != 0
    assert "--force" in result.output
    assert mine.read_text(encoding="utf-8") == "my measures\n"
    assert not (tmp_path / "foods.csv").exists()


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "error" in line.lower()]


def test_cli_not_a_jar_gives_one_clear_line(tmp_path):
    bad = tmp_path / "usda_sr24.jar"
    bad.write_text("this is not a zip archive\n", encoding="utf-8")
    out = tmp_path / "foods.csv"
    result = _build_cli("--jar", str(bad), "--out", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(bad) in lines[0] and "SR24 jar" in lines[0]
    assert not out.exists()  # nothing half-written


def test_cli_missing_jar_gives_one_clear_line(tmp_path):
    missing = tmp_path / "nowhere.jar"
    result = _build_cli("--jar", str(missing), "--out", str(tmp_path / "foods.csv"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    (line,) = _error_lines(result.output)
    assert str(missing) in line and "does not exist" in line


@pytest.mark.parametrize("case", ["no index", "listed food missing", "broken xml"])
def test_cli_damaged_jar_gives_one_clear_line(tmp_path, case):
    jar = tmp_path / "damaged.jar"
    with zipfile.ZipFile(jar, "w") as zf:
        if case == "no index":
            zf.writestr("usda_sr24/16126.xml", "<food uid='16126' name='Tofu'/>")
        elif case == "listed food missing":
            zf.writestr("usda_sr24/foods.index", "16126|Tofu\r\n")
        else:
            zf.writestr("usda_sr24/foods.index", "16126|Tofu\r\n")
            zf.writestr("usda_sr24/16126.xml", "<food uid='16126' name='Tofu'>")
    result = _build_cli("--jar", str(jar), "--out", str(tmp_path / "foods.csv"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [x for x in result.stderr.splitlines() if x and x != "Reading SR24 foods"]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and str(jar) in lines[0]
    assert not (tmp_path / "foods.csv").exists()


def test_progress_goes_to_stderr_and_stdout_stays_clean(tmp_path):
    out = tmp_path / "foods.csv"
    proc = subprocess.run(
        [PYTHON, "-m", "bplanner", "data", "build", "--jar", str(SAMPLE_JAR), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"wrote {len(_sample_index())} foods to {out}\n"
    assert "Reading SR24 foods" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == to_csv_text(derive(read_sr24(SAMPLE_JAR)))


# ------------------------------------------------------------------ .deb input


def _ar_member(name: str, data: bytes) -> bytes:
    header = (
        f"{name + '/':<16}{'0':<12}{'0':<6}{'0':<6}{'100644':<8}{len(data):<10}".encode() + b"`\n"
    )
    assert len(header) == 60
    return header + data + (b"\n" if len(data) % 2 else b"")


def _tar_xz(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return lzma.compress(buf.getvalue())


def _deb(path: Path, data_tar: bytes) -> Path:
    control = _tar_xz({"./control": b"Package: cronometer\nVersion: 0.9.9+dfsg1-1\n"})
    path.write_bytes(
        b"!<arch>\n"
        + _ar_member("debian-binary", b"2.0\n")
        + _ar_member("control.tar.xz", control)
        + _ar_member("data.tar.xz", data_tar)
    )
    return path


def test_extract_jar_from_a_debian_package(tmp_path):
    jar_bytes = SAMPLE_JAR.read_bytes()
    data = _tar_xz(
        {
            "./usr/share/doc/cronometer/copyright": b"public domain data\n",
            "./usr/share/cronometer/usda_sr24.jar": jar_bytes,
        }
    )
    deb = _deb(tmp_path / "cronometer_0.9.9+dfsg1-1_all.deb", data)
    work = tmp_path / "work"
    work.mkdir()
    jar = extract_jar_from_deb(deb, work)
    assert jar.parent == work
    assert jar.read_bytes() == jar_bytes
    assert len(read_sr24(jar)) == len(_sample_index())


def test_extract_refuses_packages_without_the_jar(tmp_path):
    deb = _deb(tmp_path / "other.deb", _tar_xz({"./usr/bin/tool": b"#!/bin/sh\n"}))
    with pytest.raises(BuildError, match="holds no usr/share/cronometer/usda_sr24.jar"):
        extract_jar_from_deb(deb, tmp_path)


def test_extract_refuses_what_is_not_a_debian_package(tmp_path):
    fake = tmp_path / "fake.deb"
    fake.write_bytes(SAMPLE_JAR.read_bytes())
    with pytest.raises(BuildError, match="not a Debian package"):
        extract_jar_from_deb(fake, tmp_path)


def test_extract_reports_a_damaged_data_archive(tmp_path):
    deb = _deb(tmp_path / "damaged.deb", b"\xfd7zXZ\x00 not really xz")
    with pytest.raises(BuildError, match="data.tar.xz"):
        extract_jar_from_deb(deb, tmp_path)


def test_measures_are_usdas_in_usdas_order_and_match_the_shipped_table():
    """Every household measure of the sample foods, as in the XML, is in data/measures.csv."""
    from bplanner.table.build import MEASURE_COLUMNS, measure_rows

    shipped = (FOODS_CSV.parent / "measures.csv").read_text(encoding="utf-8").split("\n")
    assert shipped[0] == ",".join(MEASURE_COLUMNS)
    built = to_csv_text(measure_rows(read_sr24(SAMPLE_JAR)), MEASURE_COLUMNS).split("\n")
    assert set(built[1:]) - {""} <= set(shipped[1:])
    for ndb, root in _sample_xml().items():
        expected = [
            (float(m.get("amount")), m.get("name"), float(m.get("grams")))
            for m in root.findall("measure")
        ]
        rows = [r for r in read_rows(FOODS_CSV.parent / "measures.csv") if r["ndb"] == ndb]
        assert [int(r["seq"]) for r in rows] == list(range(1, len(expected) + 1))
        assert [(float(r["amount"]), r["measure"], float(r["grams"])) for r in rows] == expected


def test_cli_build_writes_the_measures_beside_the_table(tmp_path):
    out = tmp_path / "foods.csv"
    assert _build_cli("--jar", str(SAMPLE_JAR), "--out", str(out)).exit_code == 0
    lines = (tmp_path / "measures.csv").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "ndb,seq,amount,measure,grams"
    assert len([x for x in lines[1:] if x]) > 79  # most sample foods have several measures
