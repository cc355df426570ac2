"""Daily targets and upper limits for a person, from the published reference intakes.

The values live in ``data/reference/dri_b_vitamins.csv`` (Institute of Medicine
DRIs; FDA Daily Values), never in code, so that every number has a source.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache

from bplanner._resources import data_file
from bplanner.checks import check_profile
from bplanner.vitamins import ORDER, VITAMINS

REFERENCE_FILE = "reference/dri_b_vitamins.csv"
SOURCES = (
    "Institute of Medicine, Food and Nutrition Board (1998). Dietary Reference Intakes for "
    "Thiamin, Riboflavin, Niacin, Vitamin B6, Folate, Vitamin B12, Pantothenic Acid, Biotin, "
    "and Choline. National Academies Press.",
    "Institute of Medicine (2001). Dietary Reference Intakes for Vitamin A, Vitamin K, ... and "
    "Zinc (UL for preformed vitamin A).",
    "US Food and Drug Administration (2016). Food Labeling: Revision of the Nutrition and "
    "Supplement Facts Labels, 81 FR 33742 (Daily Values); 21 CFR 101.54.",
)
SOURCE_SHORT = "IOM Dietary Reference Intakes (1998, 2001); FDA Daily Values (2016)"

MAX_AGE = 120


_SEXES = {"female": "female", "f": "female", "woman": "female", "women": "female",
          "male": "male", "m": "male", "man": "male", "men": "male"}


def parse_sex(text: str) -> str:
    """"female" or "male" for what a user typed: f/female/woman, m/male/man, any case."""
    key = str(text).strip().lower()
    if key in _SEXES:
        return _SEXES[key]
    raise ValueError(f"unknown sex {text!r}; accepted: female (f, woman), male (m, man)")


@dataclass(frozen=True)
class Profile:
    """Who the plan is for. ``sex=None`` takes the stricter value of both sexes."""

    age: float = 30.0
    sex: str | None = None
    pregnant: bool = False
    lactating: bool = False

    def __post_init__(self) -> None:
        check_profile(self)  # TypeError for pregnant="no" and the like
        if isinstance(self.sex, str) and self.sex.strip().lower() in _SEXES:  # "F", "woman"
            object.__setattr__(self, "sex", _SEXES[self.sex.strip().lower()])
        problem = profile_problem(self)
        if problem:
            raise ValueError(problem)

    @property
    def life_stage(self) -> str:
        if self.pregnant:
            return "pregnancy"
        if self.lactating:
            return "lactation"
        if self.age < 1:
            return "infant"
        if self.age < 14:
            return "child"
        return "general"

    def describe(self) -> str:
        who = {"female": "female", "male": "male", None: "person"}[self.sex]
        if self.age < 1:
            who = f"{who} infant" if self.sex else "infant"
        extra = " (pregnant)" if self.pregnant else " (lactating)" if self.lactating else ""
        age = f"{self.age:g}"
        return f"{who}, age {age}{extra}"


def profile_problem(p: Profile) -> str | None:
    """Why a profile is impossible, or None. Shared by the API and the CLI."""
    if not isinstance(p.age, (int, float)) or math.isnan(p.age):
        return "age must be a number of years"
    if p.age < 0 or p.age > MAX_AGE:
        return f"age must be between 0 and {MAX_AGE} years, got {p.age:g}"
    if p.sex not in (None, "female", "male"):
        return f"sex must be female or male, got {p.sex!r}"
    if p.pregnant and p.lactating:
        return "pregnant and lactating cannot both be set: choose one"
    if (p.pregnant or p.lactating) and p.sex == "male":
        return f"{'pregnant' if p.pregnant else 'lactating'} applies to females only"
    # whole years, as in the reference bands: "14-50" runs up to the 51st birthday
    if (p.pregnant or p.lactating) and not 14 <= math.floor(p.age) <= 50:
        stage = "pregnancy" if p.pregnant else "lactation"
        return f"reference intakes for {stage} cover ages 14 to 50, got {p.age:g}"
    return None


@dataclass(frozen=True)
class Reference:
    nutrient: str
    unit: str
    kind: str
    sex: str
    life_stage: str
    age_min: float
    age_max: float | None
    value: float

    def covers(self, age: float) -> bool:
        """Ages are whole years, inclusive; infants' rows are fractions of a year."""
        if self.age_max is None:
            return age >= self.age_min
        if self.age_max <= 1 and self.age_min < 1:
            return self.age_min <= age < self.age_max or (age == 1 == self.age_max)
        return self.age_min <= math.floor(age) <= self.age_max


@lru_cache(maxsize=1)
def reference_rows() -> tuple[Reference, ...]:
    """All rows of the shipped reference file."""
    rows = []
    with open(data_file(REFERENCE_FILE), newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append(
                Reference(
                    nutrient=r["nutrient"],
                    unit=r["unit"],
                    kind=r["kind"],
                    sex=r["sex"],
                    life_stage=r["life_stage"],
                    age_min=float(r["age_min"]),
                    age_max=float(r["age_max"]) if r["age_max"] else None,
                    value=float(r["value"]),
                )
            )
    return tuple(rows)


def daily_value(nutrient: str) -> float:
    """FDA Daily Value (food labels, ages 4+), for % DV and the 10%/20% source tags."""
    for r in reference_rows():
        if r.nutrient == nutrient and r.kind == "DV":
            return r.value
    raise KeyError(nutrient)


def _lookup(nutrient: str, kinds: tuple[str, ...], profile: Profile, strict_max: bool):
    """The reference value for a profile; with sex unknown take the stricter of both."""
    stage = profile.life_stage
    found = [
        r
        for r in reference_rows()
        if r.nutrient == nutrient
        and r.kind in kinds
        and r.life_stage == stage
        and r.covers(profile.age)
        and (profile.sex is None or r.sex in ("any", profile.sex))
    ]
    if not found:
        return None
    best = max(found, key=lambda r: r.value) if strict_max else min(found, key=lambda r: r.value)
    return best


@dataclass(frozen=True)
class Target:
    vitamin: str
    kind: str  # RDA or AI
    value: float
    unit: str
    upper_limit: float | None  # UL for the vitamin itself, None where none exists

    @property
    def label(self) -> str:
        return VITAMINS[self.vitamin].label

    @property
    def display_unit(self) -> str:
        return display_unit(self.unit)

    @property
    def amount_unit(self) -> str:
        """The unit of the amounts counted toward it: USDA reports preformed niacin in mg,
        set against an RDA in mg niacin equivalents (a plan on it errs on the safe side)."""
        return "mg" if self.unit == "mg_NE" else self.display_unit


def display_unit(unit: str) -> str:
    """Units as people read them: ug -> µg, ug_DFE -> µg DFE."""
    return unit.replace("ug", "µg").replace("_", " ")


def targets_for(profile: Profile, vitamins=ORDER) -> list[Target]:
    """The RDA (AI for infants) of each vitamin, with its UL where one exists."""
    out = []
    for key in vitamins:
        ref = _lookup(key, ("RDA", "AI"), profile, strict_max=True)
        if ref is None:  # pragma: no cover - the reference file covers every stage
            raise ValueError(f"no reference intake for {key} at {profile.describe()}")
        # the niacin UL is for niacin added to foods and in supplements, not for niacin
        # from food: it is an upper limit of its own (``upper_limits``), not the vitamin's
        ul = None if key in ADDED_ONLY_UL else _lookup(key, ("UL",), profile, strict_max=False)
        out.append(Target(key, ref.kind, ref.value, ref.unit, ul.value if ul else None))
    return out


# vitamins whose UL applies only to the amount added to foods or taken as supplements
ADDED_ONLY_UL = ("niacin",)
# the upper limits the planner enforces, and their names as a reader sees them
LIMITED = ("vitamin_b6", "folic_acid", "niacin", "retinol")
LIMIT_NAMES = {
    "vitamin_b6": "vitamin B6",
    "retinol": "retinol (preformed vitamin A)",
    "folic_acid": "folic acid (USDA's, or folate of B-fortified foods)",
    "niacin": "added niacin (niacin of B-fortified foods)",
}


def upper_limits(profile: Profile) -> dict[str, float]:
    """ULs the planner enforces: vitamin B6, folic acid and niacin (both: the amount added
    to foods), retinol (preformed vitamin A)."""
    limits = {}
    for nutrient in LIMITED:
        ref = _lookup(nutrient, ("UL",), profile, strict_max=False)
        if ref is not None:
            limits[nutrient] = ref.value
    return limits
