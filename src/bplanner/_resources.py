"""Where the shipped data files live, installed or in a source checkout.

A wheel carries data/ as ``bplanner/_data`` (hatchling force-include); an
editable install or a plain checkout reads the repository's ``data/`` folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def data_file(relative: str) -> Path:
    """Path of a shipped data file, e.g. ``data_file("foods.csv")``."""
    packaged = resources.files("bplanner").joinpath("_data", *relative.split("/"))
    if packaged.is_file():
        return Path(str(packaged))
    candidate = _REPO_DATA / relative
    if candidate.is_file():
        return candidate
    raise FileNotFoundError(
        f"bplanner's data file {relative!r} is missing from this installation; reinstall bplanner"
    )
