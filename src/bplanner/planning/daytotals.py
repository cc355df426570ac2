"""A day without its meals: each food's units for the whole day.

The day model (``daymodel``) places every unit at a meal, and a solver proving its
optimum explores each food at each meal it may go to: many alike plans, one per
placing. This model keeps each food's units for the day (n[j]), whether it is eaten
(y[j]) and at how many meals (k[j]: 1, or up to its meals for a staple), and only what
the meals' rules say of the day as a whole:

    minimise   cost[l] . n + food_cost[l] . k   (the day model's levels, in turn)
    such that  sum_j min(a[v,j], t_v) n[j] >= t_v - diary_v     every vitamin but B12
               c[j] <= min(b12_j, R) n[j],  c[j] <= R k[j]      B12 a food can count
               sum_j c[j] >= t_B12 - diary_B12                    (R: a meal's room under
               sum_{j: meals(j) in S} c[j] <= sum_{m in S} r_m     the cap, r_m per meal)
               sum_{j cereal or milk} c[j] <= R sum_{milk} k[j]   cereal shares milk's meal
               sum_{j cereal or milk} c[j] <= R sum_{cereal} y[j]     and counts R there:
                   + sum_{milk} b_j (n[j] - w[j]),                    w[j] units of milk j
               sum_{milk} w[j] >= y[c] (each cereal c),  w <= n     at a cereal's meal
               sum_j L[k,j] n[j] <= UL_k - diary_k              every upper limit
               sum_{j: meals(j) in S} k[j] <= sum_{m in S} items_m   for every set S of meals
               sum_{j of slot s: meals(j) in S} k[j] <= |S|     one food of a course a meal
               sum_{cereal j of slot s} y[j] <= sum_{milk} k[j]   cereal with milk
               y[j] <= n[j] <= U_j y[j],  y[j] <= k[j] <= K_j y[j],  k[j] <= n[j]
               sum_j y[j] >= min_foods

Every plan of the day model gives a plan of this one with the same levels (c[j] is the
B12 of food j that counts, each meal's counted B12 shared among its foods), so its
optimum is a lower bound of the day's. When the foods and units of that optimum fit the
meals (``assign_meals``, which tries every placing), the day placed so is a plan of the
day model at that bound: the day's optimum, proven. When they do not, ``solve`` says it
cannot decide and the day model is solved as before.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from bplanner.planning import weekrows
from bplanner.planning.mip import _CLOCK, Infeasible, TimeUp, _Builder


def _b12_of_diary(p, d: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Per meal of day ``d``: the B12 a diary already counts there, and the room left
    under the cap (a meal counts up to the cap, or what the diary gives if more)."""
    f = (np.zeros(p.meals) if p.fixed is None or p.b12 is None
         else np.asarray(p.fixed[d, p.b12], dtype=float))
    return f, np.maximum(p.cap, f) - f


class NoneBelow(Exception):
    """No plan is below the value ``solve`` was given (``below``): proven."""


def solve(p, levels=None, caps=(), below: float | None = None) -> np.ndarray | None:
    """The exact optimum (D, n, M) of the model ``p`` (a day, or a week: its rules see
    only the foods of each day, ``weekrows``) at ``levels`` (all by default) with
    ``caps`` ((level, value): no plan above the value), found without the meals; None
    when this cannot decide (the optimum's days still do not fit their meals after
    ``EXCLUDED_MAX`` tries, or the answer fails the check on the data): then the model
    over meals decides.

    Under a time limit (``mip.Clock``) a cut solve whose days fit their meals is
    returned with the cut in ``clock.stop`` (level, lower bound), as
    ``daymodel.solve_milp`` does: a bound of this relaxation bounds the model too.

    ``below`` (one level): only plans of a value below it are sought, and ``NoneBelow``
    is raised when the solver proves there is none (a plan of that value is known: the
    bound prunes the search from its start)."""
    if p.n == 0:
        return None
    clock = _CLOCK.get()
    if clock is not None:
        clock.stop = None
    order = list(range(p.cost.shape[0]) if levels is None else levels)

    def objective(B, level_cost):
        return [level_cost(lvl) for lvl in order]

    try:
        found = _placed(p, caps, objective, below=below)
    except Infeasible as err:
        if err.proven and below is not None:
            raise NoneBelow from err
        return None  # the model over meals says so itself, with its proof
    except TimeUp:
        return None  # the model over meals says so itself, with its proof or its limit
    if found is None:
        return None
    x, B, values, level_cost = found
    wanted = np.array([level_cost(lvl) @ values for lvl in order])
    levels_x = p.objective(x)[order]
    if not p.feasible(x) or np.any(levels_x > wanted + 1e-6 * np.maximum(1, abs(wanted))):
        return None
    if B.stopped is not None and clock is not None:
        clock.stop = (order[B.stopped[0]], B.stopped[1])
    return x


def cheapest_days(p, unit_cost: np.ndarray, food_cost: np.ndarray, eaten_cost: np.ndarray,
                  kind_cost: np.ndarray | None = None, menu_costs=(),
                  below: float | None = None, caps=(), within=()):
    """Days of one-day model ``p`` by the value ``unit_cost . n + food_cost . k +
    eaten_cost . y + kind_cost . z`` (z: the kinds eaten, ``weekrows.kind_cols``) plus,
    for each (kinds, cost) of ``menu_costs``, that cost when the day's kinds are exactly
    those, among the days within ``caps`` (``solve``): for the week's prices
    (``weekcolumns``).

    Returns (days, least): the days found (x (1, n, M), value) whose value is below
    ``below`` (all of them without it), least first, and the least value of every day
    (a lower bound; None when unknown: the least day did not fit its meals). ``least``
    is ``below`` when no day is below it (proven). None when the time limit cut the
    solve or no day found fits its meals after ``EXCLUDED_MAX`` tries.

    ``within``: (prices, most) pairs, prices as this call's (unit, food, eaten, kind
    costs, menu costs): only days whose value at those prices is at most ``most``."""
    excluded: list[np.ndarray] = []
    found: dict[bytes, tuple[np.ndarray, float]] = {}
    beside = False  # the rows of a milk beside a cereal (``_day``), once a day needs them
    for _ in range(EXCLUDED_MAX):
        B, _level_cost = _model(p, caps, excluded, menu_costs, beside)
        rows = [(prices, [_menu_col(B, p, kinds) for kinds, _extra in prices[4]], most)
                for prices, most in within]
        for prices, cols, most in rows:
            value = _priced(B, p, prices, cols)
            nz = np.flatnonzero(value)
            B.row(nz, value[nz], -math.inf, most)
        cost = _priced(B, p, (unit_cost, food_cost, eaten_cost, kind_cost, menu_costs),
                       [e for _kinds, e, _extra in B.menus])
        try:
            values = B.solve([cost], below=below)
        except Infeasible as err:
            if err.proven and below is not None:  # no day is below it (an excluded
                return [], below  # one is no day)
            return None
        except TimeUp:
            return None
        if B.stopped is not None:
            return None  # the time limit
        exact = True  # the solve ran to its end: ``values`` is the least day
        for rank, vals in enumerate([values, *B.saved]):
            units = np.rint(vals[B.n_cols[0]]).astype(int)
            key = units.tobytes()
            if key in found:
                continue
            foods = [int(j) for j in np.flatnonzero(units > 0)]
            meals = assign_meals(p, foods, [int(units[j]) for j in foods])
            if meals is None:
                if rank == 0:  # no day: solved again without it
                    excluded.append(units)
                    beside = beside or _with_cereal(p, foods)
                    exact = False
                continue
            value = float(cost @ vals)
            if below is None or value < below:
                x = np.zeros((1, p.n, p.meals), dtype=int)
                x[0, foods, :] = meals
                found[key] = (x, value)
        days = sorted(found.values(), key=lambda day: day[1])
        if exact:
            return days, float(cost @ values)
        if days:
            return days, None
    return None


EXCLUDED_MAX = 20  # days of the model without meals found not to fit, before giving up


def _placed(p, caps, objective, menu_costs=(), below=None):
    """Solve the model without meals (``objective(B, level_cost)``: its levels' costs)
    and place each day's foods at the meals; a day that does not fit is no day at all,
    so it is left out of the model (``_exclude``) and the model solved again. Returns
    (x, builder, column values, level_cost), or None. Raises ``Infeasible``/``TimeUp``
    from the solver."""
    excluded: list[np.ndarray] = []
    beside = False  # the rows of a milk beside a cereal (``_day``), once a day needs them
    for _ in range(EXCLUDED_MAX):
        B, level_cost = _model(p, caps, excluded, menu_costs, beside)
        values = B.solve(objective(B, level_cost), below=below)
        x = np.zeros((p.days, p.n, p.meals), dtype=int)
        for d in range(p.days):
            units = np.rint(values[B.n_cols[d]]).astype(int)
            foods = [int(j) for j in np.flatnonzero(units > 0)]
            meals = assign_meals(p, foods, [int(units[j]) for j in foods], d)
            if meals is None:
                excluded.append(units)
                beside = beside or _with_cereal(p, foods)
                break
            x[d, foods, :] = meals
        else:
            return x, B, values, level_cost
    return None


def _with_cereal(p, foods: list[int]) -> bool:
    """Whether a day of these foods holds a cereal eaten with milk."""
    return p.with_milk is not None and bool(p.with_milk[foods].any())


def _model(p, caps, excluded=(), menu_costs=(), beside=False):
    """The model of the module docstring over every day of ``p``, with the week's rules
    on y (food eaten that day) and without the days ``excluded`` (units of each food);
    returns the builder (its n, y, k columns of each day: ``B.n_cols``, ``B.y_cols``,
    ``B.k_cols``; ``B.menus``: (foods, column, cost) of ``menu_costs``) and each level's
    cost over the columns. ``beside``: with the rows of a milk beside a cereal
    (``_day``)."""
    D = p.days
    B = _Builder()
    multi = np.zeros(p.n, dtype=bool) if p.multi_meal is None else p.multi_meal
    B.n_cols, B.y_cols, B.k_cols, B.menus = [], [], [], []
    for d in range(D):
        x, y, k = _day(B, p, d, multi, beside)
        B.n_cols.append(x)
        B.y_cols.append(y)
        B.k_cols.append(k)
        for units in excluded:
            _exclude(B, p, x, y, units)
    B.kind_cols = weekrows.kind_cols(B, p, B.y_cols)  # a day's kinds, for the week's rules
    if D > 1:
        weekrows.add(B, p, B.kind_cols)
    weekrows.one_per_kind(B, p, B.y_cols)
    weekrows.add_fish(B, p, B.y_cols)
    for kinds, extra in menu_costs:
        B.menus.append((kinds, _menu_col(B, p, kinds), float(extra)))

    def level_cost(lvl: int) -> np.ndarray:
        cost = np.zeros(B.ncols)
        for d in range(D):
            cost[B.n_cols[d]] = p.cost[lvl]
            cost[B.k_cols[d]] = p.food_cost[lvl]
        return cost

    for lvl, value in caps:
        cost = level_cost(lvl)
        nz = np.flatnonzero(cost)
        B.row(nz, cost[nz], -math.inf, value + 1e-7 * max(1.0, abs(value)))
    return B, level_cost


def _menu_col(B, p, kinds) -> int:
    """A column e of day 0 that is 1 when the day's kinds are exactly ``kinds`` (and may
    be 0 otherwise: its costs and coefficients are never negative)."""
    y = B.kind_cols[0]
    inside = np.zeros(weekrows.kinds_count(p), dtype=bool)
    inside[list(kinds)] = True
    e = B.cols(1, 0, 1, 0, False)
    B.row(np.concatenate([y[inside], y[~inside], e]),
          np.concatenate([np.ones(inside.sum()), -np.ones((~inside).sum()), [-1.0]]),
          -math.inf, float(inside.sum() - 1))
    return int(e[0])


def _priced(B, p, prices, menu_cols) -> np.ndarray:
    """A day's value at ``prices`` (unit, food, eaten, kind costs, (menu, cost) pairs) as
    costs over the builder's columns; ``menu_cols``: the e column of each menu."""
    unit_cost, food_cost, eaten_cost, kind_cost, menu_costs = prices
    cost = np.zeros(B.ncols)
    cost[B.n_cols[0]] = unit_cost
    cost[B.k_cols[0]] += food_cost
    cost[B.y_cols[0]] += eaten_cost
    if kind_cost is not None:
        cost[B.kind_cols[0]] += kind_cost
    for (_kinds, extra), e in zip(menu_costs, menu_cols):
        cost[e] = extra
    return cost


def _exclude(B, p, x, y, units: np.ndarray) -> None:
    """No day has these foods with at most these ``units`` each, whatever foods of no B12
    it adds (a milk aside): some food of them is left out (y = 0) or has more units (d+),
    or a food that gives B12, or a milk (a staple), not among them is eaten.

    Each of those days does not fit the meals either (``assign_meals``): with fewer units,
    each unit placed goes where a unit of the day that did not fit could go (a staple's
    units over the same meals, the others whole at one), leaving each meal's foods and
    courses as they were and its B12 no higher; a food added with no B12 takes a meal's
    room and a course and counts nothing, and only a milk can let a cereal be eaten.
    Excluding them all at once saves the solves that would find them one by one."""
    inf = math.inf
    eaten = np.flatnonzero(units > 0)
    helps = np.zeros(p.n, dtype=bool) if p.multi_meal is None else p.multi_meal.copy()
    if p.b12 is not None:
        helps |= p.amounts[p.b12] > 0
    more_ok = eaten[units[eaten] < p.units[eaten]]
    more = B.cols(more_ok.size, 0, 1, 0, True)
    for j, d in zip(more_ok, more):  # d+ = 1: n[j] >= u[j] + 1
        B.row([x[j], d], [1.0, -(units[j] + 1.0)], 0.0, inf)
    others = np.setdiff1d(np.flatnonzero(helps), eaten)
    # (|S| - sum_S y) + sum d+ + sum_others y >= 1
    B.row(np.concatenate([y[eaten], more, y[others]]),
          np.concatenate([-np.ones(eaten.size), np.ones(more.size + others.size)]),
          1.0 - eaten.size, inf)


def _day(B, p, d: int, multi: np.ndarray, beside: bool = False):
    """One day's columns and rows (the module docstring); returns its n, y, k columns."""
    inf = math.inf
    n, M = p.n, p.meals
    units = p.units.astype(float)
    most_meals = np.where(multi, np.minimum(p.allowed.sum(axis=1), units), 1.0)
    x = B.cols(n, 0, units, 0, True)
    y = B.cols(n, 0, 1, 0, True)
    k = y.copy()  # a food at one meal: k = y; a staple's meals are a column of their own
    several = np.flatnonzero(multi)
    k[several] = B.cols(several.size, 0, most_meals[several], 0, True)

    def pairs(a, b, ca, cb, upper=0.0):  # ca * a[j] + cb * b[j] <= upper, each of them
        m = len(a)
        B.rows(m, np.tile(np.arange(m), 2), np.concatenate([a, b]),
               np.concatenate([np.broadcast_to(ca, m), np.broadcast_to(cb, m)]), -inf, upper)

    pairs(x, y, 1.0, -units)  # n <= U y
    pairs(y, x, 1.0, -1.0)  # y <= n
    if several.size:
        s_y, s_k, s_x = y[several], k[several], x[several]
        pairs(s_y, s_k, 1.0, -1.0)  # y <= k
        pairs(s_k, s_y, 1.0, -most_meals[several])  # k <= K y
        pairs(s_k, s_x, 1.0, -1.0)  # k <= n
    fixed = np.zeros((p.targets.shape[0], M)) if p.fixed is None else p.fixed[d]
    fixed_limits = np.zeros(p.bounds.shape[0]) if p.fixed_limits is None else p.fixed_limits[d]
    before, room = _b12_of_diary(p, d)
    subsets = [np.array(s) for r in range(1, M + 1) for s in itertools.combinations(range(M), r)]
    # foods whose every meal is in each set of meals
    within = [p.allowed.any(axis=1) & ~(p.allowed & ~np.isin(np.arange(M), s)).any(axis=1)
              for s in subsets]
    for v in range(p.targets.shape[0]):
        need = p.targets[v] - fixed[v].sum() if v != p.b12 else p.targets[v] - before.sum()
        if v != p.b12:
            B.row(x, np.minimum(p.amounts[v], max(need, 0.0)), need, inf)
            continue
        most = float(room.max()) if M else 0.0
        per_food = np.array([room[p.allowed[i]].max(initial=0.0) for i in range(n)])
        gives = p.amounts[v] > 0
        c = np.zeros(n, dtype=np.int64)  # the counted B12 of the foods that have some
        c[gives] = B.cols(int(gives.sum()), 0, inf, 0, False)
        pairs(c[gives], x[gives], 1.0, -np.minimum(p.amounts[v], per_food)[gives])
        pairs(c[gives], k[gives], 1.0, -per_food[gives])
        B.row(c[gives], 1.0, need, inf)
        for s, inside in zip(subsets, within):
            if np.any(inside & gives):
                B.row(c[inside & gives], 1.0, -inf, float(room[s].sum()))
        if p.with_milk is not None and p.with_milk.any() and multi.any():
            # every ready-to-eat cereal is at a meal with a milk: their counted B12 is
            # within the milk's meals
            both = (p.with_milk | multi) & gives
            B.row(np.concatenate([c[both], k[multi]]),
                  np.concatenate([np.ones(both.sum()), -most * np.ones(multi.sum())]),
                  -inf, 0.0)
            if beside:
                # w[j]: units of milk j at a cereal's meal; each cereal eaten has one
                # there. A cereal's meal counts at most R, a milk's other units at most
                # b[j] each: their counted B12 <= R sum_cereal y + sum_milk b[j] (n[j]
                # - w[j]). A milk unit beside a fortified cereal that fills the meal
                # counts nothing. Only once a day with a cereal did not fit its meals:
                # the rows slow every first solve (a lactating omnivore's first level:
                # 0.03 s without them, 0.56 s with)
                milk, cereal = np.flatnonzero(multi), np.flatnonzero(p.with_milk)
                near = p.allowed[milk][:, p.allowed[cereal].any(axis=0)].any(axis=1)
                w = B.cols(milk.size, 0, np.where(near, units[milk], 0.0), 0, True)
                pairs(w, x[milk], 1.0, -1.0)  # w <= n
                for j in cereal:  # sum w >= y[cereal]
                    B.row(np.concatenate([w, [y[j]]]),
                          np.concatenate([np.ones(w.size), [-1.0]]), 0.0, inf)
                b = np.minimum(p.amounts[v], per_food)[milk]
                B.row(np.concatenate([c[both], x[milk], w, y[cereal]]),
                      np.concatenate([np.ones(both.sum()), -b, b,
                                      -most * np.ones(cereal.size)]), -inf, 0.0)
    for lim in range(p.bounds.shape[0]):
        B.row(x, p.limits[lim], -inf, p.bounds[lim] - fixed_limits[lim])
    for s, inside in zip(subsets, within):
        if inside.any():
            B.row(k[inside], 1.0, -inf, float(p.max_items[s].sum()))
        for slot in np.unique(p.slot[inside]):
            same = inside & (p.slot == slot)
            if same.sum() > s.size:
                B.row(k[same], 1.0, -inf, float(s.size))
    if p.with_milk is not None and p.with_milk.any():
        for slot in np.unique(p.slot[p.with_milk]):
            cereal = p.with_milk & (p.slot == slot)
            B.row(np.concatenate([y[cereal], k[multi]]),
                  np.concatenate([np.ones(cereal.sum()), -np.ones(multi.sum())]), -inf, 0.0)
    if p.min_foods > 1:
        B.row(y, 1.0, float(p.min_foods), inf)
    return x, y, k


def assign_meals(p, foods: list[int], units: list[int], day: int = 0
                 ) -> np.ndarray | None:
    """Units of each food at each meal (k, M) meeting the meal rules and B12 per meal,
    or None: every way is tried. Foods go to the meal holding fewest foods so far, so a
    day spreads out. ``p`` is a ``daymodel.DayModel``; ``day`` says which day's diary counts."""
    M = p.meals
    k = len(foods)
    multi = np.zeros(p.n, dtype=bool) if p.multi_meal is None else p.multi_meal
    order = sorted(range(k), key=lambda i: (bool(multi[foods[i]]),
                                            int(p.allowed[foods[i]].sum()), i))
    out = np.zeros((k, M), dtype=int)
    items = np.zeros(M, dtype=int)
    taken: set[tuple[int, int]] = set()  # (meal, course slot)
    b12 = np.zeros(M)
    per_unit = p.amounts[p.b12] if p.b12 is not None else None
    with_milk = p.with_milk if p.with_milk is not None and p.with_milk.any() else None
    before, room = _b12_of_diary(p, day)

    def enough() -> bool:
        if with_milk is not None:
            meals_of = out.astype(bool)
            cereal = meals_of[with_milk[foods]].any(axis=0)
            milk = meals_of[multi[foods]].any(axis=0)
            if np.any(cereal & ~milk):
                return False  # ready-to-eat cereal at a meal without a milk
        if p.b12 is None:
            return True
        counted = (before + np.minimum(b12, room)).sum()
        return counted >= p.targets[p.b12] * (1 - 1e-12)

    def place(i: int) -> bool:
        if i == k:
            return enough()
        row = order[i]
        j = foods[row]
        free = [m for m in np.flatnonzero(p.allowed[j])
                if items[m] < p.max_items[m] and (m, p.slot[j]) not in taken]
        free.sort(key=lambda m: (items[m], m))
        splits = ([((m,), (units[row],)) for m in free] if not multi[j] else
                  [(ms, parts) for r in range(1, min(len(free), units[row]) + 1)
                   for ms in itertools.combinations(sorted(free), r)
                   for parts in _compositions(units[row], r)])
        for ms, parts in splits:
            for m, u in zip(ms, parts):
                out[row, m] = u
                items[m] += 1
                taken.add((m, int(p.slot[j])))
                if per_unit is not None:
                    b12[m] += per_unit[j] * u
            if place(i + 1):
                return True
            for m, u in zip(ms, parts):
                out[row, m] = 0
                items[m] -= 1
                taken.discard((m, int(p.slot[j])))
                if per_unit is not None:
                    b12[m] -= per_unit[j] * u
        return False

    return out if place(0) else None


def _compositions(total: int, parts: int):
    """Every way to write ``total`` as ``parts`` positive whole numbers, in order."""
    for cuts in itertools.combinations(range(1, total), parts - 1):
        edges = (0, *cuts, total)
        yield tuple(b - a for a, b in zip(edges, edges[1:]))
