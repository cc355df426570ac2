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
  - ``sex_age``: ``female:15-50``, sex and an age range in whole years (CDC's folic acid
    advice for women who could become pregnant; not repeated when pregnant or
    planning a pregnancy, which have their own);
  - ``life_stage``: ``pregnancy`` or ``lactation`` (``Profile``);
  - ``plan``: ``fortified_foods`` (a fortified food in the plan supplies a chosen
    vitamin), ``retinol_near_ul`` and ``folic_acid_near_ul`` (the plan's amount is
    at least ``NEAR_UL_FRACTION`` of the upper limit), ``folic_acid_masks_b12``
    (folic acid near its limit *and* a risk factor for low B12 applies; it then
    replaces ``folic_acid_near_ul``, which says less), ``folic_acid_with_b12_risk``
    (any folic acid below that, with a B12 risk factor: masking is still possible);
  - ``deficiency``: the ``blood_test`` advice, given whenever a deficiency warning
    is shown (once, not repeated in every warning);
  - ``info``: listed by ``bplanner risks`` only, never a plan warning: the
    leaflet's note that injections are not mixed in one syringe with B1, B2 or B6
    concerns the clinic that injects, not food;
  - ``unknown``: ``condition`` or ``medication``: the note for names bplanner does
    not know (category ``note``); the message holds ``{names}``, the names as
    typed, each with a "did you mean" where one is close.

* ``vitamins``: labels (B1;B6;B9;B12; A for retinol) the risk concerns.
* ``severity``: high, medium or low. High: food alone cannot be relied on (B12 in
  a vegan diet, pernicious anaemia, stomach surgery, alcohol dependence), or a
  pregnancy is at stake; medium: absorption or levels are lowered, or a
  preparation interacts with a medicine; low: information about the plan.
* ``message``, ``advice``, ``source``: the text shown. Plan messages may hold
  ``{percent}`` (share of the upper limit) and ``{b12_risks}`` (the titles of the
  B12 risk factors that apply).

Which warnings are shown: every factor that applies to the person, the diet and
the plan, whatever vitamins were chosen (a person's risks do not depend on the
vitamins they asked about); a warning whose vitamins are all outside the chosen
ones is marked ``outside_chosen`` and says so. Order: most severe first, then the file's order (the
leaflet's items come first in the file), except that the blood-test advice comes
after every deficiency risk of its severity.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from bplanner._resources import data_file
from bplanner.advice import safety
from bplanner.advice.warning import RiskWarning
from bplanner.checks import check_risk
from bplanner.diets import DIETS, parse_diet
from bplanner.vitamins import ORDER, VITAMINS, parse_vitamin

RISK_FILE = "risk_factors.csv"
NAMES_FILE = "risk_names.csv"

SEVERITIES = ("high", "medium", "low")  # most severe first
CATEGORIES = ("deficiency", "interaction", "plan", "advice", "note", "prevention")
TRIGGER_KINDS = (
    "diet",
    "flag",
    "condition",
    "medication",
    "age",
    "sex_age",
    "life_stage",
    "plan",
    "deficiency",
    "info",
    "unknown",
)
FLAGS = ("smoker", "alcohol", "planning_pregnancy")
LIFE_STAGES = ("pregnancy", "lactation")
PLAN_TRIGGERS = (
    "fortified_foods",
    "retinol_near_ul",
    "folic_acid_near_ul",
    "folic_acid_masks_b12",
    "folic_acid_with_b12_risk",
    "folic_acid_b12_pregnancy",
)
VITAMIN_LABELS = (*(VITAMINS[k].label for k in ORDER), "A")

# A plan amount counts as "near" its upper limit from this share of the limit on.
NEAR_UL_FRACTION = 0.8
# Folic acid is "a real part of the day" from this share of its upper limit on (250 µg
# for adults, whose UL is 1,000 µg): the masking warning is given only from here, and
# only with a risk factor for low B12. Why a quarter: the UL was set from case reports
# of masking at 5,000 µg and more (IOM 1998, ch. 8); a few fortified foods give tens of
# µg, which would make the warning fire on nearly every plan and mean nothing, while 250
# µg is more than half of the 400 µg a day recommended before pregnancy, an amount
# that is a deliberate part of the day.
FOLIC_ACID_REAL_FRACTION = 0.25

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
    "folic_acid_with_b12_risk": "plan: folic acid from {real}% to below {pct}% of its upper limit, "
    "with a B12 risk factor",
    "folic_acid_b12_pregnancy": "plan: folic acid from {real}% of its upper limit, with a B12 risk "
    "factor, pregnant or could become pregnant",
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
    """Canonical condition and medication names, in the order of risk_factors.csv, then
    the conditions only a safety rule acts on (``bplanner.advice.safety.CONDITIONS``)."""
    out: dict[str, list[str]] = {"condition": [], "medication": []}
    for f in load_risk_factors():
        if f.trigger_kind in out:
            for t in f.triggers:
                if t not in out[f.trigger_kind]:
                    out[f.trigger_kind].append(t)
    out["condition"] += [c for c in safety.CONDITIONS if c not in out["condition"]]
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


# Words on a medicine box that do not change which medicine it is: salt forms,
# dose forms and strengths ("metformin hydrochloride 500 mg tablets").
_SALT_AND_FORM = re.compile(
    r"\b("
    r"hydrochloride|hcl|hydrobromide|dihydrochloride|sodium|disodium|potassium|calcium|"
    r"magnesium|sulfate|sulphate|mesylate|mesilate|maleate|tartrate|succinate|citrate|besylate|"
    r"besilate|fumarate|acetate|phosphate|bromide|nitrate|mononitrate|hyclate|monohydrate|"
    r"dihydrate|trihydrate|anhydrous|tablets?|tabs?|capsules?|caps?|injection|injectable|oral|"
    r"solution|suspension|syrup|extended release|modified release|delayed release|"
    r"prolonged release|er|xr|xl|sr|cr|dr|mr|chewable|film coated|"
    r"\d+(\.\d+)?\s*(mg|mcg|µg|ug|g|ml|iu|%)(\s*/\s*\d*\s*(ml|g|dose))?"
    r")\b"
)
# Combination products: "sulfamethoxazole/trimethoprim", "carbidopa + levodopa".
_COMBINATION = re.compile(r"\s*[/+]\s*")
_CLOSE = 0.8  # difflib ratio from which a known name is offered as "did you mean"


@dataclass(frozen=True)
class NameMatch:
    """What bplanner made of one typed condition or medication name."""

    typed: str
    canonical: str | None  # None: not a name bplanner knows
    suggestion: str | None = None  # for unknown names: the known name it is close to


def _lookup(kind: str, key: str) -> str | None:
    table = _names()[kind]
    if key in table:
        return table[key]
    squeezed = {k.replace(" ", ""): v for k, v in table.items()}  # "h2blockers", "crohnsdisease"
    return squeezed.get(key.replace(" ", ""))


def _known(kind: str, key: str) -> str | None:
    """Canonical name for a normalised key: as typed, then without salt and dose words."""
    found = _lookup(kind, key)
    if found is None:
        bare = " ".join(_SALT_AND_FORM.sub(" ", key).split())
        if bare and bare != key:
            found = _lookup(kind, bare)
    return found


def _suggest(kind: str, key: str) -> str | None:
    """The known name closest to a misspelt one ("metfromin" -> metformin), or None."""
    bare = " ".join(_SALT_AND_FORM.sub(" ", key).split()) or key
    close = difflib.get_close_matches(bare, list(_names()[kind]), n=1, cutoff=_CLOSE)
    if close:
        canonical = _names()[kind][close[0]]
        return close[0] if close[0] == canonical else f"{close[0]} ({canonical})"
    first = bare.split()[0]
    if first != bare and _lookup(kind, first) is not None:  # "metformin hydrochlorid"
        canonical = _lookup(kind, first)
        return first if first == canonical else f"{first} ({canonical})"
    other = "medication" if kind == "condition" else "condition"
    found = _known(other, key)
    return f"{found} (a {other}: use --{other})" if found else None


def resolve_names(kind: str, text: str) -> list[NameMatch]:
    """What one typed name means: known names (several for a combination product),
    or an unknown name with the close known name, if any. ValueError for an empty name."""
    if kind not in ("condition", "medication"):
        raise ValueError(f"kind must be condition or medication, got {kind!r}")
    shown = " ".join(str(text).split())
    key = normalise_name(text)
    if not key:
        raise ValueError(f"an empty {kind} name: give the name of the {kind}")
    found = _known(kind, key)
    if found is not None:
        return [NameMatch(shown, found)]
    parts = [p for p in _COMBINATION.split(key) if p]
    if len(parts) > 1:
        out = []
        for part in parts:
            canon = _known(kind, part)
            out.append(NameMatch(part, canon, None if canon else _suggest(kind, part)))
        return out
    return [NameMatch(shown, None, _suggest(kind, key))]


def near_miss_error(kind: str, match: NameMatch) -> str:
    """The one-line usage error for a name that is close to a known one (``match.suggestion``).

    Every known name carries a warning or a safety rule (that is why it is known), so a
    plan made as if a near miss meant nothing could leave out exactly what the person
    needs: bplanner asks instead of guessing either way.
    """
    return (
        f"unknown {kind} {_brief(match.typed)!r}: did you mean {match.suggestion}? "
        f"The known name carries a warning or a safety rule, so bplanner does not plan "
        f"without it; give the name as listed by `bplanner risks`."
    )


def _parse(kind: str, text: str) -> str:
    matches = resolve_names(kind, text) if normalise_name(text) else []
    if len(matches) == 1 and matches[0].canonical is not None:
        return matches[0].canonical
    shown = " ".join(str(text).split())
    hint = f" (did you mean {matches[0].suggestion}?)" if matches and matches[0].suggestion else ""
    accepted = ", ".join(_canonical_names()[kind])
    raise ValueError(
        f"unknown {kind} {shown!r}{hint}; accepted: {accepted} "
        f"(synonyms and brand names too: see `bplanner risks`)"
    )


def parse_condition(text: str) -> str:
    """Canonical condition name for what a user typed (synonyms accepted), or ValueError."""
    return _parse("condition", text)


def parse_medication(text: str) -> str:
    """Canonical medication name (drug class) for a drug or brand name, or ValueError."""
    return _parse("medication", text)


def _dedupe(items: Iterable) -> tuple:
    out: list = []
    for i in items:
        if i not in out:
            out.append(i)
    return tuple(out)


@dataclass(frozen=True)
class RiskProfile:
    """What a person tells bplanner beyond age, sex and pregnancy.

    ``conditions`` and ``medications`` take any name. Known ones (synonyms,
    brands, salt forms such as "metformin hydrochloride", any case) are stored
    as canonical names, each once. A name close to a known one ("coeliacs",
    "diabetis", "metfromin") is a ``ValueError`` saying "did you mean ...?": the
    known name carries a warning or a safety rule, and a plan must not be made as
    if it did not. Names with no known name near them are kept, as typed, in
    ``unknown_conditions`` and ``unknown_medications``, so that a plan can say
    bplanner knows nothing about them rather than refuse to plan.
    """

    smoker: bool = False
    alcohol: bool = False
    planning_pregnancy: bool = False
    conditions: tuple[str, ...] = field(default=())
    medications: tuple[str, ...] = field(default=())
    unknown_conditions: tuple[NameMatch, ...] = field(default=(), init=False)
    unknown_medications: tuple[NameMatch, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        if isinstance(self.conditions, str) or isinstance(self.medications, str):
            raise TypeError("conditions and medications are sequences of names")
        check_risk(self)
        for kind, attr in (("condition", "conditions"), ("medication", "medications")):
            matches = [m for text in getattr(self, attr) for m in resolve_names(kind, text)]
            for m in matches:
                if m.canonical is None and m.suggestion:
                    raise ValueError(near_miss_error(kind, m))
            known = _dedupe(m.canonical for m in matches if m.canonical is not None)
            unknown = _dedupe(
                NameMatch(m.typed.lower(), None, m.suggestion)
                for m in matches
                if m.canonical is None
            )
            object.__setattr__(self, attr, known)
            object.__setattr__(self, f"unknown_{attr}", unknown)

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
    if kind == "sex_age" and (
        len(trig) != 1 or not re.fullmatch(r"(female|male):\d+-\d+", trig[0])
    ):
        raise bad("sex_age trigger must look like female:15-50")
    if kind in ("condition", "medication") and not trig:
        raise bad(f"{kind} trigger needs a name")
    if kind == "info" and trig:
        raise bad("info rows have no trigger")
    if kind == "unknown" and (len(trig) != 1 or trig[0] not in ("condition", "medication")):
        raise bad("unknown trigger must be condition or medication")
    if (kind == "unknown") != (f.category == "note"):
        raise bad("the unknown trigger and the note category go together")
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
    if kind == "sex_age":
        sex, ages = trig[0].split(":")
        low, high = (int(a) for a in ages.split("-"))
        return (profile.sex == sex and low <= int(profile.age // 1) <= high
                and profile.life_stage != "pregnancy" and not risk.planning_pregnancy)
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


def could_become_pregnant(profile, risk: RiskProfile) -> bool:
    """Pregnant, planning a pregnancy, or a woman of 15 to 50 (CDC's "reproductive age")."""
    if profile.life_stage == "pregnancy" or risk.planning_pregnancy:
        return True
    return profile.sex == "female" and 15 <= profile.age < 51


def folic_acid_warnings(
    amount_ug: float | None,
    limit_ug: float | None,
    b12_risks: list[str],
    could_be_pregnant: bool,
    by_trigger: dict[str, RiskFactor] | None = None,
) -> list[RiskWarning]:
    """The folic acid warnings for a day's folic acid (µg) against its upper limit.

    ``amount_ug`` is the day's folic acid, whatever its source (today the total folate of
    foods with B vitamins added, the planner's upper bound; a ``folic_acid_ug`` column
    later). The masking warning needs both folic acid as a real part of the day (at least
    ``FOLIC_ACID_REAL_FRACTION`` of the UL) and a B12 risk factor (``b12_risks``, their
    titles); for anyone who is or could become pregnant it agrees with prenatal advice
    (400 µg a day is recommended; have B12 checked too) instead.
    """
    if by_trigger is None:
        by_trigger = {f.triggers[0]: f for f in load_risk_factors() if f.trigger_kind == "plan"}
    if not amount_ug or not limit_ug or amount_ug <= 0:
        return []
    share = amount_ug / limit_ug
    titles = ", ".join(b12_risks)
    if share >= NEAR_UL_FRACTION:
        if b12_risks and "folic_acid_masks_b12" in by_trigger:
            return [_warning(by_trigger["folic_acid_masks_b12"], percent=share * 100,
                             b12_risks=titles)]
        if "folic_acid_near_ul" in by_trigger:
            return [_warning(by_trigger["folic_acid_near_ul"], percent=share * 100)]
        return []
    if share < FOLIC_ACID_REAL_FRACTION or not b12_risks:
        return []
    key = "folic_acid_b12_pregnancy" if could_be_pregnant else "folic_acid_with_b12_risk"
    if key not in by_trigger:
        return []
    return [_warning(by_trigger[key], percent=share * 100, b12_risks=titles)]


def _plan_warnings(plan, chosen: set[str], fired: list[RiskFactor],
                   could_be_pregnant: bool = False) -> list[RiskWarning]:
    out = []
    by_trigger = {f.triggers[0]: f for f in load_risk_factors() if f.trigger_kind == "plan"}
    if "fortified_foods" in by_trigger:
        keys = {k for k in ORDER if VITAMINS[k].label in chosen}
        supplied = {
            VITAMINS[k].label
            for item in plan.items
            if getattr(item, "adds_b", item.fortified)  # B vitamins added, not vitamin D alone
            for k, amount in item.amounts.items()
            if k in keys and amount > 0
        }
        if supplied:
            out.append(_warning(by_trigger["fortified_foods"], _in_order(supplied)))
    retinol = _share(plan, "retinol")
    if "retinol_near_ul" in by_trigger and retinol is not None and retinol >= NEAR_UL_FRACTION:
        out.append(_warning(by_trigger["retinol_near_ul"], percent=retinol * 100))
    lim = (getattr(plan, "limits", None) or {}).get("folic_acid") or {}
    b12_risks = [f for f in fired if f.category == "deficiency" and "B12" in f.vitamins]
    out += folic_acid_warnings(lim.get("amount"), lim.get("limit"),
                               [f.title for f in b12_risks], could_be_pregnant, by_trigger)
    return out


def _brief(name: str, limit: int = 60) -> str:
    """A typed name as shown in a note: a 100 KB "name" is cut to its first characters."""
    return name if len(name) <= limit else f"{name[:limit]}... ({len(name)} characters)"


def _unknown_warnings(risk: RiskProfile) -> list[RiskWarning]:
    """One note per kind listing the names bplanner does not know, with any "did you mean"."""
    out = []
    rows = {f.triggers[0]: f for f in load_risk_factors() if f.trigger_kind == "unknown"}
    for kind, names in (
        ("condition", risk.unknown_conditions),
        ("medication", risk.unknown_medications),
    ):
        if names and kind in rows:
            listed = "; ".join(
                f"{_brief(m.typed)} (did you mean {m.suggestion}?)"
                if m.suggestion
                else _brief(m.typed)
                for m in names
            )
            out.append(_warning(rows[kind], names=listed))
    return out


def _mark_outside(w: RiskWarning, chosen: set[str]) -> RiskWarning:
    outside = bool(w.vitamins) and not (set(w.vitamins) & chosen)
    return replace(w, outside_chosen=outside) if outside != w.outside_chosen else w


def warnings_for(
    profile,
    diet: str = "omnivore",
    vitamins: Iterable[str] | None = None,
    risk: RiskProfile | None = None,
    plan=None,
    extra: Iterable[RiskWarning] = (),
) -> list[RiskWarning]:
    """The warnings for a person, a diet and (optionally) a plan, whatever vitamins were chosen.

    ``profile`` is a ``bplanner.targets.Profile``; ``diet`` a diet key or name;
    ``vitamins`` keys or labels (empty: all four): they never hide a warning,
    they only mark the ones about other vitamins (``outside_chosen``); ``plan``
    anything with ``items`` (``PlanItem``-like) and ``limits`` (``Plan.limits``);
    ``extra`` more warnings to merge (the safety rules' notes). Most severe
    first, then in the order of the data file.
    """
    diet = parse_diet(diet)
    risk = risk or RiskProfile()
    chosen = _labels(vitamins)
    fired = [f for f in load_risk_factors() if _applies(f, profile, diet, risk)]
    warnings = [_warning(f) for f in fired]
    deficiency = [f for f in fired if f.category == "deficiency"]
    if deficiency:
        vits = _in_order(v for f in deficiency for v in f.vitamins)
        warnings.append(_warning(risk_factor(BLOOD_TEST_ID), vits))
    warnings += _unknown_warnings(risk)
    if plan is not None:
        warnings += _plan_warnings(plan, chosen, fired, could_become_pregnant(profile, risk))
    warnings += list(extra)
    return sort_warnings(_mark_outside(w, chosen) for w in warnings)


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
        real = f"{FOLIC_ACID_REAL_FRACTION * 100:g}"
        return " or ".join(_PLAN_TRIGGER_TEXT[t].format(pct=pct, real=real) for t in trig)
    if kind == "sex_age":
        sex, ages = trig[0].split(":")
        low, high = ages.split("-")
        return f"--sex {sex} and --age {low} to {high} (not pregnant or planning a pregnancy)"
    if kind == "deficiency":
        return "any deficiency risk above applies"
    if kind == "unknown":
        return f"--{trig[0]} with a name bplanner does not know"
    return "none: listed here only (concerns injections, not food)"


def _generic(message: str) -> str:
    """A plan message with its placeholders in words, for the listing."""
    message = re.sub(r"\{percent[^}]*\}%", "N%", message)
    message = message.replace("{names}", "the names given")
    return message.replace("{b12_risks}", "the B12 risk factors that apply")


def risk_table() -> list[dict]:
    """Every risk factor with the option that triggers it, in file order, then the
    safety rules that change the plan (``bplanner.advice.safety``)."""
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
    ] + safety.rule_table()


CHECKED_FILE = "reference/risk_sources_checked.csv"
CHECK_COLUMNS = ("risk_id", "source_url", "section", "quote", "checked_on", "verdict")


def checked_sources() -> list[dict]:
    """What was read of each source the warnings cite (``data/reference/
    risk_sources_checked.csv``): per warning id, the address, the section, a short quote,
    the date and the verdict (confirmed, reworded, removed, or unverified: not read).

    Whether a source was re-read is kept here, for ``bplanner risks --sources``, rather
    than in the text of every plan's warnings.
    """
    with open(data_file(CHECKED_FILE), newline="", encoding="utf-8") as fh:
        return [{k: row[k] for k in CHECK_COLUMNS} for row in csv.DictReader(fh)]


__all__ = [
    "FOLIC_ACID_REAL_FRACTION",
    "checked_sources",
    "could_become_pregnant",
    "folic_acid_warnings",
    "NEAR_UL_FRACTION",
    "NameMatch",
    "RiskFactor",
    "RiskProfile",
    "RiskWarning",
    "accepted_names",
    "load_risk_factors",
    "parse_condition",
    "parse_medication",
    "resolve_names",
    "risk_profile_problem",
    "risk_table",
    "sort_warnings",
    "warnings_for",
]
