"""`data build` checks what it reads from the jar: one plain line for a damaged or hostile
jar, never a traceback, bounded memory, and no table written."""

from __future__ import annotations

import os
import time
import tracemalloc
import zipfile

import pytest
from click.testing import CliRunner

from bplanner.cli import cli
from bplanner.table import build
from bplanner.table.build import BuildError, read_sr24

GOOD = (
    '<food uid="{uid}" name="Tofu, raw"><measure amount="0.5" name="cup" grams="126.0"/>'
    '<nutrient amount="0.08" name="B1 (Thiamine)"/><nutrient amount="{b12}" '
    'name="B12 (Cyanocobalamin)"/></food>'
)

NO_AMOUNT = '<food uid="16126" name="T"><measure name="cup" grams="5"/></food>'


def _jar(path, index: bytes | str, foods: dict[str, str | bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("usda_sr24/foods.index", index)
        for ndb, xml in foods.items():
            zf.writestr(f"usda_sr24/{ndb}.xml", xml)
    return path


def _fails(tmp_path, index, foods, words: str) -> str:
    jar = _jar(tmp_path / "bad.jar", index, foods)
    with pytest.raises(BuildError) as info:
        read_sr24(jar)
    text = str(info.value)
    assert words in text, text
    assert len(text) < 250 + len(str(jar))
    return text


def test_a_good_small_jar_is_read(tmp_path):
    jar = _jar(tmp_path / "ok.jar", "16126|Tofu\r\n", {"16126": GOOD.format(uid="16126", b12="0")})
    (rec,) = read_sr24(jar)
    assert rec["ndb"] == "16126" and rec["vitamin_b12_ug"] == 0.0
    assert rec["measures"] == [(0.5, "cup", 126.0)]


@pytest.mark.parametrize(
    ("index", "foods", "words"),
    [
        ("", {}, "lists no foods"),
        ("\r\n\r\n", {}, "lists no foods"),
        ("16126|Tofu\r\n16126|Tofu\r\n", {"16126": GOOD.format(uid="16126", b12="0")},
         "lists 16126 twice (lines 1 and 2)"),
        ("Tofu|16126\r\n", {}, "does not start with an NDB number"),
        ("16126|Caf\xe9".encode("latin-1"), {}, "line 1 is not UTF-8"),
        ("16126|Tofu", {"16126": GOOD.format(uid="16126", b12="-1.0")}, "finite number, 0 or more"),
        ("16126|Tofu", {"16126": GOOD.format(uid="16126", b12="inf")}, "finite number"),
        ("16126|Tofu", {"16126": GOOD.format(uid="16126", b12="NaN")}, "finite number"),
        ("16126|Tofu", {"16126": GOOD.format(uid="16126", b12="1e400")}, "finite number"),
        ("16126|Tofu", {"16126": GOOD.format(uid="16126", b12="lots")}, "is not a number"),
        ("16126|Tofu", {"16126": NO_AMOUNT}, "measure 'cup' has no amount"),
        ("16126|Tofu", {"16126": '<food uid="16126" name="T"><nutrient name="Folate"/></food>'},
         "has no amount"),
        ("16126|Tofu", {"16126": "<food/>"}, "not a <food> with a uid and a name"),
        ("16126|Tofu", {"16126": GOOD.format(uid="01001", b12="0")}, "foods.index lists 16126"),
        ("16126|Tofu", {"16126": '<!DOCTYPE f [<!ENTITY a "aaaa">]><food uid="16126"/>'},
         "DTD or entities"),
    ],
    ids=["empty", "blank lines", "duplicate", "no number", "latin-1", "negative", "inf", "nan",
         "1e400", "text", "measure without amount", "nutrient without amount", "empty food",
         "wrong uid", "entities"],
)
def test_a_damaged_jar_gives_one_plain_line(tmp_path, index, foods, words):
    _fails(tmp_path, index, foods, words)


def test_a_100_kb_bad_value_is_quoted_to_a_few_dozen_characters(tmp_path):
    text = _fails(tmp_path, "16126|Tofu", {"16126": GOOD.format(uid="16126", b12="9" * 50_000
                                                                  + "x" * 50_000)},
                  "is not a number")
    assert "100000 characters" in text


def test_a_bad_index_line_is_quoted_briefly(tmp_path):
    text = _fails(tmp_path, "x" * 100_000 + "|Tofu", {}, "does not start with an NDB number")
    assert "100005 characters" in text


def test_a_zip_bomb_fails_fast_in_bounded_memory(tmp_path):
    jar = tmp_path / "bomb.jar"
    with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("usda_sr24/foods.index", "w") as fh:
            block = b"0" * 2**20
            for _ in range(64):  # 64 MiB of index inflated from about 64 KB
                fh.write(block)
    assert jar.stat().st_size < 2**20
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(BuildError, match="inflates to 67,108,864 bytes") as info:
            read_sr24(jar)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 2
    assert peak < 4 * 2**20
    assert len(str(info.value)) < 200 + len(str(jar))


def test_a_member_that_inflates_beyond_what_it_claims_is_cut_at_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "MAX_FOOD_BYTES", 1000)
    jar = _jar(tmp_path / "big.jar", "16126|Tofu", {"16126": GOOD.format(uid="16126", b12="0")
                                                    + " " * 5000})
    with pytest.raises(BuildError, match="inflates to"):
        read_sr24(jar)


def test_the_cli_writes_nothing_for_a_damaged_jar(tmp_path):
    jar = _jar(tmp_path / "bad.jar", "16126|Tofu", {"16126": "<food/>"})
    out = tmp_path / "foods.csv"
    result = CliRunner().invoke(cli, ["data", "build", "--jar", str(jar), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert len(lines) == 1 and "<food>" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jar"]


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_jar_that_is_not_a_regular_file_is_refused_without_waiting(tmp_path, kind):
    jar = tmp_path / "usda_sr24.jar"
    os.mkfifo(jar) if kind == "fifo" else jar.mkdir()
    out = tmp_path / "foods.csv"
    result = CliRunner().invoke(cli, ["data", "build", "--jar", str(jar), "--out", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "not a regular file" in result.stderr
    assert not out.exists()
