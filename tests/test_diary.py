"""Reading a diary of a usual day (bplanner.usual.diary, match, measures, intake) on the real table.

Expected grams and amounts come from data/foods.csv and data/measures.csv read
with the csv module, never from bplanner's own output.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from bplanner.foods import load_foods
from bplanner.table.measures import AmountError, load_measures, parse_amount, portion
from bplanner.targets import Profile
from bplanner.usual.diary import DiaryError, read_diary
from bplanner.usual.intake import assess
from bplanner.usual.match import FoodIndex, MatchError, words

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "usual_day.csv"
with open(ROOT / "data" / "foods.csv", newline="", encoding="utf-8") as _fh:
    FOODS = {r["ndb"]: r for r in csv.DictReader(_fh)}
with open(ROOT / "data" / "measures.csv", newline="", encoding="utf-8") as _fh:
    MEASURES: dict[str, list[dict]] = {}
    for _r in csv.DictReader(_fh):
        MEASURES.setdefault(_r["ndb"], []).append(_r)
with open(ROOT / "data" / "reference" / "dri_b_vitamins.csv", newline="", encoding="utf-8") as _fh:
    REFERENCE = list(csv.DictReader(_fh))
COLUMN = {"thiamin": "thiamin_mg", "vitamin_b6": "vitamin_b6_mg", "folate": "folate_dfe_ug",
          "vitamin_b12": "vitamin_b12_ug"}


@pytest.fixture(scope="module")
def table():
    return load_foods()


@pytest.fixture(scope="module")
def index(table):
    return FoodIndex(table)


def grams_of(ndb: str, measure: str) -> float:
    """Grams of one unit of a USDA measure, read from measures.csv."""
    (row,) = [m for m in MEASURES[ndb] if m["measure"] == measure]
    return float(row["grams"]) / float(row["amount"])


def per_100g(ndb: str, column: str) -> float | None:
    cell = FOODS[ndb][column]
    return float(cell) if cell else None


def write(tmp_path, text: str, name: str = "day.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def problems(path, table) -> list[str]:
    with pytest.raises(DiaryError) as err:
        read_diary(path, table)
    return [str(p) for p in err.value.problems] or [err.value.message]


# --- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1077", "01077", " 01077 "])
def test_a_usda_number_matches_exactly(index, text):
    m = index.match(text)
    assert (m.ndb, m.name, m.how) == ("01077", FOODS["01077"]["name"], "number")


def test_an_unknown_number_matches_nothing(index):
    with pytest.raises(MatchError) as err:
        index.match("99999")
    assert err.value.reason == "no_number" and "99999" in str(err.value)


@pytest.mark.parametrize(
    "text, ndb",
    [
        ("hard-boiled egg", "01129"),  # the only food with these words
        ("egg hard boiled", "01129"),  # any order, punctuation ignored
        ("bananas raw", "09040"),  # clear lead: "Pepper, banana, raw" has a word more
        ("Banana, raw", "09040"),  # singular and plural are one word
        ("cheddar cheese", "01009"),
    ],
)
def test_text_matches_the_food_whose_name_holds_the_words(index, text, ndb):
    m = index.match(text)
    assert (m.ndb, m.how) == (ndb, "text")
    assert set(words(text)) <= set(words(FOODS[ndb]["name"]))


def test_a_food_is_found_by_its_own_name(index):
    """Every 20th food: its USDA name takes it, unless another name has the same words."""
    by_words: dict[frozenset, list[str]] = {}
    for ndb, row in FOODS.items():
        by_words.setdefault(frozenset(words(row["name"])), []).append(ndb)
    checked = 0
    for ndb in list(FOODS)[::20]:
        same = by_words[frozenset(words(FOODS[ndb]["name"]))]
        if len(same) > 1:
            with pytest.raises(MatchError):
                index.match(FOODS[ndb]["name"])
            continue
        assert index.match(FOODS[ndb]["name"]).ndb == ndb
        checked += 1
    assert checked > 300


def test_a_plain_word_takes_the_everyday_food_people_mean(index):
    """Several foods fit "milk": the staple whose name starts with the word, in USDA's
    WWEIA category order (1002 whole milk before 1202 flavored milk), is taken, and the
    other candidates are kept to say how to choose another."""
    match = index.match("milk")
    holding = [n for n, r in FOODS.items() if "milk" in words(r["name"])]
    assert match.how == "staple" and match.candidates == len(holding)
    assert FOODS[match.ndb]["familiar"] == "1"
    assert FOODS[match.ndb]["name"].startswith("Milk, whole")
    assert match.others and all(n != match.ndb and n in holding for n, _ in match.others)
    bread = index.match("whole wheat bread")
    assert bread.how == "staple" and FOODS[bread.ndb]["familiar"] == "1"
    assert {"18075", "18077"} & ({bread.ndb} | {n for n, _ in bread.others})


def test_ambiguous_text_with_no_staple_takes_nothing_and_shows_candidates(index):
    with pytest.raises(MatchError) as err:
        index.match("goat")
    e = err.value
    assert e.reason == "ambiguous"
    holding = [n for n, r in FOODS.items() if "goat" in words(r["name"])]
    assert not any(FOODS[n]["familiar"] == "1" for n in holding)
    assert sorted(n for n, _ in e.choices) == sorted(holding)
    assert f"fits {len(holding)} foods" in str(e)
    # USDA puts the food first: "Goat, ..." names come before "Milk, goat"
    starts = [n for n, name in e.choices if set(words(name.split(",")[0])) == {"goat"}]
    assert starts and [n for n, _ in e.choices[: len(starts)]] == starts


def test_unknown_food_gives_the_nearest_names(index):
    with pytest.raises(MatchError) as err:
        index.match("bananna")
    assert err.value.reason == "not_found"
    assert err.value.choices[0] == ("09040", FOODS["09040"]["name"])


# --- amounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number, unit",
    [("2", 2, ""), ("1 cup", 1, "cup"), ("½ cup", 0.5, "cup"), ("1/2 cup", 0.5, "cup"),
     ("1 1/2 cups", 1.5, "cups"), ("1½ cup", 1.5, "cup"), ("150g", 150, "g"),
     (".5 kg", 0.5, "kg"), ("2 slices", 2, "slices")],
)
def test_amounts_people_write(text, number, unit):
    q = parse_amount(text)
    assert math.isclose(q.number, number) and q.unit == unit


@pytest.mark.parametrize("text", ["-1 cup", "−2", "0", "0 g", "", "a cup", "1/0 cup", "1,5 cup"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def _one_line(tmp_path, table, food, amount):
    diary = read_diary(write(tmp_path, f"food,amount\n{food},{amount}\n"), table)
    (entry,) = diary.entries
    return entry


@pytest.mark.parametrize(
    "amount, grams",
    [("150 g", 150), ("150g", 150), ("0.15 kg", 150), ("2 oz", 2 * 28.349523125),
     ("1 lb", 453.59237), ("150 grams", 150)],
)
def test_weights_always_work(tmp_path, table, amount, grams):
    # Greek yogurt, plain, whole milk: USDA gives no household measure for it at all
    assert "01293" not in MEASURES
    e = _one_line(tmp_path, table, "01293", amount)
    assert math.isclose(e.grams, grams) and e.grams_from == "weight"


@pytest.mark.parametrize(
    "amount, factor, measure",
    [("1 cup", 1, "cup"), ("½ cup", 0.5, "cup"), ('"1/2 cup"', 0.5, "cup"),
     ("2 tablespoons", 2, "tbsp"), ("3 fl oz", 3, "fl oz"), ("1 quart", 1, "quart")],
)
def test_household_measures_of_milk(tmp_path, table, amount, factor, measure):
    e = _one_line(tmp_path, table, "01077", amount)
    assert math.isclose(e.grams, factor * grams_of("01077", measure))
    assert e.grams_from == "measure"


def test_a_measure_with_a_qualifier_is_found_by_its_head(tmp_path, table):
    e = _one_line(tmp_path, table, "09040", "1 medium")
    (medium,) = [m["measure"] for m in MEASURES["09040"] if m["measure"].startswith("medium")]
    assert math.isclose(e.grams, grams_of("09040", medium))
    e = _one_line(tmp_path, table, "09040", '"1 cup, sliced"')
    assert math.isclose(e.grams, grams_of("09040", "cup, sliced"))


def test_a_bare_number_counts_portions(tmp_path, table):
    e = _one_line(tmp_path, table, "01077", "2")
    row = FOODS["01077"]
    expected = float(row.get("portion_grams") or row["serving_grams"])
    assert math.isclose(e.grams, 2 * expected) and e.grams_from == "portion"


def test_portion_reads_the_portion_columns_where_the_table_has_them():
    assert portion({"serving_grams": 30.0, "serving_text": "1 oz"}) == (30.0, "1 oz")
    both = {"serving_grams": 30.0, "serving_text": "1 oz", "portion_grams": 55.0,
            "portion_text": "1 cup"}
    assert portion(both) == (55.0, "1 cup")


def test_a_unit_the_food_lacks_lists_the_foods_measures(tmp_path, table):
    (msg,) = problems(write(tmp_path, "food,amount\nhard-boiled egg,2 slices\n"), table)
    assert msg.startswith("line 2: 01129 ")
    assert 'no measure "slices"' in msg
    for m in MEASURES["01129"]:
        assert f"{m['measure']} ({float(m['grams']):g} g)" in msg


def test_a_unit_fitting_measures_of_different_weights_takes_none(tmp_path, table):
    (msg,) = problems(write(tmp_path, "food,amount\n09040,1 cup\n"), table)
    assert "cup, mashed" in msg and "cup, sliced" in msg


def test_measures_loader_holds_every_row_and_is_cached():
    first = load_measures()
    assert sum(len(v) for v in first.values()) == sum(len(v) for v in MEASURES.values())
    assert [m.text for m in first["09040"]] == [m["measure"] for m in MEASURES["09040"]]
    assert load_measures() is first


# --- the file -------------------------------------------------------------------------------


def test_negative_amount_is_refused_with_its_line(tmp_path, table):
    (msg,) = problems(write(tmp_path, "food,amount\n01077,1 cup\n01077,-1 cup\n"), table)
    assert msg.startswith("line 3:") and "negative" in msg


def test_empty_file(tmp_path, table):
    (msg,) = problems(write(tmp_path, ""), table)
    assert "empty" in msg and "food,amount" in msg


def test_header_without_lines(tmp_path, table):
    (msg,) = problems(write(tmp_path, "food,amount,meal\n"), table)
    assert "no food lines" in msg


def test_no_amount_column(tmp_path, table):
    (msg,) = problems(write(tmp_path, "food,meal\n01077,breakfast\n"), table)
    assert "'amount'" in msg and "food,amount" in msg


def test_unknown_column_and_unknown_meal(tmp_path, table):
    (msg,) = problems(write(tmp_path, "food,amount,grams\n01077,1 cup,244\n"), table)
    assert "unknown column 'grams'" in msg
    (msg,) = problems(write(tmp_path, "food,amount,meal\n01077,1 cup,tea\n"), table)
    assert msg.startswith("line 2:") and "breakfast, lunch, dinner, snack" in msg


def test_every_bad_line_is_reported_once(tmp_path, table):
    text = "food,amount\n01077,1 cup\n" + "".join(f"bananna,{i}\n" for i in range(1, 9))
    msgs = problems(write(tmp_path, text), table)
    assert [m.split(":")[0] for m in msgs] == [f"line {n}" for n in range(3, 11)]


def test_blank_and_comment_lines_are_skipped_and_header_case_is_free(tmp_path, table):
    text = "\ufeffFood , Amount,Meal\n\n# my usual day\n01077,1 cup,Breakfast\n"
    diary = read_diary(write(tmp_path, text), table)
    (e,) = diary.entries
    assert (e.line, e.ndb, e.meal) == (4, "01077", "breakfast")


# --- totals ---------------------------------------------------------------------------------


def example_grams() -> dict[str, float]:
    """The example diary's grams from measures.csv: a cup of milk, a large hard-boiled egg,
    two slices of whole-wheat bread, a medium banana."""
    medium = next(m["measure"] for m in MEASURES["09040"] if m["measure"].startswith("medium"))
    return {"01077": grams_of("01077", "cup"), "01129": grams_of("01129", "large"),
            "18075": 2 * grams_of("18075", "slice"), "09040": grams_of("09040", medium)}


def rda(nutrient: str, age: float = 30) -> float:
    """Sex not given: the higher RDA of both sexes, as bplanner takes."""
    return max(float(r["value"]) for r in REFERENCE
               if r["nutrient"] == nutrient and r["kind"] == "RDA" and r["life_stage"] == "general"
               and float(r["age_min"]) <= age <= float(r["age_max"] or 999))


def test_example_diary_totals_equal_sums_from_the_csv(table):
    diary = read_diary(EXAMPLE, table)
    grams = example_grams()
    assert {e.ndb: e.grams for e in diary.entries} == pytest.approx(grams)
    intake = assess(diary)
    for vitamin, col in COLUMN.items():
        expected = sum(per_100g(n, col) * g / 100 for n, g in grams.items())
        total = intake.totals[vitamin]
        assert total.amount == pytest.approx(expected)
        assert total.percent == pytest.approx(expected / rda(vitamin) * 100)
        assert total.gap == pytest.approx(max(0.0, rda(vitamin) - expected))
    # the example's usual day covers no vitamin fully: the planner has work to do
    assert not intake.covered


def test_missing_values_are_not_zero(tmp_path, table):
    ndb = next(n for n, r in FOODS.items() if r["vitamin_b12_ug"] == "" and r["thiamin_mg"])
    diary = read_diary(write(tmp_path, f"food,amount\n01077,1 cup\n{ndb},100 g\n"), table)
    e = diary.entries[1]
    assert e.amount("vitamin_b12") is None
    t = assess(diary).totals["vitamin_b12"]
    assert t.missing_lines == (3,)
    assert t.amount == pytest.approx(per_100g("01077", "vitamin_b12_ug") * grams_of("01077", "cup")
                                     / 100)


def test_folic_acid_is_zero_for_milk_with_vitamin_d(tmp_path, table):
    """Milk is fortified with vitamin D, not with B vitamins: none of its folate is folic
    acid, so a diary of milk is not warned about folic acid."""
    assert FOODS["01077"]["fortified"] == "1" and float(FOODS["01077"]["folate_dfe_ug"]) > 0
    intake = assess(read_diary(write(tmp_path, "food,amount\n01077,2 cups\n"), table))
    assert intake.limits["folic_acid"].amount == 0
    assert intake.totals["folate"].amount > 0


def test_folic_acid_is_usdas_folic_acid_and_folate_is_dfe(tmp_path, table):
    """Enriched bagels, rice and pasta hold folic acid though their names say little of
    it: USDA's folic acid (nutrient 431) counts against the UL, and folate counts in DFE."""
    foods = ("18001", "20045", "20121")  # bagel, enriched rice, enriched spaghetti (cooked)
    assert all(float(FOODS[n]["folic_acid_ug"]) > 0 for n in foods)
    text = "food,amount\n" + "".join(f"{n},100 g\n" for n in foods) + "18075,100 g\n"
    intake = assess(read_diary(write(tmp_path, text), table))
    assert intake.limits["folic_acid"].amount == pytest.approx(
        sum(per_100g(n, "folic_acid_ug") for n in foods))  # whole-wheat bread: none
    assert intake.totals["folate"].amount == pytest.approx(
        sum(per_100g(n, "folate_dfe_ug") for n in (*foods, "18075")))
    assert intake.totals["folate"].amount > sum(
        per_100g(n, "folate_total_ug") for n in (*foods, "18075"))  # DFE above total folate


def test_fortified_soymilk_without_folic_acid_raises_no_folic_acid_warning(tmp_path, table):
    from bplanner.advice.risks import RiskProfile

    assert FOODS["16225"]["fortified"] == "1" and float(FOODS["16225"]["folic_acid_ug"]) == 0
    diary = read_diary(write(tmp_path, "food,amount\n16225,4 cups\n"), table)
    intake = assess(diary, risk=RiskProfile(medications=("metformin",)))
    assert intake.limits["folic_acid"].amount == 0
    assert not [w for w in intake.warnings if "folic" in w.id]


def test_b12_is_summed_per_meal(table):
    intake = assess(read_diary(EXAMPLE, table))
    breakfast = sum(per_100g(n, "vitamin_b12_ug") * example_grams()[n] / 100
                    for n in ("01077", "01129"))
    assert intake.b12_by_meal["breakfast"] == pytest.approx(breakfast)
    assert sum(intake.b12_by_meal.values()) == pytest.approx(intake.totals["vitamin_b12"].amount)


def test_a_portion_of_beef_liver_exceeds_retinol_and_warns(tmp_path, table):
    diary = read_diary(write(tmp_path, "food,amount,meal\nbeef liver braised,1 slice,dinner\n"),
                       table)
    assert diary.entries[0].ndb == "13326"
    intake = assess(diary, Profile(age=30, sex="female"))
    retinol = per_100g("13326", "retinol_ug") * grams_of("13326", "slice") / 100
    lim = intake.limits["retinol"]
    assert lim.amount == pytest.approx(retinol) and lim.above
    ids = [w.id for w in intake.warnings]
    assert "diary_retinol_above_ul" in ids
    (w,) = [w for w in intake.warnings if w.id == "diary_retinol_above_ul"]
    assert w.severity == "high" and "line 2" in w.message and f"{lim.limit:g}" in w.message
    # and the liver covers B12 on its own
    assert intake.totals["vitamin_b12"].gap == 0


def test_no_limit_warning_for_the_example_day(table):
    intake = assess(read_diary(EXAMPLE, table))
    assert not [w for w in intake.warnings if w.id.startswith("diary_")]


def test_diet_conflicts_list_lines_outside_the_diet(table):
    intake = assess(read_diary(EXAMPLE, table), diet="vegan")
    outside = [n for n, r in FOODS.items() if r["diet_vegan"] == "0"]
    assert [e.ndb for e in intake.diet_conflicts] == [
        e.ndb for e in intake.entries if e.ndb in outside
    ]
    assert {"01077", "01129"} <= {e.ndb for e in intake.diet_conflicts}
    assert "vegan_diet" in [w.id for w in intake.warnings]


def test_folic_acid_above_its_limit_warns_and_with_a_b12_risk_warns_higher(tmp_path, table):
    from bplanner.advice.risks import RiskProfile

    ndb, row = max(((n, r) for n, r in FOODS.items() if r["folic_acid_ug"]),
                   key=lambda nr: float(nr[1]["folic_acid_ug"]))
    grams = 1200 * 100 / float(row["folic_acid_ug"])  # 1200 µg of folic acid: above the UL
    diary = read_diary(write(tmp_path, f"food,amount\n{ndb},{grams:.3f} g\n"), table)
    intake = assess(diary)
    assert intake.limits["folic_acid"].above
    assert "diary_folic_acid_above_ul" in [w.id for w in intake.warnings]
    risky = assess(diary, risk=RiskProfile(medications=("metformin",)))
    ids = [w.id for w in risky.warnings]
    assert "diary_folic_acid_masks_b12" in ids and "diary_folic_acid_above_ul" not in ids


def test_an_animal_food_without_a_retinol_value_is_named_not_counted_as_zero(tmp_path, table):
    ndb = next(n for n, r in FOODS.items() if r["animal_sources"] and r["retinol_ug"] == "")
    plant = next(n for n, r in FOODS.items()
                 if not r["animal_sources"] and r["fortified"] == "0" and r["retinol_ug"] == "")
    diary = read_diary(write(tmp_path, f"food,amount\n{ndb},100 g\n{plant},100 g\n"), table)
    intake = assess(diary)
    # plants hold no preformed vitamin A: only the animal food's gap is a doubt
    assert intake.limits["retinol"].unmeasured_lines == (2,)
    (w,) = [w for w in intake.warnings if w.id == "diary_limit_unmeasured"]
    assert FOODS[ndb]["name"] in w.message and "line 2" in w.message
