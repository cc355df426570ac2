"""Risk factors and interactions from the leaflet and the NIH fact sheets, as plan warnings.

The data live in ``data/risk_factors.csv`` (one risk a row) and
``data/risk_names.csv`` (synonyms and brand names of conditions and
medications); this module reads them, decides which apply to a person, a diet
and a plan, and words them. No text or number of a warning is written here.

``risk_factors.csv`` columns:

* ``id``: stable key (JSON ``warnings[].id``).
* ``title``: a short name, for ``bplanner risks`` and for other warnings that
  refer to this one.
* ``category``: ``deficiency`` (lowers a person's B vitamin levels: the
  blood-test advice follows), ``interaction`` (concerns a B vitamin
  *preparation* taken with a medicine or a condition), ``plan`` (about the plan
  itself) or ``advice`` (the blood test).
* ``trigger_kind`` and ``trigger`` (several triggers separated by ``;``):

  - ``diet``: diet keys of ``bplanner.diets.DIETS``;
  - ``flag``: ``smoker``, ``alcohol``, ``planning_pregnancy`` (``RiskProfile``);
  - ``condition`` / ``medication``: canonical names (``RiskProfile``);
  - ``age``: ``>=N``, whole years (``Profile.age``);
  - ``life_stage``: ``pregnancy`` or ``lactation`` (``Profile``);
  - ``plan``: ``fortified_foods`` (a fortified food in the plan supplies a chosen
    vitamin), ``retinol_near_ul`` and ``folic_acid_near_ul`` (the plan's amount is
    at least ``NEAR_UL_FRACTION`` of the upper limit), ``folic_acid_masks_b12``
    (folic acid near its limit *and* a risk factor for low B12 applies; it then
    replaces ``folic_acid_near_ul``, which says less);
  - ``deficiency``: the ``blood_test`` advice, given whenever a deficiency warning
    is shown (once, not repeated in every warning);
  - ``info``: listed by ``bplanner risks`` only, never a plan warning: the
    leaflet's note that injections are not mixed in one syringe with B1, B2 or B6
    concerns the clinic that injects, not food.

* ``vitamins``: labels (B1;B6;B9;B12; A for retinol) the risk concerns.
* ``severity``: high, medium or low. High: food alone cannot be relied on (B12 in
  a vegan diet, pernicious anaemia, stomach surgery, alcohol dependence), or a
  pregnancy is at stake; medium: absorption or levels are lowered, or a
  preparation interacts with a medicine; low: information about the plan.
* ``message``, ``advice``, ``source``: the text shown. Plan messages may hold
  ``{percent}`` (share of the upper limit) and ``{b12_risks}`` (the titles of the
  B12 risk factors that apply).

Which warnings are shown: a profile factor (flag, condition, medication, age,
life stage) when its vitamins meet the chosen vitamins; diet, interaction and
plan warnings always. Order: most severe first, then the file's order (the
leaflet's items come first in the file), except that the blood-test advice comes
after every deficiency risk of its severity.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bplanner._resources import data_file
from bplanner.checks import check_risk
from bplanner.diets import DIETS, parse_diet
from bplanner.vitamins import ORDER, VITAMINS, parse_vitamin

RISK_FILE = "risk_factors.csv"
NAMES_FILE = "risk_names.csv"

SEVERITIES = ("high", "medium", "low")  # most severe first
CATEGORIES = ("deficiency", "interaction", "plan", "advice")
TRIGGER_KINDS = (
    "diet",
    "flag",
    "condition",
    "medication",
    "age",
    "life_stage",
    "plan",
    "deficiency",
    "info",
)
FLAGS = ("smoker", "alcohol", "planning_pregnancy")
LIFE_STAGES = ("pregnancy", "lactation")
PLAN_TRIGGERS = ("fortified_foods", "retinol_near_ul", "folic_acid_near_ul", "folic_acid_masks_b12")
VITAMIN_LABELS = (*(VITAMINS[k].label for k in ORDER), "A")

# A plan amount counts as "near" its upper limit from this share of the limit on.
NEAR_UL_FRACTION = 0.8

BLOOD_TEST_ID = "blood_test"

# Triggers shown in ``bplanner risks`` the way the CLI spells them.
_FLAG_OPTIONS = {
    "smoker": "--smoker",
    "alcohol": "--alcohol",
    "planning_pregnancy": "--planning-pregnancy",
}
_STAGE_OPTIONS = {"pregnancy": "--pregnant", "lactation": "--lactating"}
_PLAN_TRIGGER_TEXT = {
    "fortified_foods": "plan: a fortified food supplies a chosen vitamin",
    "retinol_near_ul": "plan: retinol at {pct}% or more of its upper limit",
    "folic_acid_near_ul": "plan: folic acid at {pct}% or more of its upper limit",
    "folic_acid_masks_b12": "plan: folic acid at {pct}% or more of its upper limit, with a B12 "
    "risk factor",
}


@dataclass(frozen=True)
class RiskFactor:
    """One row of ``risk_factors.csv``."""

    id: str
    title: str
    category: str
    trigger_kind: str
    triggers: tuple[str, ...]
    vitamins: tuple[str, ...]  # labels: B1, B6, B9, B12, A
    severity: str
    message: str
    advice: str
    source: str
    position: int = 0  # row order in the file, for stable sorting

    @property
    def from_leaflet(self) -> bool:
        return self.source.startswith("Leaflet")


@dataclass(frozen=True)
class RiskWarning:
    """A warning shown with a plan (JSON ``warnings[]``)."""

    id: str
    severity: str
    vitamins: tuple[str, ...]
    message: str
    advice: str
    source: str

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "severity": self.severity,
            "vitamins": list(self.vitamins),
            "message": self.message,
            "advice": self.advice,
            "source": self.source,
        }

    def render(self) -> str:
        vits = f" ({', '.join(self.vitamins)})" if self.vitamins else ""
        return (
            f"[{self.severity.upper()}] {self.message}{vits}\n"
            f"    {self.advice}\n"
            f"    Source: {self.source}"
        )


# --------------------------------------------------------------------------
# names of conditions and medications


def normalise_name(text: str) -> str:
    """Lower case; apostrophes dropped; hyphens, underscores and runs of spaces as one space."""
    t = str(text).strip().lower()
    t = re.sub(r"['’`´]", "", t)
    t = re.sub(r"[\s_\-]+", " ", t)
    return t.strip()


@lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, str]]:
    """kind -> {normalised name -> canonical}; canonical names map to themselves."""
    canonical = _canonical_names()
    table: dict[str, dict[str, str]] = {k: {} for k in canonical}
    for kind, names in canonical.items():
        for name in names:
            table[kind][normalise_name(name)] = name
    path = data_file(NAMES_FILE)
    with open(path, newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            kind, name, canon = row["kind"], row["name"], row["canonical"]
            if kind not in table:
                raise ValueError(f"{path}:{line}: unknown kind {kind!r}")
            if canon not in canonical[kind]:
                raise ValueError(f"{path}:{line}: {canon!r} is not a {kind} named in {RISK_FILE}")
            key = normalise_name(name)
            if table[kind].get(key, canon) != canon:
                raise ValueError(f"{path}:{line}: {name!r} already means {table[kind][key]!r}")
            table[kind][key] = canon
    return table


def _canonical_names() -> dict[str, tuple[str, ...]]:
    """Canonical condition and medication names, in the order of risk_factors.csv."""
    out: dict[str, list[str]] = {"condition": [], "medication": []}
    for f in load_risk_factors():
        if f.trigger_kind in out:
            for t in f.triggers:
                if t not in out[f.trigger_kind]:
                    out[f.trigger_kind].append(t)
    return {k: tuple(v) for k, v in out.items()}


def accepted_names(kind: str) -> dict[str, list[str]]:
    """canonical name -> its synonyms and brand names, for ``kind`` condition or medication."""
    if kind not in ("condition", "medication"):
        raise ValueError(f"kind must be condition or medication, got {kind!r}")
    out: dict[str, list[str]] = {c: [] for c in _canonical_names()[kind]}
    with open(data_file(NAMES_FILE), newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] == kind:
                out[row["canonical"]].append(row["name"])
    return out


def _parse(kind: str, text: str) -> str:
    table = _names()[kind]
    key = normalise_name(text)
    if key in table:
        return table[key]
    squeezed = {k.replace(" ", ""): v for k, v in table.items()}  # "h2blockers", "crohnsdisease"
    if key.replace(" ", "") in squeezed:
        return squeezed[key.replace(" ", "")]
    shown = " ".join(str(text).split())
    accepted = ", ".join(_canonical_names()[kind])
    raise ValueError(
        f"unknown {kind} {shown!r}; accepted: {accepted} "
        f"(synonyms and brand names too: see `bplanner risks`)"
    )


def parse_condition(text: str) -> str:
    """Canonical condition name for what a user typed (synonyms accepted), or ValueError."""
    return _parse("condition", text)


def parse_medication(text: str) -> str:
    """Canonical medication name (drug class) for a drug or brand name, or ValueError."""
    return _parse("medication", text)


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return tuple(out)


@dataclass(frozen=True)
class RiskProfile:
    """What a person tells bplanner beyond age, sex and pregnancy.

    ``conditions`` and ``medications`` accept any known name (synonyms, brands)
    and are stored as canonical names, each once.
    """

    smoker: bool = False
    alcohol: bool = False
    planning_pregnancy: bool = False
    conditions: tuple[str, ...] = field(default=())
    medications: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if isinstance(self.conditions, str) or isinstance(self.medications, str):
            raise TypeError("conditions and medications are sequences of names")
        check_risk(self)
        object.__setattr__(self, "conditions", _dedupe(parse_condition(c) for c in self.conditions))
        object.__setattr__(
            self, "medications", _dedupe(parse_medication(m) for m in self.medications)
        )

    def flag(self, name: str) -> bool:
        return bool(getattr(self, name))


def risk_profile_problem(profile, risk: RiskProfile) -> str | None:
    """Why a profile and risk profile contradict each other, or None (shared with the CLI)."""
    if risk.planning_pregnancy and profile.sex == "male":
        return "planning a pregnancy (folic acid advice) applies to females only"
    if risk.planning_pregnancy and profile.pregnant:
        return "pregnant and planning a pregnancy cannot both be set: choose one"
    return None


# --------------------------------------------------------------------------
# the data file


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(";") if p.strip())


def _check(f: RiskFactor, where: str) -> None:
    def bad(msg: str) -> ValueError:
        return ValueError(f"{where}: {f.id}: {msg}")

    if not re.fullmatch(r"[a-z][a-z0-9_]*", f.id):
        raise bad("id must be lower_snake_case")
    if f.category not in CATEGORIES:
        raise bad(f"category must be one of {', '.join(CATEGORIES)}")
    if f.trigger_kind not in TRIGGER_KINDS:
        raise bad(f"trigger_kind must be one of {', '.join(TRIGGER_KINDS)}")
    if f.severity not in SEVERITIES:
        raise bad(f"severity must be one of {', '.join(SEVERITIES)}")
    if any(v not in VITAMIN_LABELS for v in f.vitamins):
        raise bad(f"vitamins must be among {', '.join(VITAMIN_LABELS)}")
    if not (f.title and f.message and f.advice and f.source):
        raise bad("title, message, advice and source are required")
    kind, trig = f.trigger_kind, f.triggers
    allowed = {
        "diet": DIETS,
        "flag": FLAGS,
        "life_stage": LIFE_STAGES,
        "plan": PLAN_TRIGGERS,
        "deficiency": ("any",),
    }
    if kind in allowed and (not trig or any(t not in allowed[kind] for t in trig)):
        raise bad(f"{kind} trigger must be among {', '.join(allowed[kind])}")
    if kind == "age" and (len(trig) != 1 or not re.fullmatch(r">=\d+", trig[0])):
        raise bad("age trigger must look like >=51")
    if kind in ("condition", "medication") and not trig:
        raise bad(f"{kind} trigger needs a name")
    if kind == "info" and trig:
        raise bad("info rows have no trigger")
    if (kind == "plan") != (f.category == "plan"):
        raise bad("plan triggers and the plan category go together")
    if (kind == "deficiency") != (f.category == "advice"):
        raise bad("the deficiency trigger and the advice category go together")
    if f.category == "deficiency" and not f.vitamins:
        raise bad("a deficiency risk names its vitamins")


def read_risk_factors(path: str | Path) -> tuple[RiskFactor, ...]:
    """Read and check a risk-factor file (see the module docstring for its columns)."""
    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            f = RiskFactor(
                id=row["id"].strip(),
                title=row["title"].strip(),
                category=row["category"].strip(),
                trigger_kind=row["trigger_kind"].strip(),
                triggers=_split(row["trigger"]),
                vitamins=_split(row["vitamins"]),
                severity=row["severity"].strip(),
                message=row["message"].strip(),
                advice=row["advice"].strip(),
                source=row["source"].strip(),
                position=i,
            )
            _check(f, f"{path}:{i + 2}")
            out.append(f)
    ids = [f.id for f in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{path}: duplicate ids: {', '.join(dupes)}")
    if BLOOD_TEST_ID not in ids:
        raise ValueError(f"{path}: the {BLOOD_TEST_ID!r} row is missing")
    return tuple(out)


@lru_cache(maxsize=1)
def load_risk_factors() -> tuple[RiskFactor, ...]:
    """The shipped risk factors, in file order (leaflet first)."""
    return read_risk_factors(data_file(RISK_FILE))


def risk_factor(risk_id: str) -> RiskFactor:
    for f in load_risk_factors():
        if f.id == risk_id:
            return f
    raise KeyError(risk_id)


# --------------------------------------------------------------------------
# which risks apply


def _applies(f: RiskFactor, profile, diet: str, risk: RiskProfile) -> bool:
    kind, trig = f.trigger_kind, f.triggers
    if kind == "diet":
        return diet in trig
    if kind == "flag":
        return any(risk.flag(t) for t in trig)
    if kind == "condition":
        return any(t in risk.conditions for t in trig)
    if kind == "medication":
        return any(t in risk.medications for t in trig)
    if kind == "age":
        return int(profile.age // 1) >= int(trig[0][2:])
    if kind == "life_stage":
        return profile.life_stage in trig
    return False  # plan, deficiency and info rows are decided elsewhere


def _labels(vitamins: Iterable[str] | None) -> set[str]:
    if not vitamins:
        return {VITAMINS[k].label for k in ORDER}
    return {VITAMINS[parse_vitamin(v)].label for v in vitamins}


def _warning(f: RiskFactor, vitamins: tuple[str, ...] | None = None, **values) -> RiskWarning:
    return RiskWarning(
        id=f.id,
        severity=f.severity,
        vitamins=f.vitamins if vitamins is None else vitamins,
        message=f.message.format(**values) if values else f.message,
        advice=f.advice,
        source=f.source,
    )


def _in_order(labels: Iterable[str]) -> tuple[str, ...]:
    found = set(labels)
    return tuple(v for v in VITAMIN_LABELS if v in found)


def _share(plan, nutrient: str) -> float | None:
    lim = (getattr(plan, "limits", None) or {}).get(nutrient)
    if not lim or not lim.get("limit"):
        return None
    return lim["amount"] / lim["limit"]


def _plan_warnings(plan, chosen: set[str], fired: list[RiskFactor]) -> list[RiskWarning]:
    out = []
    by_trigger = {f.triggers[0]: f for f in load_risk_factors() if f.trigger_kind == "plan"}
    if "fortified_foods" in by_trigger:
        keys = {k for k in ORDER if VITAMINS[k].label in chosen}
        supplied = {
            VITAMINS[k].label
            for item in plan.items
            if item.fortified
            for k, amount in item.amounts.items()
            if k in keys and amount > 0
        }
        if supplied:
            out.append(_warning(by_trigger["fortified_foods"], _in_order(supplied)))
    retinol = _share(plan, "retinol")
    if "retinol_near_ul" in by_trigger and retinol is not None and retinol >= NEAR_UL_FRACTION:
        out.append(_warning(by_trigger["retinol_near_ul"], percent=retinol * 100))
    folic = _share(plan, "folic_acid")
    if folic is not None and folic >= NEAR_UL_FRACTION:
        b12_risks = [f for f in fired if f.category == "deficiency" and "B12" in f.vitamins]
        if b12_risks and "folic_acid_masks_b12" in by_trigger:
            titles = ", ".join(f.title for f in b12_risks)
            out.append(
                _warning(by_trigger["folic_acid_masks_b12"], percent=folic * 100, b12_risks=titles)
            )
        elif "folic_acid_near_ul" in by_trigger:
            out.append(_warning(by_trigger["folic_acid_near_ul"], percent=folic * 100))
    return out


def warnings_for(
    profile,
    diet: str = "omnivore",
    vitamins: Iterable[str] | None = None,
    risk: RiskProfile | None = None,
    plan=None,
) -> list[RiskWarning]:
    """The warnings for a person, a diet, the chosen vitamins and (optionally) a plan.

    ``profile`` is a ``bplanner.targets.Profile``; ``diet`` a diet key or name;
    ``vitamins`` keys or labels (empty: all four); ``plan`` anything with
    ``items`` (``PlanItem``-like) and ``limits`` (``Plan.limits``). Most severe
    first, then in the order of the data file.
    """
    diet = parse_diet(diet)
    risk = risk or RiskProfile()
    chosen = _labels(vitamins)
    fired = [f for f in load_risk_factors() if _applies(f, profile, diet, risk)]
    shown = [
        f
        for f in fired
        if f.category == "interaction" or f.trigger_kind == "diet" or set(f.vitamins) & chosen
    ]
    warnings = [_warning(f) for f in shown]
    deficiency = [f for f in shown if f.category == "deficiency"]
    if deficiency:
        vits = _in_order(v for f in deficiency for v in f.vitamins)
        warnings.append(_warning(risk_factor(BLOOD_TEST_ID), vits))
    if plan is not None:
        warnings += _plan_warnings(plan, chosen, fired)
    return sort_warnings(warnings)


def sort_warnings(warnings: Iterable[RiskWarning]) -> list[RiskWarning]:
    """Most severe first; within a severity, the order of the data file.

    One exception: the blood-test advice, which sums up the deficiency risks,
    comes after every deficiency risk of its severity, wherever its row is.
    """
    factors = load_risk_factors()
    pos: dict[str, float] = {f.id: f.position for f in factors}
    pos[BLOOD_TEST_ID] = max(f.position for f in factors if f.category == "deficiency") + 0.5
    return sorted(warnings, key=lambda w: (SEVERITIES.index(w.severity), pos.get(w.id, 1e9)))


# --------------------------------------------------------------------------
# the listing behind ``bplanner risks``


def _quote(name: str) -> str:
    return f'"{name}"' if " " in name or "'" in name else name


def trigger_text(f: RiskFactor) -> str:
    """How a risk is triggered, as the CLI option(s) that trigger it."""
    kind, trig = f.trigger_kind, f.triggers
    if kind == "diet":
        return " or ".join(f"--diet {t.replace('_', '-')}" for t in trig)
    if kind == "flag":
        return " or ".join(_FLAG_OPTIONS[t] for t in trig)
    if kind in ("condition", "medication"):
        return " or ".join(f"--{kind} {_quote(t)}" for t in trig)
    if kind == "age":
        return f"--age {trig[0][2:]} or older"
    if kind == "life_stage":
        return " or ".join(_STAGE_OPTIONS[t] for t in trig)
    if kind == "plan":
        pct = f"{NEAR_UL_FRACTION * 100:g}"
        return " or ".join(_PLAN_TRIGGER_TEXT[t].format(pct=pct) for t in trig)
    if kind == "deficiency":
        return "any deficiency risk above applies"
    return "none: listed here only (concerns injections, not food)"


def _generic(message: str) -> str:
    """A plan message with its placeholders in words, for the listing."""
    message = re.sub(r"\{percent[^}]*\}%", "N%", message)
    return message.replace("{b12_risks}", "the B12 risk factors that apply")


def risk_table() -> list[dict]:
    """Every risk factor with the option that triggers it, in file order."""
    return [
        {
            "id": f.id,
            "title": f.title,
            "category": f.category,
            "trigger": trigger_text(f),
            "trigger_kind": f.trigger_kind,
            "vitamins": list(f.vitamins),
            "severity": f.severity,
            "message": _generic(f.message),
            "advice": f.advice,
            "source": f.source,
        }
        for f in load_risk_factors()
    ]


__all__ = [
    "NEAR_UL_FRACTION",
    "RiskFactor",
    "RiskProfile",
    "RiskWarning",
    "accepted_names",
    "load_risk_factors",
    "parse_condition",
    "parse_medication",
    "risk_profile_problem",
    "risk_table",
    "sort_warnings",
    "warnings_for",
]
