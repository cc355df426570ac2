"""The wheel carries the food table and the reference intakes, and works once installed.

Builds the wheel with hatchling (a test extra), installs it into a fresh virtual
environment that sees the test environment's dependencies but not the repository,
and runs bplanner from an unrelated folder.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import FOODS_CSV, REFERENCE_CSV, REPO, items, subprocess_env

PACKAGED = {
    "bplanner/_data/foods.csv": FOODS_CSV,
    "bplanner/_data/reference/dri_b_vitamins.csv": REFERENCE_CSV,
    # the web page's templates and htmx (bplanner serve)
    **{f"bplanner/web/{p}": REPO / "src" / "bplanner" / "web" / p
       for p in ("templates/page.html", "templates/form.html", "templates/plan.html",
                 "templates/warnings.html", "static/htmx.min.js", "static/htmx.LICENSE.txt",
                 "static/style.css")},
}


def _run(args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
        ],
        env=subprocess_env(with_src=False),
    )
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("bplanner-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding only the wheel; the running environment's packages via .pth."""
    root = tmp_path_factory.mktemp("venv") / "env"
    proc = _run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(root)]
    )
    assert proc.returncode == 0, proc.stderr
    python = root / "bin" / "python"
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    site_packages = Path(site.stdout.strip())
    proc = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            "-q",
            str(wheel),
        ],
        env=subprocess_env(with_src=False),
    )
    assert proc.returncode == 0, proc.stderr
    # pandas, click, highspy ... come from the environment running the tests (which
    # may hold an installed bplanner too: CI's does); the venv's own site-packages
    # comes first on sys.path, so the wheel's bplanner wins.
    (site_packages / "test-deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return root


def test_wheel_carries_the_data_files_unchanged(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        for member, source in PACKAGED.items():
            assert member in names
            assert zf.read(member) == source.read_bytes(), member
        assert "bplanner/cli.py" in names
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "bplanner = bplanner._start:main" in zf.read(entry_points).decode()


def test_installed_bplanner_reads_its_own_data(venv, tmp_path):
    python = venv / "bin" / "python"
    code = (
        "import bplanner, bplanner._resources as r; "
        "print(bplanner.__file__); print(r.data_file('foods.csv')); "
        "print(r.data_file('reference/dri_b_vitamins.csv'))"
    )
    proc = _run([str(python), "-c", code], cwd=tmp_path, env=subprocess_env(with_src=False))
    assert proc.returncode == 0, proc.stderr
    module, foods, reference = (Path(x) for x in proc.stdout.split())
    for path in (module, foods, reference):
        assert path.resolve().is_relative_to(venv.resolve()), path
        assert not path.resolve().is_relative_to(REPO.resolve()), path
    assert foods.read_bytes() == FOODS_CSV.read_bytes()
    assert reference.read_bytes() == REFERENCE_CSV.read_bytes()


@pytest.mark.parametrize("launcher", ["module", "script"])
def test_installed_command_lists_b12_foods(venv, tmp_path, shipped_by_ndb, launcher):
    if launcher == "module":
        cmd = [str(venv / "bin" / "python"), "-m", "bplanner"]
    else:
        cmd = [str(venv / "bin" / "bplanner")]
    proc = _run(
        [*cmd, "foods", "--vitamin", "B12", "--top", "3", "--format", "csv"],
        cwd=tmp_path,
        env=subprocess_env(with_src=False),
    )
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == 3
    for r in rows:
        assert "B12" in items(shipped_by_ndb[r["ndb"]]["supplies"])
        assert r["food"] == shipped_by_ndb[r["ndb"]]["name"]
