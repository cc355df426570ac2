"""The exact best week: every day plan within a budget, then the best choice of them.

A week's rules (a food on at most K days, no two days in a row alike) look only at
which foods each day holds, and a week's objective is the sum of its days'. So the
best week is found in two steps, each exact:

1. ``day_plans`` lists every day plan whose first objective level is at most ``B0``
   and second at most ``B1``: a depth-first search over foods and their units (each
   food once, in a fixed order), pruned by the budgets, the upper limits, and what
   the budget left can still give of each vitamin (the richest unit per unit of
   cost among the foods after it). The search is on the foods of a day, with the
   B12 of a food counted up to the cap of the meals it can be at (a relaxation);
   each plan it finds is then given meals (``assign_meals``: every food at one of its
   meals, a staple's units over several, each meal within its items and course
   slots, and B12 counted per meal), or dropped when no assignment exists. Of the
   plans with the same foods only the best is kept: the week's rules cannot tell
   them apart.
2. ``choose_week`` decides how many days each plan is eaten (a small integer
   program: seven days, a food on at most K of them, a menu on at most R of them
   unless it is staples only, and a plan on at most half the days rounded up, which
   is exactly when the days can be ordered with no two in a row alike), then orders
   them.

Plans outside the budgets are not listed; two "phantom" plans stand in for them, each
costing no more, at every level, than any plan it stands for: (B0 + g0, 0, ...) for
a plan over the first budget (g0: the first level's granularity) and (c0, B1 + g1,
0, ...) for one within it but over the second (c0: the best day's first level). A
phantom is eaten with no rule at all. Every week maps to a choice among the listed
plans and the phantoms that costs no more at any level, so if the best choice uses
no phantom it is the best week, proven. If it uses one, its budget grows and the
search runs again. A search larger than ``WORK_LIMIT`` gives up (``TooLarge``): the
caller plans the week another way.
"""

from __future__ import annotations

import heapq
import itertools
import math
from dataclasses import dataclass

import numpy as np

from bplanner.planning.daymodel import (
    DayModel,
    Infeasible,
    _Builder,
    _covering_prices,
    _granularity_of,
)

WORK_LIMIT = 30_000_000  # (food, units) pairs looked at by one search, at most
ROUNDS = 12  # budget increases before the search gives up


class TooLarge(Exception):
    """The search would be too large: plan the week another way."""


@dataclass
class DayPlan:
    foods: tuple[int, ...]  # indices into the model's foods, increasing
    units: tuple[int, ...]  # units of each, a day
    levels: np.ndarray  # (L,) the objective levels of the day
    meals: np.ndarray  # (len(foods), M) units of each food at each meal


class _Units:
    """Per (units, food): what a food gives and costs, for the search. Foods are in
    search order (richest per unit of first-level cost first)."""

    def __init__(self, p: DayModel):
        self.p = p
        top = int(p.units.max()) if p.n else 0
        usable = np.flatnonzero((p.units > 0) & p.allowed.any(axis=1))
        multi = np.zeros(p.n, dtype=bool) if p.multi_meal is None else p.multi_meal
        spread = np.where(multi, p.allowed.sum(axis=1), 1)  # meals its units may go to
        u = np.arange(1, top + 1)[:, None]  # (U, 1)
        t = np.maximum(p.targets, 0)
        # what u units can count: a vitamin up to its target, B12 up to the cap of each
        # meal they can be at
        gives = np.minimum(p.amounts[None, :, :] * u[:, :, None], t[None, :, None])
        if p.b12 is not None:
            gives[:, p.b12, :] = np.minimum(p.amounts[p.b12][None, :] * u,
                                            p.cap * np.minimum(u, spread[None, :]))
        cost = p.cost[None, :, :] * u[:, None, :] + p.food_cost[None, :, :]  # (U, L, n)
        fits = u <= p.units[None, :]  # (U, n)
        with np.errstate(divide="ignore", invalid="ignore"):
            per0 = np.where(fits[:, None, :], gives / cost[:, None, 0, :], 0).max(axis=0)
        score = (per0 / np.maximum(t, 1e-300)[:, None]).max(axis=0)
        order = usable[np.argsort(-score[usable], kind="stable")]
        self.food = order  # search position -> model index
        self.gives = gives[:, :, order]  # (U, V, n)
        self.cost = cost[:, :, order]  # (U, L, n)
        self.fits = fits[:, order]
        self.limits = p.limits[None, :, order] * u[:, :, None]  # (U, K, n)
        self.most_limits = (self.limits.max(axis=(0, 2)) if self.limits.size
                            else np.zeros(p.bounds.shape[0]))
        self.top = top
        self.least0 = float(cost[:, 0, :][fits].min()) if fits.any() else 0.0
        # the most a unit of cost can give among the foods at or after each position
        # (first level; second level where every cost is positive)
        self.after0 = _suffix_max(per0[:, order])
        per1 = None
        if p.cost.shape[0] > 1 and np.all(cost[:, 1, :][fits] > 0):
            with np.errstate(divide="ignore", invalid="ignore"):
                per1 = np.where(fits[:, None, :], gives / cost[:, None, 1, :], 0).max(axis=0)
            per1 = _suffix_max(per1[:, order])
        self.after1 = per1
        # prices of the vitamins that no (units, food) pair undercuts: covering a need r
        # costs at least prices . r (weak duality; see daymodel._covering_prices)
        pairs = fits.reshape(-1)
        given = gives.transpose(1, 0, 2).reshape(gives.shape[1], -1)[:, pairs]
        self.prices0 = _covering_prices(given, cost[:, 0, :].reshape(-1)[pairs], t)
        self.prices1 = (_covering_prices(given, cost[:, 1, :].reshape(-1)[pairs], t)
                        if p.cost.shape[0] > 1 and np.all(cost[:, 1, :][fits] >= 0)
                        else None)


def _suffix_max(a: np.ndarray) -> np.ndarray:
    """(V, n + 1): the column-wise maximum from each position on (0 past the end)."""
    out = np.maximum.accumulate(a[:, ::-1], axis=1)[:, ::-1]
    return np.concatenate([out, np.zeros((a.shape[0], 1))], axis=1)


def _search(f: _Units, b0: float, budget: list[float], cut: list[float] | None = None):
    """Yield (foods, units) of every day, by the search's food positions, whose first
    level is at most ``b0`` and second at most ``budget[0]`` and that reaches every
    target within the limits (the relaxation of the module docstring), in order of
    the second level. ``budget`` may be lowered by the caller between yields (to the
    best day found, for branch and bound; or to it plus a margin, for a listing).
    ``cut[0]`` becomes at most the first level of every day left out by the second
    budget alone (inf: none was). Raises ``TooLarge``.

    Best first: partial days and whole days wait in one queue, a partial day keyed by
    its second level so far plus what covering the rest must cost at least (the
    vitamins' prices), a whole day by its second level; keys never fall from a day to
    the days made from it, so days come out in order of their second level, and once
    the queue's least key passes the budget nothing left can be within it."""
    p = f.p
    t = np.maximum(p.targets, 0)
    tol = t * 1e-12
    L = p.cost.shape[0]
    most_foods = int(p.max_items.sum())
    n = f.food.size
    slack0 = 1e-9 * max(1.0, abs(b0))
    work = 0
    # (key, tie, first level so far, foods, node): node None for a whole day, else
    # (candidate positions, still needed, levels so far, limits so far)
    heap = [(0.0, 0, 0.0, (), (np.arange(n), t.copy(), np.zeros(L),
                               np.zeros(p.bounds.shape[0])))]
    pushed = 1

    def push(key: float, level0: float, foods, node) -> None:
        nonlocal pushed
        heapq.heappush(heap, (key, pushed, level0, foods, node))
        pushed += 1

    while heap:
        key, _tie, level0, chosen, node = heap[0]
        if L > 1 and key > budget[0] + 1e-9 * max(1.0, abs(budget[0])):
            if cut is not None:  # every day still waiting is over the second budget
                cut[0] = min(cut[0], min(item[2] for item in heap))
            return
        heapq.heappop(heap)
        if node is None:
            yield chosen
            continue
        cands, need, spent, limited = node
        if len(chosen) >= most_foods:
            continue
        work += cands.size * f.top
        if work > WORK_LIMIT:
            raise TooLarge
        b1 = budget[0]
        slack1 = 1e-9 * max(1.0, abs(b1))
        # every (units, food) pair at once: (U, c)
        ok = f.fits[:, cands] & (spent[0] + f.cost[:, 0, cands] <= b0 + slack0)
        # only the limits that one more pair could break
        for k in np.flatnonzero(limited + f.most_limits > p.bounds * (1 + 1e-12)):
            ok &= limited[k] + f.limits[:, k, cands] <= p.bounds[k] * (1 + 1e-12)
        ui, ci = np.nonzero(ok)
        if ui.size == 0:
            continue
        c = cands[ci]
        # only the vitamins still needed (the others stay covered)
        nz = np.flatnonzero(need > tol)
        left = np.zeros((need.size, ui.size))
        left[nz] = np.maximum(need[nz, None] - f.gives[ui[None, :], nz[:, None], c[None, :]],
                              0)
        done = np.all(left[nz] <= tol[nz, None], axis=0)
        # what the rest of the budget can still give, from the foods after each
        room0 = b0 - spent[0] - f.cost[ui, 0, c]
        reach = np.all(left[nz] <= f.after0[nz[:, None], c[None, :] + 1] * room0
                       + tol[nz, None], axis=0)
        if f.prices0 is not None:
            reach &= f.prices0 @ left <= room0 + slack0
        first = done | reach  # within the first budget
        if L > 1 and math.isfinite(b1):
            room1 = b1 - spent[1] - f.cost[ui, 1, c]
            second = room1 >= -slack1
            if f.after1 is not None:
                second &= done | np.all(left[nz] <= f.after1[nz[:, None], c[None, :] + 1]
                                        * room1 + tol[nz, None], axis=0)
            if f.prices1 is not None:
                second &= done | (f.prices1 @ left <= room1 + slack1)
            over = first & ~second
            if over.any() and cut is not None:  # left out by the second budget only
                cut[0] = min(cut[0], float((spent[0] + f.cost[ui[over], 0, c[over]]).min()))
            first &= second
        keep = np.flatnonzero(first)
        if keep.size == 0:
            continue
        later, last = [], []
        for k in keep.tolist():
            foods = (*chosen, (int(c[k]), int(ui[k]) + 1))
            now = spent + f.cost[ui[k], :, c[k]]
            if done[k] and len(foods) >= p.min_foods:
                push(float(now[1]) if L > 1 else 0.0, float(now[0]), foods, None)
            if len(foods) >= most_foods or c[k] >= n - 1:
                continue
            # room for one more (units, food) pair at most: all such days at once
            (last if room0[k] < 2 * f.least0 - slack0 else later).append((k, foods, now))
        if last:
            ks = np.array([k for k, _foods, _now in last])
            work += ks.size * cands.size * f.top
            if work > WORK_LIMIT:
                raise TooLarge
            for foods, now in _one_more(f, b0, b1, cands, [foods for _k, foods, _n in last],
                                        left[:, ks].T, np.array([now for *_x, now in last]),
                                        limited[None, :] + f.limits[ui[ks], :, c[ks]], cut):
                push(float(now[1]) if L > 1 else 0.0, float(now[0]), foods, None)
        for k, foods, now in later:
            pos, u = int(c[k]), int(ui[k])
            rest = cands[cands > pos]
            # the foods whose smallest amount still fits the budgets (a day over the
            # first is the first phantom's; one over the second alone is cut)
            rest = rest[f.cost[0, 0, rest] <= b0 - now[0] + slack0]
            if L > 1 and math.isfinite(b1) and rest.size:
                fits1 = f.cost[0, 1, rest] <= b1 - now[1] + slack1
                if cut is not None and not fits1.all():
                    cut[0] = min(cut[0], float(now[0] + f.cost[0, 0, rest[~fits1]].min()))
                rest = rest[fits1]
            if rest.size == 0:
                continue
            bound = float(now[1] + (f.prices1 @ left[:, k] if f.prices1 is not None else 0.0)
                          if L > 1 else 0.0)
            push(bound, float(now[0]), foods,
                 (rest, left[:, k], now, limited + f.limits[u][:, pos]))


def _one_more(f: _Units, b0: float, b1: float, cands: np.ndarray, chosen: list,
              need: np.ndarray, spent: np.ndarray, limited: np.ndarray, cut):
    """The days that add one (units, food) pair to each of several partial days, each
    with room in its first budget for one pair at most: the pair must reach what is
    still needed (``need``, (k, V)) alone. Yields each day and its levels."""
    p = f.p
    L = p.cost.shape[0]
    tol = np.maximum(p.targets, 0) * 1e-12
    # only pairs that fit the largest room left in the first budget (most do not)
    fit = f.fits[:, cands] & (f.cost[:, 0, cands] <= b0 - spent[:, 0].min()
                              + 1e-9 * max(1.0, abs(b0)))
    # ... and give at least the least any of them still needs, of every vitamin
    least = need.min(axis=0) - tol
    for v in np.flatnonzero(least > 0):
        fit &= f.gives[:, v, cands] >= least[v]
    uu, cc = np.nonzero(fit)
    j = cands[cc]
    after = j[None, :] > np.array([foods[-1][0] for foods in chosen])[:, None]  # (k, P)
    ok = after & (spent[:, 0, None] + f.cost[uu, 0, j][None, :]
                  <= b0 + 1e-9 * max(1.0, abs(b0)))
    for v in np.flatnonzero((need > tol[None, :]).any(axis=0)):
        ok &= f.gives[uu, v, j][None, :] >= need[:, v, None] - tol[v]
    for k in np.flatnonzero(limited.max(axis=0, initial=0) + f.most_limits
                            > p.bounds * (1 + 1e-12)):
        ok &= limited[:, k, None] + f.limits[uu, k, j][None, :] <= p.bounds[k] * (1 + 1e-12)
    if L > 1:
        level1 = spent[:, 1, None] + f.cost[uu, 1, j][None, :]
        within = level1 <= b1 + 1e-9 * max(1.0, abs(b1))
        over = ok & ~within
        if over.any() and cut is not None:  # left out by the second budget only
            cut[0] = min(cut[0], float((spent[:, 0, None]
                                        + f.cost[uu, 0, j][None, :])[over].min()))
        ok &= within
    for r, q in zip(*np.nonzero(ok)):
        foods = (*chosen[r], (int(j[q]), int(uu[q]) + 1))
        if len(foods) >= p.min_foods:
            yield foods, spent[r] + f.cost[uu[q], :, j[q]]


def _levels(f: _Units, foods) -> np.ndarray:
    return sum(f.cost[u - 1, :, pos] for pos, u in foods)


def assign_meals(p: DayModel, foods: list[int], units: list[int]) -> np.ndarray | None:
    """Units of each food at each meal (k, M) meeting the meal rules and B12 per meal,
    or None. Foods go to the meal holding fewest foods so far, so a day spreads out."""
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

    def enough() -> bool:
        if p.b12 is None:
            return True
        return np.minimum(b12, p.cap).sum() >= p.targets[p.b12] * (1 - 1e-12)

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


def _margin(c1: float, g1: float) -> float:
    """How far over the best day's second level the first listing reaches: half of it
    (a week of seven needs a few days near the best, rarely many far above it)."""
    return max(g1, math.ceil(abs(c1) / 2 / g1) * g1)


def day_plans(p: DayModel, f: _Units, b0: float, b1: float, first: bool = False):
    """Every day whose levels are within (b0, b1), the best of each set of foods.

    ``first``: b1 is set when the best day is found (days come in order of their
    second level, so it is the first day that can be given meals), to its second
    level plus ``_margin``. Returns the plans, the least first level of a day left out
    by the second budget alone (inf: none), and the second budget at the end."""
    L = p.cost.shape[0]
    g1 = _granularity_of(p, 1) if L > 1 else 1.0
    budget, cut = [b1], [math.inf]
    best: set[tuple[int, ...]] = set()
    found = []
    for foods in _search(f, b0, budget, cut):
        idx = [int(f.food[pos]) for pos, _u in foods]
        order = np.argsort(idx, kind="stable")
        key = tuple(idx[i] for i in order)
        units = [foods[i][1] for i in order]
        found.append((tuple(_levels(f, foods)), key, units))
        if first and not best and assign_meals(p, list(key), units) is not None:
            best.add(key)
            level1 = found[-1][0][1] if L > 1 else 0.0
            budget[0] = level1 + _margin(level1, g1) if L > 1 else math.inf
    found.sort(key=lambda item: item[0])
    best.clear()
    out = []
    for levels, key, units in found:
        if key in best:
            continue
        meals = assign_meals(p, list(key), units)
        if meals is None:
            continue
        best.add(key)
        out.append(DayPlan(key, tuple(units), np.array(levels), meals))
    return out, cut[0], budget[0]


def first_plans(p: DayModel, f: _Units):
    """The least first level c0 of a day, the best such day's second level c1, and the
    listing of ``day_plans(c0, c1 + margin)``, in one search per first budget: each
    budget below c0 is searched whole (no day), then the search at c0 finds the best
    day first and lists on to the margin. None if no day is found within ``ROUNDS`` * 4
    steps of the first level from its least possible value."""
    g0 = _granularity_of(p, 0)
    L = p.cost.shape[0]
    cheapest = float(f.cost[0, 0][f.fits[0]].min()) if f.food.size else 0.0
    b0 = math.ceil(cheapest / g0 - 1e-9) * g0
    for _ in range(ROUNDS * 4):
        plans, least0, b1 = day_plans(p, f, b0, math.inf, first=True)
        if plans:
            c1 = min(float(plan.levels[1]) for plan in plans) if L > 1 else 0.0
            return b0, c1, plans, least0, b1
        b0 += g0
    return None


def choose_week(p: DayModel, plans: list[DayPlan], phantoms: list[np.ndarray]):
    """How many days each plan (then each phantom) is eaten: the lexicographic optimum
    over the week's rules (see the module docstring). Raises ``Infeasible``."""
    D = p.days
    N = len(plans)
    B = _Builder()
    most = np.full(N, math.ceil(D / 2) if p.differ else D)
    if p.menu_repeat is not None:
        multi = np.zeros(p.n, dtype=bool) if p.multi_meal is None else p.multi_meal
        for k, plan in enumerate(plans):
            if not np.all(multi[list(plan.foods)]):  # staples alone may be eaten daily
                most[k] = min(most[k], p.menu_repeat)
    plan_cols = B.cols(N, 0, most, 0, True)
    ghost_cols = B.cols(len(phantoms), 0, D, 0, True)
    every = np.concatenate([plan_cols, ghost_cols])
    B.row(every, 1.0, float(D), float(D))
    if p.repeat is not None:
        holders: dict[int, list[int]] = {}
        for k, plan in enumerate(plans):
            for j in plan.foods:
                if p.repeat[j] < D:
                    holders.setdefault(j, []).append(k)
        for j, ks in sorted(holders.items()):
            B.row(plan_cols[ks], 1.0, -math.inf, float(p.repeat[j]))
    values = np.array([plan.levels for plan in plans] + list(phantoms), dtype=float)
    counts = B.solve([values[:, lvl] for lvl in range(values.shape[1])])
    counts = np.rint(counts).astype(int)
    return counts[:N], counts[N:]


def in_order(counts: np.ndarray, plans: list[DayPlan]) -> list[int]:
    """The plans' days in order, no two in a row alike when no plan has more than half
    the days (rounded up): the most eaten first, on every other day."""
    chosen = sorted((k for k in range(len(plans)) if counts[k]),
                    key=lambda k: (-counts[k], tuple(plans[k].levels), k))
    seq = [k for k in chosen for _ in range(counts[k])]
    D = len(seq)
    out = [0] * D
    slots = list(range(0, D, 2)) + list(range(1, D, 2))
    for k, s in zip(seq, slots):
        out[s] = k
    return out


def best_week(p: DayModel) -> np.ndarray:
    """The best week (D, n, M), proven; raises ``TooLarge`` when the search is too large
    and ``Infeasible`` when no day exists within the search's reach (the caller then
    decides another way)."""
    L = p.cost.shape[0]
    g0 = _granularity_of(p, 0)
    g1 = _granularity_of(p, 1) if L > 1 else 1.0
    if p.fixed is not None or not g0 or not g1 or p.days < 2:
        raise TooLarge
    f = _Units(p)
    if f.food.size == 0 or np.any(f.cost[:, 0, :][f.fits] <= 0) or np.any(p.cost[:2] < 0):
        raise TooLarge
    found = first_plans(p, f)
    if found is None:
        raise TooLarge
    c0, c1, plans, least0, b1 = found
    b0 = c0
    for rounds in range(ROUNDS):
        if rounds:
            plans, least0, b1 = day_plans(p, f, b0, b1)
        over0 = np.zeros(L)  # stands for every day over the first budget
        over0[0] = b0 + g0
        phantoms = [over0]
        if math.isfinite(least0):  # stands for the days left out by the second budget
            over1 = np.zeros(L)
            over1[0], over1[1] = max(least0, c0), b1 + g1  # no day is below c0
            phantoms.append(over1)
        counts, ghosts = choose_week(p, plans, phantoms)
        if not ghosts.any():
            x = np.zeros((p.days, p.n, p.meals), dtype=int)
            for d, k in enumerate(in_order(counts, plans)):
                x[d, list(plans[k].foods), :] = plans[k].meals
            if not p.feasible(x):  # pragma: no cover - every rule is kept by construction
                raise Infeasible("the enumerated week fails the check on the data")
            return x
        if ghosts[0]:
            b0 += g0
        if ghosts.size > 1 and ghosts[1]:
            b1 += max(g1, b1 - c1)
    raise TooLarge
