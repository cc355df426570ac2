"""From a person and a diet to an exact daily plan of foods that covers the chosen vitamins.

``suggest`` picks the candidate foods (diet, allergens, exclusions, everyday
foods), builds the mixed-integer program of ``bplanner.optimize`` and returns a
``Plan``: items, totals, alternatives, warnings and the model needed to re-solve
it. When no plan exists it raises ``NoPlanError`` saying which vitamin cannot be
covered, why, and what would make it possible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bplanner import diets as diet_rules
from bplanner.allergens import ALLERGENS, parse_allergen
from bplanner.checks import check_options, check_suggest_arguments
from bplanner.foods import find_foods, load_foods
from bplanner.targets import Profile, Target, targets_for, upper_limits
from bplanner.vitamins import ORDER, VITAMINS

OBJECTIVES = {
    "grams": "total grams of food",
    "kcal": "total energy (kcal)",
    "foods": "number of different foods (then total grams)",
}
DEFAULT_STEP = 0.5
DEFAULT_MAX_SERVINGS = 2.0
ALTERNATIVES_PER_VITAMIN = 5
_FOODS_WEIGHT = 1e5  # one more food outweighs any difference in grams of a plan


@dataclass(frozen=True)
class Options:
    """Everything that shapes the candidate pool and the model."""

    vitamins: tuple[str, ...] = ("vitamin_b12",)
    diet: str = "omnivore"
    exclude_allergens: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fortified: bool = True
    all_foods: bool = False
    objective: str = "grams"
    step: float = DEFAULT_STEP
    max_servings: float = DEFAULT_MAX_SERVINGS
    min_foods: int = 1
    days: int = 1

    def __post_init__(self) -> None:
        check_options(self)  # TypeError/ValueError: types, finite numbers in range
        problem = options_problem(self)
        if problem:
            raise ValueError(problem)


def options_problem(o: Options) -> str | None:
    """Why a set of options cannot be planned, or None."""
    if not o.vitamins:
        return "choose at least one vitamin"
    unknown = [v for v in o.vitamins if v not in VITAMINS]
    if unknown:
        return f"unknown vitamin key {unknown[0]!r}"
    if o.diet not in diet_rules.DIETS:
        return f"unknown diet {o.diet!r}"
    unknown = [a for a in o.exclude_allergens if a not in ALLERGENS]
    if unknown:
        return f"unknown allergen key {unknown[0]!r}; accepted: {', '.join(ALLERGENS)}"
    if o.objective not in OBJECTIVES:
        return f"objective must be one of {', '.join(OBJECTIVES)}"
    if not (o.step > 0 and math.isfinite(o.step)):
        return "step must be a positive number of servings"
    if not math.isfinite(o.max_servings):
        return "max servings must be a finite number of servings"
    if not o.max_servings >= o.step:
        return f"max servings must be at least one step ({o.step:g})"
    if abs(o.max_servings / o.step - round(o.max_servings / o.step)) > 1e-9:
        return f"max servings must be a multiple of the step ({o.step:g})"
    if o.min_foods < 1:
        return "min foods must be at least 1"
    if o.days < 1:
        return "days must be at least 1"
    return None


class NoPlanError(Exception):
    """No combination of candidate foods meets the targets; says why and what would help."""

    def __init__(self, reasons: list[str], suggestions: list[str], warnings=None):
        self.reasons, self.suggestions = reasons, suggestions
        self.warnings = list(warnings or [])
        super().__init__(" ".join(reasons))


@dataclass
class PlanItem:
    ndb: str
    name: str
    food_group: str
    serving_text: str
    serving_grams: float
    servings: float  # per day
    fortified: bool
    amounts: dict[str, float]  # per day, by vitamin key

    @property
    def grams(self) -> float:
        return self.servings * self.serving_grams


@dataclass
class Plan:
    profile: Profile
    options: Options
    targets: list[Target]
    items: list[PlanItem]
    totals: dict[str, float]  # per day, by vitamin key
    limits: dict[str, dict]  # nutrient -> {"limit", "amount", "unit"}
    alternatives: dict[str, list[dict]]
    model: dict
    candidates: int
    warnings: list = field(default_factory=list)

    def percent(self, vitamin: str) -> float:
        target = next(t for t in self.targets if t.vitamin == vitamin)
        return self.totals[vitamin] / target.value * 100

    @property
    def total_grams(self) -> float:
        return sum(i.grams for i in self.items)

    def to_dict(self) -> dict:
        """The plan as plain data (the JSON output)."""
        days = self.options.days
        return {
            "profile": {
                "age": self.profile.age,
                "sex": self.profile.sex,
                "pregnant": self.profile.pregnant,
                "lactating": self.profile.lactating,
                "life_stage": self.profile.life_stage,
            },
            "diet": self.options.diet,
            "days": days,
            "targets": [
                {
                    "vitamin": VITAMINS[t.vitamin].label,
                    "key": t.vitamin,
                    "kind": t.kind,
                    "per_day": t.value,
                    "unit": t.display_unit,
                    "upper_limit": t.upper_limit,
                }
                for t in self.targets
            ],
            "plan": [
                {
                    "ndb": i.ndb,
                    "name": i.name,
                    "food_group": i.food_group,
                    "fortified": i.fortified,
                    "serving": i.serving_text,
                    "serving_grams": i.serving_grams,
                    "servings_per_day": i.servings,
                    "grams_per_day": i.grams,
                    "servings_total": i.servings * days,
                    "grams_total": i.grams * days,
                    "vitamins_per_day": {VITAMINS[k].label: v for k, v in i.amounts.items()},
                }
                for i in self.items
            ],
            "totals": {
                VITAMINS[t.vitamin].label: {
                    "per_day": self.totals[t.vitamin],
                    "unit": t.display_unit,
                    "percent_of_target": self.percent(t.vitamin),
                }
                for t in self.targets
            },
            "grams_per_day": self.total_grams,
            "upper_limits": self.limits,
            "alternatives": {
                VITAMINS[k].label: alts for k, alts in self.alternatives.items()
            },
            "warnings": [w if isinstance(w, dict) else w.to_dict() for w in self.warnings],
            "model": self.model,
        }


def candidates(
    foods: pd.DataFrame, options: Options, limits: dict[str, float] | None = None
) -> pd.DataFrame:
    """The foods the optimizer may choose from, in table order.

    Only foods that give at least one chosen vitamin (a measured amount above 0)
    can help, so the others are left out; everyday foods only unless all_foods.
    ``limits`` (from ``upper_limits``) leaves out the foods whose limit cannot be
    checked: see ``unmeasured_for_limits``.
    """
    pool = find_foods(
        foods,
        diet=options.diet,
        exclude_allergens=options.exclude_allergens,
        exclude_text=options.exclude,
        fortified=None if options.fortified else False,
        everyday_only=not options.all_foods,
    )
    cols = [VITAMINS[v].column for v in options.vitamins]
    useful = (pool[cols].fillna(0) > 0).any(axis=1)
    if options.objective == "kcal":
        useful &= pool["energy_kcal"].notna()
    if limits:
        useful &= ~unmeasured_for_limits(pool, limits)
    return pool[useful]


def unmeasured_for_limits(foods: pd.DataFrame, limits: dict[str, float]) -> pd.Series:
    """Foods that may hold a limited nutrient that USDA did not measure in them.

    A plan must keep its upper limits, so a food that could hold an unmeasured
    amount is left out rather than counted as 0: preformed vitamin A (retinol)
    comes only from animal foods and fortified foods, folic acid only from
    fortified foods. Vitamin B6 is not screened this way: no food comes near its
    UL (100 mg for adults) in the servings a plan allows, and screening it would
    drop hundreds of ordinary foods.
    """
    mask = pd.Series(False, index=foods.index)
    if "retinol" in limits:
        may_hold = (foods["animal_sources"] != "") | foods["fortified"].astype(bool)
        mask |= foods["retinol_ug"].isna() & may_hold
    if "folic_acid" in limits:
        mask |= foods["folate_ug"].isna() & foods["fortified"].astype(bool)
    return mask


def _limit_rows(pool: pd.DataFrame, profile: Profile, step: float):
    """Upper limits for the life stage, as (name, per-step amounts, bound, unit, source)."""
    limits = upper_limits(profile)
    grams = pool["portion_grams"].to_numpy() * step / 100.0
    rows = []
    if "vitamin_b6" in limits:
        rows.append(("vitamin_b6", pool["vitamin_b6_mg"].fillna(0).to_numpy() * grams,
                     limits["vitamin_b6"], "mg", "UL of vitamin B6"))
    if "retinol" in limits:
        rows.append(("retinol", pool["retinol_ug"].fillna(0).to_numpy() * grams,
                     limits["retinol"], "µg", "UL of preformed vitamin A (retinol)"))
    if "folic_acid" in limits:
        fortified = pool["fortified"].to_numpy()
        rows.append(("folic_acid", np.where(fortified, pool["folate_ug"].fillna(0).to_numpy(), 0)
                     * grams, limits["folic_acid"], "µg",
                     "UL of folic acid; total folate of fortified foods counts as folic acid"))
    return rows


def build_problem(pool: pd.DataFrame, targets: list[Target], profile: Profile, options: Options):
    """The optimize.Problem for a candidate pool, and the limit rows it enforces."""
    from bplanner.optimize import Problem

    step = options.step
    grams_step = pool["portion_grams"].to_numpy(dtype=float) * step
    cover = np.vstack(
        [pool[VITAMINS[t.vitamin].column].fillna(0).to_numpy() * grams_step / 100.0
         for t in targets]
    )
    limit_rows = _limit_rows(pool, profile, step)
    limits = np.vstack([r[1] for r in limit_rows]) if limit_rows else np.zeros((0, len(pool)))
    bounds = np.array([r[2] for r in limit_rows], dtype=float)
    n = len(pool)
    steps = np.full(n, int(round(options.max_servings / step)))
    if options.objective == "kcal":
        cost = pool["energy_kcal"].to_numpy(dtype=float) * grams_step / 100.0
        fixed = np.zeros(n)
    elif options.objective == "foods":
        cost = grams_step
        fixed = np.full(n, _FOODS_WEIGHT)
    else:
        cost = grams_step
        fixed = np.zeros(n)
    problem = Problem(
        cover=cover,
        targets=np.array([t.value for t in targets], dtype=float),
        limits=limits,
        bounds=bounds,
        steps=steps,
        cost=cost,
        fixed=fixed,
        min_foods=options.min_foods,
    )
    return problem, limit_rows


def explain_infeasible(
    pool: pd.DataFrame, problem, targets: list[Target], options: Options, limit_rows
) -> NoPlanError:
    """Say which vitamin cannot be covered, why, and what would make a plan possible."""
    reasons, suggestions = [], []
    capacity = problem.cover @ problem.steps
    for i, t in enumerate(targets):
        v = VITAMINS[t.vitamin]
        if capacity[i] >= t.value:
            continue
        sources = int((problem.cover[i] > 0).sum())
        if sources == 0:
            what = f"no candidate food in USDA data supplies {v.label} ({v.name})"
        else:
            what = (
                f"{v.label} ({v.name}) cannot reach its target of {t.value:g} {t.display_unit}: "
                f"{options.max_servings:g} servings of each of the {sources} candidate foods "
                f"that hold it would give only {capacity[i]:.2f} {t.display_unit}"
            )
        reasons.append(what + ".")
        if t.vitamin == "vitamin_b12" and options.diet in ("vegan", "vegetarian",
                                                           "lacto_vegetarian",
                                                           "ovo_vegetarian"):
            if not options.fortified:
                suggestions.append(
                    "Allow fortified foods (drop --no-fortified): fortified plant milks and "
                    "cereals are the reliable food sources of B12 for a plant-based diet."
                )
            suggestions.append(
                "A B12 supplement, discussed with a physician, is the usual way to cover B12 "
                "on a vegan diet."
            )
    if not reasons:
        if options.min_foods > len(pool):
            reasons.append(
                f"only {len(pool)} candidate foods exist, fewer than --min-foods "
                f"{options.min_foods}."
            )
        else:
            names = ", ".join(r[4] for r in limit_rows) or "the limits"
            reasons.append(
                "each vitamin can be reached on its own, but not all together within "
                f"{options.max_servings:g} servings a food and the upper limits ({names})."
            )
    if options.exclude_allergens or options.exclude:
        suggestions.append("Relax an --exclude or --exclude-allergen option.")
    if not options.all_foods:
        suggestions.append("Consider --all-foods to include foods outside the everyday list.")
    if np.any((capacity >= problem.targets * 0.5) & (capacity < problem.targets)):
        suggestions.append("Raise --max-servings to allow more of each food.")
    if options.diet != "omnivore":
        suggestions.append("A less restrictive diet would widen the choice of foods.")
    return NoPlanError(reasons, suggestions)


def alternatives_for(pool: pd.DataFrame, targets: list[Target], chosen: set[str]) -> dict:
    """For each vitamin, the richest other sources per portion in the same pool.

    Ranked per portion (the household measure nearest FDA's reference amount, the
    planner's serving), so a herb rich per 100 g but eaten by the pinch does not lead;
    the amount per 100 g is given too, so a user can swap a food they dislike.
    """
    out = {}
    for t in targets:
        col = VITAMINS[t.vitamin].column
        values = pool[col].to_numpy(dtype=float) * pool["portion_grams"].to_numpy(dtype=float)
        idx = np.flatnonzero((values > 0) & ~pool["ndb"].isin(chosen).to_numpy())
        top = ALTERNATIVES_PER_VITAMIN
        if idx.size > 4 * top:
            # only foods at least as rich as the top-th richest can rank (ties kept), so
            # sorting those few gives the same head as sorting the whole pool
            kth = np.partition(values[idx], idx.size - top)[idx.size - top]
            idx = idx[values[idx] >= kth]
        best = (
            pool.iloc[idx]
            .assign(_per_portion=values[idx])
            .sort_values(["_per_portion", "name"], ascending=[False, True])
            .head(top)
        )
        out[t.vitamin] = [
            {
                "ndb": r["ndb"],
                "name": r["name"],
                "serving": r["portion_text"],
                "serving_grams": float(r["portion_grams"]),
                "per_100g": float(r[col]),
                "per_serving": float(r[col]) * float(r["portion_grams"]) / 100.0,
                "unit": t.display_unit,
                "percent_of_target": float(r[col]) * float(r["portion_grams"]) / t.value,
                "fortified": bool(r["fortified"]),
            }
            for _, r in best.iterrows()
        ]
    return out


def suggest(
    vitamins=("vitamin_b12",),
    diet: str = "omnivore",
    profile: Profile | None = None,
    foods: pd.DataFrame | None = None,
    risk=None,
    **options,
) -> Plan:
    """Plan the day's foods: the API behind ``bplanner suggest``.

    ``vitamins`` and ``diet`` accept what people type ("B12", "folic acid",
    "strict vegetarian"). ``risk`` is a ``bplanner.risks.RiskProfile`` (smoking,
    alcohol, conditions, medications); the plan's warnings come from it, the
    profile, the diet and the plan itself. Raises ``NoPlanError`` (carrying the
    warnings that apply) when no plan exists.
    """
    from bplanner import risks, safety
    from bplanner.optimize import Infeasible, solve
    from bplanner.vitamins import parse_vitamins

    check_suggest_arguments(vitamins, diet, profile, foods, risk, options)
    risk = risk or risks.RiskProfile()

    if isinstance(vitamins, str):
        vitamins = [vitamins]
    if isinstance(options.get("exclude_allergens"), str):
        options["exclude_allergens"] = [options["exclude_allergens"]]
    if isinstance(options.get("exclude"), str):
        options["exclude"] = [options["exclude"]]
    if options.get("exclude_allergens"):
        # what people type ("gluten", "dairy") -> the keys of the allergens column
        options["exclude_allergens"] = [parse_allergen(a) for a in options["exclude_allergens"]]
    opts = Options(
        vitamins=tuple(parse_vitamins(vitamins)),
        diet=diet_rules.parse_diet(diet),
        **{k: tuple(v) if isinstance(v, list) else v for k, v in options.items()},
    )
    profile = profile or Profile()
    problem_text = risks.risk_profile_problem(profile, risk)
    if problem_text:
        raise ValueError(problem_text)
    foods = load_foods() if foods is None else foods
    targets = targets_for(profile, opts.vitamins)
    pool = candidates(foods, opts, upper_limits(profile))
    pool, safety_notes = safety.restrict(pool, profile, risk, opts.diet)  # rules that remove foods
    safety_warnings = [n.warning() for n in safety_notes]
    problem, limit_rows = build_problem(pool, targets, profile, opts)
    try:
        if len(pool) == 0:
            raise Infeasible("no candidates")
        x = solve(problem)
    except Infeasible:
        err = explain_infeasible(pool, problem, targets, opts, limit_rows)
        err.warnings = risks.warnings_for(
            profile, opts.diet, opts.vitamins, risk, extra=safety_warnings
        )
        raise err from None
    plan = _plan(pool, x, problem, limit_rows, targets, profile, opts)
    plan.warnings = risks.warnings_for(
        profile, opts.diet, opts.vitamins, risk, plan, extra=safety_warnings
    )
    return plan


def _plan(pool, x, problem, limit_rows, targets, profile, opts) -> Plan:
    used = np.flatnonzero(x)
    items = []
    for j in used:
        row = pool.iloc[j]
        servings = x[j] * opts.step
        items.append(
            PlanItem(
                ndb=row["ndb"],
                name=row["name"],
                food_group=row["food_group"],
                serving_text=row["portion_text"],
                serving_grams=float(row["portion_grams"]),
                servings=servings,
                fortified=bool(row["fortified"]),
                amounts={
                    t.vitamin: float(problem.cover[i, j] * x[j]) for i, t in enumerate(targets)
                },
            )
        )
    items.sort(key=lambda i: (-i.grams, i.name))
    totals = {t.vitamin: float(problem.cover[i] @ x) for i, t in enumerate(targets)}
    limits = {
        name: {"limit": bound, "amount": float(row @ x), "unit": unit, "what": what}
        for (name, row, bound, unit, what) in limit_rows
    }
    model = {
        "solver": "HiGHS (mixed-integer, exact: mip_rel_gap = 0)",
        "objective": opts.objective,
        "objective_meaning": OBJECTIVES[opts.objective],
        "objective_value": float(problem.objective(x)),
        "step_servings": opts.step,
        "max_servings": opts.max_servings,
        "min_foods": opts.min_foods,
        "targets": {VITAMINS[t.vitamin].label: t.value for t in targets},
        "upper_limits": {name: bound for (name, _r, bound, _u, _w) in limit_rows},
        "folic_acid_rule": "total folate of fortified foods counts against the folic acid UL",
        "missing_values": (
            "a vitamin USDA did not measure counts as 0; foods that may hold retinol or "
            "folic acid USDA did not measure are not candidates (see unmeasured_for_limits)"
        ),
        "diet": opts.diet,
        "exclude_allergens": list(opts.exclude_allergens),
        "exclude": list(opts.exclude),
        "fortified_allowed": opts.fortified,
        "all_foods": opts.all_foods,
        "candidate_ndbs": pool["ndb"].tolist(),
    }
    return Plan(
        profile=profile,
        options=opts,
        targets=targets,
        items=items,
        totals=totals,
        limits=limits,
        alternatives=alternatives_for(pool, targets, {i.ndb for i in items}),
        model=model,
        candidates=len(pool),
    )


__all__ = ["OBJECTIVES", "NoPlanError", "Options", "Plan", "PlanItem", "suggest", "ORDER"]
