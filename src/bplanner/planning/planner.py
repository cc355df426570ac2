"""From a person and a diet to days of meals, in portions people eat, that cover the vitamins.

``suggest`` picks the candidate foods (diet, allergens, exclusions, foods as
eaten), gives each its portion and the meals it may go to, builds the exact model
of ``bplanner.planning.daymodel`` and returns a ``Plan``: days of meals, totals,
alternatives, warnings and the model needed to re-solve it. When no plan exists it
raises ``NoPlanError`` saying which vitamin cannot be covered, why, and what would
make it possible.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bplanner import courses as meals
from bplanner import diets as diet_rules
from bplanner.allergens import ALLERGENS, parse_allergen
from bplanner.checks import check_options, check_texts, type_name
from bplanner.courses import MEALS
from bplanner.foods import find_foods, load_foods
from bplanner.table import fortification
from bplanner.table.fortification import FOLIC_ACID_RULE, NIACIN_RULE
from bplanner.table.suspect import suspect_ndbs
from bplanner.targets import Profile, Target, targets_for, upper_limits
from bplanner.vitamins import ORDER, VITAMINS

OBJECTIVES = {
    "portions": "the plan a person is most likely to follow: fewest portions, a brand-name "
    "portion counting double, a fortified one triple and one of an unfamiliar food "
    "fourfold, then least energy",
    "kcal": "least energy (kcal), then fewest portions",
    "foods": "fewest different foods, then weighted portions, then least energy",
}
RETIRED_OBJECTIVES = {"grams": "portions"}
# what each objective level minimises, in words
LEVEL_NAMES = {
    "portions": ("weighted portions", "energy"),
    "kcal": ("energy", "half portions"),
    "foods": ("different foods", "weighted portions", "energy"),
}
PORTION_STEPS = (0.5, 1.0, 1.5, 2.0)  # a planned amount is one of these multiples of a portion
# Whole servings: from this age a plan gives one or two whole servings of a food (a cup of
# milk, an egg or two, 3 oz of fish); younger children eat smaller portions, so half a
# serving is a serving for them (toddlers 1-3 by FDA's amounts for young children).
WHOLE_SERVINGS_FROM_AGE = 9
# IOM 1998 (DRI for B vitamins, ch. 9): "because 10 to 30 percent of older people may be
# unable to absorb naturally occurring vitamin B12, it is advisable for those older than
# 50 years to meet their RDA mainly by consuming foods fortified with B12 or a vitamin
# B12-containing supplement". From this age, where fortified foods are allowed and the
# pool holds them, at least this share of the B12 RDA comes from B12 added to foods
# (USDA nutrient 578, vitamin B12 added).
# A juice: one serving (a cup) a day at most. Whole fruit is the better half of the fruit
# people eat (Dietary Guidelines for Americans 2020-2025, ch. 1: "at least half of the
# recommended amount of fruit should come from whole fruit"), and the American Academy of
# Pediatrics limits 100% juice to 4-6 oz a day at 1-6 years and 8 oz at 7-18 (Heyman and
# Abrams, Pediatrics 2017;139:e20170967); two cups of prune juice is not a breakfast.
JUICE_SERVINGS = 1.0
# All of a day's juices together, in fluid ounces (a juice's portion, FDA's reference
# amount for juice, 240 mL, is 8 fl oz): at most 4 oz at 1-3 years, 6 oz at 4-6 (the
# AAP's 4-6 oz), 8 oz from 7 years (AAP: 8 oz at 7-18) and for adults (a cup, as above).
JUICE_OZ_BELOW_AGE = ((4, 4.0), (7, 6.0))  # (below this age, fl oz a day); then 8
JUICE_OZ = 8.0
JUICE_PORTION_OZ = 8.0
B12_FORTIFIED_FROM_AGE = 51
B12_FORTIFIED_SHARE = 0.5
B12_FORTIFIED_SOURCE = ("Institute of Medicine (1998), Dietary Reference Intakes for thiamin, "
                        "riboflavin, niacin, vitamin B6, folate, vitamin B12, ..., ch. 9")
DEFAULT_MAX_PORTIONS = 2.0
ALTERNATIVES_PER_VITAMIN = 5
# a planned food gives at least this share of a chosen vitamin's daily target in one
# portion: FDA's "good source" threshold (10% of the Daily Value per reference amount,
# 21 CFR 101.54), applied to the person's own target
SOURCE_SHARE = 0.10
WEEK = 7  # a longer period repeats a planned week
DEFAULT_REPEAT = 3  # a food on at most this many days of a week (staples: every day)
# seconds of search and proof for a plan (mip.Clock): past them the plan is the best
# found, and says what is proven; a plan being completed gets as long again
DEFAULT_TIME_LIMIT = 10.0
STAPLE_COURSES = ("milk",)  # a glass at several meals a day, and every day of a week
# a day's menu (the same foods) on at most this many days of a week, unless it is staples
# only: seven days hold at least four menus, and no week alternates two
MENU_REPEAT = 2

# The objective (see README "The planner") has levels, each minimised exactly with the
# levels before it held at their optimum. "portions" (the default): the weighted number
# of half portions, a half portion weighing WEIGHT_PORTION, plus WEIGHT_BRAND for a
# brand-name product, WEIGHT_FORTIFIED for a fortified one and WEIGHT_UNFAMILIAR for a
# food outside the staple pool (``table/staples.py``, only with --all-foods); then least energy.
# "kcal": least energy, then fewest half portions. "foods": fewest different foods, then
# the weighted half portions, then energy.
WEIGHT_PORTION = 1
WEIGHT_BRAND = 1
WEIGHT_FORTIFIED = 2
# An unfamiliar food (sheep's milk, emu, hibiscus tea) weighs more than a fortified
# familiar one, so a dietitian's foods come first: it wins only where it takes less than
# a quarter of the portions of a familiar generic food (or three quarters of a familiar
# fortified one). Whole numbers keep level 1 integral (daymodel._granularity_of).
WEIGHT_UNFAMILIAR = 3
# Infants: no food plan.
INFANT_MESSAGE = (
    "bplanner makes no food plan for infants under 12 months: their B vitamins come from "
    "breast milk or infant formula, and first foods from about 6 months of age as a "
    "pediatrician advises."
)

# Brand-name products: USDA SR writes brands in capitals (KELLOGG'S, SILK, QUAKER); these
# capitalised words are not brands.
_NOT_BRANDS = {"USDA", "DHA", "ARA", "NFS", "RTE", "UHT", "USA", "NLEA", "II", "III"}
_BRAND = re.compile(r"\b[A-Z][A-Z'&.\-]{2,}\b")
_CAPITALS = re.compile(r"[A-Z][A-Z'&.\-]{2}")  # where a brand could be (``is_brand``)


@dataclass(frozen=True)
class Options:
    """Everything that shapes the candidate pool and the model."""

    vitamins: tuple[str, ...] = ("vitamin_b12",)
    diet: str = "omnivore"
    exclude_allergens: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fortified: bool = True
    all_foods: bool = False
    objective: str = "portions"
    max_portions: float = DEFAULT_MAX_PORTIONS
    min_foods: int = 1
    days: int = 1
    repeat: int = DEFAULT_REPEAT
    # foods left out by their USDA number (a swap: "not this food"), exactly, where
    # ``exclude`` leaves out every name holding a text
    exclude_foods: tuple[str, ...] = ()
    # foods fixed in the plan, as (USDA number, meal): one portion of the food at that
    # meal on every planned day (a swap: "this food instead"); the plan adds the rest
    fix: tuple[tuple[str, str], ...] = ()
    # seconds to search for the best plan and prove it (None: no limit, the library's
    # default: an API call is exact however long it takes); the command line and the
    # web page give DEFAULT_TIME_LIMIT, a person waiting. See ``Plan.proof``
    time_limit: float | None = None

    def __post_init__(self) -> None:
        check_options(self)  # TypeError/ValueError: types, finite numbers in range
        problem = options_problem(self)
        if problem:
            raise ValueError(problem)

    @property
    def planned_days(self) -> int:
        """Days planned as different days: a longer period repeats a planned week."""
        return min(self.days, WEEK)


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
    if o.objective in RETIRED_OBJECTIVES:
        return (f"objective {o.objective!r} was retired: plans are made of portions now; "
                f"accepted: {', '.join(OBJECTIVES)}")
    if o.objective not in OBJECTIVES:
        return f"objective must be one of {', '.join(OBJECTIVES)}"
    if not (isinstance(o.max_portions, (int, float)) and math.isfinite(o.max_portions)):
        return "max portions must be a finite number of portions (1, 1.5 or 2)"
    if o.max_portions not in PORTION_STEPS or o.max_portions < 1:
        return f"max portions must be 1, 1.5 or 2 portions of a food a day, got {o.max_portions:g}"
    if o.min_foods < 1:
        return "min foods must be at least 1"
    if o.days < 1:
        return "days must be at least 1"
    if o.repeat < 1:
        return "repeat must be at least 1 day"
    if o.time_limit is not None and o.time_limit <= 0:
        return f"time limit must be more than 0 seconds, got {o.time_limit:g}"
    for ndb, meal in o.fix:
        if meal not in MEALS:
            return f"a fixed food's meal must be one of {', '.join(MEALS)}, got {meal!r}"
        if ndb in o.exclude_foods:
            return f"food {ndb} is both fixed and left out; choose one"
    if len({ndb for ndb, _ in o.fix}) < len(o.fix):
        return "a food can be fixed at one meal only"
    return None


class NoPlanError(Exception):
    """No combination of candidate foods meets the targets; says why and what would help.

    ``shortfalls`` lists the vitamins that no plan reaches even on their own
    (``Shortfall``: the most the best plan counts, and what would reach it)."""

    def __init__(self, reasons: list[str], suggestions: list[str], warnings=None,
                 shortfalls=None):
        self.reasons, self.suggestions = reasons, suggestions
        self.warnings = list(warnings or [])
        self.shortfalls = list(shortfalls or [])
        super().__init__(" ".join(reasons))


class TimeLimitReached(NoPlanError):
    """No plan was found within the time limit (``Options.time_limit``): nothing is
    proven about whether one exists."""

    def __init__(self, seconds: float, warnings=None):
        self.seconds = seconds
        super().__init__(
            [f"the time limit of {seconds:g} s was reached before any plan was found (that "
             "proves nothing about whether one exists)."],
            [f"Raise --time-limit (e.g. --time-limit {max(60, 6 * seconds):g}), or narrow "
             "the foods (without --all-foods, a smaller --foods table)."],
            warnings)


@dataclass
class Shortfall:
    """A vitamin that no plan can reach, even planned alone under the same rules.

    ``best`` is the most a day can count of it (B12 counted per meal as the plan counts
    it), computed exactly: the model maximises that vitamin alone with every other rule
    of the plan kept (``daymodel.most_counted``). ``options`` are the changes that were
    tried, each with what its best plan counts: (option text, best, reaches target)."""

    vitamin: str  # key
    target: float
    best: float
    unit: str
    options: list[tuple[str, float, bool]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return VITAMINS[self.vitamin].label

    @property
    def percent(self) -> float:
        return self.best / self.target * 100

    def to_dict(self) -> dict:
        return {"vitamin": self.label, "key": self.vitamin, "target": self.target,
                "best": self.best, "unit": self.unit,
                "percent_of_target": self.percent,
                "how": "the most one day counts under the plan's rules, this vitamin "
                       "planned alone, found exactly (daymodel.most_counted)",
                # an option that reaches the target was solved up to the target only
                "options": [{"option": o, "best": None if r else b, "reaches_target": r}
                            for o, b, r in self.options]}


@dataclass
class PlanItem:
    """One food at one meal of one day, in portions of its household measure."""

    day: int  # 1-based
    meal: str
    ndb: str
    name: str
    food_group: str
    portion_text: str  # the household measure of one portion ("1 cup")
    portion_grams: float
    portions: float
    fortified: bool  # the maker adds vitamins (any: vitamin D milk too)
    brand: bool
    amounts: dict[str, float]  # by vitamin key
    adds_b: bool = False  # the maker adds B vitamins (fortification.adds_b_vitamins)
    fixed: bool = False  # asked for (Options.fix), not chosen by the optimizer

    @property
    def grams(self) -> float:
        return self.portions * self.portion_grams

    @property
    def measure(self) -> str:
        """What to eat, as a cook reads it: "1½ cups (366 g)"."""
        from bplanner.table.measures import with_grams

        return with_grams(self.portion_text, self.portions, self.grams)


@dataclass
class Day:
    number: int
    items: list[PlanItem]
    totals: dict[str, float]  # plain amounts, by vitamin key
    counted: dict[str, float]  # what counts toward the target (B12: capped per meal)
    limits: dict[str, dict]  # nutrient -> {"limit", "amount", "unit", "what"}

    def meal(self, name: str) -> list[PlanItem]:
        return [i for i in self.items if i.meal == name]

    @property
    def foods(self) -> frozenset[str]:
        return frozenset(i.ndb for i in self.items)


@dataclass
class Plan:
    profile: Profile
    options: Options
    targets: list[Target]
    days: list[Day]
    alternatives: dict[str, list[dict]]
    model: dict
    candidates: int
    warnings: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    usual: object = None  # the diary the plan adds to (bplanner.usual.diary.Diary), or None
    # what is proven of the plan (``proof_of``): every level, or the ones before the
    # first that is not and that level's relative gap, and the time limit
    proof: dict = field(default_factory=dict)

    @property
    def additions(self) -> bool:
        """Whether the plan adds any food (a diary may already cover the targets)."""
        return any(d.items for d in self.days)

    @property
    def items(self) -> list[PlanItem]:
        """Every item of every planned day."""
        return [i for d in self.days for i in d.items]

    @property
    def totals(self) -> dict[str, float]:
        """Counted amounts of the lowest day (every day reaches its targets)."""
        return {t.vitamin: min(d.counted[t.vitamin] for d in self.days) for t in self.targets}

    @property
    def limits(self) -> dict[str, dict]:
        """Upper limits with the highest day's amount."""
        out = {}
        for d in self.days:
            for name, lim in d.limits.items():
                if name not in out or lim["amount"] > out[name]["amount"]:
                    out[name] = dict(lim)
        return out

    def percent(self, vitamin: str, day: Day | None = None) -> float:
        target = next(t for t in self.targets if t.vitamin == vitamin)
        value = (day.counted[vitamin] if day else self.totals[vitamin])
        return value / target.value * 100

    @property
    def menus(self) -> int:
        """How many different days the plan holds."""
        return len({d.foods for d in self.days})

    def to_dict(self) -> dict:
        """The plan as plain data (the JSON output)."""
        return {
            "profile": {
                "age": self.profile.age,
                "sex": self.profile.sex,
                "pregnant": self.profile.pregnant,
                "lactating": self.profile.lactating,
                "life_stage": self.profile.life_stage,
            },
            "diet": self.options.diet,
            "days_asked": self.options.days,
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
            "days": [
                {
                    "day": d.number,
                    "meals": {
                        meal: [
                            {
                                "ndb": i.ndb,
                                "name": i.name,
                                "portions": i.portions,
                                "measure": i.measure,
                                "portion": i.portion_text,
                                "grams": i.grams,
                                "fortified": i.fortified,
                                "fixed": i.fixed,
                                "amounts": {VITAMINS[k].label: v for k, v in i.amounts.items()},
                            }
                            for i in d.meal(meal)
                        ]
                        for meal in MEALS
                    },
                    "totals": {
                        VITAMINS[t.vitamin].label: {
                            "total": d.totals[t.vitamin],
                            "counted": d.counted[t.vitamin],
                            "unit": amount_unit(t),
                            "percent_of_target": self.percent(t.vitamin, d),
                        }
                        for t in self.targets
                    },
                    "upper_limits": d.limits,
                }
                for d in self.days
            ],
            "repeats": self.options.days > len(self.days),
            "usual": None if self.usual is None else {
                "file": str(getattr(self.usual, "path", "")),
                "nothing_to_add": not self.additions,
                "foods": [
                    {"line": e.line, "ndb": e.ndb, "name": e.name, "grams": e.grams,
                     "meal": e.meal or USUAL_DEFAULT_MEAL,
                     "amounts": {VITAMINS[t.vitamin].label: e.amount(t.vitamin)
                                 for t in self.targets}}
                    for e in self.usual.entries
                ],
            },
            "alternatives": {
                VITAMINS[k].label: alts for k, alts in self.alternatives.items()
            },
            "proof": self.proof,
            "notes": self.notes,
            "warnings": [w if isinstance(w, dict) else w.to_dict() for w in self.warnings],
            "model": {k: dict(v) if isinstance(v, _Columns) else v
                      for k, v in self.model.items()},
        }


class _Columns(Mapping):
    """The candidates' columns in a plan's model block, made when first read: a table of
    a million foods has a third of them as candidates, and their lists took a second of
    every plan that nobody reads them in."""

    def __init__(self, make):
        self._make, self._columns = make, None

    def _read(self) -> dict:
        if self._columns is None:
            self._columns, self._make = self._make(), None
        return self._columns

    def __getitem__(self, key):
        return self._read()[key]

    def __iter__(self):
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def candidates(
    foods: pd.DataFrame, options: Options, limits: dict[str, float] | None = None
) -> pd.DataFrame:
    """The foods the optimizer may choose from, in table order.

    Only foods that give at least one chosen vitamin (a measured amount above 0)
    can help, so the others are left out; the staple pool (``data/staples.csv``: the
    ``familiar`` column) unless all_foods; never a food with a value judged suspect
    (``table.suspect``).
    ``limits`` (from ``upper_limits``) leaves out the foods whose limit cannot be
    checked: see ``unmeasured_for_limits``.
    """
    pool = find_foods(
        foods,
        diet=options.diet,
        exclude_allergens=options.exclude_allergens,
        exclude_text=options.exclude,
        everyday_only=not options.all_foods,
        staples_only=not options.all_foods,
    )
    if not options.fortified:  # no food with B vitamins added (vitamin D milk stays)
        pool = pool[~fortification.adds_b_vitamins_of(pool)]
    if options.exclude_allergens:
        pool = pool[~rule_allergens_hit(pool, options.exclude_allergens)]
    cols = [VITAMINS[v].column for v in options.vitamins]
    useful = (pool[cols].fillna(0) > 0).any(axis=1)
    if options.objective == "kcal":
        useful &= pool["energy_kcal"].notna()
    if limits:
        useful &= ~unmeasured_for_limits(pool, limits)
    # a value a person judged a USDA error (table/suspect.py) never carries a plan
    useful &= ~pool["ndb"].isin(suspect_ndbs())
    if options.exclude_foods:
        useful &= ~pool["ndb"].isin(options.exclude_foods)
    return pool[useful]


def families(pool: pd.DataFrame) -> pd.Series:
    """Each food's family (one kind of food): the table's ``family`` column, else the
    family its name gives (``table.staples.family_key``)."""
    from bplanner.table.staples import family_keys

    given = pool["family"] if "family" in pool else pd.Series("", index=pool.index)
    missing = given.isna() | (given == "")
    if not missing.any():
        return given
    out = given.astype(object).copy()
    out[missing] = family_keys(pool.loc[missing, "name"].tolist())
    return out


def kinds(pool: pd.DataFrame) -> np.ndarray | None:
    """Each food's kind (0..K-1) for the week's rules: forms of one food (skim and 1%
    milk, pork chop and ham: ``table.staples.kinds``) are one kind; None when every food
    of the pool is a kind of its own."""
    from bplanner.table.staples import kinds_of

    if pool.empty:
        return None
    codes, uniques = pd.factorize(np.asarray(kinds_of(families(pool).tolist()), dtype=object))
    return codes.astype(np.int64) if len(uniques) < len(pool) else None


def one_per_family(pool: pd.DataFrame, vitamins) -> pd.DataFrame:
    """One food of each family, so the repeat limit, the menu rule, one food per course
    and variety count kinds of food, not USDA rows (a salted and an unsalted row are one
    food). The staple where the family has one, else the richest in the chosen vitamins
    (portion against the Daily Value, summed), else the lower USDA number. The staple
    pool holds one food per family already."""
    from bplanner.targets import daily_value

    if pool.empty:
        return pool
    family = families(pool).str.lower()
    codes, _uniques = pd.factorize(family)
    shared = np.bincount(codes)[codes] > 1  # only a family of several foods has a choice
    if not shared.any():
        return pool
    some = pool[shared]
    score = sum(some[VITAMINS[v].column].fillna(0) * some["portion_grams"] / 100.0
                / daily_value(v) for v in vitamins)
    ranked = some.assign(_family=family[shared], _staple=some["familiar"], _score=score)
    ranked = ranked.sort_values(["_family", "_staple", "_score", "ndb"],
                                ascending=[True, False, False, True], kind="stable")
    keep = ranked.drop_duplicates("_family").index
    return pool.loc[~shared | pool.index.isin(keep)]


def rule_allergens_hit(foods: pd.DataFrame, allergens) -> pd.Series:
    """Foods the allergen rules' ``HIDDEN`` table flags with one of ``allergens``.

    The table's allergens column is built by ``bplanner data build`` from the same rules;
    reading the products whose names hide an allergen again here (yeast extract and
    surimi hold wheat, Bit-O-Honey almonds and soy) keeps them out of an allergen-free
    plan whatever table is shipped.
    """
    from bplanner.table.allergen_rules import HIDDEN

    hit = pd.Series(False, index=foods.index)
    for key in allergens:
        if key in HIDDEN:
            hit |= foods["name"].str.contains(HIDDEN[key])
    return hit


def unmeasured_for_limits(foods: pd.DataFrame, limits: dict[str, float]) -> pd.Series:
    """Foods that may hold a limited nutrient that USDA did not measure in them.

    A plan must keep its upper limits, so a food that could hold an unmeasured
    amount is left out rather than counted as 0: preformed vitamin A (retinol)
    comes only from animal foods and fortified foods, folic acid and added niacin
    only from fortified foods. Vitamin B6 is not screened this way: no food comes near its
    UL (100 mg for adults) in the servings a plan allows, and screening it would
    drop hundreds of ordinary foods.
    """
    mask = pd.Series(False, index=foods.index)
    if "retinol" in limits:
        may_hold = (foods["animal_sources"] != "") | foods["fortified"].astype(bool)
        mask |= foods["retinol_ug"].isna() & may_hold
    if "folic_acid" in limits:
        mask |= (foods["folic_acid_ug"].isna() & foods["folate_total_ug"].isna()
                 & foods["fortified"].astype(bool))
    if "niacin" in limits:
        mask |= foods["niacin_mg"].isna() & foods["fortified"].astype(bool)
    return mask


def amount_unit(target: Target) -> str:
    """The unit of a planned amount: the target's (folate in µg DFE, niacin in mg, preformed
    niacin counted against an RDA in mg niacin equivalents)."""
    return target.amount_unit


def is_brand(names: pd.Series) -> pd.Series:
    """Brand-name products: a capitalised word in the USDA name that is not an acronym."""
    # only names with three capitals in a row need their words read: one pass over the
    # names joined finds them (a million foods: a tenth of a second, not half a second)
    listed = ["" if not isinstance(n, str) else n for n in names.tolist()]
    ends = np.cumsum(np.fromiter(map(len, listed), np.int64, len(listed)) + 1)
    at = np.fromiter((m.start() for m in _CAPITALS.finditer("\n".join(listed))), np.int64)
    out = np.zeros(len(listed), dtype=bool)
    for i in np.unique(np.searchsorted(ends, at, side="right")):
        out[i] = any(w not in _NOT_BRANDS for w in _BRAND.findall(listed[i]))
    return pd.Series(out, index=names.index)


@dataclass
class Portions:
    """Each candidate's portion for this person, in the units the model counts."""

    text: np.ndarray  # household measure of one portion
    grams: np.ndarray  # weight of one portion
    step: np.ndarray  # servings per unit of the model: 1 (whole servings from age 9);
    # for younger children 0.5, or 1 for a serving of an odd number of pieces
    course: np.ndarray  # table.course of each food
    note: str | None  # how the portion was chosen, when not the general one

    def subset(self, mask: np.ndarray) -> Portions:
        return Portions(self.text[mask], self.grams[mask], self.step[mask], self.course[mask],
                        self.note)


# Table 1's "Dinners, stews or soups" are mixed dishes: a plain meat, fish, bean or tofu
# portion of a child of 1 to 3 is half the general one (1½ oz of meat, ¼ cup of beans),
# not a whole dinner's 170 g (a plan gave a two-year-old 4½ oz of tempeh, 1 cup of beans)
TODDLER_DINNER_GROUPS = ("Meals, Entrees, and Side Dishes", "Soups, Sauces, and Gravies",
                         "Fast Foods", "Restaurant Foods")


def _toddler_portions(course, names, grams, text, pieces, groups=None):
    """Children 1 to 3: FDA Table 1 amounts where a category exists, else half a portion.
    A "main" food is a Table 1 dinner only when it is a mixed dish (``groups``: its USDA
    food group is one of ``TODDLER_DINNER_GROUPS``).

    The toddler portion is a fraction of the general one that still reads plainly: for a
    measure counted in pieces, a whole number of pieces; otherwise one of ¼, ⅓, ½, ⅔, ¾
    or 1 whose product with the measure's amount is a common fraction ("¼ cup", not
    "0.56 cup"). Where no such fraction exists the portion is written in grams. Returns
    (factor, text, pieces) per food.
    """
    from bplanner.planning.toddler_portions import TODDLER_GRAMS, hot_cereal
    from bplanner.table.measures import AmountError, number, parse_amount, scaled

    nice = (0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0)
    factors, texts, counts = [], [], []
    for i, c in enumerate(course):
        key = "hot_cereal" if c == "cereal" and hot_cereal(names.iloc[i]) else c
        if key == "main" and (groups is None or groups[i] not in TODDLER_DINNER_GROUPS):
            key = None  # a plain meat, fish, legume or tofu: half the general portion
        grams_t = TODDLER_GRAMS.get(key)
        ratio = 0.5 if grams_t is None or grams[i] <= 0 else min(grams_t / grams[i], 1.0)
        if pieces[i] > 0:
            options = [k / pieces[i] for k in range(1, int(pieces[i]) + 1)]
        else:
            try:
                base = parse_amount(text[i]).number
            except AmountError:
                base = None
            options = [f for f in nice if base is None or "." not in number(base * f)]
        if not options:
            factor = min(nice, key=lambda f: abs(f - ratio))
            factors.append(factor)
            texts.append(f"{grams[i] * factor:.0f} g")
            counts.append(0)
            continue
        factor = min(options, key=lambda f: abs(f - ratio))
        factors.append(factor)
        texts.append(text[i] if factor == 1 else scaled(text[i], factor))
        counts.append(int(round(pieces[i] * factor)))
    return np.array(factors), np.array(texts, dtype=object), np.array(counts, dtype=float)


def portions_for(pool: pd.DataFrame, profile: Profile) -> Portions:
    """The portion of every candidate, its step and its course, for this person."""
    text = pool["portion_text"].to_numpy(dtype=object)
    grams = pool["portion_grams"].to_numpy(dtype=float)
    pieces = pool["portion_pieces"].to_numpy(dtype=float)
    course = pool["course"].to_numpy(dtype=object)
    note = None
    if profile.age < 4:
        factor, text, pieces = _toddler_portions(course, pool["name"], grams, text, pieces,
                                                 pool["food_group"].to_numpy(dtype=object))
        grams = grams * factor
        note = ("Portions for a child of 1 to 3 years: FDA's amounts for young children "
                "(21 CFR 101.12 Table 1) where a category exists, half the general portion "
                "elsewhere, in whole pieces and common fractions.")
    if profile.age >= WHOLE_SERVINGS_FROM_AGE:
        step = np.ones(len(pool))  # whole servings: one or two
    else:
        # a child's half serving, in whole pieces: half only when it is a whole number
        odd = (pieces > 0) & (np.mod(pieces, 2) != 0)
        step = np.where(odd, 1.0, 0.5)
    return Portions(text=text, grams=grams, step=step, course=course, note=note)


def worth_a_place(pool: pd.DataFrame, portions: Portions, targets: list[Target]) -> np.ndarray:
    """Foods that earn a place in a plan: they go to some meal, and one portion gives at
    least ``SOURCE_SHARE`` of the day's target of a chosen vitamin (so ``--min-foods``
    counts real sources, never a spoonful of something with no vitamin in it)."""
    has_meal = np.array([bool(meals.COURSE_MEALS[c]) for c in portions.course], dtype=bool)
    source = np.zeros(len(pool), dtype=bool)
    for t in targets:
        per_portion = pool[VITAMINS[t.vitamin].column].fillna(0).to_numpy() * portions.grams
        source |= per_portion / 100.0 >= SOURCE_SHARE * t.value
    return has_meal & source


# A plan is part of a day's food: without a diary of the rest, it may use at most this
# share of each upper limit, leaving the rest for everything else the person eats (with
# a diary, the diary is the rest and the whole limit applies to the two together).
PLAN_SHARE_OF_UL = 0.5


def _limit_rows(pool: pd.DataFrame, profile: Profile, grams_per_unit: np.ndarray,
                adds_b: np.ndarray, share: float = PLAN_SHARE_OF_UL):
    """Upper limits for the life stage, as (name, per-unit amounts, bound for the plan,
    unit, what); the bound is ``share`` of the tolerable upper intake level. ``adds_b``
    marks the foods with B vitamins added, the only ones that may hold folic acid."""
    limits = upper_limits(profile)
    g = grams_per_unit / 100.0
    rows = []
    if "vitamin_b6" in limits:
        rows.append(("vitamin_b6", pool["vitamin_b6_mg"].fillna(0).to_numpy() * g,
                     share * limits["vitamin_b6"], "mg", "UL of vitamin B6"))
    if "retinol" in limits:
        rows.append(("retinol", pool["retinol_ug"].fillna(0).to_numpy() * g,
                     share * limits["retinol"], "µg", "UL of preformed vitamin A (retinol)"))
    if "folic_acid" in limits:
        rows.append(("folic_acid", np.nan_to_num(fortification.folic_acid_counted(
                         pool["folic_acid_ug"], pool["folate_total_ug"], adds_b)) * g,
                     share * limits["folic_acid"], "µg", "UL of folic acid"))
    if "niacin" in limits:
        rows.append(("niacin", fortification.niacin_counted(pool["niacin_mg"].fillna(0), adds_b)
                     * g, share * limits["niacin"], "mg", "UL of added niacin"))
    return rows


def unit_costs(pool: pd.DataFrame, step: np.ndarray, grams_per_unit: np.ndarray,
               objective: str, brand: np.ndarray,
               adds_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The objective's levels: cost per unit and per food used, one row per level.
    ``brand`` and ``adds_b`` (B vitamins added) mark the foods weighed more."""
    # integer levels let the solver prove each optimum quickly: half portions, and
    # energy to the whole kcal
    kcal = np.rint(pool["energy_kcal"].fillna(0).to_numpy(dtype=float) * grams_per_unit / 100.0)
    brand = brand.astype(float)
    fortified = adds_b.astype(float)
    unfamiliar = 1.0 - pool["familiar"].to_numpy(dtype=float)
    half_portions = step * 2
    # a half portion weighs 1, 1 more for a brand-name product and 2 more for a
    # fortified one: a label changes with the recipe, so a generic, unfortified food is
    # preferred unless it takes more than three times the portions; 3 more for a food
    # not everyday in the US diet, so a plan holds the foods a dietitian would hand out
    weighted = half_portions * (WEIGHT_PORTION + WEIGHT_BRAND * brand
                                + WEIGHT_FORTIFIED * fortified
                                + WEIGHT_UNFAMILIAR * unfamiliar)
    zero = np.zeros(len(pool))
    if objective == "kcal":
        rows, food = [kcal, half_portions], [zero, zero]
    elif objective == "foods":
        rows, food = [zero, weighted, kcal], [np.ones(len(pool)), zero, zero]
    else:
        rows, food = [weighted, kcal], [zero, zero]
    return np.vstack(rows), np.vstack(food)


def needs_milk(pool: pd.DataFrame, course: np.ndarray) -> np.ndarray:
    """Ready-to-eat cereal: eaten with milk (or a plant milk) at the same breakfast."""
    from bplanner.planning.toddler_portions import hot_cereal

    out = np.asarray(course) == "cereal"
    names = pool["name"].to_numpy()
    for i in np.flatnonzero(out):  # only the cereals have their names read
        out[i] = not hot_cereal(names[i])
    return out


def b12_fortified_floor(pool: pd.DataFrame, targets: list[Target], profile: Profile,
                        options: Options) -> float | None:
    """The B12 (µg) a plan for a person over 50 takes from B12 added to foods, or None
    when the rule does not apply (younger, B12 not chosen, fortified foods not allowed,
    or no candidate has B12 added)."""
    if profile.age < B12_FORTIFIED_FROM_AGE or not options.fortified:
        return None
    b12 = next((t for t in targets if t.vitamin == "vitamin_b12"), None)
    if b12 is None or not (pool["vitamin_b12_added_ug"].fillna(0) > 0).any():
        return None
    return B12_FORTIFIED_SHARE * b12.value


def build_model(pool: pd.DataFrame, portions: Portions, targets: list[Target], profile: Profile,
                options: Options, usual=None, fortified_b12: bool = True, fish=None):
    """The daymodel.DayModel for a candidate pool, and the limit rows it enforces.

    Its vitamin rows are the targets', in order, then (after 50, ``fortified_b12``) one
    row more: B12 added to foods, at least ``b12_fortified_floor``. ``fish``: FDA/EPA's
    (servings a week, grams a serving) for this person (``safety.fish_allowance``), or
    None."""
    from bplanner.planning.absorption import B12_COUNTED_PER_MEAL_UG
    from bplanner.planning.daymodel import DayModel

    grams_unit = portions.grams * portions.step
    rows = [pool[VITAMINS[t.vitamin].column].fillna(0).to_numpy() * grams_unit / 100.0
            for t in targets]
    values = [t.value for t in targets]
    floor = b12_fortified_floor(pool, targets, profile, options) if fortified_b12 else None
    if floor is not None:
        rows.append(pool["vitamin_b12_added_ug"].fillna(0).to_numpy() * grams_unit / 100.0)
        values.append(floor)
    amounts = np.vstack(rows)
    keys = [t.vitamin for t in targets]
    adds_b = fortification.adds_b_vitamins_of(pool)  # once: weight, folic acid, warnings
    limit_rows = _limit_rows(pool, profile, grams_unit, adds_b,
                             1.0 if usual is not None else PLAN_SHARE_OF_UL)
    limits = np.vstack([r[1] for r in limit_rows]) if limit_rows else np.zeros((0, len(pool)))
    brand = is_brand(pool["name"]).to_numpy(dtype=bool)
    cost, food_cost = unit_costs(pool, portions.step, grams_unit, options.objective, brand,
                                 adds_b)
    units = np.floor(options.max_portions / portions.step + 1e-9).astype(int)
    # juice: one serving a day at most (JUICE_SERVINGS), and all juices together within
    # the day's ounces for the age (a limit row of the model, after the nutrients')
    juice = portions.course == "juice"
    units[juice] = np.minimum(units[juice],
                              np.floor(JUICE_SERVINGS / portions.step[juice] + 1e-9).astype(int))
    juice_oz = np.where(juice, JUICE_PORTION_OZ * grams_unit
                        / pool["portion_grams"].to_numpy(dtype=float), 0.0)
    juice_cap = juice_oz_a_day(profile.age)
    units[juice] = np.minimum(units[juice],
                              np.floor(juice_cap / juice_oz[juice] + 1e-9).astype(int))
    limits = np.vstack([limits, juice_oz[None, :]])
    # per course, then per food (a table holds a few courses and many foods)
    courses, of_course = np.unique(portions.course.astype(str), return_inverse=True)
    allowed = meals.meal_matrix(pd.Series(courses, dtype=object))[of_course.reshape(-1)]
    slot_names = sorted(set(meals.SLOT.values()))
    slot = np.array([slot_names.index(meals.SLOT[c]) for c in courses],
                    dtype=int)[of_course.reshape(-1)]
    fish_each, fish_servings = None, None
    if fish is not None:
        fish_each, fish_servings, units = fish_limits(pool, grams_unit, units, *fish)
    days = options.planned_days
    staple = np.isin(portions.course, STAPLE_COURSES)
    repeat = np.where(staple, days, options.repeat) if days > 1 else None
    model = DayModel(
        brand=brand,
        adds_b=adds_b,
        multi_meal=staple,
        with_milk=needs_milk(pool, portions.course),
        amounts=amounts,
        targets=np.array(values, dtype=float),
        b12=keys.index("vitamin_b12") if "vitamin_b12" in keys else None,
        cap=B12_COUNTED_PER_MEAL_UG,
        limits=limits,
        bounds=np.array([r[2] for r in limit_rows] + [juice_cap], dtype=float),
        units=units,
        cost=cost,
        food_cost=food_cost,
        allowed=allowed,
        slot=slot,
        max_items=np.array([meals.MAX_ITEMS[m] for m in MEALS], dtype=int),
        min_foods=options.min_foods,
        days=days,
        repeat=repeat,
        differ=days > 1,
        menu_repeat=MENU_REPEAT if days > 1 else None,
        fish=fish_each,
        fish_servings=fish_servings,
        kind=kinds(pool),  # forms of one food: one a day, and one for the week's rules
    )
    if usual is not None:
        model.fixed, model.fixed_limits = usual_amounts(usual, targets, limit_rows, days)
        # the diary's juice is not counted: its lines are not matched to a course
        model.fixed_limits = np.hstack([model.fixed_limits, np.zeros((days, 1))])
        if floor is not None:  # the diary's added B12 is not counted toward the floor
            model.fixed = np.concatenate([model.fixed, np.zeros((days, 1, len(MEALS)))], axis=1)
    return model, limit_rows


def fish_limits(pool: pd.DataFrame, grams_unit: np.ndarray, units: np.ndarray, week: int,
                serving_g: float):
    """FDA/EPA's advice on fish as the model's limits: (servings each food uses on a day,
    the plan's servings, units a day). A fish is planned a serving a day at most (its
    units within ``serving_g``; none when one unit is more), and a week holds ``week``
    servings of Best Choices or one of any other fish (``safety.fish_servings_each``).
    A dish named for a fish or shellfish (clam chowder) counts a serving of it, and one
    portion of it is allowed a day, as its fish is a part of it. The plan is at most a
    week (``Options.planned_days``), so the week's allowance is the plan's."""
    from bplanner.advice import safety

    each = safety.fish_servings_each(pool, week)
    sea = each > 0
    in_serving = np.floor(serving_g / grams_unit + 1e-9).astype(int)
    dish = (pool["food_group"] != safety.FISH_GROUP).to_numpy(dtype=bool)
    most = np.where(dish, np.maximum(in_serving, 1), in_serving)
    units = np.where(sea, np.minimum(units, most), units)
    return each, float(week), units


def juice_oz_a_day(age: float) -> float:
    """The fluid ounces of juice a plan gives a day, all juices together."""
    return next((oz for below, oz in JUICE_OZ_BELOW_AGE if age < below), JUICE_OZ)


USUAL_DEFAULT_MEAL = "snack"  # a diary line without a meal counts with the snack


def usual_amounts(usual, targets: list[Target], limit_rows, days: int):
    """What a diary already gives, per day: (D, vitamins, meals) and (D, limits).

    A line without a meal counts with the snack, so its B12 shares the snack's
    per-meal cap with anything the plan adds there (the cautious reading).
    """
    fixed = np.zeros((days, len(targets), len(MEALS)))
    fixed_limits = np.zeros((days, len(limit_rows)))
    for e in usual.entries:
        m = MEALS.index(e.meal or USUAL_DEFAULT_MEAL)
        for i, t in enumerate(targets):
            fixed[:, i, m] += e.amount(t.vitamin) or 0.0
        for k, row in enumerate(limit_rows):
            fixed_limits[:, k] += e.amount(row[0]) or 0.0
    return fixed, fixed_limits


def _down(value: float) -> str:
    """A best amount as printed: three significant digits, rounded down (so a best just
    below the target never reads as the target)."""
    if value <= 0:
        return "0"
    digits = max(0, 2 - math.floor(math.log10(value)))
    step = 10.0 ** -digits
    return f"{math.floor(value / step + 1e-9) * step:.{digits}f}"


# the changes a no-plan message tries for a vitamin out of reach, in order: (Options
# field, value, what to tell the person), each tried only where the options do not
# already allow it
_OPTIONS_TRIED = (
    ({"fortified": True}, "with fortified foods allowed (drop --no-fortified)"),
    ({"all_foods": True}, "with --all-foods (foods outside the foods as eaten)"),
    ({"fortified": True, "all_foods": True},
     "with fortified foods and --all-foods together"),
)


def explain_infeasible(pool: pd.DataFrame, model, targets: list[Target], options: Options,
                       limit_rows, rebuild=None) -> NoPlanError:
    """Say which vitamin cannot be covered, how far the best plan gets, and what would help.

    Each vitamin is planned alone under the same rules (``daymodel.most_counted``): one
    that falls short even so is a ``Shortfall`` with the most a day counts. ``rebuild``
    (Options changes -> the model of the changed pool, or None) lets each such vitamin
    be tried with fortified foods and with --all-foods, where the options leave them out.
    """
    from bplanner.planning.absorption import B12_COUNTED_PER_MEAL_UG
    from bplanner.planning.daymodel import Infeasible, most_counted

    reasons, suggestions, shortfalls = [], [], []
    rules = (f"{options.max_portions:g} portion{'' if options.max_portions == 1 else 's'} a "
             "food, one food per course, the meals of a day and the upper limits")
    for i, t in enumerate(targets):
        v = VITAMINS[t.vitamin]
        try:
            best, _x = most_counted(model, i)
        except Infeasible:  # only --min-foods can make a day of one vitamin impossible
            continue
        if best >= t.value * (1 - 1e-12):
            continue
        short = Shortfall(t.vitamin, t.value, best, t.amount_unit)
        shortfalls.append(short)
        amount = (f"{_down(best)} of {t.value:g} {t.amount_unit} "
                  f"({math.floor(short.percent):.0f}%)")
        if not (model.amounts[i] > 0).any():
            what = (f"no candidate food in USDA data supplies {v.label} ({v.name}), so it "
                    f"cannot reach its target of {t.value:g} {t.amount_unit}"
                    + (f" (your usual day and fixed foods give {amount})" if best > 0
                       else ""))
        else:
            what = (f"{v.label} ({v.name}) cannot reach its target: the most the allowed "
                    f"foods can give is {amount}, the best plan for {v.label} alone under "
                    f"the same rules ({rules}), found exactly")
            if i == model.b12:
                what += (f"; B12 counts up to {B12_COUNTED_PER_MEAL_UG:g} µg a meal, "
                         "as absorption saturates")
        reasons.append(what + ".")
        for changes, text in _OPTIONS_TRIED:
            if all(getattr(options, k) == val for k, val in changes.items()):
                continue  # already allowed
            if len(changes) > 1 and any(r for _o, _b, r in short.options):
                continue  # one change alone reaches it
            changed = rebuild(**changes) if rebuild is not None else None
            if changed is None:
                continue
            try:
                got, _x = most_counted(changed, i)
            except Infeasible:  # pragma: no cover
                continue
            reaches = got >= t.value * (1 - 1e-12)
            short.options.append((text, got, reaches))
            if reaches:
                extra = (": fortified plant milks and cereals are the reliable food sources "
                         "of B12 for a plant-based diet"
                         if t.vitamin == "vitamin_b12" and "fortified" in changes
                         and options.diet != "omnivore" else "")
                suggestions.append(f"{v.label}: {text}, {v.label} planned alone reaches "
                                   f"its target{extra}.")
            else:
                suggestions.append(f"{v.label}: {text}, {v.label} planned alone still gets "
                                   f"at most {_down(got)} of {t.value:g} {t.amount_unit}.")
        suggestions.append(
            f"{v.label}: where food alone cannot cover it, a supplement discussed with a "
            "physician is the usual way.")
    reached = [VITAMINS[t.vitamin].label for t in targets
               if t.vitamin not in {s.vitamin for s in shortfalls}]
    if shortfalls and reached:
        reasons.append(f"{_and(reached)} can each reach their targets planned alone."
                       if len(reached) > 1 else
                       f"{reached[0]} can reach its target planned alone.")
    if not shortfalls:
        if options.min_foods > len(pool):
            reasons.append(
                f"only {len(pool)} candidate foods exist, fewer than --min-foods "
                f"{options.min_foods}."
            )
        else:
            names = ", ".join(r[4] for r in limit_rows) or "the limits"
            reasons.append(
                "each vitamin can reach its target planned alone under the same rules "
                f"(each checked exactly), but no plan reaches all of them together within "
                f"{options.max_portions:g} portions a food, one food per course, the meals "
                f"of a day and the upper limits ({names})."
            )
        if not options.fortified:
            suggestions.append("Allow fortified foods (drop --no-fortified).")
        if not options.all_foods:
            suggestions.append("Consider --all-foods to include foods outside the foods as "
                               "eaten.")
        suggestions.append(
            "Where food alone cannot cover a vitamin, a supplement discussed with a physician "
            "is the usual way."
        )
    if options.exclude_allergens or options.exclude:
        suggestions.append("Relax an --exclude or --exclude-allergen option.")
    if options.max_portions < DEFAULT_MAX_PORTIONS:
        suggestions.append(f"Raise --max-servings to {DEFAULT_MAX_PORTIONS:g} portions.")
    if options.diet != "omnivore":
        suggestions.append("A less restrictive diet would widen the choice of foods.")
    return NoPlanError(reasons, suggestions, shortfalls=shortfalls)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _variety_advice(model, options: Options) -> NoPlanError | None:
    """When only the week's variety rules stand in the way, say which to relax and how far."""
    from dataclasses import replace

    from bplanner.planning.daymodel import Infeasible
    from bplanner.planning.solve import solve

    if model.days <= 1:
        return None
    for k in range(options.repeat + 1, model.days + 1):
        relaxed = replace(model, repeat=np.where(model.repeat >= model.days, model.days, k))
        try:
            solve(relaxed)
        except Infeasible:
            continue
        return NoPlanError(
            [f"each day can meet its targets, but not with every food on at most "
             f"{options.repeat} of {model.days} days, no two days in a row alike and no "
             f"menu on more than {MENU_REPEAT} days."],
            [f"Allow a food on more days: --repeat {k} gives a plan."],
        )
    for days in range(model.days - 1, 1, -1):
        # fewer days need fewer different menus (a menu on at most MENU_REPEAT days)
        shorter = replace(
            model, days=days, repeat=np.where(model.repeat >= model.days, days, model.repeat),
            fixed=None if model.fixed is None else model.fixed[:days],
            fixed_limits=None if model.fixed_limits is None else model.fixed_limits[:days])
        try:
            solve(shorter)
        except Infeasible:
            continue
        return NoPlanError(
            [f"each day can meet its targets, but too few foods supply the vitamins for "
             f"{model.days} days with no two days in a row alike, no menu on more than "
             f"{MENU_REPEAT} days and every food on at most {options.repeat} (more days "
             "need more different menus)."],
            [f"Plan fewer different days: --days {days} gives a plan; or widen the diet or "
             "the foods allowed."],
        )
    from bplanner.planning.week import WEEK_EXACT_MAX

    if model.n > WEEK_EXACT_MAX:  # the greedy days failed; the week was not searched whole
        return NoPlanError(
            [f"each day can meet its targets, but no week was found day by day under the "
             f"variety rules (with {model.n} candidate foods the week is not searched whole, "
             "so this is not proven)."],
            ["Plan one day (--days 1) and repeat it, or allow a food on more days (--repeat)."],
        )
    return NoPlanError(
        ["each day can meet its targets, but no two following days can differ: too few "
         "candidate foods supply the vitamins."],
        ["Plan one day (--days 1) and repeat it, or widen the diet or the foods allowed."],
    )


def _richest(idx: np.ndarray, per_portion: np.ndarray, names: np.ndarray) -> np.ndarray:
    """The ALTERNATIVES_PER_VITAMIN richest of ``idx`` per portion, richest first, ties by
    name (the few kept with ``np.partition`` first: a large table has many)."""
    if idx.size > ALTERNATIVES_PER_VITAMIN:
        kth = np.partition(-per_portion[idx], ALTERNATIVES_PER_VITAMIN - 1)[
            ALTERNATIVES_PER_VITAMIN - 1]
        idx = idx[-per_portion[idx] <= kth]
    return idx[np.lexsort((names[idx], -per_portion[idx]))][:ALTERNATIVES_PER_VITAMIN]


def alternatives_for(pool: pd.DataFrame, portions: Portions, model, targets: list[Target],
                     plan_days: list[Day], limit_rows) -> dict:
    """For each vitamin, the best other sources per portion that fit the same meal as the
    plan's main source of it and keep every upper limit when one portion is swapped in:
    everyday foods first (column ``familiar``), as the plan itself prefers them."""
    out = {}
    first = plan_days[0]
    placed = [i for i in first.items if not i.fixed]  # a fixed food is not in the pool
    chosen = {i.ndb for d in plan_days for i in d.items}
    ndbs = pool["ndb"].to_numpy(dtype=object)
    not_chosen = ~pool["ndb"].isin(chosen).to_numpy(dtype=bool)
    names = pool["name"].to_numpy(dtype=object)
    familiar = pool["familiar"].to_numpy(dtype=bool)
    allowed = model.allowed
    for t in targets:
        col = VITAMINS[t.vitamin].column
        per_portion = pool[col].fillna(0).to_numpy(dtype=float) * portions.grams / 100.0
        main = max(placed, key=lambda i: i.amounts.get(t.vitamin, 0.0), default=None)
        if main is None or main.amounts.get(t.vitamin, 0.0) <= 0:
            out[t.vitamin] = []
            continue
        meal_ix = MEALS.index(main.meal)
        ok = allowed[:, meal_ix] & (per_portion > 0) & not_chosen
        j_main = int(np.flatnonzero(ndbs == main.ndb)[0])
        for name, per_unit, bound, _u, _w in limit_rows:
            day_amount = first.limits[name]["amount"]
            without = day_amount - per_unit[j_main] * main.portions / portions.step[j_main]
            alt = per_unit / portions.step
            ok &= without + alt <= bound * (1 + 1e-12)
        # everyday foods first (the richest of them), then unfamiliar ones if room is left
        idx = np.concatenate([_richest(np.flatnonzero(ok & familiar), per_portion, names),
                              _richest(np.flatnonzero(ok & ~familiar), per_portion, names)]
                             )[:ALTERNATIVES_PER_VITAMIN]
        out[t.vitamin] = [
            {
                "ndb": ndbs[k],
                "name": pool["name"].iloc[k],
                "meal": main.meal,
                "instead_of": main.ndb,
                "portion": portions.text[k],
                "portion_grams": float(portions.grams[k]),
                "per_portion": float(per_portion[k]),
                "unit": t.amount_unit,
                "percent_of_target": float(per_portion[k] / t.value * 100),
                "fortified": bool(pool["fortified"].iloc[k]),
                "adds_b": bool(model.adds_b[k]) if model.adds_b is not None else False,
            }
            for k in idx
        ]
    return out


def check_suggest_arguments(vitamins, diet, profile, foods, risk, options: dict) -> None:
    """What ``suggest`` is given, before any work: a wrong type fails at once, saying what
    is expected (kept here, not in ``bplanner.checks``, which the types it checks import)."""
    from bplanner.advice.risks import RiskProfile
    from bplanner.foods import COLUMNS

    if not isinstance(vitamins, str):
        check_texts("suggest()", "vitamins", vitamins)
    if not isinstance(diet, str):
        raise TypeError(f"suggest() diet must be a string such as 'vegan', got {type_name(diet)}")
    if profile is not None and not isinstance(profile, Profile):
        raise TypeError(
            f"suggest() profile must be a bplanner.targets.Profile, e.g. Profile(age=34), "
            f"got {type_name(profile)} {profile!r:.40}"
        )
    if risk is not None and not isinstance(risk, RiskProfile):
        raise TypeError(
            "suggest() risk must be a bplanner.advice.risks.RiskProfile, "
            "e.g. RiskProfile(smoker=True), "
            f"got {type_name(risk)} {risk!r:.40}"
        )
    if foods is not None:
        if not isinstance(foods, pd.DataFrame):
            raise TypeError(
                "suggest() foods must be a pandas DataFrame from bplanner.load_foods(path), "
                f"got {type_name(foods)} {foods!r:.40}"
            )
        missing = [c for c in COLUMNS if c not in foods.columns]
        if missing:
            raise ValueError(
                f"suggest() foods lacks the column(s) {', '.join(missing[:5])}"
                f"{' ...' if len(missing) > 5 else ''}; load it with bplanner.load_foods(path)"
            )
        if foods.empty:
            raise ValueError("suggest() foods is an empty table: it holds no foods to plan with")
    for key in ("exclude", "exclude_allergens"):
        value = options.get(key)
        if value is not None and not isinstance(value, str):
            check_texts("suggest()", key, value, empty_ok=key != "exclude")
        elif isinstance(value, str) and key == "exclude" and not value.strip():
            raise ValueError("suggest() exclude must not be empty (would match every food)")


def suggest(
    vitamins=("vitamin_b12",),
    diet: str = "omnivore",
    profile: Profile | None = None,
    foods: pd.DataFrame | None = None,
    risk=None,
    usual=None,
    **options,
) -> Plan:
    """Plan days of meals: the API behind ``bplanner suggest``.

    ``vitamins`` and ``diet`` accept what people type ("B12", "folic acid",
    "strict vegetarian"). ``risk`` is a ``bplanner.advice.risks.RiskProfile`` (smoking,
    alcohol, conditions, medications); the plan's warnings come from it, the
    profile, the diet and the plan itself. ``usual`` is what the person already
    eats (a ``bplanner.usual.diary.Diary``): it counts toward the targets and the upper
    limits and the plan adds only what is missing. Raises ``NoPlanError``
    (carrying the warnings that apply) when no plan exists, and for infants.
    """
    from bplanner.advice import risks
    from bplanner.vitamins import parse_vitamins

    check_suggest_arguments(vitamins, diet, profile, foods, risk, options)
    risk = risk or risks.RiskProfile()

    if "max_servings" in options:  # the CLI's name for the same limit
        options["max_portions"] = options.pop("max_servings")
    if isinstance(vitamins, str):
        vitamins = [vitamins]
    if isinstance(options.get("exclude_allergens"), str):
        options["exclude_allergens"] = [options["exclude_allergens"]]
    if isinstance(options.get("exclude"), str):
        options["exclude"] = [options["exclude"]]
    if isinstance(options.get("exclude_foods"), str):
        options["exclude_foods"] = [options["exclude_foods"]]
    if options.get("fix") is not None:
        options["fix"] = _fix_pairs(options["fix"])
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
    if profile.age < 1:
        raise NoPlanError(
            [INFANT_MESSAGE],
            ["Ask a pediatrician about the infant's feeding, and about vitamin B12 if the "
             "mother is vegan and breastfeeds."],
            risks.warnings_for(profile, opts.diet, opts.vitamins, risk),
        )
    foods = load_foods() if foods is None else foods
    targets = targets_for(profile, opts.vitamins)
    try:
        plan = _suggest_model(foods, opts, profile, risk, targets, usual, True)
    except NoPlanError as err:
        if not getattr(err, "fortified_b12", False):
            raise
        # after 50 B12 comes mainly from fortified foods where the pool allows; where no
        # plan can, the plan is made without that rule and says so
        plan = _suggest_model(foods, opts, profile, risk, targets, usual, False)
        plan.notes.append(
            f"Over 50, B12 is best taken mainly from fortified foods or a supplement ("
            f"{B12_FORTIFIED_SOURCE}): no plan of these foods could take half of it from "
            "fortified foods, so this one does not. Ask a physician about a B12 supplement.")
        return plan
    floor = plan.model.get("b12_from_fortified_ug")
    if floor is not None:
        plan.notes.append(
            f"Over 50, at least half the B12 target ({floor:g} µg) comes from foods with "
            "B12 added: 10 to 30% of older people absorb the B12 bound in food poorly, "
            "and the Institute of Medicine advises them to meet the RDA mainly with "
            f"fortified foods or a supplement ({B12_FORTIFIED_SOURCE}).")
    return plan


def _suggest_model(foods, opts: Options, profile: Profile, risk, targets: list[Target], usual,
                   fortified_b12: bool) -> Plan:
    """Build the model for the pool, solve it and make the plan, or raise NoPlanError
    (its ``fortified_b12`` says whether the over-50 rule on fortified B12 was applied)."""
    from bplanner.advice import risks
    from bplanner.planning.mip import TimeUp, time_limit

    pool, portions, model, limit_rows, fixed, safety_notes = _prepare(
        foods, opts, profile, risk, targets, usual, fortified_b12)
    floor_applied = model.amounts.shape[0] > len(targets)
    if usual is not None:  # a rule that names a food of the diary says so
        from bplanner.advice import safety

        safety_notes = safety.eaten(usual.entries, profile, risk, opts.diet, safety_notes)
    safety_warnings = [n.warning() for n in safety_notes]
    if usual is not None:
        # the nutrients' limits (the juice row after them counts no diary line)
        over = (model.fixed_limits[0] > model.bounds * (1 + 1e-12))[:len(limit_rows)]
        if over.any():
            names = ", ".join(limit_rows[k][4] for k in np.flatnonzero(over))
            raise NoPlanError(
                [f"your usual day alone is above the upper limit ({names}); no food added "
                 "could change that."],
                ["Look at the diary's lines that give most of it (bplanner intake FILE), and "
                 "talk to a physician or dietitian about them."],
                risks.warnings_for(profile, opts.diet, opts.vitamins, risk,
                                   extra=safety_warnings),
            )
    nothing = np.zeros((model.days, model.n, model.meals), dtype=int)
    if (usual is not None or fixed) and model.feasible_targets(nothing):
        plan = _plan(pool, portions, nothing, model, limit_rows, targets, profile, opts, usual,
                     fixed)
        plan.proof = proof_of(model, nothing, opts, False)
        plan.warnings = risks.warnings_for(profile, opts.diet, opts.vitamins, risk, plan,
                                           extra=safety_warnings)
        return plan
    def rebuild(**changes):
        """The model of the pool with some options changed (a no-plan message tries
        fortified foods and --all-foods), or None."""
        from dataclasses import replace

        try:
            return _prepare(foods, replace(opts, **changes), profile, risk, targets, usual,
                            fortified_b12)[2]
        except ValueError:  # a fixed food that does not fit the changed pool
            return None

    with time_limit(opts.time_limit) as clock:
        try:
            x = _solve_or_explain(pool, model, targets, opts, limit_rows, rebuild)
        except TimeUp:
            raise TimeLimitReached(opts.time_limit, risks.warnings_for(
                profile, opts.diet, opts.vitamins, risk, extra=safety_warnings)) from None
        except NoPlanError as err:
            err.warnings = risks.warnings_for(profile, opts.diet, opts.vitamins, risk,
                                              extra=safety_warnings)
            err.fortified_b12 = floor_applied
            raise
    plan = _plan(pool, portions, x, model, limit_rows, targets, profile, opts, usual, fixed)
    plan.proof = proof_of(model, x, opts, clock.reached)
    plan.notes.append(proof_note(plan.proof, opts))
    plan.warnings = risks.warnings_for(profile, opts.diet, opts.vitamins, risk, plan,
                                       extra=safety_warnings)
    return plan


def _solve_or_explain(pool, model, targets, opts, limit_rows, rebuild) -> np.ndarray:
    """The plan's units, or ``NoPlanError`` saying why none exists (``TimeUp`` passes).
    ``rebuild(**changes)`` is the model with some options changed, for the message."""
    from bplanner.planning.daymodel import Infeasible
    from bplanner.planning.solve import solve

    try:
        if len(pool) == 0:
            raise Infeasible("no candidates")
        return solve(model)
    except Infeasible:
        err = None
        if len(pool) and model.days > 1:
            from dataclasses import replace

            try:
                solve(replace(model, days=1, repeat=None, differ=False, menu_repeat=None))
                err = _variety_advice(model, opts)
            except Infeasible:
                err = None
        if err is None:
            err = explain_infeasible(pool, model, targets, opts, limit_rows, rebuild)
        raise err from None


def proof_of(model, x: np.ndarray, opts: Options, reached: bool) -> dict:
    """What is proven of a plan (its model solved by ``daymodel.solve``): ``proven`` when
    every objective level is at its optimum; else the levels proven (in order), the first
    level not proven and its gap, (value - lower bound) / value: the best plan is at most
    that share below this one in that level (None: no bound known)."""
    names = LEVEL_NAMES[opts.objective]
    count = len(names) if model.proven is None else int(model.proven)
    out = {"proven": count == len(names), "levels_proven": list(names[:count]),
           "level": None, "gap": None, "time_limit": opts.time_limit,
           "time_limit_reached": bool(reached)}
    if count < len(names):
        out["level"] = names[count]
        value = float(model.objective(x)[count])
        if model.bound is not None and value > 0:
            out["gap"] = min(1.0, max(0.0, (value - float(model.bound)) / value))
    return out


def proof_note(proof: dict, opts: Options) -> str:
    """The plan's proof in words (the text of ``Plan.proof``)."""
    limit = ("no time limit" if opts.time_limit is None
             else f"the time limit of {opts.time_limit:g} s")
    if proof["proven"]:
        when = ("reached, but every level was proven" if proof["time_limit_reached"]
                else "not reached")
        return (f"Proven best: {', then '.join(proof['levels_proven'])}, each at its optimum "
                f"(HiGHS, exact; {limit} was {when}).")
    level = proof["level"]
    gap = ("how far from the best is not known" if proof["gap"] is None else
           f"gap {proof['gap']:.1%}: a better plan, if any, is at most {proof['gap']:.1%} "
           f"lower in {level}")
    before = (f"; proven best in {', then '.join(proof['levels_proven'])}"
              if proof["levels_proven"] else "")
    why = (f"{limit} was reached; a higher --time-limit may prove it"
           if proof["time_limit_reached"] else
           "the days were planned one after another, each the best day the week's rules "
           "still allow: too many candidate foods for the joint model")
    return f"Not proven best in {level} ({gap}){before} ({why})."


def _prepare(foods, opts: Options, profile: Profile, risk, targets: list[Target], usual,
             fortified_b12: bool = True):
    """The candidate pool and its model: (pool, portions, model, limit rows, fixed foods,
    safety notes). The safety rules remove foods first; every food left earns its place
    (``worth_a_place``); of those, one food of each family stays (``one_per_family``);
    fixed foods leave the optimizer's choice (``fix_foods``)."""
    from bplanner.advice import safety

    pool = candidates(foods, opts, upper_limits(profile))
    pool, safety_notes = safety.restrict(pool, profile, risk, opts.diet)  # rules that remove foods
    portions = portions_for(pool, profile)
    keep = worth_a_place(pool, portions, targets)
    if not keep.all():
        pool = pool[keep]
        portions = portions.subset(keep)
    if "family" not in pool or (pool["family"] == "").any():
        # a table without families has them found once, for the foods that earn a place
        # (a regex over every name: about a second at a million foods): one food of each
        # family, the kinds and the plan's model block read them
        pool = pool.assign(family=families(pool))
    kept = one_per_family(pool, opts.vitamins)
    if len(kept) < len(pool):
        portions = portions.subset(pool.index.isin(kept.index))
        pool = kept
    model, limit_rows = build_model(pool, portions, targets, profile, opts, usual,
                                    fortified_b12, safety.fish_allowance(profile, risk,
                                                                         opts.diet))
    fixed = None
    if opts.fix:
        pool, portions, model, limit_rows, fixed = fix_foods(pool, portions, model, limit_rows,
                                                             targets, opts)
    return pool, portions, model, limit_rows, fixed, safety_notes


def _fix_pairs(fix) -> tuple[tuple[str, str], ...]:
    """``fix`` as a tuple of (USDA number, meal) pairs; a TypeError names what is expected."""
    if isinstance(fix, (str, bytes)) or not hasattr(fix, "__iter__"):
        raise TypeError("suggest() fix must be a list of (USDA number, meal) pairs, "
                        f"got {type(fix).__name__}")
    pairs = []
    for pair in fix:
        if (isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2
                or not all(isinstance(v, str) for v in pair)):
            raise TypeError("suggest() fix items must be (USDA number, meal) pairs of strings, "
                            f"got {pair!r:.40}")
        pairs.append((pair[0].strip(), pair[1].strip().lower()))
    return tuple(pairs)


@dataclass
class Fixed:
    """The foods ``Options.fix`` places: one portion each, at its meal, every planned day."""

    items: list[dict]  # PlanItem fields but day
    plain: np.ndarray  # (V,) their plain vitamin amounts in a day, as the totals show them


def fix_foods(pool, portions, model, limit_rows, targets, opts):
    """Take the fixed foods out of the optimizer's choice and count them as eaten.

    Each fixed food gives one portion at its meal on every day: its vitamins and limited
    nutrients go into the model's fixed amounts (as a diary's do), its meal loses a place
    and its course slot. Its B12 counts as the plan's own (up to the cap a meal with what
    the plan adds, a diary's B12 at that meal in full): the fixed B12 of a meal is
    max(diary, min(diary + fixed food, cap)), which counts every plan exactly as
    ``absorption.counted_b12`` does. Raises ValueError when a food cannot be fixed there.
    """
    from bplanner.planning.absorption import B12_COUNTED_PER_MEAL_UG

    ndbs = pool["ndb"].to_numpy(dtype=object)
    keep = np.ones(len(pool), dtype=bool)
    allowed = model.allowed.copy()
    max_items = model.max_items.copy()
    V, M = model.amounts.shape[0], model.meals
    diary = model._fixed().copy()
    plain_meal = np.zeros((V, M))
    limits = np.zeros(model.bounds.size)  # the nutrients' limit rows, then the juice row
    items = []
    for ndb, meal in opts.fix:
        hit = np.flatnonzero(ndbs == ndb)
        if hit.size == 0:
            raise ValueError(
                f"food {ndb} cannot be fixed: it is no candidate of this plan (the diet, "
                "allergens, exclusions or safety rules leave it out, or one portion gives "
                "under 10% of every chosen vitamin's target)")
        j, m = int(hit[0]), MEALS.index(meal)
        name = pool["name"].iloc[j]
        if not model.allowed[j, m]:
            where = [MEALS[k] for k in np.flatnonzero(model.allowed[j])]
            raise ValueError(f"{name} is not eaten at {meal}; it goes to "
                             f"{', '.join(where) or 'no meal'}")
        if not allowed[j, m] or max_items[m] < 1:
            raise ValueError(f"{name} cannot be fixed at {meal}: the meal has no room left "
                             "for it (another fixed food of its kind, or too many foods)")
        units = 1.0 / portions.step[j]  # one portion
        plain_meal[:, m] += model.amounts[:, j] * units
        limits += model.limits[:, j] * units
        allowed[model.slot == model.slot[j], m] = False
        max_items[m] -= 1
        keep[j] = False
        row = pool.iloc[j]
        items.append(dict(
            meal=meal, ndb=ndb, name=name, food_group=row["food_group"],
            portion_text=str(portions.text[j]), portion_grams=float(portions.grams[j]),
            portions=1.0, fortified=bool(row["fortified"]), brand=bool(model.brand[j]),
            amounts={t.vitamin: float(model.amounts[i, j] * units)
                     for i, t in enumerate(targets)},
            adds_b=bool(model.adds_b[j]), fixed=True))
    counted = diary + plain_meal[None, :, :]
    if model.b12 is not None:
        b = model.b12
        counted[:, b, :] = np.maximum(diary[:, b, :], np.minimum(
            diary[:, b, :] + plain_meal[None, b, :], B12_COUNTED_PER_MEAL_UG))
    model.allowed, model.max_items = allowed, max_items
    model.min_foods = max(0, model.min_foods - len(opts.fix))
    model.fixed = counted
    model.fixed_limits = model._fixed_limits() + limits[None, :]
    reduced = model.subset(np.flatnonzero(keep))
    reduced.fixed, reduced.fixed_limits = model.fixed, model.fixed_limits
    rows = [(name, per_unit[keep], bound, unit, what)
            for name, per_unit, bound, unit, what in limit_rows]
    return (pool[keep], portions.subset(keep), reduced, rows,
            Fixed(items, plain_meal.sum(axis=1)))


def _plan(pool, portions, x, model, limit_rows, targets, profile, opts, usual=None,
          fixed: Fixed | None = None) -> Plan:
    """Turn the model's units (days, foods, meals) into days of meals with their totals."""
    from bplanner.planning.absorption import B12_COUNTED_PER_MEAL_UG, B12_DIARY_SOURCES, B12_SOURCES
    from bplanner.table.staples import kinds_of

    brand = model.brand
    adds_b = model.adds_b
    counted = model.counted(x)
    # what a diary and the fixed foods give a day, plainly (the model's fixed B12 is the
    # counted amount when foods are fixed: see fix_foods)
    eaten = model._fixed()[0].sum(axis=1)
    if fixed is not None:
        eaten = fixed.plain[:len(targets)] + (0 if usual is None else
                               usual_amounts(usual, targets, [], 1)[0][0].sum(axis=1))
    days = []
    for d in range(model.days):
        items = []
        for j, m in zip(*np.nonzero(x[d])):
            units = int(x[d, j, m])
            row = pool.iloc[j]
            items.append(PlanItem(
                day=d + 1,
                meal=MEALS[m],
                ndb=row["ndb"],
                name=row["name"],
                food_group=row["food_group"],
                portion_text=str(portions.text[j]),
                portion_grams=float(portions.grams[j]),
                portions=units * float(portions.step[j]),
                fortified=bool(row["fortified"]),
                brand=bool(brand[j]),
                amounts={t.vitamin: float(model.amounts[i, j] * units)
                         for i, t in enumerate(targets)},
                adds_b=bool(adds_b[j]),
            ))
        if fixed is not None:
            items += [PlanItem(day=d + 1, **item) for item in fixed.items]
        items.sort(key=lambda i: (MEALS.index(i.meal), -i.grams, i.name))
        totals = {t.vitamin: float(model.amounts[i] @ x[d].sum(axis=1) + eaten[i])
                  for i, t in enumerate(targets)}
        ul = upper_limits(profile)
        limits_now = {
            name: {"limit": ul[name], "allowed_in_plan": bound,
                   "amount": float(row @ x[d].sum(axis=1) + model._fixed_limits()[d, k]),
                   "unit": unit, "what": what}
            for k, (name, row, bound, unit, what) in enumerate(limit_rows)
        }
        days.append(Day(d + 1, items, totals,
                        {t.vitamin: float(counted[d, i]) for i, t in enumerate(targets)},
                        limits_now))
    notes = []
    if model.b12 is not None and usual is None:
        notes.append(
            f"Vitamin B12 counts up to {B12_COUNTED_PER_MEAL_UG:g} µg a meal toward the "
            "target: absorption through intrinsic factor saturates at about 1.5-2.5 µg a meal "
            f"({B12_SOURCES}), so the plan spreads B12 over meals."
        )
    elif model.b12 is not None:
        notes.append(
            "The B12 your usual day gives counts in full, as the RDA counts usual intake "
            f"(one rich meal is absorbed beyond the cap: {B12_DIARY_SOURCES}); what the "
            f"plan adds counts up to {B12_COUNTED_PER_MEAL_UG:g} µg a meal with it, as "
            f"absorption through intrinsic factor saturates ({B12_SOURCES})."
        )
    if limit_rows and usual is None:
        notes.append(
            f"The plan uses at most {PLAN_SHARE_OF_UL:.0%} of each upper limit (preformed "
            "vitamin A, folic acid, added niacin, vitamin B6), leaving the rest for the other "
            "food you eat."
        )
    if "folate" in opts.vitamins:
        notes.append(
            "Folate is counted in µg DFE (food folate + 1.7 × folic acid), USDA's own DFE "
            "where USDA gives it; for a food with only total folate measured, total folate "
            "counts as DFE (a lower bound if it holds folic acid)."
        )
    unmeasured = sorted({i.name for d in days for i in d.items if i.adds_b
                         and pool.loc[pool["ndb"] == i.ndb, "folic_acid_ug"].isna().all()})
    if unmeasured and "folic_acid" in upper_limits(profile):
        notes.append(
            f"USDA did not measure folic acid in {', '.join(unmeasured)}, which "
            f"{'has' if len(unmeasured) == 1 else 'have'} B vitamins added: its total folate "
            "counts as folic acid against the upper limit (an upper bound)."
        )
    if "niacin" in opts.vitamins:
        notes.append(
            "Niacin is USDA's preformed niacin, counted against an RDA in niacin equivalents "
            "(which add the niacin the body makes from tryptophan): the plan errs on the "
            "safe side."
        )
    if fixed is not None:
        names = "; ".join(f"{i['name']} at {i['meal']}" for i in fixed.items)
        notes.append(f"Fixed by you: one portion of {names}, every planned day; the plan "
                     "chose the rest around it.")
    if portions.note:
        notes.append(portions.note)
    if opts.days > WEEK:
        notes.append(f"{opts.days} days repeat a planned week of {WEEK} different days.")
    if usual is not None:
        notes.insert(0, (
            "Your usual day already covers every target: nothing to add."
            if not x.any() else
            "The plan adds only what your usual day lacks; totals include your usual day "
            f"({len(usual.entries)} foods; a line without a meal counts with the snack)."))
    model_block = {
        "solver": "HiGHS (mixed-integer, exact: mip_rel_gap = 0)",
        "objective": opts.objective,
        "objective_meaning": OBJECTIVES[opts.objective],
        "objective_levels": [float(v) for v in model.objective(x)],
        "weights": {"half_portion": WEIGHT_PORTION, "brand_name": WEIGHT_BRAND,
                    "fortified": WEIGHT_FORTIFIED, "unfamiliar": WEIGHT_UNFAMILIAR},
        "max_portions": opts.max_portions,
        "min_foods": opts.min_foods,
        "days": model.days,
        "repeat": opts.repeat if model.days > 1 else None,
        "menu_repeat": model.menu_repeat if model.days > 1 else None,
        "week_exact": bool(model.week_exact) if model.days > 1 else None,
        "week_exact_levels": ((len(model.cost) if model.week_exact else model.week_exact_levels)
                              if model.days > 1 else None),
        "staples": "milk and plant milks may appear every day and at several meals",
        "staple_courses": list(STAPLE_COURSES),
        "meals": list(MEALS),
        "max_items": dict(meals.MAX_ITEMS),
        "course_meals": {k: list(v) for k, v in meals.COURSE_MEALS.items()},
        "course_slots": dict(meals.SLOT),
        "b12_counted_per_meal_ug": B12_COUNTED_PER_MEAL_UG if model.b12 is not None else None,
        # over 50: B12 added to foods (USDA 578) reaches at least this much a day
        "b12_from_fortified_ug": (float(model.targets[len(targets)])
                                  if model.amounts.shape[0] > len(targets) else None),
        "cereal_with_milk": "a ready-to-eat cereal goes to a meal only with a milk of the "
                            "staple courses at that meal",
        "one_per_kind": "a day holds one food of a kind at most (candidates' kind: forms of "
                        "one food, data/food_kinds.csv); a week's rules count kinds",
        # all juices of a day together (candidates of course juice: a portion is 8 fl oz)
        "juice_oz_a_day": juice_oz_a_day(profile.age),
        "juice_portion_oz": JUICE_PORTION_OZ,
        # FDA/EPA's fish advice: the plan's servings (None: no limit), each candidate's
        "fish_servings": model.fish_servings,
        "targets": {VITAMINS[t.vitamin].label: t.value for t in targets},
        "upper_limits": {name: bound for (name, _r, bound, _u, _w) in limit_rows},
        "upper_limit_share": 1.0 if usual is not None else PLAN_SHARE_OF_UL,
        "folic_acid_rule": FOLIC_ACID_RULE,
        "niacin_rule": NIACIN_RULE,
        "missing_values": (
            "a vitamin USDA did not measure counts as 0; foods that may hold retinol, "
            "folic acid or added niacin USDA did not measure are not candidates (see "
            "unmeasured_for_limits)"
        ),
        "diet": opts.diet,
        "exclude_allergens": list(opts.exclude_allergens),
        "exclude": list(opts.exclude),
        "exclude_foods": list(opts.exclude_foods),
        "fixed_foods": [{"ndb": ndb, "meal": meal, "portions": 1.0} for ndb, meal in opts.fix],
        "fortified_allowed": opts.fortified,
        "all_foods": opts.all_foods,
        "candidates": _Columns(lambda: {
            "ndb": pool["ndb"].tolist(),
            "course": portions.course.astype(str).tolist(),
            "portion_grams": portions.grams.astype(float).tolist(),
            "step_portions": portions.step.astype(float).tolist(),
            "needs_milk": (model.with_milk.astype(bool).tolist() if model.with_milk is not None
                           else [False] * model.n),
            "family": pool["family"].astype(str).tolist() if "family" in pool else None,
            "kind": kinds_of(families(pool).astype(str).tolist()),
            "fish_servings_each": (model.fish.astype(float).tolist() if model.fish is not None
                                   else [0.0] * model.n),
            "max_units": model.units.astype(int).tolist(),
            "cost_per_unit": model.cost.T.tolist(),
            "cost_per_food": model.food_cost.T.tolist(),
        }),
    }
    return Plan(
        profile=profile,
        options=opts,
        targets=targets,
        days=days,
        alternatives=(alternatives_for(pool, portions, model, targets, days, limit_rows)
                      if x.any() else {}),
        model=model_block,
        candidates=len(pool),
        notes=notes,
        usual=usual,
    )


__all__ = ["OBJECTIVES", "NoPlanError", "Options", "Plan", "PlanItem", "Day", "suggest", "ORDER"]
