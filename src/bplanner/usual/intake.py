"""What a usual day already gives: a diary's totals against the targets and the upper limits.

``assess`` sums a ``Diary`` per vitamin, sets the totals against the person's
targets (% and gap) and the upper limits the planner keeps, with the planner's
rules (``planner._limit_rows``): vitamin B6; preformed vitamin A (retinol);
folic acid (USDA's nutrient 431) and added niacin, counted as ``fortification.FOLIC_ACID_RULE``
and ``NIACIN_RULE`` say. A value USDA did not
measure is never counted as 0 silently: the lines without it are listed with
the total, which is then a lower bound.

Warnings: those of ``risks.warnings_for`` (profile, diet, risk factors) and the
diary's own (an upper limit reached or near, an unmeasured limited nutrient),
worded in ``data/intake_warnings.csv``. B12 is also summed per meal
(``Intake.b12_by_meal``), for the planner's per-meal absorption rule.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache

from bplanner._resources import data_file
from bplanner.targets import Profile, Target, targets_for, upper_limits
from bplanner.usual.diary import Diary, Entry
from bplanner.vitamins import CORE, ORDER, VITAMINS, parse_vitamins

WARNINGS_FILE = "intake_warnings.csv"
LIMIT_TEXT = {
    "vitamin_b6": ("vitamin B6", "mg", "UL of vitamin B6"),
    "retinol": ("retinol", "µg", "UL of preformed vitamin A (retinol)"),
    "folic_acid": ("folic acid", "µg", "UL of folic acid"),
    "niacin": ("added niacin", "mg", "UL of added niacin"),
}
# the amount a limit counts (Entry.amount keys): the niacin UL counts added niacin only
LIMIT_AMOUNT = {"niacin": "niacin_added"}
TOP_FOODS = 2  # foods named in a limit warning


@dataclass(frozen=True)
class VitaminTotal:
    """A vitamin's total for the day, against its target."""

    vitamin: str
    amount: float  # sum over the lines where USDA measured it
    target: Target
    missing_lines: tuple[int, ...] = ()  # lines whose food USDA did not analyse for it

    @property
    def label(self) -> str:
        return VITAMINS[self.vitamin].label

    @property
    def unit(self) -> str:
        return self.target.amount_unit

    @property
    def percent(self) -> float:
        return self.amount / self.target.value * 100

    @property
    def gap(self) -> float:
        """What is missing to reach the target (0 when reached)."""
        return max(0.0, self.target.value - self.amount)


@dataclass(frozen=True)
class LimitCheck:
    """An upper limit against the day's amount, as the planner counts it."""

    nutrient: str  # vitamin_b6, retinol, folic_acid
    limit: float
    amount: float
    unit: str
    what: str
    unmeasured_lines: tuple[int, ...] = ()  # lines that may hold it, USDA did not measure

    @property
    def share(self) -> float:
        return self.amount / self.limit

    @property
    def above(self) -> bool:
        return self.amount > self.limit

    def to_dict(self) -> dict:
        return {"limit": self.limit, "amount": self.amount, "unit": self.unit, "what": self.what,
                "percent_of_limit": self.share * 100,
                "unmeasured_lines": list(self.unmeasured_lines)}


@dataclass
class Intake:
    diary: Diary
    profile: Profile
    diet: str | None
    targets: list[Target]
    totals: dict[str, VitaminTotal]
    limits: dict[str, LimitCheck]
    b12_by_meal: dict[str | None, float]  # meal (None: no meal given) -> µg
    diet_conflicts: list[Entry] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # risks.RiskWarning, most severe first

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.diary.entries

    @property
    def covered(self) -> bool:
        """Every target reached by measured amounts alone."""
        return all(t.gap == 0 for t in self.totals.values())

    def to_dict(self) -> dict:
        """Plain data (the JSON output)."""
        p = self.profile
        return {
            "diary": self.diary.path,
            "profile": {"age": p.age, "sex": p.sex, "pregnant": p.pregnant,
                        "lactating": p.lactating, "life_stage": p.life_stage},
            "diet": self.diet,
            "lines": [entry_record(e) for e in self.entries],
            "grams": self.diary.total_grams,
            "totals": {
                t.label: {"amount": t.amount, "unit": t.unit, "target": t.target.value,
                          "target_kind": t.target.kind, "percent_of_target": t.percent,
                          "gap": t.gap, "missing_lines": list(t.missing_lines)}
                for t in self.totals.values()
            },
            "upper_limits": {k: v.to_dict() for k, v in self.limits.items()},
            "b12_by_meal": {(m or "no meal"): v for m, v in self.b12_by_meal.items()},
            "diet_conflicts": [
                {"line": e.line, "ndb": e.ndb, "name": e.name} for e in self.diet_conflicts
            ],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def entry_record(e: Entry) -> dict:
    """One diary line as plain data."""
    return {
        "line": e.line,
        "food": e.food_text,
        "amount": e.amount_text,
        "meal": e.meal,
        "ndb": e.ndb,
        "name": e.name,
        "matched_by": e.matched_by,
        "grams": e.grams,
        "grams_from": e.basis,
        "fortified": e.fortified,
        "vitamins": {VITAMINS[k].label: e.amount(k) for k in ORDER},
        "retinol_ug": e.amount("retinol"),
        "folic_acid_ug": e.amount("folic_acid"),
    }


def _sum(entries, key: str) -> tuple[float, tuple[int, ...]]:
    total, missing = 0.0, []
    for e in entries:
        v = e.amount(key)
        if v is None:
            missing.append(e.line)
        else:
            total += v
    return total, tuple(missing)


def limit_checks(diary: Diary, profile: Profile) -> dict[str, LimitCheck]:
    """The upper limits for the life stage against the diary (the planner's rules)."""
    out = {}
    for nutrient, limit in upper_limits(profile).items():
        _name, unit, what = LIMIT_TEXT[nutrient]
        amount, missing = _sum(diary.entries, LIMIT_AMOUNT.get(nutrient, nutrient))
        if nutrient == "retinol":
            by_line = {e.line: e for e in diary.entries}
            missing = tuple(n for n in missing if by_line[n].may_hold_retinol)
        elif nutrient == "niacin":
            by_line = {e.line: e for e in diary.entries}
            missing = tuple(n for n in missing if by_line[n].adds_b)
        elif nutrient == "vitamin_b6":
            missing = ()  # as in the planner: no food nears the B6 UL in usual amounts
        out[nutrient] = LimitCheck(nutrient, limit, amount, unit, what, missing)
    return out


def assess(
    diary: Diary,
    profile: Profile | None = None,
    risk=None,
    diet: str | None = None,
    vitamins=CORE,
) -> Intake:
    """A diary's vitamins against the targets and limits of a profile, with the warnings.

    ``risk`` is a ``risks.RiskProfile``; ``diet`` (a key or a name people type)
    adds the diet's warnings and lists the lines whose food is outside the diet;
    ``vitamins`` (names people type; default B1, B6, B9, B12) are the ones totalled.
    """
    from bplanner.advice import risks, safety
    from bplanner.diets import parse_diet

    profile = profile or Profile()
    risk = risk or risks.RiskProfile()
    problem = risks.risk_profile_problem(profile, risk)
    if problem:
        raise ValueError(problem)
    diet = parse_diet(diet) if diet else None
    targets = targets_for(profile, parse_vitamins(vitamins))
    totals = {}
    for t in targets:
        amount, missing = _sum(diary.entries, t.vitamin)
        totals[t.vitamin] = VitaminTotal(t.vitamin, amount, t, missing)
    b12 = diary.by_meal("vitamin_b12")
    intake = Intake(
        diary=diary,
        profile=profile,
        diet=diet,
        targets=targets,
        totals=totals,
        limits=limit_checks(diary, profile),
        b12_by_meal=b12,
        diet_conflicts=[e for e in diary.entries if diet and diet not in e.diets],
    )
    general = risks.warnings_for(profile, diet or "omnivore", ORDER, risk)
    # the safety rules that keep foods out of plans (pregnancy: Listeria, mercury fish,
    # liver, ...) name the diary's lines that hold such foods, with the rule's advice
    named = [n.warning() for n in safety.eaten(diary.entries, profile, risk,
                                                diet or "omnivore")]
    intake.warnings = risks.sort_warnings([*general, *named,
                                           *diary_warnings(intake, general)])
    return intake


@dataclass(frozen=True)
class _Wording:
    id: str
    trigger: str
    vitamins: tuple[str, ...]
    severity: str
    message: str
    advice: str
    source: str


@lru_cache(maxsize=1)
def _wordings() -> dict[str, _Wording]:
    with open(data_file(WARNINGS_FILE), newline="", encoding="utf-8") as fh:
        return {
            r["trigger"]: _Wording(r["id"], r["trigger"], tuple(r["vitamins"].split(";")),
                                   r["severity"], r["message"], r["advice"], r["source"])
            for r in csv.DictReader(fh)
        }


def _warn(trigger: str, vitamins: tuple[str, ...] | None = None, **values):
    from bplanner.advice.risks import RiskWarning

    w = _wordings()[trigger]
    return RiskWarning(w.id, w.severity, vitamins or w.vitamins, w.message.format(**values),
                       w.advice.format(**values), w.source)


def _top_foods(diary: Diary, key: str) -> str:
    """The fewest foods (at most TOP_FOODS) that give half of a nutrient, with their lines."""
    ranked = sorted(diary.entries, key=lambda e: -(e.amount(key) or 0.0))
    total = sum(e.amount(key) or 0.0 for e in ranked)
    top, given = [], 0.0
    for e in ranked[:TOP_FOODS]:
        if given >= total / 2 or not (e.amount(key) or 0.0) > 0:
            break
        top.append(e)
        given += e.amount(key)
    return " and ".join(f"{e.name} (line {e.line})" for e in top)


def diary_warnings(intake: Intake, general=()) -> list:
    """Warnings about the diary itself: limits reached or near, unmeasured limited nutrients."""
    from bplanner.advice.risks import NEAR_UL_FRACTION, risk_factor

    out = []
    b12_risks = []
    for w in general:
        try:
            f = risk_factor(w.id)
        except KeyError:
            continue
        if f.category == "deficiency" and "B12" in f.vitamins:
            b12_risks.append(f.title)
    for nutrient, lim in intake.limits.items():
        values = dict(amount=lim.amount, limit=lim.limit, percent=lim.share * 100,
                      foods=_top_foods(intake.diary, LIMIT_AMOUNT.get(nutrient, nutrient)))
        if lim.share < NEAR_UL_FRACTION:
            continue
        if nutrient == "folic_acid" and b12_risks:
            out.append(_warn("folic_acid_masks_b12", b12_risks=", ".join(b12_risks), **values))
        else:
            level = "above_ul" if lim.above else "near_ul"
            out.append(_warn(f"{nutrient}_{level}", **values))
    by_line = {e.line: e for e in intake.entries}
    for nutrient in ("retinol", "folic_acid"):
        lim = intake.limits.get(nutrient)
        if lim and lim.unmeasured_lines:
            foods = ", ".join(f"{by_line[n].name} (line {n})" for n in lim.unmeasured_lines)
            name = "vitamin A (retinol)" if nutrient == "retinol" else "folic acid (folate)"
            vitamins = ("A",) if nutrient == "retinol" else ("B9",)
            out.append(_warn("limit_unmeasured", vitamins, nutrient=name, foods=foods))
    return out
