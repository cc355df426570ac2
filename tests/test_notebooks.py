"""The notebooks run top to bottom on the installed package and show what they promise.

Each notebook is executed with nbclient in a fresh Jupyter kernel, from the
``notebooks/`` folder, as a reader would run it. The expectations (which leaflet
claims hold, why a vegan diet has no whole-food B12 plan) are worked out here
from ``data/foods.csv`` and the reference intakes, read with the csv module.
"""

from __future__ import annotations

import ast
import csv
import os
import re
from pathlib import Path

import nbformat
import pytest
from conftest import REFERENCE_CSV, REPO
from nbclient import NotebookClient

import bplanner
from bplanner.advice.claims import CLAIMS, GOOD_SOURCE_PCT

NOTEBOOKS = REPO / "notebooks"
FOOD_TABLE = "01_food_table.ipynb"
PLANNING = "02_planning.ipynb"
# charts each notebook must draw
MIN_CHARTS = {FOOD_TABLE: 9, PLANNING: 2}
MAX_BYTES = 1_500_000  # committed size, to read well on a code forge
ALLOWED_IMPORTS = {
    "bplanner", "matplotlib", "numpy", "pandas",
    "datetime", "json", "pathlib", "shutil", "tempfile", "textwrap",
}  # fmt: skip
CELL_TIMEOUT = 300  # seconds: a cell plans every diet; the exact planner is slow
LABELS = {"thiamin": "B1", "vitamin_b6": "B6", "folate": "B9", "vitamin_b12": "B12"}


def _kernel_env(monkeypatch) -> None:
    """Let the kernel import the same bplanner as this test, whatever its working folder."""
    entries = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if entries:
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(str(Path(p).resolve()) for p in entries))


def _execute(name: str):
    """(name, the notebook executed now, path of the bplanner the kernel imported)."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import bplanner\nprint(bplanner.__file__)"))
    with pytest.MonkeyPatch.context() as mp:
        _kernel_env(mp)
        NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        ).execute()  # raises CellExecutionError on the first failing cell
    probe = nb.cells.pop()
    return name, nb, _text(probe).strip()


@pytest.fixture(scope="module")
def food_table():
    return _execute(FOOD_TABLE)


@pytest.fixture(scope="module")
def planning():
    return _execute(PLANNING)


def _text(cell) -> str:
    """Printed text and plain-text results of a code cell."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out and "text/plain" in out.data:
            parts.append(out.data["text/plain"])
    return "".join(parts)


def _tagged(nb, tag: str):
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected"
    return cells[0]


def _errors(nb) -> list[str]:
    return [
        f"cell {i}: {out.ename}: {out.evalue}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]


def _charts(nb) -> int:
    return sum(
        "image/png" in out.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )


def _adult_rda(nutrient: str) -> float:
    """The stricter RDA of both sexes at age 30, read from the reference file."""
    with open(REFERENCE_CSV, newline="", encoding="utf-8") as fh:
        return max(
            float(r["value"])
            for r in csv.DictReader(fh)
            if r["nutrient"] == nutrient
            and r["kind"] == "RDA"
            and r["life_stage"] == "general"
            and float(r["age_min"]) <= 30 <= float(r["age_max"] or 999)
        )


# ---------------------------------------------------------------------------------------
# executed now


@pytest.mark.parametrize("executed", ["food_table", "planning"])
def test_each_notebook_runs_top_to_bottom_with_its_charts(executed, request):
    name, nb, _ = request.getfixturevalue(executed)
    assert _errors(nb) == []
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # every cell ran, in order
    assert _charts(nb) >= MIN_CHARTS[name]


@pytest.mark.parametrize("executed", ["food_table", "planning"])
def test_the_kernel_uses_the_package_under_test(executed, request):
    _, _, kernel_bplanner = request.getfixturevalue(executed)
    assert Path(kernel_bplanner).resolve() == Path(bplanner.__file__).resolve()


def test_food_table_judges_the_leaflet_claims_as_the_data_says(
    food_table, shipped_by_ndb, daily_values
):
    _, nb, _ = food_table
    # best % DV per reference amount (RACC) of each claim's representative foods, from the CSV
    expected: dict[str, set[str]] = {}
    for claim in CLAIMS:
        column = {
            "thiamin": "thiamin_mg",
            "vitamin_b6": "vitamin_b6_mg",
            "folate": "folate_dfe_ug",
            "vitamin_b12": "vitamin_b12_ug",
        }[claim.vitamin]
        pcts = [
            float(row[column])
            * float(row["racc_grams"])
            / 100
            / daily_values[claim.vitamin]
            * 100
            for row in (shipped_by_ndb[n] for n in claim.ndbs)
            if row[column] != ""
        ]
        best = max(pcts) if pcts else None
        verdict = (
            "not measured" if best is None
            else "supported" if best >= GOOD_SOURCE_PCT
            else "weak" if best > 0
            else "not supported"
        )  # fmt: skip
        expected.setdefault(verdict, set()).add(f"{LABELS[claim.vitamin]} in {claim.word}")
    assert expected["not supported"] == {"B12 in tofu", "B12 in kelp"}  # what the data says

    shown: dict[str, set[str]] = {}
    for line in _text(_tagged(nb, "claims-summary")).splitlines():
        verdict, _, claims = re.match(r"(.+?) \((\d+)\): (.*)", line).groups()
        shown[verdict] = set(claims.split(", "))
    assert shown == expected
    table = _text(_tagged(nb, "claims-table"))
    assert re.search(r"tofu\s+not supported", table) and re.search(r"kelp\s+not supported", table)


def test_food_table_shows_no_whole_food_vegan_b12_plan_and_why(food_table, shipped_rows):
    _, nb, _ = food_table
    target = _adult_rda("vitamin_b12")

    # unfortified vegan foods with any B12, and the B12 of one reference portion of each
    def per_portion(everyday_only: bool) -> list[float]:
        return [
            float(r["vitamin_b12_ug"]) * float(r["portion_grams"]) / 100
            for r in shipped_rows
            if r["diet_vegan"] == "1" and r["fortified"] == "0"
            and (r["everyday"] == "1" or not everyday_only)
            and r["vitamin_b12_ug"] not in ("", "0", "0.0")
        ]  # fmt: skip

    # even 2 portions of every one of them fall short, and none is a source (>= 10% of
    # the target in a portion), so the planner has no candidate for B12 at all
    for everyday_only in (True, False):
        amounts = per_portion(everyday_only)
        assert 2 * sum(amounts) < target
        assert all(a < 0.10 * target for a in amounts)
    text = _text(_tagged(nb, "vegan-b12-whole-foods"))
    assert "Vegan, B12, whole foods only: no plan." in text
    assert "no candidate food in USDA data supplies B12" in text
    assert "supplement" in text and "physician" in text
    assert "With all foods, not only everyday ones: still no plan." in text


def _number(cell: str) -> float | None:
    return float(cell) if cell != "" else None


def test_food_table_shows_folate_in_dfe_above_total_folate_for_enriched_grains(
    food_table, shipped_by_ndb
):
    _, nb, _ = food_table
    text = _text(_tagged(nb, "folate-dfe"))
    assert "SR28" in text and "SR24" not in text
    shown = re.findall(
        r"^(\d{5}) (.+): total folate ([\d.]+) µg, DFE ([\d.]+) µg DFE "
        r"\(food folate ([\d.]+) \+ 1\.7 × folic acid ([\d.]+)\)$", text, re.M)
    assert len(shown) >= 5
    enriched = 0
    for ndb, name, total, dfe, food, folic in shown:
        row = shipped_by_ndb[ndb]
        assert row["name"] == name
        for value, column in ((total, "folate_total_ug"), (dfe, "folate_dfe_ug"),
                              (food, "food_folate_ug"), (folic, "folic_acid_ug")):
            assert float(value) == pytest.approx(_number(row[column]))
        # USDA's DFE is food folate + 1.7 x folic acid, rounded to whole µg
        assert float(dfe) == pytest.approx(float(food) + 1.7 * float(folic), abs=1)
        if float(folic) > 0:
            enriched += 1
            assert float(dfe) > float(total)  # DFE counts folic acid 1.7-fold
        else:
            assert float(dfe) == float(total)
    assert enriched >= 3
    # bread, rice and pasta enriched with folic acid are among them
    names = " ".join(shipped_by_ndb[n]["name"] for n, *_ in shown if float(_[-1]) > 0)
    assert all(word in names for word in ("Bread", "Rice", "Pasta"))
    # the summary line: foods with folic acid measured above 0, from the CSV
    with_fa = [r for r in shipped_by_ndb.values()
               if r["folic_acid_ug"] != "" and float(r["folic_acid_ug"]) > 0]
    assert f"In the {len(with_fa):,} foods where USDA measured folic acid above 0" in text


def test_food_table_shows_the_best_everyday_b2_b3_b5_sources_as_the_csv_says(
    food_table, shipped_rows
):
    _, nb, _ = food_table
    text = _text(_tagged(nb, "b2-b3-b5"))
    with open(REPO / "data" / "suspect_values.csv", newline="", encoding="utf-8") as fh:
        suspect = {r["ndb"] for r in csv.DictReader(fh) if r["verdict"] == "suspect"}
    columns = {"B2": "riboflavin_mg", "B3": "niacin_mg", "B5": "pantothenic_acid_mg"}
    blocks = re.split(r"^(B[235]) \(", text, flags=re.M)[1:]
    assert [blocks[i] for i in range(0, len(blocks), 2)] == ["B2", "B3", "B5"]
    assert "mg NE" in blocks[3]  # niacin: preformed, in mg, against an RDA in mg NE
    for label, body in zip(blocks[::2], blocks[1::2]):
        column = columns[label]
        whole, fortified = body.split("  fortified:")
        for part, flag, n in ((whole, "0", 5), (fortified, "1", 3)):
            pool = [r for r in shipped_rows
                    if r["everyday"] == "1" and r["diet_omnivore"] == "1"
                    and r["fortified"] == flag and r["ndb"] not in suspect
                    and r[column] != ""]  # fmt: skip
            per_portion = sorted(
                ((-float(r[column]) * float(r["portion_grams"]) / 100, r["name"], r["ndb"])
                 for r in pool),
            )  # highest first, name breaks ties
            best = [(ndb, -neg) for neg, _, ndb in per_portion if neg < 0][:n]
            shown = re.findall(r"^    \d\. (\d{5}) .*: ([\d.]+) mg in ", part, re.M)
            assert [ndb for ndb, _ in shown] == [ndb for ndb, _ in best], label
            for (_, amount), (_, expected) in zip(shown, best):
                assert float(amount) == pytest.approx(expected, rel=5e-3)


def test_food_table_lists_values_that_look_like_usda_errors_with_verdicts(
    food_table, shipped_rows
):
    _, nb, _ = food_table
    cell = _tagged(nb, "suspect-values")
    text = _text(cell)
    # SR24's brewed hibiscus tea had about 100 times the thiamin of any other tea; SR28: 0
    teas = [r for r in shipped_rows if r["name"].startswith("Beverages, tea,")]
    hibiscus = [r for r in teas if "hibiscus" in r["name"]]
    assert len(hibiscus) == 1 and float(hibiscus[0]["thiamin_mg"]) == 0
    others = max(float(r["thiamin_mg"]) for r in teas
                 if r is not hibiscus[0] and r["thiamin_mg"] != "")
    assert (f"{hibiscus[0]['name']}: thiamin 0 mg per 100 g in SR28; the other {len(teas) - 1}"
            f" teas: at most {others:g} mg.") in text
    # every value a person judged suspect that the check lists is shown with its verdict
    with open(REPO / "data" / "suspect_values.csv", newline="", encoding="utf-8") as fh:
        verdicts = {(r["ndb"], r["vitamin"]): r["verdict"] for r in csv.DictReader(fh)}
    listed = re.findall(r"^\d+\s+(\d{5})\s.*?\s(B\d+)\s.*?\s(suspect|plausible|to review)\b",
                        text, re.M)
    count = int(re.search(r"^(\d+) values listed", text, re.M).group(1))
    assert len(listed) == count >= 1
    for ndb, vitamin, verdict in listed:
        assert verdict == verdicts.get((ndb, vitamin), "to review"), (ndb, vitamin)
    assert "suspect" in {v for *_, v in listed}


def _milk_b12_plan_exists(rows, diet: str) -> bool:
    """A sufficient condition, from the CSV, for an unfortified B12 plan: the three richest
    unfortified everyday milks of the diet, 2 portions each at three meals (milk goes to any
    meal), counted up to 1.5 µg a meal, reach the adult RDA."""
    per_meal = sorted(
        (min(B12_PER_MEAL_UG, 2 * _amount(r, "vitamin_b12", float(r["portion_grams"])))
         for r in rows
         if r[f"diet_{diet}"] == "1" and r["fortified"] == "0" and r["everyday"] == "1"
         and r["name"].startswith("Milk,")),
        reverse=True,
    )  # fmt: skip
    return sum(per_meal[:3]) >= _rda("vitamin_b12")


def test_planning_walks_from_a_profile_to_an_exported_shopping_list(planning, shipped_rows):
    _, nb, _ = planning
    no_plan = _text(_tagged(nb, "vegan-b12-no-plan"))
    assert no_plan.startswith("No plan.") and "fortified" in no_plan
    assert "[HIGH]" in no_plan and "vegan" in no_plan  # the vegan B12 warning comes along
    warnings = _text(_tagged(nb, "warnings"))
    assert "metformin" in warnings and "vegetarian_diet" in warnings
    infant = _text(_tagged(nb, "infant"))
    assert "no food plan for infants" in infant and "breast milk" in infant
    compared = _text(_tagged(nb, "diets-compared"))
    # plants make no B12: the vegan diet without fortified foods has no B12 plan (its
    # capacity from the CSV: test_food_table_shows_no_whole_food_vegan_b12_plan_and_why);
    # diets with milk have one, as three milks at three meals already show
    no_plan = re.findall(r"^(.+), B12, no fortified: no plan\.", compared, re.M)
    assert "vegan" in no_plan
    for diet, label in (("omnivore", "omnivore"), ("pescatarian", "pescatarian"),
                        ("vegetarian", "vegetarian (lacto-ovo)"),
                        ("lacto_vegetarian", "lacto-vegetarian")):
        assert _milk_b12_plan_exists(shipped_rows, diet)
        assert label not in no_plan
    exported = _text(_tagged(nb, "export"))
    assert "Sheets: Shopping list" in exported


# The planning notebook's person: a woman of 56 (see its first section).
PERSON_AGE, PERSON_SEX = 56, "female"
# Institute of Medicine 1998, DRI report ch. 9; Watanabe 2007, Exp Biol Med 232:1266:
# absorption of B12 through intrinsic factor saturates at about 1.5-2 µg a meal.
B12_PER_MEAL_UG = 1.5
COLUMN = {"thiamin": "thiamin_mg", "vitamin_b6": "vitamin_b6_mg", "folate": "folate_dfe_ug",
          "vitamin_b12": "vitamin_b12_ug"}


def _rda(nutrient: str, age: float = PERSON_AGE, sex: str = PERSON_SEX) -> float:
    """The RDA for one sex and age in the general life stage, read from the reference file."""
    with open(REFERENCE_CSV, newline="", encoding="utf-8") as fh:
        values = [
            float(r["value"])
            for r in csv.DictReader(fh)
            if r["nutrient"] == nutrient and r["kind"] == "RDA"
            and r["life_stage"] == "general" and r["sex"] in (sex, "any")
            and float(r["age_min"]) <= age <= float(r["age_max"] or 999)
        ]  # fmt: skip
    assert len(values) == 1, (nutrient, values)
    return values[0]


def _amount(row: dict, nutrient: str, grams: float) -> float:
    cell = row[COLUMN[nutrient]]
    return float(cell) * grams / 100 if cell else 0.0


def _counted_day(rows_by_ndb, eaten: list[tuple[str, str, float]],
                 diary: list[tuple[str, str, float]] = ()) -> dict[str, float]:
    """What a day of (meal, ndb, grams) gives, from the CSV, with B12 counted per meal:
    up to the cap, or what the ``diary`` lines of that meal give if that is more (the
    README: a diary's B12 counts in full, the plan's additions are capped)."""
    every = [*eaten, *diary]
    out = {n: sum(_amount(rows_by_ndb[ndb], n, g) for _, ndb, g in every) for n in COLUMN}

    def b12(lines, meal):
        return sum(_amount(rows_by_ndb[ndb], "vitamin_b12", g) for m, ndb, g in lines if m == meal)

    out["vitamin_b12"] = sum(max(b12(diary, meal), min(B12_PER_MEAL_UG, b12(every, meal)))
                             for meal in {m for m, _, _ in every})
    return out


def test_planning_counts_b12_per_meal_as_the_csv_says(planning, shipped_by_ndb):
    _, nb, _ = planning
    text = _text(_tagged(nb, "b12-per-meal"))
    assert f"At most {B12_PER_MEAL_UG:g} µg of a meal's B12 counts" in text
    sections = re.split(r"^(With|Without) fortified foods:$", text, flags=re.M)[1:]
    assert len(sections) == 4  # the plan with fortified foods, and one without
    for body in sections[1::2]:
        meals = re.findall(
            r"^  (\w+): total ([\d.]+) µg, counted ([\d.]+) µg\n((?:    .*\n)+)", body, re.M
        )
        assert len(meals) >= 2  # an adult's B12 comes from at least two meals
        counted_day = 0.0
        for _meal, total, counted, foods in meals:
            items = re.findall(r"^    (\S+) ([\d.]+) g ", foods, re.M)
            b12 = sum(_amount(shipped_by_ndb[n], "vitamin_b12", float(g)) for n, g in items)
            assert float(total) == pytest.approx(b12, abs=0.002)
            assert float(counted) == pytest.approx(min(b12, B12_PER_MEAL_UG), abs=0.002)
            counted_day += min(b12, B12_PER_MEAL_UG)
        assert counted_day >= _rda("vitamin_b12") - 1e-6
        shown = re.search(r"day: total ([\d.]+) µg, counted ([\d.]+) µg", body).groups()
        assert float(shown[1]) == pytest.approx(counted_day, abs=0.002)


def _is_milk(row: dict) -> bool:
    """Milks and plant milks, the staples the week may hold every day."""
    return bool(re.search(r"^milk\b|milk\b|^soymilk|^beverages?, (almond|rice|oat|soy)",
                          row["name"], re.I))


def test_planning_week_is_seven_different_days_each_meeting_its_targets(
    planning, shipped_by_ndb
):
    _, nb, _ = planning
    text = _text(_tagged(nb, "week"))
    days = re.findall(r"^day (\d+): (.*)$", text, re.M)
    assert [int(d) for d, _ in days] == list(range(1, 8))
    menus = []
    for _, items in days:
        eaten = []
        for item in items.split("; "):
            meal, ndb, portions = item.split(" ")
            row = shipped_by_ndb[ndb]
            assert float(portions) in (0.5, 1, 1.5, 2)  # real portions
            eaten.append((meal, ndb, float(portions) * float(row["portion_grams"])))
        counted = _counted_day(shipped_by_ndb, eaten)
        for nutrient in COLUMN:
            assert counted[nutrient] >= _rda(nutrient) * (1 - 1e-6), nutrient
        menus.append(frozenset(ndb for _, ndb, _ in eaten))
    assert len(set(menus)) >= 4  # issue 11: at least four different menus
    assert all(a != b for a, b in zip(menus, menus[1:]))  # no two days in a row alike
    for ndb in set().union(*menus):
        if not _is_milk(shipped_by_ndb[ndb]):
            assert sum(ndb in m for m in menus) <= 3, ndb  # the default repeat rule


def test_planning_diary_additions_cover_what_the_usual_day_lacks(planning, shipped_by_ndb):
    _, nb, _ = planning
    text = _text(_tagged(nb, "diary"))
    diary_part, added_part = text.split("Added:")
    diary = re.findall(r"^  (\w+) (\S+) ([\d.]+) g (.+)$", diary_part, re.M)
    added = re.findall(r"^  (\w+) (\S+) ([\d.]+) g ", added_part, re.M)
    with open(REPO / "examples" / "usual_day.csv", newline="", encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert len(diary) == len(written)
    for line, (meal, ndb, _grams, name) in zip(written, diary):
        assert shipped_by_ndb[ndb]["name"] == name
        assert meal == (line["meal"] or "snack")
        if line["food"].isdigit():
            assert ndb == line["food"]  # a USDA number matches exactly
        else:  # text: every word written is in the matched name
            words = re.findall(r"[a-z]+", line["food"].lower())
            assert all(w in name.lower() for w in words), (line["food"], name)
    eaten_diary = [(m, n, float(g)) for m, n, g, _ in diary]
    alone = _counted_day(shipped_by_ndb, [], eaten_diary)
    short = [n for n in COLUMN if alone[n] < _rda(n)]
    assert short  # the usual day alone misses a target, so something is added
    assert added
    together = _counted_day(shipped_by_ndb, [(m, n, float(g)) for m, n, g in added], eaten_diary)
    for nutrient in COLUMN:
        assert together[nutrient] >= _rda(nutrient) * (1 - 1e-6), nutrient
    assert not {n for _, n, _ in added} & {n for _, n, _ in eaten_diary}  # only additions


# ---------------------------------------------------------------------------------------
# the committed files


@pytest.mark.parametrize("name", [FOOD_TABLE, PLANNING])
def test_committed_notebook_reads_well_without_running(name):
    path = NOTEBOOKS / name
    raw = path.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    nbformat.validate(nb)
    assert path.stat().st_size < MAX_BYTES
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "committed without outputs"
    assert _errors(nb) == []
    assert _charts(nb) >= MIN_CHARTS[name]
    # no machine's paths, in code or outputs
    assert not re.search(r"/tmp/|/work/|/home/|/Users/|[A-Z]:\\\\", raw)


@pytest.mark.parametrize("name", [FOOD_TABLE, PLANNING])
def test_notebooks_use_only_the_public_api_and_no_network(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(
            line for line in cell.source.splitlines() if not line.lstrip().startswith("%")
        )
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
                assert not any(a.name.startswith("_") for a in node.names), source
            else:
                continue
            for module in modules:
                assert module.split(".")[0] in ALLOWED_IMPORTS, module
                assert not any(part.startswith("_") for part in module.split(".")), module
