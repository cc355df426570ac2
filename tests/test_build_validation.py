"""`data build` checks what it reads from USDA SR28: one plain line for a damaged or
hostile input, never a traceback, and no table written."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from bplanner.cli import cli
from bplanner.table import sr28
from bplanner.table.sr28 import SR28Error, read_sr28

GROUPS = "~1600~^~Legumes and Legume Products~\r\n"
FOOD = "~16126~^~1600~^~Tofu, firm~^~TOFU~^~~^~~^~Y~^~~^0^~~^5.71^^^\r\n"
NUT = "~16126~^~418~^{b12}^0^^~1~^~~^~~^~~^^^^^^^~~^~04/2001~^\r\n"
WEIGHT = "~16126~^1^0.5^~cup~^126^^\r\n"


GOOD_NUT = NUT.format(b12="0.00")


def _folder(path, groups=GROUPS, foods=FOOD, nut=GOOD_NUT, weight=WEIGHT):
    path.mkdir(exist_ok=True)
    for name, text in (("FD_GROUP.txt", groups), ("FOOD_DES.txt", foods),
                       ("NUT_DATA.txt", nut), ("WEIGHT.txt", weight)):
        (path / name).write_bytes(text.encode("latin-1") if isinstance(text, str) else text)
    return path


def _fails(tmp_path, words: str, **files) -> str:
    folder = _folder(tmp_path / "sr28", **files)
    with pytest.raises(SR28Error) as info:
        read_sr28(folder, check_counts=False)
    text = str(info.value)
    assert words in text, text
    assert len(text) < 250
    return text


def test_a_good_small_release_is_read(tmp_path):
    (rec,) = read_sr28(_folder(tmp_path / "sr28"), check_counts=False)
    assert rec["ndb"] == "16126" and rec["vitamin_b12_ug"] == 0.0
    assert rec["food_group"] == "Legumes and Legume Products"
    assert rec["measures"] == [(0.5, "cup", 126.0)]
    assert "thiamin_mg" not in rec  # not measured: absent, never 0


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"foods": ""}, "lists no foods"),
        ({"foods": FOOD + FOOD}, "listed twice"),
        ({"foods": FOOD.replace("~16126~", "~Tofu~")}, "is not a five-digit NDB number"),
        ({"foods": FOOD.replace("^~1600~", "^~9900~")}, "is not in FD_GROUP"),
        ({"foods": FOOD.replace("~Tofu, firm~", "~ ~")}, "has no description"),
        ({"foods": FOOD.replace("^5.71", "")}, "fields, expected 14"),
        ({"nut": NUT.format(b12="-1.0")}, "finite number, 0 or more"),
        ({"nut": NUT.format(b12="inf")}, "finite number"),
        ({"nut": NUT.format(b12="NaN")}, "finite number"),
        ({"nut": NUT.format(b12="1e400")}, "finite number"),
        ({"nut": NUT.format(b12="lots")}, "is not a number"),
        ({"nut": NUT.format(b12="1") * 2}, "given twice"),
        ({"nut": NUT.format(b12="1").replace("~16126~", "~01001~")}, "is not in FOOD_DES"),
        ({"weight": WEIGHT.replace("^126^", "^-5^")}, "finite number, 0 or more"),
        ({"weight": WEIGHT.replace("~cup~", "~~")}, "has no description"),
        ({"weight": WEIGHT.replace("~16126~", "~01001~")}, "is not in FOOD_DES"),
    ],
    ids=["empty", "duplicate", "no number", "unknown group", "no name", "short line",
         "negative", "inf", "nan", "1e400", "text", "twice", "orphan nutrient",
         "negative grams", "no measure name", "orphan measure"],
)
def test_a_damaged_release_gives_one_plain_line(tmp_path, files, words):
    _fails(tmp_path, words, **files)


def test_a_100_kb_bad_value_is_quoted_to_a_few_dozen_characters(tmp_path):
    text = _fails(tmp_path, "is not a number", nut=NUT.format(b12="9" * 50_000 + "x" * 50_000))
    assert "100000 characters" in text


def test_a_missing_file_is_named(tmp_path):
    folder = _folder(tmp_path / "sr28")
    (folder / "WEIGHT.txt").unlink()
    with pytest.raises(SR28Error, match="holds no WEIGHT.txt"):
        read_sr28(folder, check_counts=False)


def test_record_counts_must_be_usdas(tmp_path):
    with pytest.raises(SR28Error, match="holds no"):
        read_sr28(_folder(tmp_path / "sr28"))  # the other eight files are missing
    folder = _folder(tmp_path / "all")
    for name in sr28.RECORD_COUNTS:
        if not (folder / name).exists():
            (folder / name).write_bytes(b"x\r\n")
    with pytest.raises(SR28Error, match="holds 1 records; SR28 has 8,789"):
        read_sr28(folder)


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sr28, "MAX_MEMBER_BYTES", 1000)
    folder = _folder(tmp_path / "sr28", nut=NUT.format(b12="1") + " " * 5000)
    with pytest.raises(SR28Error, match="larger than 1,000 bytes"):
        read_sr28(folder, check_counts=False)


def test_the_cli_writes_nothing_for_a_damaged_release(tmp_path):
    folder = _folder(tmp_path / "sr28", foods=FOOD + FOOD)
    out = tmp_path / "foods.csv"
    result = CliRunner().invoke(cli, ["data", "build", "--sr28", str(folder), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert len(lines) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sr28"]


def test_a_source_that_is_a_pipe_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "sr28.tar.gz"
    os.mkfifo(fifo)
    out = tmp_path / "foods.csv"
    result = CliRunner().invoke(cli, ["data", "build", "--sr28", str(fifo), "--out", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "neither a file nor a folder" in result.stderr
    assert not out.exists()
