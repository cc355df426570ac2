"""The exact best week: the day plans that could be in it, then the best choice of them.

A week's rules (a food on at most K days, no two days in a row alike, a menu on at most
R days) look only at which foods each day holds, and a week's objective is the sum of
its days'. So the best week is found in two steps, each exact:

1. ``Listing`` lists the day plans of one value of the first objective level (the
   weighted portions), best second level (energy) first, as many as asked for: a
   best-first search over foods and their units (``_search``: each food once, in a
   fixed order), pruned by the first level's value, the upper limits and what the
   rest of that budget can still give of each vitamin, and ordered by a lower bound
   of the energy a day made from a partial one must reach (prices of the vitamins,
   from small linear programs). The search is on the foods of a day, with the B12
   of a food counted up to the cap of the meals it can be at (a relaxation); each day
   it finds is then given meals (``assign_meals``: every food at one of its meals, a
   staple's units over several, each meal within its items and course slots, and B12
   counted per meal), or dropped when no assignment exists. Of the days with the
   same foods only the best is kept: the week's rules cannot tell them apart.
2. ``choose_week`` decides how many days each listed plan is eaten (a small integer
   program: D days, a food on at most K of them, a menu on at most R unless it is
   staples only, a plan on at most half the days rounded up, which is exactly when
   the days can be ordered with no two in a row alike, and the servings of fish
   within FDA/EPA's allowance), then ``in_order`` orders them.

Days not listed are stood in for by "phantom" days, each costing no more, at every
level, than any day it stands for, and eaten with no rule at all: (b0 + g0, 0, ...)
for every day above the first levels listed (g0: the level's granularity), and, for
each first level l listed, (l, least key still queued, 0, ...) for its days not listed
yet (the search's keys never fall, so the least key bounds them). Every week maps to a
choice among the listed plans and the phantoms that costs no more at any level, so if
the best choice uses no phantom it is the best week, proven. If it uses one, the next
first level is listed, or more of that level's days. A search that looks at more than
``WORK_LIMIT`` (food, units) pairs gives up (``TooLarge``), and so does a table too
large for it: the caller plans the week another way and says it is not proven.
"""

from __future__ import annotations

import heapq
import math
import time
from dataclasses import dataclass, replace

import numpy as np

from bplanner.planning import weekcolumns, weekrows
from bplanner.planning.daymodel import (
    DayModel,
    Known,
    _budget_filter,
    _granularity_of,
    _relaxation_bound,
    _strengthened,
    _take_stop,
    covering_prices_each,
    solve,
    solve_exact,
)
from bplanner.planning.daytotals import assign_meals
from bplanner.planning.mip import Infeasible, TimeUp, _Builder, _past, _past_share

WORK_LIMIT = 30_000_000  # (food, units) pairs looked at by one search, at most
ROUNDS = 60  # choices of the week (each listing more days) before the search gives up:
# at 12, B1 and B6 weeks (a lactating omnivore, a pescatarian man of 70, a girl of 15)
# gave up in 0.6 s and were planned day by day within 7-15%; at 60 each is proven in
# 1.2-2 s CPU (the work and time limits still bound the listing)
FIRST_LEVELS = 48  # first-level values tried for the first day plan before the search gives up
FIRST_STEP = 20  # a table whose (food, units) pairs exceed WORK_LIMIT / this is not searched
PLAN_LIMIT = 20_000  # day plans listed, at most, for the choice of the week
# weights of the first level in the mixed prices, times the median ratio of the levels
MIX = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
PRICE_COLUMNS = 256  # per vitamin: the pairs richest in it for their cost, for the prices
FIRST_COUNT = 16  # sets of foods first listed at a first level (then twice as many)
# Under a time limit the listing may use this share of it. A listing cut by the limit
# proves nothing, and the day-by-day week made after it in a hurry was poor (gaps of
# 12-50% on five four-vitamin weeks at 10 s); given the rest, the day-by-day week and
# the joint model reached 1-26%. Measured: issue 22's closing note.
LISTING_SHARE = 0.6
# The listing proves weeks of one vitamin in 0.01-0.16 s, sooner than the column
# generation, but few of more: of 18 weeks each (6 diets x 3 profiles), it proved within
# 1 s 6 of B1 and B6 (0.37-1.24 s), 4 of B6, B9 and B12 (0.21-0.69 s), and none of B1, B9
# and B12, of B1, B2 and B3, of four or of seven vitamins. It has this long first; the
# day plans it listed start the column generation; then the listing again as far as it
# goes (issue 22's closing note).
LISTING_FIRST = 0.3


class TooLarge(Exception):
    """The search would be too large: plan the week another way. ``plans``: the day
    plans listed before it gave up (each fits its meals: a start for another way), and
    ``least``: the least first level of any day when it is known, else None."""

    plans: tuple = ()
    least: float | None = None


_OUT_OF_TIME = "out of time"  # TooLarge's word when the search ran out of its time


@dataclass
class DayPlan:
    foods: tuple[int, ...]  # indices into the model's foods, increasing
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
        # costs at least prices . r (weak duality; daymodel.covering_prices_each); and
        # the two levels together: for w >= 0 a cover costs at least y_w . r in c1 + w c0,
        # so at least y_w . r - w * (first budget left) in c1 (Lagrange)
        pairs = fits.reshape(-1)
        given = gives.transpose(1, 0, 2).reshape(gives.shape[1], -1)[:, pairs]
        c0 = cost[:, 0, :].reshape(-1)[pairs]
        costs = [c0]
        second = p.cost.shape[0] > 1 and np.all(cost[:, 1, :][fits] >= 0)
        weights = []
        if second:
            c1 = cost[:, 1, :].reshape(-1)[pairs]
            weights = list(np.median(c1) / max(float(np.median(c0)), 1e-9) * np.array(MIX))
            costs += [c1] + [c1 + w * c0 for w in weights]
        prices = covering_prices_each(given, costs, t, most=PRICE_COLUMNS)
        self.prices0 = prices[0]
        self.prices1 = prices[1] if second else None
        self.mixed = [(float(w), y) for w, y in zip(weights, prices[2:])
                      if y is not None and self.prices1 is not None]


def _suffix_max(a: np.ndarray) -> np.ndarray:
    """(V, n + 1): the column-wise maximum from each position on (0 past the end)."""
    out = np.maximum.accumulate(a[:, ::-1], axis=1)[:, ::-1]
    return np.concatenate([out, np.zeros((a.shape[0], 1))], axis=1)


def _search(f: _Units, b0: float, queue: list, until: float = math.inf):
    """Yield (foods, units) of every day, by the search's food positions, whose first
    level is at most ``b0`` and that reaches every target within the limits (the
    relaxation of the module docstring), in order of the second level. ``queue[0]``
    is the search's queue: while the search waits at a yield, its least key is at
    most the second level of every day not yielded yet. Raises ``TooLarge``.

    Best first: partial days and whole days wait in one queue, a partial day keyed by
    its second level so far plus what covering the rest must cost at least (the
    vitamins' prices; the richest food after it), a whole day by its second level;
    keys never fall from a day to the days made from it. Past ``until`` (``time.monotonic``)
    it gives up (``TooLarge``)."""
    p = f.p
    t = np.maximum(p.targets, 0)
    tol = t * 1e-12
    L = p.cost.shape[0]
    most_foods = int(p.max_items.sum())
    n = f.food.size
    slack0 = 1e-9 * max(1.0, abs(b0))
    work = 0
    # (key, tie, foods, node): node None for a whole day, else (the parent's candidate
    # positions, its last position, still needed, levels so far, limits so far)
    heap = [(0.0, 0, (), (np.arange(n), -1, t.copy(), np.zeros(L), np.zeros(p.bounds.shape[0])))]
    queue[0] = heap
    pushed = 1

    def push(key: float, foods, node) -> None:
        nonlocal pushed
        heapq.heappush(heap, (key, pushed, foods, node))
        pushed += 1

    pops = 0
    while heap:
        pops += 1
        if not pops % 64 and (_past_share(LISTING_SHARE) or time.monotonic() > until):
            # the listing's share of the time limit (mip.Clock) is spent: the rest
            # goes to the day-by-day week and the joint model, so the plan is a good one
            raise TooLarge(_OUT_OF_TIME)
        _key, _tie, chosen, node = heapq.heappop(heap)
        if node is None:
            yield chosen
            continue
        cands, pos, need, spent, limited = node
        cands = cands[cands > pos]
        # the foods whose smallest amount still fits the first budget
        cands = cands[f.cost[0, 0, cands] <= b0 - spent[0] + slack0]
        if cands.size == 0:
            continue
        work += cands.size * f.top
        if work > WORK_LIMIT:
            raise TooLarge
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
        # what the rest of the first budget can still give, from the foods after each
        room0 = b0 - spent[0] - f.cost[ui, 0, c]
        reach = np.all(left[nz] <= f.after0[nz[:, None], c[None, :] + 1] * room0
                       + tol[nz, None], axis=0)
        if f.prices0 is not None:
            reach &= f.prices0 @ left <= room0 + slack0
        keep = np.flatnonzero(done | reach)
        if keep.size == 0:
            continue
        now = spent[None, :] + f.cost[ui[keep], :, c[keep]]  # (k, L)
        # the least second level a day made from each can have
        bound = now[:, 1].copy() if L > 1 else np.zeros(keep.size)
        if L > 1:
            rest_cost = np.zeros(keep.size)
            if f.prices1 is not None:
                rest_cost = f.prices1 @ left[:, keep]
            for w, y in f.mixed:
                rest_cost = np.maximum(rest_cost, y @ left[:, keep] - w * room0[keep])
            if f.after1 is not None and nz.size:
                with np.errstate(divide="ignore", invalid="ignore"):
                    per = left[nz][:, keep] / f.after1[nz[:, None], c[keep][None, :] + 1]
                per = np.where(left[nz][:, keep] <= tol[nz, None], 0.0, per)
                rest_cost = np.maximum(rest_cost, per.max(axis=0))
            bound = np.where(done[keep], bound, bound + rest_cost)
        later, last = [], []
        for i, k in enumerate(keep.tolist()):
            foods = (*chosen, (int(c[k]), int(ui[k]) + 1))
            if done[k] and len(foods) >= p.min_foods:
                push(float(now[i, 1]) if L > 1 else 0.0, foods, None)
            if len(foods) >= most_foods or c[k] >= n - 1 or not np.isfinite(bound[i]):
                continue
            # room for one more (units, food) pair at most: all such days at once
            (last if room0[k] < 2 * f.least0 - slack0 else later).append((i, k, foods))
        if last:
            idx = np.array([i for i, _k, _foods in last])
            ks = keep[idx]
            chosen_last = [foods for *_x, foods in last]
            used = [0]
            for foods, levels in _one_more(f, b0, cands, chosen_last, left[:, ks].T, now[idx],
                                           limited[None, :] + f.limits[ui[ks], :, c[ks]],
                                           WORK_LIMIT - work, used):
                push(float(levels[1]) if L > 1 else 0.0, foods, None)
            work += used[0]
        for i, k, foods in later:
            # its candidates (the foods after it) are cut from these when it is taken
            pos, u = int(c[k]), int(ui[k])
            push(float(bound[i]), foods,
                 (cands, pos, left[:, k], now[i], limited + f.limits[u][:, pos]))


def _one_more(f: _Units, b0: float, cands: np.ndarray, chosen: list, need: np.ndarray,
              spent: np.ndarray, limited: np.ndarray, room: int, used: list):
    """The days that add one (units, food) pair to each of several partial days, each
    with room in its first budget for one pair at most: the pair must reach what is
    still needed (``need``, (k, V)) alone. Yields each day and its levels. Raises
    ``TooLarge`` when more than ``room`` (day, pair) comparisons would be needed, and
    adds their number to ``used[0]``; compares a block of days at a time, so memory
    stays small."""
    p = f.p
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
    if len(chosen) * j.size > room:
        raise TooLarge
    used[0] += len(chosen) * j.size
    last = np.array([foods[-1][0] for foods in chosen])
    needed = np.flatnonzero((need > tol[None, :]).any(axis=0))
    binding = np.flatnonzero(limited.max(axis=0, initial=0) + f.most_limits
                             > p.bounds * (1 + 1e-12))
    block = max(1, 2_000_000 // max(j.size, 1))
    for start in range(0, len(chosen), block):
        rows = slice(start, start + block)
        ok = (j[None, :] > last[rows, None]) & (
            spent[rows, 0, None] + f.cost[uu, 0, j][None, :] <= b0 + 1e-9 * max(1.0, abs(b0)))
        for v in needed:
            ok &= f.gives[uu, v, j][None, :] >= need[rows, v, None] - tol[v]
        for k in binding:
            ok &= (limited[rows, k, None] + f.limits[uu, k, j][None, :]
                   <= p.bounds[k] * (1 + 1e-12))
        for r, q in zip(*np.nonzero(ok)):
            foods = (*chosen[start + r], (int(j[q]), int(uu[q]) + 1))
            if len(foods) >= p.min_foods:
                yield foods, spent[start + r] + f.cost[uu[q], :, j[q]]


def _levels(f: _Units, foods) -> np.ndarray:
    return sum(f.cost[u - 1, :, pos] for pos, u in foods)


class Listing:
    """The days of one first level, best second level first, as many as asked for
    (the search waits between requests)."""

    def __init__(self, p: DayModel, f: _Units, level0: float, until: float = math.inf):
        self.p, self.f, self.level0 = p, f, level0
        self.queue: list = [None]
        self.days = _search(f, level0, self.queue, until)
        self.plans: dict[tuple[int, ...], DayPlan] = {}  # per set of foods, its best day
        self.left = True  # days may remain unlisted

    def more(self, count: float) -> None:
        """List ``count`` more sets of foods (fewer if none are left)."""
        p, f = self.p, self.f
        target = len(self.plans) + count
        for foods in self.days:
            levels = np.array(_levels(f, foods))
            if levels[0] < self.level0 - 1e-9 * max(1.0, abs(self.level0)):
                continue  # a day of a lower first level: listed with that level
            idx = [int(f.food[pos]) for pos, _u in foods]
            order = np.argsort(idx, kind="stable")
            key = tuple(idx[i] for i in order)
            known = self.plans.get(key)
            if known is not None and tuple(known.levels) <= tuple(levels):
                continue  # the same foods, no better (the week's rules see foods only)
            if p.kind is not None and np.unique(p.kind[list(key)]).size < len(key):
                continue  # two forms of one food on a day (``weekrows.one_per_kind``)
            units = [foods[i][1] for i in order]
            meals = assign_meals(p, list(key), units)
            if meals is None:
                continue
            self.plans[key] = DayPlan(key, levels, meals)
            if len(self.plans) >= target:
                return
        self.left = False

    def bound(self) -> float:
        """The least second level of a day not listed yet (inf: none is left)."""
        heap = self.queue[0]
        return heap[0][0] if self.left and heap else math.inf


def choose_week(p: DayModel, plans: list[DayPlan], phantoms: list[np.ndarray]):
    """How many days each plan (then each phantom) is eaten: the lexicographic optimum
    over the week's rules (see the module docstring). Raises ``Infeasible``."""
    D = p.days
    N = len(plans)
    B = _Builder()
    menus: dict[tuple, list[int]] = {}  # plans of one menu (kinds of food) share its cap
    for k, plan in enumerate(plans):
        menus.setdefault(weekrows.menu_of(p, plan.foods), []).append(k)
    multi = weekrows.kind_multi(p)
    plan_cols = B.cols(N, 0, D, 0, True)
    ghost_cols = B.cols(len(phantoms), 0, D, 0, True)
    every = np.concatenate([plan_cols, ghost_cols])
    B.row(every, 1.0, float(D), float(D))
    for menu, ks in menus.items():
        most = math.ceil(D / 2) if p.differ else D
        if p.menu_repeat is not None and not np.all(multi[list(menu)]):
            most = min(most, p.menu_repeat)  # staples alone may be eaten daily
        B.row(plan_cols[ks], 1.0, -math.inf, float(most))
    repeat = weekrows.kind_repeat(p)
    if repeat is not None:
        holders: dict[int, list[int]] = {}
        for menu, ks in menus.items():
            for kind in menu:
                if repeat[kind] < D:
                    holders.setdefault(kind, []).extend(ks)
        for kind, ks in sorted(holders.items()):
            B.row(plan_cols[ks], 1.0, -math.inf, float(repeat[kind]))
    if p.fish is not None and p.fish_servings is not None:  # FDA/EPA's servings of fish
        fish = np.array([weekrows.fish_of(p, plan.foods) for plan in plans])
        if fish.any():
            B.row(plan_cols, fish, -math.inf, float(p.fish_servings))
    values = np.array([plan.levels for plan in plans] + list(phantoms), dtype=float)
    counts = B.solve([values[:, lvl] for lvl in range(values.shape[1])])
    if B.stopped is not None:  # cut by the time limit: not the best choice, no proof
        raise TooLarge
    counts = np.rint(counts).astype(int)
    return counts[:N], counts[N:]


def in_order(p: DayModel, counts: np.ndarray, plans: list[DayPlan]) -> list[int]:
    """The plans' days in order, no two in a row alike when no plan has more than half
    the days (rounded up): the most eaten first, on every other day."""
    return weekcolumns.in_order(counts, [weekrows.menu_of(p, plan.foods) for plan in plans])


def best_week(p: DayModel, seconds: float | None = None) -> np.ndarray:
    """The best week (D, n, M), proven; raises ``TooLarge`` when the search is too large
    (or takes more than ``seconds``) and ``Infeasible`` when no day exists within the
    search's reach (the caller then decides another way)."""
    until = math.inf if seconds is None else time.monotonic() + seconds
    L = p.cost.shape[0]
    g0 = _granularity_of(p, 0)
    g1 = _granularity_of(p, 1) if L > 1 else 1.0
    if p.fixed is not None or not g0 or not g1 or p.days < 2:
        raise TooLarge
    if int(((p.units > 0) & p.allowed.any(axis=1)).sum()) * int(p.units.max(initial=0)) > (
            WORK_LIMIT // FIRST_STEP):
        raise TooLarge  # the search's first step alone would be a large part of its work
    f = _Units(p)
    if f.food.size == 0 or np.any(f.cost[:, 0, :][f.fits] <= 0) or np.any(p.cost[:2] < 0):
        raise TooLarge
    # the least first level c0 of a day: each budget below it searched whole (no day)
    b0 = math.ceil(f.least0 / g0 - 1e-9) * g0
    listed: dict[float, Listing] = {}
    try:
        return _best_listed(p, f, b0, g0, g1, listed, until)
    except TooLarge as err:
        err.plans = [plan for listing in listed.values() for plan in listing.plans.values()]
        # the first budget with a day listed is the least day's: each below it had none
        err.least = min((b for b, listing in listed.items() if listing.plans), default=None)
        raise


def _best_listed(p: DayModel, f: _Units, b0: float, g0: float, g1: float,
                 listed: dict, until: float) -> np.ndarray:
    """``best_week`` from the first budget ``b0`` on; ``listed`` holds each budget's
    listing, for the caller to see when the search gives up."""
    L = p.cost.shape[0]
    count = FIRST_COUNT if L > 1 else math.inf
    for _ in range(FIRST_LEVELS):
        listed[b0] = Listing(p, f, b0, until)
        listed[b0].more(count)
        if listed[b0].plans:
            break
        del listed[b0]
        b0 += g0
    else:
        raise TooLarge
    for _ in range(ROUNDS):
        best: dict[tuple[int, ...], DayPlan] = {}  # per set of foods, its best day
        for listing in listed.values():
            for key, plan in listing.plans.items():
                if key not in best or tuple(plan.levels) < tuple(best[key].levels):
                    best[key] = plan
        if len(best) > PLAN_LIMIT:
            raise TooLarge
        plans = sorted(best.values(), key=lambda plan: tuple(plan.levels))
        over0 = np.zeros(L)  # stands for every day over the first budget
        over0[0] = b0 + g0
        phantoms, stands = [over0], [None]
        for level0, listing in sorted(listed.items()):
            bound = listing.bound()
            if math.isfinite(bound):  # stands for the days of this first level not listed
                over1 = np.zeros(L)
                over1[0] = level0
                if L > 1:
                    over1[1] = math.ceil(bound / g1 - 1e-9) * g1
                phantoms.append(over1)
                stands.append(level0)
        counts, ghosts = choose_week(p, plans, phantoms)
        if not ghosts.any():
            x = np.zeros((p.days, p.n, p.meals), dtype=int)
            for d, k in enumerate(in_order(p, counts, plans)):
                x[d, list(plans[k].foods), :] = plans[k].meals
            if not p.feasible(x):  # pragma: no cover - every rule is kept by construction
                raise Infeasible("the enumerated week fails the check on the data")
            return x
        if ghosts[0]:
            b0 += g0
            listed[b0] = Listing(p, f, b0, until)
            listed[b0].more(count)
        for level0, used in zip(stands[1:], ghosts[1:]):
            if used:
                listed[level0].more(max(len(listed[level0].plans), FIRST_COUNT))
    raise TooLarge


# ------------------------------------------------------- a week: exact, or day by day

WEEK_EXACT_MAX = 60  # the joint week model is solved when at most this many foods remain


def greedy_week(p: DayModel) -> tuple[np.ndarray, Known]:
    """Days planned one after another: each day the best day (every level, exactly)
    among the foods the week's rules still allow, without the food of the day before
    eaten on most days so far (so no two days in a row are alike).

    A feasible week, used as the incumbent for the exact week and as the answer when
    the exact week is too large to prove (the plan says so). The first day may use
    every food; what its solve proves (``Known``) shortens the solves of the days
    after it, which use some of the foods. Returns the week and that ``Known``.
    """
    one = replace(p, days=1, repeat=None, differ=False, menu_repeat=None,
                  fixed=None if p.fixed is None
                  else p.fixed[:1], fixed_limits=None if p.fixed_limits is None
                  else p.fixed_limits[:1])
    kind = weekrows.kind_of(p)  # the rules count kinds of food (forms of one food are one)
    repeat = weekrows.kind_repeat(p)
    if repeat is None:
        repeat = np.full(weekrows.kinds_count(p), p.days)
    used = np.zeros(repeat.size, dtype=int)  # days each kind is eaten so far
    x = np.zeros((p.days, p.n, p.meals), dtype=int)
    previous: list[int] | None = None  # yesterday's kinds
    known = Known()
    solved: dict[bytes, np.ndarray | None] = {}
    menus: dict[tuple, int] = {}  # days each menu with a non-staple is eaten so far
    multi = weekrows.kind_multi(p)
    fish_left = p.fish_servings  # FDA/EPA's servings of fish not eaten yet (None: no limit)
    for d in range(p.days):
        allowed = np.flatnonzero(used[kind] < repeat[kind])
        if previous is not None and not np.all(multi[previous]):
            # differ from yesterday: leave out yesterday's kind eaten on most days so far
            # (a staple stays: it may be eaten every day), one solve a day
            others = [k for k in previous if not multi[k]]
            drop = max(others, key=lambda k: (used[k], int(x[d - 1, kind == k].sum()), -k))
            allowed = allowed[kind[allowed] != drop]
        elif previous is not None:
            allowed = allowed[~np.isin(kind[allowed], previous)]
        day_model = one if fish_left is None else replace(one, fish_servings=fish_left)
        while True:
            # the same foods (and fish left) as an earlier day: the same best day
            key = allowed.tobytes() + repr(fish_left).encode()
            if key not in solved:
                try:
                    solved[key] = solve(day_model.subset(allowed), known,
                                        None if allowed.size == p.n else allowed)
                except Infeasible:
                    solved[key] = None
            day = solved[key]
            if day is None:
                raise Infeasible("no week under the repeat and difference rules")
            menu = weekrows.menu_of(p, allowed[day[0].any(axis=1)])
            full = (p.menu_repeat is not None and not np.all(multi[list(menu)])
                    and menus.get(menu, 0) >= p.menu_repeat)
            if not full:
                break
            # a menu eaten on as many days as allowed: leave out its most eaten kind
            others = [k for k in menu if not multi[k]]
            drop = max(others, key=lambda k: (used[k], -k))
            allowed = allowed[kind[allowed] != drop]
        x[d, allowed, :] = day[0]
        eaten = np.flatnonzero(x[d].any(axis=1))
        previous = list(menu)
        used[previous] += 1
        if fish_left is not None:
            fish_left -= weekrows.fish_of(p, eaten)
        if not np.all(multi[previous]):
            menus[menu] = menus.get(menu, 0) + 1
    return x, known


def solve_week(p: DayModel) -> np.ndarray:
    """Several days with the week's rules, exact where it can be proven: the listing of
    every day plan (``best_week``) for ``LISTING_FIRST`` seconds, which proves most weeks
    of one to three vitamins; then the column generation (``weekcolumns``), which proves
    most of the rest or says which levels it proves; if it cannot finish, the listing as
    far as it goes; then greedy, exact when the foods left are few.

    Every day of a week is a feasible day, so it costs at least the best day c* (at
    the first level). The greedy week costs W; in the best week no day costs more
    than W - (D - 1) c*, so a food that cannot be in a day of that cost (reduced
    cost, and the budget filter) cannot be in the best week either. When at most
    ``WEEK_EXACT_MAX`` foods are left, the week is solved exactly, level by level, on
    them; otherwise the greedy week is the answer (``Plan.model["week_exact"]`` is
    then false and the plan says so).

    The greedy week may be proven best without the joint model: the first day is the
    best day over every food (levels c*_0, c*_1, ...), and every day of any week is a
    feasible day. If the greedy week's first level is D c*_0, no week does better and
    every day of a best week is at c*_0; then if its second level is D c*_1 no such
    week does better at the second level, and so on. ``week_exact_levels`` counts the
    levels proven so (all of them: the week is exact).
    """
    p.proven, p.bound = None, None
    again = False  # the listing stopped at its first share of time: worth going on with
    seeds, least = [], None  # the day plans it listed, and the least day's first level
    try:  # every day plan that could be in the best week, and the best choice of them
        x = best_week(p, LISTING_FIRST)
        p.week_exact, p.week_exact_levels = True, None
        return x
    except TooLarge as err:
        again = err.args == (_OUT_OF_TIME,)
        seeds, least = err.plans, err.least
    except (Infeasible, TimeUp):
        pass
    cut = None  # the column generation's week when the time limit cut its first level
    try:  # the best week by its day plans, priced by the week's rules
        x = weekcolumns.solve(p, [(plan.foods, plan.meals) for plan in seeds], least)
        p.week_exact = p.proven is None
        p.week_exact_levels = p.proven
        return x
    except weekcolumns.GaveUp as err:
        cut = err.week
    except (Infeasible, TimeUp):
        pass
    p.proven, p.bound = None, None
    try:
        x = _other_ways(p, again)
    except (Infeasible, TimeUp):
        if cut is None:
            raise
        x = cut[0]
        p.proven, p.bound = 0, cut[1]
        p.week_exact, p.week_exact_levels = False, 0
        return x
    if cut is not None and p.objective(cut[0])[0] < p.objective(x)[0]:
        # the cut week is better in the first level, which the other ways did not prove
        # (else it could not be): both bounds of that level hold
        bounds = [b for b in (cut[1], p.bound if p.proven == 0 else None) if b is not None]
        x = cut[0]
        p.proven, p.bound = 0, max(bounds) if bounds else None
        p.week_exact, p.week_exact_levels = False, 0
    return x


def _other_ways(p: DayModel, again: bool) -> np.ndarray:
    """``solve_week`` past the column generation: the listing again (``again``: it ran out
    of its first second), then greedy, exact when the foods left are few."""
    if again:
        try:  # the listing as far as it goes
            x = best_week(p)
            p.week_exact, p.week_exact_levels = True, None
            return x
        except (TooLarge, Infeasible, TimeUp):
            pass  # too many day plans (or none found within reach): the days one by one
    try:
        greedy, known = greedy_week(p)
    except Infeasible:
        # the greedy week is a heuristic: its failure proves nothing. The joint model
        # decides, exactly, on a pool as small as the exact week's; on a larger one the
        # failure is reported as unproven (proving a large week infeasible can take hours)
        if p.n > WEEK_EXACT_MAX:
            raise Infeasible("no week found day by day (not proven impossible)") from None
        _take_stop()
        x = solve_exact(p)
        stop = _take_stop()
        if stop is not None:  # cut by the time limit
            p.proven, p.bound = stop
        p.week_exact, p.week_exact_levels = True, None
        return x
    p.week_exact = False
    values = p.objective(greedy)
    # every day of a week is a day: the week's level l is at least D times the best day's
    # once the levels before are at D times theirs (a bound of the first day's solve, or
    # its optimum where proven: ``Known``)
    proven = 0
    L = len(values)
    day_proven = L if known.proven is None else known.proven
    for level in range(L):
        if level >= day_proven:
            p.bound = None if known.bound is None else p.days * known.bound
            break
        best = known.values[level]
        if values[level] > p.days * best + 1e-7 * max(1.0, abs(values[level])):
            p.bound = p.days * best
            break
        proven += 1
    p.week_exact_levels = proven
    p.proven = None if proven == L else proven
    if proven == L:
        p.week_exact, p.week_exact_levels = True, None
        p.bound = None
        return greedy
    if p.fixed is not None or day_proven == 0 or _past():
        return greedy
    one = replace(p, days=1, repeat=None, differ=False, menu_repeat=None)
    # the greedy week's first day is the best day over every food (``Known``)
    best_day = known.levels[0]
    amounts, units = _strengthened(one)
    if (0, ()) in known.relax:  # the first day's relaxation, over every food
        bound, least_all, _active = known.relax[(0, ())]
        reduced = least_all - bound
    else:
        found = _relaxation_bound(one, amounts, units)
        if found is None:  # pragma: no cover - sifting converges in a few rounds
            return greedy
        bound, reduced, _active = found
    usable = np.flatnonzero(np.isfinite(reduced))
    incumbent = p.objective(greedy)[0]
    slack = 1e-7 * max(1.0, abs(incumbent))
    budget = incumbent - (p.days - 1) * best_day + slack
    g = _granularity_of(p, 0)
    least = bound + reduced[usable]
    if g:
        least = np.ceil(least / g - 1e-7) * g
    keep = usable[least <= budget]
    keep = keep[_budget_filter(one, amounts, keep, budget, known, np.arange(p.n), False)]
    if keep.size > WEEK_EXACT_MAX:
        return greedy
    x = np.zeros((p.days, p.n, p.meals), dtype=int)
    _take_stop()
    try:
        x[:, keep, :] = solve_exact(p.subset(keep))
    except TimeUp:
        return greedy
    stop = _take_stop()
    if stop is not None:  # cut by the time limit: the better of the two weeks
        # the joint model proves its levels before the cut, the greedy week its own; the
        # better week is at the optimum on both (lexicographic order)
        level, bound = stop
        if tuple(p.objective(greedy)) < tuple(p.objective(x)):
            x = greedy
        first = max(level, proven)
        known_bounds = [b for lvl, b in ((level, bound), (proven, p.bound))
                        if lvl == first and b is not None]
        p.proven = p.week_exact_levels = first
        p.bound = max(known_bounds) if known_bounds else None
        return x
    p.week_exact, p.week_exact_levels = True, None
    p.proven, p.bound = None, None
    return x
