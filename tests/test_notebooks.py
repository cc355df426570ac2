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
from bplanner.claims import CLAIMS, GOOD_SOURCE_PCT

NOTEBOOKS = REPO / "notebooks"
FOOD_TABLE = "01_food_table.ipynb"
PLANNING = "02_planning.ipynb"
# charts each notebook must draw
MIN_CHARTS = {FOOD_TABLE: 7, PLANNING: 2}
MAX_BYTES = 1_500_000  # committed size, to read well on a code forge
ALLOWED_IMPORTS = {
    "bplanner", "matplotlib", "numpy", "pandas",
    "datetime", "json", "pathlib", "shutil", "tempfile", "textwrap",
}  # fmt: skip
CELL_TIMEOUT = 120  # seconds
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
            "folate": "folate_ug",
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

    # the most B12 that 2 portions of every unfortified vegan food can give
    def capacity(everyday_only: bool) -> float:
        return sum(
            float(r["vitamin_b12_ug"]) * float(r["portion_grams"]) / 100 * 2
            for r in shipped_rows
            if r["diet_vegan"] == "1" and r["fortified"] == "0"
            and (r["everyday"] == "1" or not everyday_only)
            and r["vitamin_b12_ug"] not in ("", "0", "0.0")
        )  # fmt: skip

    target = _adult_rda("vitamin_b12")
    assert capacity(everyday_only=True) <= capacity(everyday_only=False) < target
    text = _text(_tagged(nb, "vegan-b12-whole-foods"))
    assert "Vegan, B12, whole foods only: no plan." in text
    assert f"{target:g} µg" in text
    assert f"would give only {capacity(everyday_only=True):.2f} µg" in text
    assert "supplement" in text and "physician" in text
    assert "With all foods, not only everyday ones: still no plan." in text


def test_planning_walks_from_a_profile_to_an_exported_shopping_list(planning):
    _, nb, _ = planning
    no_plan = _text(_tagged(nb, "vegan-b12-no-plan"))
    assert no_plan.startswith("No plan.") and "fortified" in no_plan
    assert "[HIGH]" in no_plan and "vegan" in no_plan  # the vegan B12 warning comes along
    warnings = _text(_tagged(nb, "warnings"))
    assert "metformin" in warnings and "vegetarian_diet" in warnings
    compared = _text(_tagged(nb, "diets-compared"))
    # plants make no B12: only the vegan whole-food setting has no plan
    assert re.findall(r"^(.+): no plan\.", compared, re.M) == ["vegan, whole foods only"]
    exported = _text(_tagged(nb, "export"))
    assert "Sheets: Shopping list" in exported


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
