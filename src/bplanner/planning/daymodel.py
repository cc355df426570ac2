"""The exact model of planned days with meals: a mixed-integer program solved with HiGHS.

Read it top to bottom like a textbook diet problem. Over candidate foods j, meals m
(breakfast, lunch, dinner, snack) and days d:

    n[d,j,m]  integer 0..U_j   units of food j at meal m on day d
                               (a unit is half a portion, or a whole portion for a food
                               counted in pieces that a half portion would cut)
    y[d,j,m]  binary           food j is eaten at meal m on day d
    b[d,m]    0..CAP_m         the vitamin B12 of meal m that counts (absorption):
                               CAP_m = max(CAP, f_m), f_m the B12 a diary already gives

    minimise   cost[0] . n (+ food_cost[0] . y), then cost[1], ... (lexicographic: each
               level is minimised with the levels before it held at their optimum)
    such that  sum_{j,m} a[v,j] n[d,j,m] >= target_v     every chosen vitamin but B12, each day
               b[d,m] <= f_m + sum_j b12_j n[d,j,m]      B12 counts up to CAP_m a meal ...
               sum_m b[d,m] >= target_B12                ... and reaches its target, each day
               sum_{j,m} L[k,j] n[d,j,m] <= UL_k         every upper limit, each day
               n[d,j,m] <= U_j y[d,j,m], y <= n          units only where the food is eaten
               sum_m y[d,j,m] <= 1                       a food at one meal a day (a staple,
                                                          milk, at several: sum_m n <= U_j)
               sum_j y[d,j,m] <= items_m                 a meal holds a few foods ...
               sum_{j in slot s} y[d,j,m] <= 1           ... and one of each course slot
               sum_{j cereal} y[d,j,m] <= sum_{k milk} y[d,k,m]   ready-to-eat cereal comes
                                                          with a milk at the same meal
               sum_{j,m} y[d,j,m] >= min_foods           variety asked for, each day
    and over a week (days > 1):
               z[d,j] = sum_m y[d,j,m]                   food j is eaten on day d
               z[d,k] = OR_{j of kind k} z[d,j]          a kind (forms of one food) eaten
               sum_d z[d,k] <= repeat_k                  a kind on at most K days (staples: all)
               |day d  symmetric-difference  day d+1| >= 1   no two consecutive days alike
               no R + 1 days alike, unless their menu is      a menu on at most R days
               staples only (milk)                            (days compared by kinds)
    and in any plan, where FDA/EPA's fish advice applies:
               sum_{d,j} fish_j z[d,j] <= fish_servings  servings of fish (``weekrows``)

Large tables are made small without losing exactness (``reduce``): a relaxation of
this model (the y rows and the week rows dropped, coefficients cut at what can
count: a vitamin at its target, B12 at CAP per unit) is solved as a linear program
over every food by sifting, an integer plan is found on the foods of smallest
reduced cost, and every food whose reduced cost exceeds the gap between that plan
and the relaxation's bound is left out: any plan that uses it costs more than one
already found. Every answer is checked on the data before it is returned. A level
needs no solve over the foods left when its incumbent meets the bound, or when the
few foods that could be in a better plan (a budget filter at the incumbent less one
step) give a small model that finds that plan or proves there is none (``solve``).

A week (``week.solve_week``) is found exactly by ``week.best_week`` (every day plan that
could be in the best week listed, and the days chosen among them) unless that listing
is too large. Then it is planned day by day (``week.greedy_week``): each day the exact best
day among the foods the week's rules still allow. The first day may use every food;
what its solve proves (``Known``: its levels, its relaxations, its budget verdicts)
holds for the later days, which use fewer foods, so they skip the proofs it already
made. That week is proven best, level by level, when it sums to D times the best day;
when few foods remain it is solved as one joint model; otherwise each day is exact and
the week is said not to be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bplanner.planning import daytotals, weekrows
from bplanner.planning.mip import (
    _CLOCK,
    TOLERANCE,
    Infeasible,
    TimeUp,
    _Builder,
    _past,
    _quiet_construct,
)

WORKING_SET = 120  # foods in the first integer solve of a large table
TRIAL_ABOVE = 10 * WORKING_SET  # a later level searches the working set above this pool


@dataclass
class DayModel:
    """The data of the model, per unit of each candidate food (see the module docstring)."""

    amounts: np.ndarray  # (V, n) each chosen vitamin per unit
    targets: np.ndarray  # (V,)
    b12: int | None  # row of ``amounts`` counted per meal, or None
    cap: float  # B12 counted per meal at most
    limits: np.ndarray  # (K, n) limited nutrients per unit
    bounds: np.ndarray  # (K,)
    units: np.ndarray  # (n,) most units of a food a day (integer)
    cost: np.ndarray  # (L, n) per unit, one row per objective level
    food_cost: np.ndarray  # (L, n) per food used at a meal ("fewest foods")
    allowed: np.ndarray  # (n, M) bool: food may go to meal
    slot: np.ndarray  # (n,) integer course slot
    max_items: np.ndarray  # (M,)
    min_foods: int = 1
    days: int = 1
    repeat: np.ndarray | None = None  # (n,) most days a food may appear (None: no rule)
    differ: bool = False  # consecutive days must differ
    menu_repeat: int | None = None  # most days one menu (a non-staple in it) may be eaten
    fixed: np.ndarray | None = None  # (D, V, M) amounts already eaten (a diary), per meal
    fixed_limits: np.ndarray | None = field(default=None)  # (D, K) limited amounts eaten
    brand: np.ndarray | None = None  # (n,) brand-name products (for the plan, not the model)
    adds_b: np.ndarray | None = None  # (n,) foods with B vitamins added (likewise)
    multi_meal: np.ndarray | None = None  # (n,) staples that may be at several meals a day
    # (n,) foods eaten with a staple (milk) at the same meal: ready-to-eat cereal
    with_milk: np.ndarray | None = None
    # FDA/EPA's advice on fish (pregnancy, breastfeeding, children): the servings of the
    # plan's allowance each food uses on a day it is eaten (0: not seafood; a day's units
    # are at most a serving), and that allowance (None: no limit)
    fish: np.ndarray | None = None  # (n,)
    fish_servings: float | None = None
    # (n,) each food's kind, 0..K-1: foods that are forms of one food (skim and 1% milk)
    # are one for the week's rules (``weekrows``); None: each food its own kind
    kind: np.ndarray | None = None
    week_exact: bool = True  # False when a week is the greedy one (see week.solve_week)
    week_exact_levels: int | None = None  # leading levels proven for the week (None: all)
    # what ``solve`` proved of the plan it returned: the leading levels proven optimal
    # (None: all) and a lower bound of the first level not proven (None: none known)
    proven: int | None = None
    bound: float | None = None

    @property
    def n(self) -> int:
        return self.cost.shape[1]

    @property
    def meals(self) -> int:
        return self.allowed.shape[1]

    def subset(self, idx: np.ndarray) -> DayModel:
        """The same model over some of its foods (per-food arrays cut to ``idx``)."""
        def cut(a):
            return None if a is None else a[idx]

        return DayModel(
            amounts=self.amounts[:, idx], targets=self.targets, b12=self.b12, cap=self.cap,
            limits=self.limits[:, idx], bounds=self.bounds, units=self.units[idx],
            cost=self.cost[:, idx], food_cost=self.food_cost[:, idx],
            allowed=self.allowed[idx], slot=self.slot[idx], max_items=self.max_items,
            min_foods=self.min_foods, days=self.days, repeat=cut(self.repeat),
            differ=self.differ, menu_repeat=self.menu_repeat, fixed=self.fixed,
            fixed_limits=self.fixed_limits,
            brand=cut(self.brand), adds_b=cut(self.adds_b), multi_meal=cut(self.multi_meal),
            with_milk=cut(self.with_milk), fish=cut(self.fish),
            fish_servings=self.fish_servings,
            kind=None if self.kind is None else np.unique(self.kind[idx], return_inverse=True)[1],
        )

    # ---------------------------------------------------------------- checking a plan

    def _fixed(self) -> np.ndarray:
        if self.fixed is None:
            return np.zeros((self.days, self.amounts.shape[0], self.meals))
        return self.fixed

    def _fixed_limits(self) -> np.ndarray:
        if self.fixed_limits is None:
            return np.zeros((self.days, self.limits.shape[0]))
        return self.fixed_limits

    def counted(self, x: np.ndarray) -> np.ndarray:
        """(D, V) amounts that count toward each target: a meal's B12 counts up to the
        cap, or as much as a diary already gives at that meal if that is more
        (``absorption.counted_b12``)."""
        fixed = self._fixed()
        per_meal = np.einsum("vj,djm->dvm", self.amounts, x) + fixed
        out = per_meal.sum(axis=2)
        if self.b12 is not None:
            f = fixed[:, self.b12, :]
            out[:, self.b12] = np.maximum(f, np.minimum(per_meal[:, self.b12, :],
                                                        self.cap)).sum(axis=1)
        return out

    def feasible_targets(self, x: np.ndarray) -> bool:
        """Every day reaches every target and keeps every limit (the meal rules aside)."""
        limits = np.einsum("kj,djm->dk", self.limits, x) + self._fixed_limits()
        return bool(np.all(self.counted(x) >= self.targets[None, :] * (1 - 1e-12))
                    and np.all(limits <= self.bounds[None, :] * (1 + 1e-12)))

    def objective(self, x: np.ndarray) -> np.ndarray:
        """The value of every objective level, in order."""
        return (self.cost @ x.sum(axis=(0, 2)) + self.food_cost @ (x > 0).sum(axis=(0, 2)))

    def feasible(self, x: np.ndarray) -> bool:
        """Every rule of the model, checked on the data in plain arithmetic."""
        used = x > 0
        meals_of = used.sum(axis=2)  # (D, n) meals a food is in, per day
        per_day_food = (meals_of > 0).astype(int)  # (D, n) the food is eaten that day
        multi = np.zeros(self.n, dtype=bool) if self.multi_meal is None else self.multi_meal
        limits = np.einsum("kj,djm->dk", self.limits, x) + self._fixed_limits()
        ok = (
            np.all(x >= 0)
            and np.all(x.sum(axis=2) <= self.units[None, :])
            and not np.any(used & ~self.allowed[None, :, :])
            and np.all(meals_of[:, ~multi] <= 1)
            and np.all(self.counted(x) >= self.targets[None, :] * (1 - 1e-12))
            and np.all(limits <= self.bounds[None, :] * (1 + 1e-12))
            and np.all(used.sum(axis=1) <= self.max_items[None, :])
            and np.all(per_day_food.sum(axis=1) >= self.min_foods)
        )
        if not ok:
            return False
        for s in np.unique(self.slot):
            if np.any(used[:, self.slot == s, :].sum(axis=1) > 1):
                return False
        if self.with_milk is not None and self.with_milk.any():
            # cereal at a meal only with a milk at that meal
            if np.any(used[:, self.with_milk, :].any(axis=1) & ~used[:, multi, :].any(axis=1)):
                return False
        if self.kind is not None:  # the week's rules see kinds: forms of one food are one
            per_day_kind = np.zeros((self.days, weekrows.kinds_count(self)), dtype=bool)
            for d in range(self.days):
                eaten_kinds = self.kind[per_day_food[d] > 0]
                if eaten_kinds.size != np.unique(eaten_kinds).size:
                    return False  # two forms of one food on a day
                per_day_kind[d, eaten_kinds] = True
        else:
            per_day_kind = per_day_food
        repeat, multi_kind = weekrows.kind_repeat(self), weekrows.kind_multi(self)
        if repeat is not None and np.any(per_day_kind.sum(axis=0) > repeat):
            return False
        if self.fish_servings is not None and self.fish is not None and (
                float((per_day_food * self.fish[None, :]).sum()) > self.fish_servings + 1e-9):
            return False
        if self.differ:
            for d in range(self.days - 1):
                if np.array_equal(per_day_kind[d], per_day_kind[d + 1]):
                    return False
        if self.menu_repeat is not None:
            menus: dict[bytes, int] = {}
            for d in range(self.days):
                if np.any(per_day_kind[d] & ~multi_kind):  # staples alone may be eaten daily
                    key = per_day_kind[d].astype(np.int8).tobytes()
                    menus[key] = menus.get(key, 0) + 1
            if any(count > self.menu_repeat for count in menus.values()):
                return False
        return True


# -------------------------------------------------------------------- the HiGHS model


def solve_milp(p: DayModel, tighten: np.ndarray | None = None, levels=None,
               caps=(), time_limit: float | None = None, reach: int | None = None
               ) -> np.ndarray:
    """The exact optimum of the model over all its foods: units (D, n, M).

    ``levels`` are the objective levels minimised in turn (all by default); ``caps``
    holds (level, value) pairs: plans whose level exceeds the value are excluded.
    ``reach`` (a vitamin row) replaces the objective: the most of that vitamin a plan
    counts, up to its target, instead of reaching the target (``most_counted``).
    The rows are built as numpy blocks, in the order of the module docstring.
    """
    inf = float("inf")
    D, n, M = p.days, p.n, p.meals
    fixed, fixed_limits = p._fixed(), p._fixed_limits()
    extra = np.zeros(p.targets.shape[0]) if tighten is None else tighten
    B = _Builder()
    pairs = np.argwhere(p.allowed)  # (P, 2): food j may go to meal m, sorted by food
    food, meal = pairs[:, 0], pairs[:, 1]
    P = len(pairs)
    x_cols, y_cols, b_cols = [], [], []
    for _d in range(D):
        x_cols.append(B.cols(P, 0, p.units[food], 0, True))
        y_cols.append(B.cols(P, 0, 1, 0, True))
        b_cols.append(B.cols(M, 0, np.maximum(p.cap, fixed[_d, p.b12]), 0, False)
                      if p.b12 is not None else None)
    multi = np.zeros(n, dtype=bool) if p.multi_meal is None else p.multi_meal
    per_food = np.bincount(food, minlength=n)  # meals each food may go to
    first_pair = np.concatenate([[0], np.cumsum(per_food)[:-1]])  # pairs are by food
    shared = per_food[food] > 1  # pairs of foods that may go to several meals
    several = np.flatnonzero(per_food > 1)
    rank = np.cumsum(per_food > 1) - 1  # row of a food among the foods with several meals
    ones = np.ones(P)
    z_cols, r_cols = [], []
    for d in range(D):
        x, y = x_cols[d], y_cols[d]
        for v in range(p.targets.shape[0]):
            coef = p.amounts[v, food]
            if v == p.b12:
                b = b_cols[d]
                # b[d,m] - sum_j b12_j n[d,j,m] <= fixed B12 of the meal, one row a meal
                B.rows(M, np.concatenate([np.arange(M), meal]), np.concatenate([b, x]),
                       np.concatenate([np.ones(M), -coef]), -inf, fixed[d, v])
                if v == reach:  # the counted B12, up to the target, is the objective
                    B.row(b, np.ones(M), -inf, p.targets[v])
                    r_cols.append(b)
                else:
                    B.row(b, np.ones(M), p.targets[v] + extra[v], inf)
            elif v == reach:  # r <= what the day counts, r <= the target: maximise r
                r = B.cols(1, 0, p.targets[v], 0, False)
                r_cols.append(r)
                B.row(np.concatenate([x, r]), np.concatenate([coef, [-1.0]]),
                      -fixed[d, v].sum(), inf)
            else:
                need = p.targets[v] + extra[v] - fixed[d, v].sum()
                B.row(x, coef, need, inf)
        for k in range(p.bounds.shape[0]):
            B.row(x, p.limits[k, food], -inf, p.bounds[k] - fixed_limits[d, k])
        # per pair: n <= U y, then y <= n
        i2 = 2 * np.arange(P)
        B.rows(2 * P, np.stack([i2, i2, i2 + 1, i2 + 1], 1).reshape(-1),
               np.stack([x, y, y, x], 1).reshape(-1),
               np.stack([ones, -p.units[food].astype(float), ones, -ones], 1).reshape(-1),
               -inf, 0.0)
        # a food at one meal a day, but a staple at several, its units a day within the limit
        B.rows(several.size, rank[food[shared]],
               np.where(multi[food[shared]], x[shared], y[shared]), 1.0, -inf,
               np.where(multi[several], p.units[several].astype(float), 1.0))
        for m in range(M):
            sel = np.flatnonzero(meal == m)
            B.row(y[sel], 1.0, -inf, float(p.max_items[m]))
            slots = p.slot[food[sel]]
            for s in np.unique(slots):
                same = sel[slots == s]
                if len(same) > 1:
                    B.row(y[same], 1.0, -inf, 1.0)
            if p.with_milk is not None:
                # ready-to-eat cereal at this meal only with a milk at it: cereal <= milk
                needs = sel[p.with_milk[food[sel]]]
                if needs.size:
                    milk = sel[multi[food[sel]]]
                    B.row(np.concatenate([y[needs], y[milk]]),
                          np.concatenate([np.ones(needs.size), -np.ones(milk.size)]),
                          -inf, 0.0)
        if D > 1 or p.min_foods > 1 or weekrows.shared_kinds(p):
            # z[d,j]: food j is eaten on day d: z[j] = sum_m y[j,m], and for a staple (at
            # several meals) z[j] >= sum_m y[j,m]... bounded by y[j,m] <= z[j] for each m
            z = B.cols(n, 0, 1, 0, True)
            z_cols.append(z)
            count = 1 + np.where(multi, per_food, 0)  # rows of each food
            row0 = np.concatenate([[0], np.cumsum(count)[:-1]])
            within = np.arange(P) - first_pair[food]  # the pair's place among its food's
            mp = multi[food]
            lower = np.zeros(int(count.sum()))
            lower[row0[multi]] = -inf
            lower[np.setdiff1d(np.arange(lower.size), row0)] = -inf
            linked = row0[food[mp]] + 1 + within[mp]
            B.rows(lower.size, np.concatenate([row0, row0[food], linked, linked]),
                   np.concatenate([z, y, y[mp], z[food[mp]]]),
                   np.concatenate([np.ones(n), -ones, np.ones(mp.sum()), -np.ones(mp.sum())]),
                   lower, 0.0)
            if p.min_foods > 1:
                B.row(z, 1.0, float(p.min_foods), inf)  # different foods
    if D > 1:
        weekrows.add(B, p, weekrows.kind_cols(B, p, z_cols))
    weekrows.one_per_kind(B, p, z_cols)
    weekrows.add_fish(B, p, y_cols, food)

    def level_cost(lvl: int) -> np.ndarray:
        cost = np.zeros(B.ncols)
        for d in range(D):
            cost[x_cols[d]] = p.cost[lvl, food]
            cost[y_cols[d]] = p.food_cost[lvl, food]
        return cost

    for lvl, value in caps:
        cost = level_cost(lvl)
        nz = np.flatnonzero(cost)
        B.row(nz, cost[nz], -inf, value + 1e-7 * max(1.0, abs(value)))
    clock = _CLOCK.get()
    if clock is not None:
        clock.stop = None
    if reach is not None:
        most = np.zeros(B.ncols)
        most[np.concatenate(r_cols)] = -1.0
        order = [0]
        values = B.solve([most], time_limit, integral=False)
    else:
        order = list(range(p.cost.shape[0]) if levels is None else levels)
        values = B.solve([level_cost(lvl) for lvl in order], time_limit)
    if clock is not None and B.stopped is not None:  # cut by the time limit (``Clock``)
        clock.stop = (order[B.stopped[0]], B.stopped[1])
    out = np.zeros((D, n, M), dtype=int)
    for d in range(D):
        out[d, food, meal] = np.rint(values[x_cols[d]]).astype(int)
    return out


def solve_exact(p: DayModel, levels=None, caps=()) -> np.ndarray:
    """``solve_milp``, then checked on the data; a target missed by the solver's
    tolerance is tightened by that hair and the model solved again."""
    extra = np.zeros(p.targets.shape[0])
    for margin in (TOLERANCE, 1e-8, 1e-7, 1e-6):
        try:
            x = solve_milp(p, extra, levels, caps)
        except Infeasible as err:
            err.proven = err.proven and not extra.any()  # tightened: not a proof for p
            raise
        if p.feasible(x):
            return x
        short = (p.counted(x) < p.targets[None, :] * (1 - 1e-12)).any(axis=0)
        if not short.any():
            break
        extra = np.where(short, extra + margin * np.maximum(1.0, p.targets), extra)
    raise Infeasible("the solver's answer fails the check on the data")  # pragma: no cover


# ----------------------------------------------------------- exact reduction of big tables


def _strengthened(p: DayModel):
    """Per-unit coefficients of the relaxation: what one unit can count at most."""
    amounts = np.minimum(p.amounts, np.maximum(p.targets, 0)[:, None])
    if p.b12 is not None:
        amounts[p.b12] = np.minimum(p.amounts[p.b12], p.cap)
    units = p.units.astype(float).copy()
    for row, bound in zip(p.limits, p.bounds):
        with np.errstate(divide="ignore", invalid="ignore"):
            most = np.where(row > 0, np.floor(bound / row * (1 + 1e-12)), np.inf)
        units = np.minimum(units, np.maximum(most, 0))
    return amounts, units


def _relaxation_bound(p: DayModel, amounts: np.ndarray, units: np.ndarray, level: int = 0,
                      caps=()):
    """LP bound of one day of the relaxed model over every food, by sifting.

    Rows: each vitamin (B12 as sum_m b_m >= target with b_m <= CAP and
    b_m <= sum_j b12_j x_jm), each upper limit. Columns: x_jm for allowed pairs,
    b_m, and an expensive slack per vitamin row so every working LP is feasible.
    Returns (bound, reduced cost per food: its cheapest meal).
    """
    import highspy

    V, K, M = amounts.shape[0], p.limits.shape[0], p.meals
    usable = (units > 0) & p.allowed.any(axis=1)
    other = [v for v in range(V) if v != p.b12]
    # rows: 0..V-1 vitamins (the B12 one holds the b columns), V..V+K-1 limits,
    # then one link row per meal when B12 is counted
    # a food's fixed cost spread over its units: y >= x / U in every integer plan
    def per_unit(lvl: int) -> np.ndarray:
        return p.cost[lvl] + p.food_cost[lvl] / np.maximum(units, 1)

    lp_cost = per_unit(level)
    cap_rows = [(per_unit(lvl), value) for lvl, value in caps]
    big = 1e3 * (float(lp_cost.max()) + 1.0) * (1.0 + float(p.targets.max()))
    h = _quiet_construct(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    lower = [*p.targets.tolist(), *([-inf] * K)]
    upper = [*([inf] * V), *p.bounds.tolist()]
    if p.b12 is not None:
        lower += [-inf] * M
        upper += [0.0] * M
    # the levels already solved, held at their optimum: rows after the link rows
    first_cap = len(lower)
    for _cost, value in cap_rows:
        lower.append(-inf)
        upper.append(value + 1e-7 * max(1.0, abs(value)))
    nrows = len(lower)
    h.addRows(nrows, np.array(lower, dtype=float), np.array(upper, dtype=float), 0,
              np.zeros(nrows, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))

    def add_col(cost, lo, hi, rows, vals):
        h.addCol(float(cost), float(lo), float(hi), len(rows), np.asarray(rows, dtype=np.int32),
                 np.asarray(vals, dtype=float))

    for v in range(V):
        add_col(big, 0, inf, [v], [1.0])
    if p.b12 is not None:
        for m in range(M):
            add_col(0.0, 0, p.cap, [p.b12, V + K + m], [1.0, 1.0])
    ncols = V + (M if p.b12 is not None else 0)
    col_of: dict[tuple[int, int], int] = {}

    def add_food(j: int, m: int) -> None:
        nonlocal ncols
        rows, vals = [], []
        for v in other:
            if amounts[v, j] != 0:
                rows.append(v)
                vals.append(amounts[v, j])
        for k in range(K):
            if p.limits[k, j] != 0:
                rows.append(V + k)
                vals.append(p.limits[k, j])
        if p.b12 is not None and amounts[p.b12, j] != 0:
            rows.append(V + K + m)
            vals.append(-amounts[p.b12, j])
        for c, (cost, _value) in enumerate(cap_rows):
            if cost[j] != 0:
                rows.append(first_cap + c)
                vals.append(cost[j])
        add_col(lp_cost[j], 0, units[j], rows, vals)
        col_of[(j, m)] = ncols
        ncols += 1

    def reduced(duals: np.ndarray) -> np.ndarray:
        """(n, M) reduced cost of every food at every meal (inf where not allowed)."""
        y_vit, y_lim = duals[:V], duals[V:V + K]
        base = lp_cost - y_vit[other] @ amounts[other] - y_lim @ p.limits
        for c, (cost, _value) in enumerate(cap_rows):
            base = base - duals[first_cap + c] * cost
        out = np.repeat(base[:, None], M, axis=1)
        if p.b12 is not None:
            y_link = duals[V + K:V + K + M]
            out = out + amounts[p.b12][:, None] * y_link[None, :]
        return np.where(p.allowed & usable[:, None], out, np.inf)

    # start: for each vitamin the foods that give most of it per unit of cost
    start = set()
    per = max(1, 200 // max(V, 1))
    for v in range(V):
        ratio = np.where(usable, amounts[v] / np.maximum(lp_cost, 1e-12), -np.inf)
        start.update(np.argsort(-ratio, kind="stable")[:per].tolist())
    for j in sorted(start):
        for m in np.flatnonzero(p.allowed[j]):
            add_food(j, int(m))
    for _ in range(200):
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:  # pragma: no cover
            return None
        duals = np.asarray(h.getSolution().row_dual)
        r = reduced(duals)
        for (j, m) in col_of:
            r[j, m] = np.inf
        flat = np.flatnonzero(r.reshape(-1) < -1e-9)
        if flat.size == 0:
            break
        order = flat[np.argsort(r.reshape(-1)[flat], kind="stable")][:200]
        for f in order:
            add_food(int(f // M), int(f % M))
    else:  # pragma: no cover
        return None
    values = np.asarray(h.getSolution().col_value)
    if np.any(values[:V] > 1e-7):
        raise Infeasible("the vitamins cannot be covered within the limits")
    bound = float(h.getInfo().objective_function_value)
    r = reduced(np.asarray(h.getSolution().row_dual))
    return bound, r.min(axis=1), np.array(sorted({j for j, _m in col_of}), dtype=np.int64)


DOMINANCE_MAX = 20_000  # pairwise dominance is O(n^2) within a slot: only up to this size


def undominated(p: DayModel) -> np.ndarray:
    """Indices of the foods some optimal plan may need: the others are dominated.

    Food i dominates food j when both fill the same course slot, i may go to every
    meal j may, and a unit of i gives at least as much of every vitamin, no more of
    any limited nutrient, costs no more (per unit and per food) and i may take at
    least as many units, and i is a staple (may be at several meals) if j is, and needs a
    milk at its meal only if j does (ready-to-eat cereal), uses no more of the fish
    allowance, and is of j's kind or a kind of its own (so the swap never puts two forms
    of one food in a day, ``weekrows.one_per_kind``); exact ties go to the lower index.
    A day holds at most one food of a slot per meal, so at most ``k`` foods of j's slot,
    where ``k`` is the number of meals that slot can go to. If j has ``k`` or more
    dominators, a plan that uses j leaves one of them unused that day; moving j's
    units to it keeps the plan feasible and no dearer (dominance is a strict order, so
    this ends). Only for one day: the week's repeat and difference rules could block
    the move.
    """
    # a limit that no day of at most max-items foods can reach plays no part in the swap
    most_foods = int(p.max_items.sum())
    reach = np.sort(p.limits * p.units[None, :], axis=1)[:, ::-1][:, :most_foods].sum(axis=1)
    binding = reach > p.bounds * (1 - 1e-12)
    # what a unit can count: a vitamin up to its target, B12 up to the cap of a meal (a
    # unit at or above that covers it alone, whatever else is eaten)
    cut, _units = _strengthened(p)
    multi = np.zeros(p.n, dtype=bool) if p.multi_meal is None else p.multi_meal
    keep = []
    for s in np.unique(p.slot):
        members = np.flatnonzero(p.slot == s)
        k = int(p.allowed[members].any(axis=0).sum())
        if members.size <= k or members.size > DOMINANCE_MAX:
            keep.append(members)
            continue
        with_milk = np.zeros(p.n) if p.with_milk is None else p.with_milk.astype(float)
        fish = np.zeros(p.n) if p.fish is None else p.fish.astype(float)
        better = np.vstack([cut[:, members], -p.limits[binding][:, members],
                            -p.cost[:, members], -p.food_cost[:, members],
                            p.units[None, members].astype(float),
                            multi[None, members].astype(float),
                            -with_milk[None, members], -fish[None, members]])
        kind = np.arange(p.n) if p.kind is None else p.kind
        alone = np.bincount(kind)[kind] == 1  # a food that is a kind of its own
        meals = p.allowed[members]
        dominators = np.zeros(members.size, dtype=np.int64)
        idx = np.arange(members.size)
        chunk = max(1, 2_000_000 // max(members.size, 1))
        for start in range(0, members.size, chunk):
            i = idx[start:start + chunk]
            ge = np.all(better[:, i, None] >= better[:, None, :] - 1e-12, axis=0)
            gt = np.any(better[:, i, None] > better[:, None, :] + 1e-12, axis=0)
            covers = np.all(meals[i, None, :] | ~meals[None, :, :], axis=2)
            same_kind = (kind[members[i]][:, None] == kind[members][None, :]) | alone[
                members[i]][:, None]
            dom = ge & covers & same_kind & (gt | (i[:, None] < idx[None, :]))
            dom[np.arange(i.size), i] = False
            dominators += dom.sum(axis=0)
        keep.append(members[dominators < k])
    return np.sort(np.concatenate(keep)) if keep else np.zeros(0, dtype=np.int64)


def _solve_reduced(p: DayModel, levels=None, caps=(), start: np.ndarray | None = None
                   ) -> np.ndarray:
    """``solve_exact`` on the undominated foods of a one-day model (all foods for a week);
    a day is first solved without its meals (``daytotals``), which decides most days in a
    fraction of the time. ``start``, a plan (1, n, M) within ``caps`` (one level): that
    solve seeks only better plans (its value bounds the search from the start) and
    ``start`` is the optimum when the solve proves there is none."""
    if p.days > 1:
        return solve_exact(p, levels, caps)
    keep = undominated(p)
    q = p.subset(keep)
    below = None
    if start is not None and levels is not None and len(levels) == 1:
        below = float(p.objective(start)[levels[0]])
    try:
        found = daytotals.solve(q, levels, caps, below=below)
    except daytotals.NoneBelow:
        return start
    x = np.zeros((p.days, p.n, p.meals), dtype=int)
    x[:, keep, :] = solve_exact(q, levels, caps) if found is None else found
    return x


def _within_budget(p: DayModel, amounts: np.ndarray, budget: float) -> np.ndarray:
    """Foods that can be in some day whose first objective level is at most ``budget``.

    Holds when every unit's first-level cost is positive and no food has a fixed
    cost (the "portions" and "kcal" levels): a day that uses u units of food j spends
    u * c_j, and the rest of the budget buys at most (budget - u c_j) / min c other
    units, each giving no more of a vitamin than the richest unit (B12 counted up to
    the cap). If no u reaches every target that way, no such day uses food j. The u
    units of j count their B12 up to the cap of one meal, or of as many meals as they
    can spread over for a staple (``multi_meal``).
    """
    c = p.cost[0]
    keep = np.ones(p.n, dtype=bool)
    if np.any(c <= 0) or np.any(p.food_cost[0] != 0):
        return keep
    cheapest = float(c.min())
    best = amounts.max(axis=1)  # (V,) the richest unit of each vitamin (cut)
    prices = _covering_prices(amounts, c, p.targets)
    reach = np.zeros(p.n, dtype=bool)
    meals = np.ones(p.n) if p.multi_meal is None else np.where(
        p.multi_meal, p.allowed.sum(axis=1), 1)  # meals a food's units may spread over
    front = _maximal(amounts)  # a unit that covers a need: one of these covers it too
    for u in range(1, int(p.units.max()) + 1):
        can = (u <= p.units) & (u * c <= budget * (1 + 1e-9))
        others = np.floor(np.maximum(budget - u * c, 0) / cheapest * (1 + 1e-9) + 1e-9)
        own = amounts * u
        if p.b12 is not None:
            own[p.b12] = np.minimum(own[p.b12], p.cap * np.minimum(u, meals))
        ok = can & np.all(own + others[None, :] * best[:, None]
                          >= p.targets[:, None] * (1 - 1e-9), axis=0)
        if prices is not None:
            # the other units must cover what is left, which costs at least rest . prices
            rest = np.maximum(p.targets[:, None] - own, 0)
            ok &= u * c + prices @ rest <= budget * (1 + 1e-9) + 1e-9
        # one other unit at most: it must be one food's unit that covers all the rest
        single = ok & (others == 1)
        if single.any():
            rest = np.maximum(p.targets[:, None] - own[:, single], 0) * (1 - 1e-9)
            idx = np.flatnonzero(single)
            covered = np.zeros(idx.size, dtype=bool)
            for start in range(0, idx.size, 512):
                part = rest[:, start:start + 512]  # (V, k)
                fits = np.all(amounts[:, front, None] >= part[:, None, :], axis=0)  # (F, k)
                fits &= front[:, None] != idx[None, start:start + 512]  # not itself
                covered[start:start + 512] = fits.any(axis=0)
            # a food of the front may be the only front unit that covers its own rest
            # while a unit it dominates covers it too: those few are checked on every unit
            again = np.flatnonzero(~covered & np.isin(idx, front))
            for k in again:
                fits = np.all(amounts >= rest[:, k, None], axis=0)
                fits[idx[k]] = False
                covered[k] = fits.any()
            ok[idx] = covered
        none_left = ok & (others == 0)
        if none_left.any():
            ok[none_left] = np.all(own[:, none_left] >= p.targets[:, None] * (1 - 1e-9), axis=0)
        reach |= ok
    return keep & reach


def _maximal(a: np.ndarray, chunk: int = 1024) -> np.ndarray:
    """The columns of ``a`` (V, n) that no other column dominates (>= in every row, >
    in one); equal columns are all kept. Every column is dominated by one of them or
    equal to one. Columns are taken by decreasing sum: a column can only be dominated
    by one of larger sum, so one already taken."""
    order = np.argsort(-a.sum(axis=0), kind="stable")
    front = np.zeros(0, dtype=np.int64)

    def dominated(by: np.ndarray, cols: np.ndarray) -> np.ndarray:
        out = np.zeros(cols.size, dtype=bool)
        for s in range(0, by.size, chunk):
            f = by[s:s + chunk]
            ge = np.all(a[:, f, None] >= a[:, None, cols], axis=0)
            gt = np.any(a[:, f, None] > a[:, None, cols], axis=0)
            out |= (ge & gt).any(axis=0)
        return out

    for s in range(0, order.size, chunk):
        cols = order[s:s + chunk]
        if front.size:
            cols = cols[~dominated(front, cols)]
        cols = cols[~dominated(cols, cols)]
        front = np.concatenate([front, cols])
    return np.sort(front)


def _covering_prices(amounts: np.ndarray, cost: np.ndarray, targets: np.ndarray):
    """Prices y >= 0 of the vitamins with y . a_j <= c_j for every food j: the duals of
    the covering LP min c.x s.t. A x >= t, x >= 0. By weak duality any units that give
    at least r of the vitamins cost at least y . r. None if the LP has no optimum."""
    return covering_prices_each(amounts, [cost], targets)[0]


def covering_prices_each(amounts: np.ndarray, costs: list, targets: np.ndarray,
                         most: int | None = None) -> list:
    """``_covering_prices`` for each cost vector, on one HiGHS model (each solve starts
    from the basis of the one before).

    With ``most``, the model holds only the ``most`` columns richest in each vitamin
    for their first cost (a large table has many): its prices may undercut a column
    left out, so they are scaled down until none does, which keeps them valid."""
    import highspy

    V, n = amounts.shape
    if n == 0:
        return [None] * len(costs)
    everything, all_costs = amounts, costs
    if most is not None and n > most * V:
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = amounts / np.maximum(costs[0], 1e-300)[None, :]
        keep = np.unique(np.concatenate([np.argpartition(-ratio[v], most)[:most]
                                         for v in range(V)]))
        amounts, costs = amounts[:, keep], [c[keep] for c in costs]
        n = keep.size
    h = _quiet_construct(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    h.addVars(n, np.zeros(n), np.full(n, inf))
    for v in range(V):
        nz = np.flatnonzero(amounts[v])
        h.addRow(float(targets[v]), inf, len(nz), nz.astype(np.int32), amounts[v, nz])
    cols = np.arange(n, dtype=np.int32)
    out = []
    for cost, full_cost in zip(costs, all_costs):
        h.changeColsCost(n, cols, np.asarray(cost, dtype=float))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            out.append(None)
            continue
        y = np.maximum(np.asarray(h.getSolution().row_dual), 0.0)
        # scale so that y . a_j <= c_j holds for every column (those left out, round-off)
        worst = np.max((y @ everything) / np.maximum(full_cost, 1e-300))
        out.append(y / worst if worst > 1 else y)
    return out


def _granularity_of(p: DayModel, level: int) -> float:
    """The g with every plan's value of a level a multiple of g, or 0."""
    for g in (1.0, 0.5):  # the planner's levels are whole numbers: g = 1
        costs = np.concatenate([p.cost[level], p.food_cost[level]]) / g
        if np.allclose(costs, np.rint(costs), atol=1e-9):
            return g
    return 0.0


@dataclass
class Known:
    """What the solve of a day over all foods proves for later solves over some of them
    (the greedy week: each day the same model with a few foods left out).

    Every plan over some of the foods is a plan over all of them, so:
    - ``levels``: the optimum's levels over all foods. A plan over fewer foods whose levels
      before level l equal these cannot do better than ``levels[l]`` at level l, so an
      incumbent at that value is proven optimal without a solve.
    - ``relax``: the relaxation at a level, with the levels before held at given values
      (the key): its bound and each food's least value (bound + reduced cost) bound every
      plan over fewer foods with the same values; a food left out at an earlier level
      (inf) fits no plan with those values.
    - ``budget``: the budget filter's verdict for a budget and the foods it argued from
      (cheapest unit, richest unit, covering prices, a unit covering the rest): the best
      plan over fewer foods uses only the foods left at that point of its own solve; when
      these are among the ones argued from, the verdict holds for them.
    """

    levels: tuple | None = None
    relax: dict = field(default_factory=dict)
    budget: dict = field(default_factory=dict)
    # the plan over all foods and what its solve proved (``DayModel.proven``, ``bound``):
    # ``levels`` is set only when every level is proven (a time limit may cut the solve)
    values: tuple | None = None
    proven: int | None = None
    bound: float | None = None

    def note(self, p: DayModel, x: np.ndarray) -> None:
        self.values = tuple(p.objective(x))
        self.proven, self.bound = p.proven, p.bound
        if p.proven is None:
            self.levels = self.values


def _key(caps) -> tuple:
    return tuple(round(float(v), 6) for _lvl, v in caps)


def solve(p: DayModel, known: Known | None = None, index: np.ndarray | None = None
          ) -> np.ndarray:
    """The exact lexicographic optimum; large tables reduced level by level.

    For each level in turn: the relaxation with the levels before held at their
    optimum gives a bound and every food a least value of the level for a plan that
    uses it; an incumbent (level 0: the best plan over the foods of smallest reduced
    cost; later levels: the plan of the level before, which keeps every level before
    at its optimum, or on a large pool the best plan over the foods of smallest
    reduced cost and its foods, if better) bounds the level's optimum; foods whose
    least value exceeds the incumbent cannot be in the optimum and are left out. The
    incumbent is the optimum when it reaches the bound (rounded up to the level's
    granularity) or, for fewer foods, the optimum over all of them (``known``). When
    few foods can be in a better plan (least value and budget filter at the incumbent
    less one step), the model over them finds that plan or proves there is none;
    otherwise the level is solved exactly on the foods left, with the levels before
    it as constraints.

    ``known`` (``Known``) carries what the solve over all foods proved; ``index`` says
    which of those foods ``p`` holds (None: ``p`` is the model over all of them, and
    ``known`` is filled in).
    """
    if p.days > 1:
        raise ValueError("daymodel.solve plans one day; a week is week.solve_week "
                         "(bplanner.planning.solve.solve takes either)")
    p.proven, p.bound = None, None
    if p.n <= WORKING_SET:
        _take_stop()
        x = _solve_reduced(p)
        stop = _take_stop()
        if stop is not None:  # cut by the time limit: the levels before it are proven
            p.proven, p.bound = stop
        if known is not None and index is None:
            known.note(p, x)
        return x
    full = index is None
    index = np.arange(p.n) if full else index
    r = _without_diary(p)  # a relaxation of p without fixed amounts, for the bounds only
    amounts, units = _strengthened(r)
    pool = np.arange(p.n)  # foods of p still in the running
    caps: list[tuple[int, float]] = []
    x = None  # the best plan so far, (1, n, M)
    for level in range(p.cost.shape[0]):
        searched = None  # foods over which the incumbent is the optimum of this level
        key = (level, _key(caps))
        if known is not None and not full and key in known.relax:
            bound, least_all, active_all = known.relax[key]
            least = least_all[index[pool]]
            active = np.flatnonzero(np.isin(index[pool], active_all))
        else:
            found = _relaxation_bound(r.subset(pool), amounts[:, pool], units[pool], level,
                                      caps)
            if found is None:  # pragma: no cover - sifting converges in a few rounds
                raise Infeasible("the relaxation did not converge")
            bound, reduced, active = found
            least = bound + reduced
            if known is not None and full:
                least_all = np.full(p.n, np.inf)
                least_all[pool] = least
                known.relax[key] = (bound, least_all, pool[active])
        g = _granularity_of(p, level)
        if g:  # every plan's value is a multiple of g: round the least values up
            with np.errstate(invalid="ignore"):
                least = np.where(np.isfinite(least), np.ceil(least / g - 1e-7) * g, least)
            bound = np.ceil(bound / g - 1e-7) * g
        usable = np.flatnonzero(np.isfinite(least))
        floor = None  # the optimum over all foods, when it bounds this level (``Known``)
        if known is not None and not full and known.levels is not None and all(
                abs(v - known.levels[lvl]) <= 1e-7 * max(1.0, abs(v)) for lvl, v in caps):
            floor = known.levels[level]
        least_value = max(bound, -np.inf if floor is None else floor)
        p.bound = float(least_value) if np.isfinite(least_value) else None
        if x is not None and p.objective(x)[level] > least_value + 1e-7 * max(
                1.0, abs(least_value)) and _past():  # the time limit: not proven
            p.proven = level
            break
        if x is None or (usable.size > TRIAL_ABOVE and p.objective(x)[level] > least_value
                         + 1e-7 * max(1.0, abs(least_value))):
            # an incumbent: the best plan over the foods of smallest least value (and the
            # foods of the plan so far, which keeps every level before at its optimum).
            # Later levels start from the plan of the level before; only on a large pool
            # does a better incumbent (a smaller pool) pay for the search
            size = WORKING_SET
            mine = (np.zeros(0, dtype=np.int64) if x is None
                    else np.flatnonzero(x[0][pool].any(axis=1)))
            while True:
                order = usable[np.argsort(least[usable], kind="stable")[:size]]
                trial = np.union1d(np.union1d(order, active[np.isfinite(least[active])]),
                                   mine)
                try:
                    x_trial = _solve_reduced(
                        p.subset(pool[trial]), levels=[level], caps=caps,
                        start=None if x is None else x[:, pool[trial], :])
                    break
                except TimeUp:
                    if x is None:
                        raise
                    x_trial = None
                    break
                except Infeasible:
                    if trial.size >= usable.size or x is not None:
                        raise
                    size *= 4
            # a plan over some foods: its own bound says nothing of all of them, but an
            # optimum over every food that could be in a better plan is the optimum
            trial_done = _take_stop() is None
            if x_trial is None:  # no time for a better incumbent
                p.proven = level
                break
            candidate = np.zeros((1, p.n, p.meals), dtype=int)
            candidate[:, pool[trial], :] = x_trial
            if x is None or p.objective(candidate)[level] <= p.objective(x)[level]:
                x = candidate
                if trial_done:
                    searched = pool[trial]
        incumbent = p.objective(x)[level]
        slack = 1e-7 * max(1.0, abs(incumbent))
        keep = usable[least[usable] <= incumbent + slack]
        # the level before is proven now: a food must fit a day of exactly that value
        budget = incumbent + slack if level == 0 else (
            caps[0][1] + 1e-7 * max(1.0, abs(caps[0][1])) if caps[0][0] == 0 else None)
        if budget is not None:
            keep = keep[_budget_filter(r, amounts, pool[keep], budget, known, index, full)]
        # the incumbent's foods are in every such set (their least values are at most
        # the incumbent's); kept explicitly against round-off
        pool_before = pool
        pool = np.union1d(pool[keep], np.flatnonzero(x[0].any(axis=1)))
        # it reaches a lower bound, or it is the optimum over every food left
        proven = incumbent <= least_value + slack or (
            searched is not None and bool(np.all(np.isin(pool, searched))))
        if not proven and _past():
            p.proven = level
            break
        if not proven and g:
            # a better plan has a value at most incumbent - g: often far fewer foods can be
            # in one (budget filter), and a model over them finds it or proves there is none
            better = usable[least[usable] <= incumbent - g + slack]
            if level == 0 and better.size:
                better = better[_within_budget(r.subset(pool_before[better]),
                                               amounts[:, pool_before[better]],
                                               incumbent - g + slack)]
            if better.size == 0:  # no food can be in a better plan: the incumbent is best
                proven = True
            elif better.size <= pool.size // 2:
                stop = None
                try:
                    x_better = _solve_reduced(p.subset(pool_before[better]), levels=[level],
                                              caps=[*caps, (level, incumbent - g)])
                    stop = _take_stop()
                    x = np.zeros((1, p.n, p.meals), dtype=int)
                    x[:, pool_before[better], :] = x_better
                    pool = np.union1d(pool, pool_before[better][x_better[0].any(axis=1)])
                except TimeUp:
                    stop = (level, None)
                except Infeasible as err:
                    if not err.proven:
                        raise
                if stop is not None:  # cut: the optimum is the incumbent or a plan of these
                    p.proven = level
                    if stop[1] is not None:
                        p.bound = max(p.bound if p.bound is not None else -np.inf,
                                      min(incumbent, stop[1]))
                    break
                proven = True
        if not proven:
            try:
                x_pool = _solve_reduced(p.subset(pool), levels=[level], caps=caps,
                                        start=x[:, pool, :])
            except TimeUp:
                p.proven = level
                break
            candidate = np.zeros((1, p.n, p.meals), dtype=int)
            candidate[:, pool, :] = x_pool
            if p.objective(candidate)[level] <= p.objective(x)[level]:
                x = candidate
            stop = _take_stop()
            if stop is not None:  # cut: the pool holds every plan at most the incumbent
                p.proven = level
                if stop[1] is not None:
                    p.bound = max(p.bound if p.bound is not None else -np.inf, stop[1])
                break
        caps.append((level, p.objective(x)[level]))
    if p.proven is None:
        p.bound = None
    if known is not None and full:
        known.note(p, x)
    return x


def _take_stop() -> tuple[int, float | None] | None:
    """The cut of the last ``solve_milp`` (level, lower bound), cleared; None if it ran
    to the end (or no time limit is set)."""
    clock = _CLOCK.get()
    if clock is None:
        return None
    stop, clock.stop = clock.stop, None
    return stop


def _budget_filter(r: DayModel, amounts: np.ndarray, foods: np.ndarray, budget: float,
                   known: Known | None, index: np.ndarray, full: bool) -> np.ndarray:
    """``_within_budget`` of some foods, or the verdict over all foods for the same budget
    (see ``Known``): a mask over ``foods``."""
    key = round(float(budget), 6)
    if known is not None and not full and key in known.budget:
        verdict, among = known.budget[key]
        if np.all(among[index[foods]]):  # the foods it argued from include these
            return verdict[index[foods]]
    ok = _within_budget(r.subset(foods), amounts[:, foods], budget)
    if known is not None and full:
        verdict, among = np.zeros(r.n, dtype=bool), np.zeros(r.n, dtype=bool)
        verdict[foods[ok]] = True
        among[foods] = True
        known.budget[key] = (verdict, among)
    return ok


def _without_diary(p: DayModel) -> DayModel:
    """The model with a diary's amounts taken off the targets and limits (one day).

    A relaxation: max(f, min(f + a, cap)) <= f + min(a, cap), so every plan that meets
    the B12 target on top of the diary meets target - sum_m f_m alone."""
    from dataclasses import replace

    if p.fixed is None:
        return p
    f = p.fixed[0]
    have = f.sum(axis=1)
    return replace(p, targets=np.maximum(p.targets - have, 0.0),
                   bounds=p.bounds - p._fixed_limits()[0], fixed=None, fixed_limits=None)


def most_counted(p: DayModel, v: int) -> tuple[float, np.ndarray]:
    """The most of vitamin row ``v`` one day counts under every rule of ``p`` but the
    targets (portions, meals, courses, upper limits, a diary or fixed foods; the other
    vitamins' targets dropped), capped at its target: (amount, units (1, n, M)).

    Solved exactly (mip_rel_gap 0, an absolute gap of 1e-6) and counted again on the
    data from the plan found, as ``DayModel.counted`` counts every plan. An amount at the
    target means the vitamin alone can be reached. Only foods that hold the vitamin can
    add to it, so the others are left out of the model (unless ``min_foods`` asks for
    more foods than one: then they may be needed to make up the count).
    """
    from dataclasses import replace

    one = replace(p, days=1, repeat=None, differ=False, menu_repeat=None,
                  fixed=None if p.fixed is None else p.fixed[:1],
                  fixed_limits=None if p.fixed_limits is None else p.fixed_limits[:1])
    targets = np.zeros_like(one.targets)
    targets[v] = one.targets[v]
    one = replace(one, targets=targets)
    keep = np.flatnonzero(one.amounts[v] > 0) if one.min_foods <= 1 else np.arange(one.n)
    x = np.zeros((1, one.n, one.meals), dtype=int)
    if keep.size:
        x[:, keep, :] = solve_milp(one.subset(keep), reach=v)
    return float(one.counted(x)[0, v]), x

