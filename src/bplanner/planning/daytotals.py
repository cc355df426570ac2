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

from bplanner.planning.mip import _CLOCK, Infeasible, TimeUp, _Builder


def _b12_of_diary(p) -> tuple[np.ndarray, np.ndarray]:
    """Per meal: the B12 a diary already counts there, and the room left under the cap
    (a meal counts up to the cap, or what the diary gives if more)."""
    f = (np.zeros(p.meals) if p.fixed is None or p.b12 is None
         else np.asarray(p.fixed[0, p.b12], dtype=float))
    return f, np.maximum(p.cap, f) - f


def solve(p, levels=None, caps=()) -> np.ndarray | None:
    """The exact optimum (1, n, M) of the one-day model ``p`` at ``levels`` (all by
    default) with ``caps`` ((level, value): no plan above the value), found without the
    meals; None when this cannot decide (the optimum's foods do not fit the meals, the
    time limit cut the solve, or the answer fails the check on the data): then the day
    model decides. Raises nothing the day model would not."""
    if p.days != 1 or p.n == 0:
        return None
    clock = _CLOCK.get()
    if clock is not None:
        clock.stop = None
    order = list(range(p.cost.shape[0]) if levels is None else levels)
    try:
        B, n_cols, k_cols, level_cost = _model(p, caps)
        values = B.solve([level_cost(lvl) for lvl in order])
    except (Infeasible, TimeUp):
        return None  # the day model says so itself, with its proof or its limit
    if B.stopped is not None:
        return None
    units = np.rint(values[n_cols]).astype(int)
    foods = [int(j) for j in np.flatnonzero(units > 0)]
    meals = assign_meals(p, foods, [int(units[j]) for j in foods])
    if meals is None:
        return None
    x = np.zeros((1, p.n, p.meals), dtype=int)
    x[0, foods, :] = meals
    # the placed day has the totals' levels: the same units, and a food's meals counted
    found = p.objective(x)
    wanted = np.array([level_cost(lvl) @ values for lvl in order])
    if not p.feasible(x) or np.any(found[order] > wanted + 1e-6 * np.maximum(1, abs(wanted))):
        return None
    return x


def _model(p, caps):
    """The model of the module docstring: the builder, its n and k columns, and each
    level's cost over its columns."""
    inf = math.inf
    n, M = p.n, p.meals
    B = _Builder()
    multi = np.zeros(n, dtype=bool) if p.multi_meal is None else p.multi_meal
    units = p.units.astype(float)
    most_meals = np.where(multi, np.minimum(p.allowed.sum(axis=1), units), 1.0)
    x = B.cols(n, 0, units, 0, True)
    y = B.cols(n, 0, 1, 0, True)
    k = B.cols(n, 0, most_meals, 0, True)
    j = np.arange(n)
    rows, ones = np.concatenate([j, j]), np.ones(n)

    def pairs(a, b, ca, cb, upper=0.0):  # ca * a[j] + cb * b[j] <= upper, each food
        B.rows(n, rows, np.concatenate([a, b]), np.concatenate([ca * ones, cb * ones]),
               -inf, upper)

    pairs(x, y, 1.0, -units)  # n <= U y
    pairs(y, x, 1.0, -1.0)  # y <= n
    pairs(y, k, 1.0, -1.0)  # y <= k
    pairs(k, y, 1.0, -most_meals)  # k <= K y
    pairs(k, x, 1.0, -1.0)  # k <= n
    fixed = np.zeros((p.targets.shape[0], M)) if p.fixed is None else p.fixed[0]
    fixed_limits = np.zeros(p.bounds.shape[0]) if p.fixed_limits is None else p.fixed_limits[0]
    before, room = _b12_of_diary(p)
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
        c = B.cols(n, 0, inf, 0, False)
        pairs(c, x, 1.0, -np.minimum(p.amounts[v], per_food))
        pairs(c, k, 1.0, -per_food)
        B.row(c, 1.0, need, inf)
        gives = p.amounts[v] > 0
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

    def level_cost(lvl: int) -> np.ndarray:
        cost = np.zeros(B.ncols)
        cost[x] = p.cost[lvl]
        cost[k] = p.food_cost[lvl]
        return cost

    for lvl, value in caps:
        cost = level_cost(lvl)
        nz = np.flatnonzero(cost)
        B.row(nz, cost[nz], -inf, value + 1e-7 * max(1.0, abs(value)))
    return B, x, k, level_cost


def assign_meals(p, foods: list[int], units: list[int]) -> np.ndarray | None:
    """Units of each food at each meal (k, M) meeting the meal rules and B12 per meal,
    or None: every way is tried. Foods go to the meal holding fewest foods so far, so a
    day spreads out. ``p`` is a one-day ``daymodel.DayModel``."""
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
    before, room = _b12_of_diary(p)

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
