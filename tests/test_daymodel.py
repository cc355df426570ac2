"""The exact day model (bplanner.planning.daymodel) on small synthetic problems.

Brute force over every plan of a tiny problem (every food at no meal or at one of its
meals, with every number of units) gives the lexicographic optimum; the solver must
reach the same objective levels, and say "infeasible" exactly when no plan exists.
The checker here is written from the model's statement (the module docstring), not
from ``DayModel.feasible``. Hypothesis draws the problems: adding a food never worsens
the first level, a stricter diet (fewer foods) never improves it, and the reduction
of large tables gives the same levels as the full model.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bplanner.planning.daymodel import DayModel, Infeasible, solve_exact
from bplanner.planning.solve import solve
from bplanner.planning.week import greedy_week

CAP = 1.5


def make(amounts, targets, b12, limits, bounds, units, cost, food_cost, allowed, slot,
         max_items, min_foods=1, days=1, repeat=None, differ=False, fish=None,
         fish_servings=None, kind=None) -> DayModel:
    return DayModel(
        amounts=np.asarray(amounts, dtype=float), targets=np.asarray(targets, dtype=float),
        b12=b12, cap=CAP, limits=np.asarray(limits, dtype=float).reshape(-1, len(units)),
        bounds=np.asarray(bounds, dtype=float), units=np.asarray(units, dtype=int),
        cost=np.asarray(cost, dtype=float), food_cost=np.asarray(food_cost, dtype=float),
        allowed=np.asarray(allowed, dtype=bool), slot=np.asarray(slot, dtype=int),
        max_items=np.asarray(max_items, dtype=int), min_foods=min_foods, days=days,
        repeat=None if repeat is None else np.asarray(repeat, dtype=int), differ=differ,
        fish=None if fish is None else np.asarray(fish, dtype=float),
        fish_servings=fish_servings,
        kind=None if kind is None else np.unique(kind, return_inverse=True)[1])


def day_ok(p: DayModel, x: np.ndarray) -> bool:
    """One day (n, M) of units against the model's statement, in plain loops."""
    n, M = x.shape
    used = x > 0
    for j in range(n):
        if used[j].sum() > 1 or any(used[j, m] and not p.allowed[j, m] for m in range(M)):
            return False
    for v in range(len(p.targets)):
        if v == p.b12:
            got = sum(min(sum(p.amounts[v, j] * x[j, m] for j in range(n)), p.cap)
                      for m in range(M))
        else:
            got = sum(p.amounts[v, j] * x[j].sum() for j in range(n))
        if got < p.targets[v] - 1e-9:
            return False
    for k in range(len(p.bounds)):
        if sum(p.limits[k, j] * x[j].sum() for j in range(n)) > p.bounds[k] + 1e-9:
            return False
    for m in range(M):
        if used[:, m].sum() > p.max_items[m]:
            return False
        for s in set(p.slot.tolist()):
            if used[p.slot == s, m].sum() > 1:
                return False
    if p.kind is not None:  # one form of a food a day (foods of one kind: one at most)
        kinds = [int(p.kind[j]) for j in range(n) if used[j].any()]
        if len(kinds) != len(set(kinds)):
            return False
    if p.fish_servings is not None:  # FDA/EPA's servings of fish: each food eaten counts
        if sum(p.fish[j] for j in range(n) if used[j].any()) > p.fish_servings + 1e-9:
            return False
    return used.any(axis=1).sum() >= p.min_foods


def levels(p: DayModel, x: np.ndarray) -> tuple:
    """Objective levels of a plan (D, n, M), from the costs per unit and per food used."""
    return tuple(float((p.cost[lvl][None, :, None] * x).sum()
                       + (p.food_cost[lvl][None, :, None] * (x > 0)).sum())
                 for lvl in range(p.cost.shape[0]))


def day_plans(p: DayModel):
    """Every assignment of a day: each food at no meal, or at one meal with 1..U units."""
    n, M = p.allowed.shape
    choices = []
    for j in range(n):
        mine = [None] + [(m, u) for m in range(M) if p.allowed[j, m]
                         for u in range(1, int(p.units[j]) + 1)]
        choices.append(mine)
    for combo in itertools.product(*choices):
        x = np.zeros((n, M), dtype=int)
        for j, c in enumerate(combo):
            if c is not None:
                x[j, c[0]] = c[1]
        yield x


def brute_day(p: DayModel):
    best = None
    for x in day_plans(p):
        if day_ok(p, x):
            value = levels(p, x[None])
            if best is None or value < best:
                best = value
    return best


def solved_levels(p: DayModel):
    try:
        x = solve(p)
    except Infeasible:
        return None
    for d in range(p.days):
        assert day_ok(p, x[d]), x[d]
    return levels(p, x)


# --- a hand-made problem ----------------------------------------------------------------


def test_b12_counted_per_meal_forces_two_meals():
    """One rich B12 food and one modest one: 3 µg in one meal counts 1.5, so the optimum
    uses two meals even though the rich food alone holds more than the target."""
    p = make(amounts=[[3.0, 1.0]], targets=[2.4], b12=0, limits=[], bounds=[],
             units=[2, 2], cost=[[1, 1]], food_cost=[[0, 0]],
             allowed=[[1, 0], [1, 1]], slot=[0, 1], max_items=[2, 2])
    x = solve(p)[0]
    assert day_ok(p, x)
    assert (x > 0).any(axis=0).sum() == 2  # two meals
    assert levels(p, x[None]) == brute_day(p)


def test_a_diary_meal_counts_its_own_b12_in_full_and_additions_there_nothing_more():
    """A diary gives 2.0 µg of B12 at breakfast: that counts in full (above the 1.5 cap),
    and 0.4 µg more is needed. An addition at breakfast would count nothing (the meal
    already counts more than the cap), so the one unit of the 1 µg food goes to lunch."""
    p = make(amounts=[[1.0]], targets=[2.4], b12=0, limits=[], bounds=[],
             units=[2], cost=[[1]], food_cost=[[0]],
             allowed=[[1, 1]], slot=[0], max_items=[2, 2])
    p.fixed = np.zeros((1, 1, 2))
    p.fixed[0, 0, 0] = 2.0
    x = solve(p)[0]
    assert x.tolist() == [[0, 1]]
    assert p.counted(x[None])[0, 0] == pytest.approx(3.0)  # 2.0 + min(1.0, 1.5)
    at_breakfast = np.array([[[1, 0]]])
    assert p.counted(at_breakfast)[0, 0] == pytest.approx(2.0)


def test_an_upper_limit_rules_out_the_cheapest_plan():
    p = make(amounts=[[2.0, 1.0]], targets=[2.0], b12=None, limits=[[5.0, 0.0]], bounds=[4.0],
             units=[2, 2], cost=[[1, 1]], food_cost=[[0, 0]],
             allowed=[[1, 1], [1, 1]], slot=[0, 1], max_items=[2, 2])
    x = solve(p)[0]
    assert x[0].sum() == 0 and x[1].sum() == 2
    assert levels(p, x[None]) == brute_day(p) == (2.0,)


def test_no_plan_is_infeasible():
    p = make(amounts=[[1.0, 1.0]], targets=[10.0], b12=None, limits=[], bounds=[],
             units=[2, 2], cost=[[1, 1]], food_cost=[[0, 0]],
             allowed=[[1, 0], [0, 1]], slot=[0, 0], max_items=[1, 1])
    assert brute_day(p) is None
    with pytest.raises(Infeasible):
        solve(p)


# --- random tiny problems against brute force ---------------------------------------------


@st.composite
def tiny(draw, n_min=2, n_max=4):
    n = draw(st.integers(n_min, n_max))
    M = draw(st.integers(2, 3))
    V = draw(st.integers(1, 2))
    b12 = draw(st.sampled_from([None, 0]))
    half = st.integers(0, 8).map(lambda k: k / 2)
    amounts = [[draw(half) for _ in range(n)] for _ in range(V)]
    targets = [draw(st.integers(1, 8).map(lambda k: k / 2)) for _ in range(V)]
    K = draw(st.integers(0, 1))
    limits = [[draw(st.integers(0, 4)) for _ in range(n)] for _ in range(K)]
    bounds = [draw(st.integers(2, 10)) for _ in range(K)]
    units = [draw(st.integers(1, 2)) for _ in range(n)]
    cost = [[draw(st.integers(1, 2)) for _ in range(n)],
            [draw(st.integers(0, 3)) for _ in range(n)]]
    food_cost = [[draw(st.integers(0, 1)) for _ in range(n)], [0] * n]
    allowed = [[draw(st.booleans()) for _ in range(M)] for _ in range(n)]
    for row in allowed:
        if not any(row):
            row[0] = True
    slot = [draw(st.integers(0, 2)) for _ in range(n)]
    max_items = [draw(st.integers(1, 3)) for _ in range(M)]
    min_foods = draw(st.integers(1, 2))
    fish = [draw(st.sampled_from([0, 0, 1, 2])) for _ in range(n)]  # servings of fish
    kind = draw(st.one_of(st.none(), st.lists(st.integers(0, n - 2), min_size=n, max_size=n)))
    return make(amounts, targets, b12, limits, bounds, units, cost, food_cost, allowed, slot,
                max_items, min_foods, fish=fish,
                fish_servings=draw(st.sampled_from([None, 1, 2])), kind=kind)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_the_solver_reaches_the_brute_force_optimum(p):
    best = brute_day(p)
    got = solved_levels(p)
    event("feasible" if best is not None else "infeasible")
    if best is None:
        assert got is None
    else:
        assert got == pytest.approx(best, abs=1e-6)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny(), st.data())
def test_a_level_solved_from_a_known_plan_reaches_the_brute_force_optimum(p, data):
    """``_solve_reduced`` given a plan (``start``) seeks only better ones: it must still
    end at the optimum of the level, whichever feasible plan it starts from, and when
    none is better it answers that plan."""
    from bplanner.planning.daymodel import _solve_reduced

    plans = [x for x in day_plans(p) if day_ok(p, x)]
    best = brute_day(p)
    if best is None:
        return
    first = min(levels(p, x[None])[0] for x in plans)
    start = data.draw(st.sampled_from([x for x in plans
                                       if levels(p, x[None])[0] == first]))[None]
    caps = [(0, first)]
    got = _solve_reduced(p, levels=[1], caps=caps, start=start)
    assert day_ok(p, got[0])
    assert levels(p, got) == pytest.approx(best, abs=1e-6)


def drop(p: DayModel, j: int) -> DayModel:
    keep = np.array([k for k in range(p.n) if k != j], dtype=int)
    return p.subset(keep)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny(n_min=3), st.data())
def test_more_foods_never_worsen_and_fewer_never_improve_the_first_level(p, data):
    """A stricter diet is the same problem with fewer foods."""
    j = data.draw(st.integers(0, p.n - 1))
    full, fewer = solved_levels(p), solved_levels(drop(p, j))
    if fewer is not None:
        assert full is not None and full[0] <= fewer[0] + 1e-9
    if full is None:
        assert fewer is None


# --- a week of tiny days against brute force ----------------------------------------------


def test_a_short_week_keeps_the_repeat_and_difference_rules_at_the_optimum():
    p = make(amounts=[[1.0, 1.0, 2.0]], targets=[1.0], b12=None, limits=[], bounds=[],
             units=[1, 1, 1], cost=[[1, 1, 3]], food_cost=[[0, 0, 0]],
             allowed=[[1, 0], [0, 1], [1, 1]], slot=[0, 1, 2], max_items=[2, 2],
             days=3, repeat=[1, 3, 3], differ=True)
    x = solve(p)
    day = list(day_plans(make(**{**_fields(p), "days": 1, "repeat": None, "differ": False})))
    ok = [d for d in day if day_ok(p, d)]
    best = None
    for week in itertools.product(ok, repeat=3):
        w = np.array(week)
        eaten = w.any(axis=2)
        if np.any(eaten.sum(axis=0) > p.repeat):
            continue
        if any(np.array_equal(eaten[d], eaten[d + 1]) for d in range(2)):
            continue
        value = levels(p, w)
        if best is None or value < best:
            best = value
    for d in range(3):
        assert day_ok(p, x[d])
    eaten = x.any(axis=2)
    assert np.all(eaten.sum(axis=0) <= p.repeat)
    assert all(not np.array_equal(eaten[d], eaten[d + 1]) for d in range(2))
    assert p.week_exact  # three foods: the joint week is solved exactly
    assert levels(p, x) == pytest.approx(best)


def _fields(p: DayModel) -> dict:
    return dict(amounts=p.amounts, targets=p.targets, b12=p.b12, limits=p.limits,
                bounds=p.bounds, units=p.units, cost=p.cost, food_cost=p.food_cost,
                allowed=p.allowed, slot=p.slot, max_items=p.max_items, min_foods=p.min_foods)


# --- the reduction of large tables is exact ------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_large_table_reduction_gives_the_full_models_levels(seed):
    """More foods than the working set: ``solve`` reduces the table; the full model solved
    directly (``solve_exact``) must give the same levels."""
    rng = np.random.default_rng(seed)
    n, M = 200, 4
    amounts = np.vstack([rng.choice([0, 0, 0.1, 0.3, 0.5, 1.0, 2.0], n),
                         rng.choice([0, 0, 0, 0.2, 0.8, 1.6, 3.0], n)])
    p = make(amounts=amounts, targets=[2.0, 2.4], b12=1,
             limits=rng.choice([0, 0, 1, 3], (1, n)), bounds=[6.0],
             units=rng.choice([2, 4], n), cost=np.vstack([np.where(rng.random(n) < .3, 2, 1),
                                                          rng.integers(0, 3, n),
                                                          rng.integers(0, 200, n)]),
             food_cost=np.zeros((3, n)), allowed=rng.random((n, M)) < 0.5,
             slot=rng.integers(0, 6, n), max_items=[3, 3, 3, 2])
    p.allowed[~p.allowed.any(axis=1), 0] = True
    reduced = solve(p)
    full = solve_exact(p)
    assert p.feasible(reduced) and day_ok(p, reduced[0])
    assert levels(p, reduced) == pytest.approx(levels(p, full), abs=1e-6)


@pytest.mark.parametrize("seed, first, b12", [(3, 1.0, 2.0), (4, 1.0, 2.0), (5, 3.0, 0.5)])
def test_large_table_with_a_diary_gives_the_full_models_levels(seed, first, b12):
    """A diary's amounts (per meal) count toward the targets and the limits: the solve of a
    large table must still reach the full model's levels."""
    rng = np.random.default_rng(seed)
    n, M = 200, 4
    amounts = np.vstack([rng.choice([0, 0, 0.1, 0.3, 0.5, 1.0, 2.0], n),
                         rng.choice([0, 0, 0, 0.2, 0.8, 1.6, 3.0], n)])
    p = make(amounts=amounts, targets=[3.0, 2.4], b12=1,
             limits=rng.choice([0, 0, 1, 3], (1, n)), bounds=[6.0],
             units=rng.choice([2, 4], n), cost=np.vstack([np.where(rng.random(n) < .3, 2, 1),
                                                          rng.integers(0, 3, n),
                                                          rng.integers(0, 200, n)]),
             food_cost=np.zeros((3, n)), allowed=rng.random((n, M)) < 0.5,
             slot=rng.integers(0, 6, n), max_items=[3, 3, 3, 2])
    p.allowed[~p.allowed.any(axis=1), 0] = True
    # the diary at breakfast: some of the first vitamin (3: all of it), some B12 (counted
    # in full; additions at breakfast count only while the meal is below 1.5), 2 of the limit
    p.fixed = np.zeros((1, 2, M))
    p.fixed[0, 0, 0], p.fixed[0, 1, 0] = first, b12
    p.fixed_limits = np.array([[2.0]])
    reduced = solve(p)
    full = solve_exact(p)
    assert p.feasible(reduced)
    assert levels(p, reduced) == pytest.approx(levels(p, full), abs=1e-6)
    # a plan from nothing needs at least as much
    nothing = make(**{**_fields(p)})
    assert levels(nothing, solve(nothing))[0] >= levels(p, reduced)[0]


def test_a_week_the_greedy_days_miss_is_found_by_the_joint_model():
    """The greedy week is a heuristic; its failure must not be reported as no plan.

    Four foods, one meal, each on at most one day (repeat 1): A+B is the cheapest day,
    but then C and D are left, and they share a course slot, so day 2 fails. The two
    days {A, C} and {B, D} make a week: the joint model finds it, exactly."""
    p = make(amounts=[[1.5, 1.5, 1.5, 1.5]], targets=[3.0], b12=None, limits=[], bounds=[],
             units=[1, 1, 1, 1], cost=[[1, 1, 2, 2]], food_cost=[[0, 0, 0, 0]],
             allowed=[[1], [1], [1], [1]], slot=[0, 1, 2, 2], max_items=[2],
             days=2, repeat=[1, 1, 1, 1], differ=True)
    with pytest.raises(Infeasible):
        greedy_week(p)
    x = solve(p)
    assert p.feasible(x) and p.week_exact
    days = [set(np.flatnonzero(x[d].any(axis=1)).tolist()) for d in range(2)]
    # A and B on different days, each with one of C and D (both weeks cost the same)
    assert sorted(len(d & {0, 1}) for d in days) == [1, 1]
    assert sorted(len(d & {2, 3}) for d in days) == [1, 1]


def test_a_food_of_another_kind_or_with_fish_dominates_nothing():
    """Dominance moves a food's units to a cheaper food of its slot: not to one that
    would make two forms of one food in a day, nor to a fish past the allowance (a
    hypothesis case: the day solve said no plan where brute force found one)."""
    kinds = make(amounts=[[0, 0.5, 0]], targets=[0.5], b12=None, limits=[], bounds=[],
                 units=[1, 1, 1], cost=[[1, 1, 1], [0, 0, 0]], food_cost=[[1, 0, 0], [0, 0, 0]],
                 allowed=[[1, 0], [1, 0], [1, 0]], slot=[0, 1, 0], max_items=[2, 1],
                 min_foods=2, kind=[1, 0, 0])
    assert brute_day(kinds) == pytest.approx((3, 0))
    assert solved_levels(kinds) == pytest.approx((3, 0))
    fish = make(amounts=[[0.5, 0.5]], targets=[0.5], b12=None, limits=[], bounds=[],
                units=[1, 1], cost=[[2, 1], [0, 0]], food_cost=[[0, 0], [0, 0]],
                allowed=[[1, 0], [1, 0]], slot=[0, 0], max_items=[1, 1],
                fish=[0, 1], fish_servings=0)
    assert brute_day(fish) == pytest.approx((2, 0))
    assert solved_levels(fish) == pytest.approx((2, 0))
