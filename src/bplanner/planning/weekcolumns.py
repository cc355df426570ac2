"""The best week by its day plans: column generation (Dantzig-Wolfe) over days.

A week is D day plans, each a day of the day model; the week's rules (a food on at most
K days, a menu on at most R days unless staples only, no two days in a row alike) see
only each day's kinds of food (``weekrows``: a kind is a food, or the forms of one
food). The master problem chooses how many days each day plan q found
so far is eaten, at objective level l (the levels before it held at their optimum):

    minimise   sum_q c_l(q) lam_q
    such that  sum_q lam_q = D                              (price mu)
               sum_{q eats k} lam_q <= repeat_k             (pi_k <= 0)  kinds with a limit
               sum_{q of menu S} lam_q <= cap_S             (sigma_S <= 0)  R, or D/2
               sum_q c_l'(q) lam_q <= W_l'    each l' < l   (rho_l' <= 0)
               sum_q fish(q) lam_q <= F                      (tau <= 0)  FDA/EPA's fish
               lam_q >= 0, whole numbers in a week

(cap_S: a menu on more than half the days, rounded up, puts two alike in a row.) Every
week is a choice of day plans, so the linear program over *every* day plan bounds every
week from below. Its prices say which day plan could lower it: the one of least reduced
cost c_l(q) - sum rho_l' c_l'(q) - pi . kinds(q) - tau fish . eaten(q) - sigma_menu(q) - mu
(fish(q) = fish . eaten(q): the day's servings of fish), found as a day
without meals (``daytotals.cheapest_day``, whose least value bounds every day's). Plans
are added until none has a negative reduced cost: the program's value is then the bound
over every day plan (before that, value + D x least reduced cost is one). The week of
whole counts over the plans found is the best week at level l when it reaches that
bound, rounded up to the level's granularity: proven. Its days are ordered so no two in
a row are alike, and the week is checked on the data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from bplanner.planning import daytotals, weekrows
from bplanner.planning.daymodel import DayModel, _granularity_of
from bplanner.planning.mip import (
    Infeasible,
    TimeUp,
    _Builder,
    _note_cut,
    _past_share,
    _quiet_construct,
)

ROUNDS = 200  # rounds of prices at one level, at most, before the search gives up
# Each round prices a day over every food: the staple pool (about 150) and --all-foods
# (677 foods for a vegan's four vitamins: proven in 8 s) are searched; a table of a
# million foods (333,000 candidates) is left to the day-by-day week, whose days are
# reduced to a few foods each (``daymodel.solve``)
MAX_FOODS = 1000
# Under a time limit the search may use these shares of it. Cut at the first level, the
# week of the few day plans found can be poor (a lactating woman's four-vitamin week at a
# 5 s limit: 152 weighted portions, where the day-by-day week had 114): the search gives
# up with that week (``GaveUp.week``) and the rest of the time goes to the other ways;
# cut at a later level, the first is proven and its week is the answer.
FIRST_SHARE = 0.6
TIME_SHARE = 0.85


class GaveUp(Exception):
    """No week from the day plans found (too many rounds, the time limit, a day plan the
    meals could not take): plan the week another way. ``week``: (x, bound of the first
    level or None) when the time limit cut the first level with a week found."""

    week = None


@dataclass
class _Plan:
    foods: tuple[int, ...]  # the day's foods, increasing
    menu: tuple[int, ...]  # the day's kinds of food, increasing (``weekrows.menu_of``)
    day: np.ndarray  # (n, M) units of each food at each meal
    levels: np.ndarray  # (L,) the day's objective levels


def solve(p: DayModel, seeds=(), least: float | None = None) -> np.ndarray:
    """The best week (D, n, M) by column generation. Sets ``p.proven`` and ``p.bound``
    as ``daymodel.solve`` does (None: every level proven). Raises ``GaveUp``.

    ``seeds``: day plans known to fit their meals ((foods, units (len(foods), M)), such as
    the listing's), the first columns; ``least``: the least first level of any day, when
    known (else the first pricing finds it)."""
    if p.days < 2:
        raise GaveUp("a day is not a week")
    if not _same_every_day(p.fixed) or not _same_every_day(p.fixed_limits):
        raise GaveUp("a diary whose days differ: each day has plans of its own")
    if p.n > MAX_FOODS:
        raise GaveUp("too many foods to price a day over them all")
    one = replace(p, days=1, repeat=None, differ=False, menu_repeat=None,
                  fixed=None if p.fixed is None else p.fixed[:1],
                  fixed_limits=None if p.fixed_limits is None else p.fixed_limits[:1])
    L = p.cost.shape[0]
    plans: list[_Plan] = []
    for foods, meals in seeds:
        day = np.zeros((p.n, p.meals), dtype=int)
        day[list(foods)] = meals
        plans.append(_Plan(tuple(foods), weekrows.menu_of(p, foods), day,
                           one.objective(day[None])))
    held: list[float] = []  # the optimum of each level before
    floors: dict[int, float] = {} if least is None else {0: least}  # the least day a level
    undecided: list[int] = []  # levels whose pricing could not decide (see ``_generate``)
    priced: dict = {}  # each level's last prices, when its search ran to the end
    p.proven, p.bound = None, None
    for level in range(L):
        bound = _generate(p, one, plans, level, held, floors, undecided, priced)
        counts = _whole(p, plans, level, held)
        if counts is None:
            raise GaveUp("no week from the day plans found")
        value = float(sum(c * plan.levels[level] for c, plan in zip(counts, plans)))
        g = _granularity_of(p, level)
        if bound is not None and g:
            bound = math.ceil(bound / g - 1e-7) * g
        slack = 1e-7 * max(1.0, abs(value))
        if bound is None or value > bound + slack:  # the whole week falls short of the bound
            p.proven, p.bound = level, bound
            # cut at the first level by the time limit, or by a pricing that could not
            # decide (its days did not fit their meals ``EXCLUDED_MAX`` times): the week
            # found is weighed against the other ways, which use the time left
            if level == 0 and (_past_share(FIRST_SHARE) or undecided):
                err = GaveUp("the first level was cut")
                err.week = (_week(p, plans, _whole(p, plans, 0, held)), bound)
                raise err
            break
        held.append(value)
    counts = _whole(p, plans, L - 1 if p.proven is None else p.proven, held)
    x = _week(p, plans, counts)
    if not p.feasible(x):  # pragma: no cover - every rule is kept by construction
        raise Infeasible("the week of day plans fails the check on the data")
    return x


def _same_every_day(fixed: np.ndarray | None) -> bool:
    """A diary (amounts eaten, per day) that is the same every day, or none: then every
    day plan is a plan for any day."""
    return fixed is None or bool(np.all(fixed == fixed[:1]))


def _generate(p: DayModel, one: DayModel, plans: list, level: int, held: list,
              floors: dict, undecided: list, priced: dict) -> float | None:
    """Add day plans until none lowers the master's linear program at ``level``; returns
    the bound it proves (None: none). ``floors``: the least value of any day at each
    level (with the levels before at their least), found by the first search at that
    level. ``undecided`` gets the level when a pricing could not decide (the clock, or
    its days did not fit their meals). Raises ``GaveUp`` when no week can be had."""
    best = -math.inf
    reach = _within_reach(p, held, priced)  # the same for every round of this level
    for _ in range(ROUNDS):
        if _past_share(FIRST_SHARE if level == 0 else TIME_SHARE):
            _note_cut()  # this level is left unproven for the limit
            break
        value, mu, pi, sigma, rho, tau = _master(p, plans, level, held)
        unit_cost = p.cost[level] - sum(r * p.cost[lvl] for lvl, r in enumerate(rho))
        food_cost = p.food_cost[level] - sum(r * p.food_cost[lvl] for lvl, r in enumerate(rho))
        # a capped menu's price, once per menu (every plan of the menu shares its row)
        menus = list({plans[q].menu: -s for q, s in sigma.items() if s < -1e-9}.items())
        slack = 1e-7 * max(1.0, abs(value)) if value < _PHANTOM / 2 else 1e-7
        # each round searches to the end (the days below the prices met on the way are
        # added too): stopping at the first day found took more rounds and longer
        eaten_cost = np.zeros(p.n) if tau == 0.0 else -tau * p.fish
        prices = (unit_cost, food_cost, eaten_cost, -pi, menus)
        found = daytotals.cheapest_days(one, *prices, below=mu - slack,
                                        caps=_day_caps(p, held, floors), within=reach)
        if found is None:  # the time limit, or days that did not fit their meals
            undecided.append(level)
            break
        days, least = found
        if not plans and least is not None:  # no prices yet: the least day
            floors[level] = least
        if least is not None and value < _PHANTOM / 2:  # a week of day plans: a bound
            best = max(best, value + p.days * min(least - mu, 0.0))
        if not days:  # no day plan lowers the program: its value is the bound
            if value >= _PHANTOM / 2:
                raise GaveUp("the week's rules leave no week of these days")
            priced[level] = (prices, mu, value, slack)
            return value
        added = 0
        for x1, _value in days:
            foods = tuple(int(j) for j in np.flatnonzero(x1[0].any(axis=1)))
            if any(q.foods == foods and np.array_equal(q.day, x1[0]) for q in plans):
                continue
            plans.append(_Plan(foods, weekrows.menu_of(p, foods), x1[0], one.objective(x1)))
            added += 1
        if not added:
            break  # no progress: round-off
    return best if math.isfinite(best) else None


_PHANTOM = 1e9  # the cost of a day no plan stands for: the master is always feasible


def _within_reach(p: DayModel, held: list, priced: dict) -> list:
    """The day plans a week at the held levels can use, by each held level's last prices:
    (prices, most) for ``daytotals.cheapest_days``.

    At a level whose search ran to its end (the program's value B, its prices; every day
    plan's reduced cost rc(q) = value at the prices - mu is at least -slack), every week
    of whole counts costs at least B + sum_q counts_q rc(q) (the prices are feasible for
    the program's dual). A week at the held value W of that level has sum_q counts_q rc(q)
    <= W - B, so each of its day plans has rc(q) <= W - B + (D - 1) slack: when W = B
    (the level proven without a gap) only the plans of reduced cost 0. Later levels price
    only those: the same weeks, a smaller search, and a bound at least as high."""
    out = []
    for level, (prices, mu, value, slack) in priced.items():
        if level < len(held):
            week = held[level] + 1e-7 * max(1.0, abs(held[level]))  # as the master holds it
            most = mu + (week - value) + p.days * slack + 1e-6 * max(1.0, abs(mu))
            out.append((prices, most))
    return out


def _day_caps(p: DayModel, held: list, floors: dict) -> list:
    """Every day of a week at the levels ``held`` is within these: at a held level, a
    day costs at most the week's value less the least day on every other day."""
    return [(lvl, value - (p.days - 1) * floors[lvl])
            for lvl, value in enumerate(held) if lvl in floors]


def _rows(p: DayModel, plans: list):
    """The master's rows over the plans: (kinds with a repeat limit and the plans eating
    each), (menus and their plans, each menu's cap)."""
    D = p.days
    repeat = weekrows.kind_repeat(p)
    limited = [] if repeat is None else np.flatnonzero(repeat < D).tolist()
    eating = {k: [q for q, plan in enumerate(plans) if k in plan.menu] for k in limited}
    multi = weekrows.kind_multi(p)
    menus: dict[tuple, list[int]] = {}
    for q, plan in enumerate(plans):
        menus.setdefault(plan.menu, []).append(q)
    caps = {}
    for menu in menus:
        cap = math.ceil(D / 2) if p.differ else D
        if p.menu_repeat is not None and not np.all(multi[list(menu)]):
            cap = min(cap, p.menu_repeat)
        caps[menu] = cap
    return eating, menus, caps


def _fish_row(p: DayModel, plans: list) -> np.ndarray | None:
    """Each plan's servings of fish (``DayModel.fish``), or None when no limit binds."""
    if p.fish is None or p.fish_servings is None:
        return None
    servings = np.array([weekrows.fish_of(p, plan.foods) for plan in plans])
    return servings if servings.max(initial=0.0) * p.days > p.fish_servings + 1e-9 else None


def _master(p: DayModel, plans: list, level: int, held: list):
    """The master's linear program (with a phantom day for feasibility): its value and
    prices (mu; pi per food; sigma per plan whose menu is capped; rho per level held)."""
    import highspy

    h = _quiet_construct(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    N = len(plans) + 1  # the last column is the phantom
    cost = np.array([plan.levels[level] for plan in plans] + [_PHANTOM], dtype=float)
    h.addVars(N, np.zeros(N), np.full(N, inf))
    h.changeColsCost(N, np.arange(N, dtype=np.int32), cost)
    everything = np.arange(N, dtype=np.int32)
    h.addRow(p.days, p.days, N, everything, np.ones(N))
    eating, menus, caps = _rows(p, plans)
    repeat = weekrows.kind_repeat(p)
    for k, qs in eating.items():
        h.addRow(-inf, float(repeat[k]), len(qs), np.array(qs, dtype=np.int32), np.ones(len(qs)))
    for foods, qs in menus.items():
        h.addRow(-inf, float(caps[foods]), len(qs), np.array(qs, dtype=np.int32),
                 np.ones(len(qs)))
    for lvl, value in enumerate(held):
        h.addRow(-inf, value + 1e-7 * max(1.0, abs(value)), N - 1, everything[:-1],
                 np.array([plan.levels[lvl] for plan in plans], dtype=float))
    fish = _fish_row(p, plans)
    if fish is not None:
        h.addRow(-inf, float(p.fish_servings), N - 1, everything[:-1], fish)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise GaveUp(f"the master program: {h.getModelStatus()}")
    duals = np.asarray(h.getSolution().row_dual)
    mu = float(duals[0])
    pi = np.zeros(weekrows.kinds_count(p))  # per kind
    pi[list(eating)] = duals[1:1 + len(eating)]
    start = 1 + len(eating)
    sigma = {}
    for i, qs in enumerate(menus.values()):
        for q in qs:
            sigma[q] = float(duals[start + i])
    rho = [float(r) for r in duals[start + len(menus):start + len(menus) + len(held)]]
    tau = float(duals[-1]) if fish is not None else 0.0
    return float(h.getInfo().objective_function_value), mu, pi, sigma, rho, tau


def _whole(p: DayModel, plans: list, level: int, held: list) -> np.ndarray | None:
    """Whole counts of the plans: the week of least levels 0..``level`` in turn (the
    levels ``held`` no higher), or None when the plans make no week. When the time limit
    cuts a level after the first, the week is the best of the levels before it (so a
    level already proven is never lost to the clock)."""
    if not plans:
        return None
    B = _Builder()
    N = len(plans)
    lam = B.cols(N, 0, p.days, 0, True)
    B.row(lam, 1.0, float(p.days), float(p.days))
    eating, menus, caps = _rows(p, plans)
    repeat = weekrows.kind_repeat(p)
    for k, qs in eating.items():
        B.row(lam[qs], 1.0, -math.inf, float(repeat[k]))
    for foods, qs in menus.items():
        B.row(lam[qs], 1.0, -math.inf, float(caps[foods]))
    values = np.array([plan.levels for plan in plans], dtype=float)  # (N, L)
    for lvl, value in enumerate(held):
        B.row(lam, values[:, lvl], -math.inf, value + 1e-7 * max(1.0, abs(value)))
    fish = _fish_row(p, plans)
    if fish is not None:
        B.row(lam, fish, -math.inf, float(p.fish_servings))
    try:
        counts = B.solve([values[:, lvl] for lvl in range(level + 1)])
    except Infeasible:
        return None
    except TimeUp:  # no week found at this level by the time limit
        if level == 0:
            raise
        return _whole(p, plans, level - 1, held)  # the levels before it, at their best
    if B.stopped is not None and B.stopped[0] == 0:
        return None
    # cut by the time limit at a later level: a week of the levels before it at their best
    return np.rint(counts).astype(int)


def in_order(counts: np.ndarray, keys: list) -> list[int]:
    """Days in order, no two in a row alike when no key (a menu) is on more than half the
    days (rounded up): the most eaten first, on every other day. ``counts[k]`` days of
    item k; items of one key are alike. Returns the item of each day."""
    by_key: dict = {}
    for k, c in enumerate(counts):
        if c:
            by_key.setdefault(keys[k], []).extend([k] * int(c))
    groups = sorted(by_key.values(), key=lambda items: (-len(items), items[0]))
    seq = [k for items in groups for k in items]
    D = len(seq)
    out = [0] * D
    slots = list(range(0, D, 2)) + list(range(1, D, 2))
    for k, s in zip(seq, slots):
        out[s] = k
    return out


def _week(p: DayModel, plans: list, counts: np.ndarray) -> np.ndarray:
    x = np.zeros((p.days, p.n, p.meals), dtype=int)
    for d, q in enumerate(in_order(counts, [plan.menu for plan in plans])):
        x[d] = plans[q].day
    return x
