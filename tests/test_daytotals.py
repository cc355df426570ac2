"""A day solved without its meals (bplanner.planning.daytotals).

The model of each food's units for the day is a relaxation of the day model: its
optimum bounds every day from below, and when its foods fit the meals the placed day is
the day's optimum. Checked against brute force over every placing of tiny days with
staples at several meals, cereal that needs milk, B12 counted per meal and a diary, and
on the shipped staple pool against the day model itself.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_reduction import shipped_day_model

from bplanner.planning import daytotals
from bplanner.planning.daymodel import DayModel, Infeasible, solve_exact

CAP = 1.5


def placings(units: int, meals: list[int], several: bool):
    """Every way one food's day can look: not eaten, or its units at one meal (a staple:
    spread over several meals, each at least one unit)."""
    yield {}
    for u in range(1, units + 1):
        if not several:
            for m in meals:
                yield {m: u}
            continue
        for r in range(1, min(u, len(meals)) + 1):
            for ms in itertools.combinations(meals, r):
                for cuts in itertools.combinations(range(1, u), r - 1):
                    edges = (0, *cuts, u)
                    yield dict(zip(ms, (b - a for a, b in zip(edges, edges[1:]))))


def brute(p: DayModel):
    """The lexicographic optimum over every placing of every food, checked on the data."""
    multi = p.multi_meal if p.multi_meal is not None else np.zeros(p.n, dtype=bool)
    choices = [list(placings(int(p.units[j]), list(np.flatnonzero(p.allowed[j])),
                             bool(multi[j]))) for j in range(p.n)]
    best = None
    for combo in itertools.product(*choices):
        x = np.zeros((1, p.n, p.meals), dtype=int)
        for j, placed in enumerate(combo):
            for m, u in placed.items():
                x[0, j, m] = u
        if p.feasible(x):
            value = tuple(p.objective(x))
            if best is None or value < best:
                best = value
    return best


@st.composite
def days(draw):
    """Tiny days: a staple (milk) at several meals, cereal that needs it, B12 per meal."""
    n = draw(st.integers(2, 4))
    M = draw(st.integers(2, 3))
    V = draw(st.integers(1, 2))
    b12 = draw(st.sampled_from([None, 0]))
    half = st.integers(0, 8).map(lambda k: k / 2)
    amounts = np.array([[draw(half) for _ in range(n)] for _ in range(V)])
    targets = np.array([draw(st.integers(1, 8).map(lambda k: k / 2)) for _ in range(V)])
    K = draw(st.integers(0, 1))
    limits = np.array([[draw(st.integers(0, 4)) for _ in range(n)] for _ in range(K)],
                      dtype=float).reshape(K, n)
    bounds = np.array([draw(st.integers(2, 10)) for _ in range(K)], dtype=float)
    units = np.array([draw(st.integers(1, 3)) for _ in range(n)])
    cost = np.array([[draw(st.integers(1, 2)) for _ in range(n)],
                     [draw(st.integers(0, 3)) for _ in range(n)]], dtype=float)
    food_cost = np.array([[draw(st.integers(0, 1)) for _ in range(n)], [0] * n], dtype=float)
    allowed = np.array([[draw(st.booleans()) for _ in range(M)] for _ in range(n)])
    allowed[~allowed.any(axis=1), 0] = True
    multi = np.zeros(n, dtype=bool)
    multi[0] = draw(st.booleans())
    with_milk = np.zeros(n, dtype=bool)
    if multi[0]:
        with_milk[1] = draw(st.booleans())
    slot = np.array([draw(st.integers(0, 2)) for _ in range(n)])
    max_items = np.array([draw(st.integers(1, 3)) for _ in range(M)])
    p = DayModel(amounts=amounts, targets=targets, b12=b12, cap=CAP, limits=limits,
                 bounds=bounds, units=units, cost=cost, food_cost=food_cost,
                 allowed=allowed, slot=slot, max_items=max_items,
                 min_foods=draw(st.integers(1, 2)), multi_meal=multi, with_milk=with_milk,
                 fish=np.array([draw(st.sampled_from([0.0, 0.0, 1.0, 2.0])) for _ in range(n)]),
                 fish_servings=draw(st.sampled_from([None, 1.0, 2.0])))
    if draw(st.booleans()):  # forms of one food: one of them a day
        p.kind = np.unique([draw(st.integers(0, n - 2)) for _ in range(n)],
                           return_inverse=True)[1]
    if draw(st.booleans()):  # a diary: some of each vitamin at one meal
        p.fixed = np.zeros((1, V, M))
        p.fixed[0, :, draw(st.integers(0, M - 1))] = [draw(half) for _ in range(V)]
    return p


def totals_levels(p: DayModel, beside: bool = False):
    """The optimum of the model without meals (``beside``: with the rows of a milk beside
    a cereal), or None when it has no plan."""
    B, level_cost = daytotals._model(p, (), beside=beside)
    try:
        values = B.solve([level_cost(lvl) for lvl in range(p.cost.shape[0])])
    except Infeasible:
        return None
    return tuple(level_cost(lvl) @ values for lvl in range(p.cost.shape[0]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days())
def test_a_day_without_meals_bounds_the_day_and_decides_it_only_at_its_optimum(p):
    best = brute(p)
    bound = totals_levels(p)
    got = daytotals.solve(p)
    event("decided" if got is not None else "left to the day model")
    if best is None:  # no day: no placed day either
        assert got is None
        return
    # a relaxation: every day is a plan of the model without meals, so it costs no less,
    # with the rows of a milk beside a cereal too
    assert bound is not None and bound <= tuple(v + 1e-6 for v in best)
    beside = totals_levels(p, beside=True)
    assert beside is not None and beside <= tuple(v + 1e-6 for v in best)
    if got is not None:
        assert p.feasible(got)
        assert tuple(p.objective(got)) == pytest.approx(best, abs=1e-6)


def test_cereal_and_its_milk_share_one_meals_b12():
    """Fortified cereal (6 µg a unit) must be eaten with milk (1.2 µg): at one breakfast
    they count 1.5 µg, so a 2.6 µg target needs B12 at another meal too. Without the rule
    that cereal and its milk share a meal's cap, the model without meals would count
    1.5 + 1.2 and plan too little."""
    p = DayModel(amounts=np.array([[1.2, 6.0, 1.0]]), targets=np.array([2.6]), b12=0, cap=CAP,
                 limits=np.zeros((0, 3)), bounds=np.zeros(0), units=np.array([2, 1, 2]),
                 cost=np.array([[1.0, 1.0, 1.0]]), food_cost=np.zeros((1, 3)),
                 allowed=np.array([[1, 1], [1, 0], [0, 1]], dtype=bool),
                 slot=np.array([0, 1, 2]), max_items=np.array([3, 3]),
                 multi_meal=np.array([True, False, False]),
                 with_milk=np.array([False, True, False]))
    assert brute(p) == (3.0,)
    assert totals_levels(p) == pytest.approx((3.0,))
    x = daytotals.solve(p)
    assert x is not None and p.feasible(x) and p.objective(x)[0] == 3.0


def test_a_milk_beside_a_cereal_that_fills_the_meal_counts_nothing():
    """Fortified cereal (6 µg) at breakfast with two milks of one unit (1.2 and 0.6 µg)
    for a 2.8 µg target: one milk must sit with the cereal, whose meal counts 1.5 µg; the
    other milk adds at most 1.2 µg at another meal: 2.7 µg, no day. The model without
    meals must see that (a milk's units beside a cereal are counted in the cereal's
    meal) once a day with a cereal has not fit, and not plan the three foods again."""
    p = DayModel(amounts=np.array([[1.2, 0.6, 6.0]]), targets=np.array([2.8]), b12=0,
                 cap=CAP, limits=np.zeros((0, 3)), bounds=np.zeros(0),
                 units=np.array([1, 1, 1]), cost=np.array([[1.0, 1.0, 1.0]]),
                 food_cost=np.zeros((1, 3)),
                 allowed=np.array([[1, 1, 1], [1, 1, 1], [1, 0, 0]], dtype=bool),
                 slot=np.array([2, 2, 0]), max_items=np.array([3, 3, 3]),
                 multi_meal=np.array([True, True, False]),
                 with_milk=np.array([False, False, True]))
    assert brute(p) is None
    assert totals_levels(p) is not None  # the rows are added only when a day needs them
    assert totals_levels(p, beside=True) is None
    assert daytotals.solve(p) is None
    p.targets = np.array([2.7])  # 1.5 + 1.2: the day exists, and the model finds it
    assert brute(p) == (3.0,)
    assert totals_levels(p, beside=True) == pytest.approx((3.0,))
    x = daytotals.solve(p)
    assert x is not None and p.feasible(x)


@pytest.mark.parametrize("vitamins, diet, profile", [
    (["B1", "B6", "B9", "B12"], "omnivore", {"age": 28, "sex": "female", "pregnant": True}),
    (["B1", "B6", "B9", "B12"], "omnivore", {"age": 70, "sex": "male"}),
    (["B1", "B2", "B3", "B5", "B6", "B9", "B12"], "vegetarian", {"age": 6, "sex": "female"}),
    (["B1", "B6", "B9", "B12"], "vegan", {"age": 30, "sex": "female"}),
])
def test_staple_days_are_decided_without_meals_at_the_day_models_optimum(
        monkeypatch, vitamins, diet, profile):
    """The shipped staple pool: the day without meals places its optimum at the meals
    (so the slow proof over every placing is not needed), at the levels of the day model
    solved outright."""
    p = shipped_day_model(monkeypatch, vitamins, diet, all_foods=False, **profile)
    monkeypatch.undo()
    got = daytotals.solve(p)
    assert got is not None
    assert p.feasible(got)
    assert tuple(p.objective(got)) == pytest.approx(tuple(p.objective(solve_exact(p))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.data())
def test_every_day_a_failed_day_excludes_fails_the_meals_too(p, data):
    """When a day's foods and units do not fit the meals, ``_exclude`` leaves out every
    day of the same foods with at most those units, plus any foods with no B12 that are
    not milk: each of those must not fit the meals either (brute force over them)."""
    units = np.array([data.draw(st.integers(0, int(u))) for u in p.units])
    eaten = [int(j) for j in np.flatnonzero(units)]
    if not eaten or daytotals.assign_meals(p, eaten, [int(units[j]) for j in eaten]) is not None:
        return
    event("a day that does not fit")
    multi = p.multi_meal if p.multi_meal is not None else np.zeros(p.n, dtype=bool)
    helps = multi | (p.amounts[p.b12] > 0 if p.b12 is not None else False)
    extra = [j for j in range(p.n) if units[j] == 0 and not helps[j]]
    for fewer in itertools.product(*[range(1, int(units[j]) + 1) for j in eaten]):
        for r in range(len(extra) + 1):
            for added in itertools.combinations(extra, r):
                for more in itertools.product(*[range(1, int(p.units[j]) + 1)
                                                for j in added]):
                    foods = eaten + list(added)
                    assert daytotals.assign_meals(p, foods, list(fewer) + list(more)) is None
