"""The shortcuts that make planning fast must not change a single objective level.

``bplanner.planning.daymodel.solve`` reduces a large table before the exact model is solved, and
the greedy week reuses what the first day's solve proved (``Known``) for the days after
it, which use fewer foods. Each shortcut is compared here with the full model solved
directly (``solve_exact``, no reduction at all) on random models larger than the working
set, and the week's proof by the best day with the levels it claims.
"""

from __future__ import annotations

import numpy as np
import pytest

from bplanner.planning import week
from bplanner.planning.daymodel import (
    TRIAL_ABOVE,
    WORKING_SET,
    DayModel,
    Known,
    _maximal,
    _within_budget,
    solve_exact,
)
from bplanner.planning.solve import solve
from bplanner.planning.week import WEEK_EXACT_MAX

CAP = 1.5


def random_model(seed: int, n: int = 200, staples: float = 0.0) -> DayModel:
    """A day of two vitamins (the second is B12, counted per meal) and one upper limit,
    with the planner's kind of costs: whole half portions, then whole kcal."""
    rng = np.random.default_rng(seed)
    M = 4
    p = DayModel(
        amounts=np.vstack([rng.choice([0, 0, 0.1, 0.3, 0.5, 1.0, 2.0], n),
                           rng.choice([0, 0, 0, 0.2, 0.8, 1.2, 3.0], n)]),
        targets=np.array([2.0, 2.4]), b12=1, cap=CAP,
        limits=rng.choice([0, 0, 1, 3], (1, n)).astype(float), bounds=np.array([6.0]),
        units=rng.choice([2, 4], n),
        cost=np.vstack([np.where(rng.random(n) < .3, 2, 1), rng.integers(0, 200, n)]
                       ).astype(float),
        food_cost=np.zeros((2, n)), allowed=rng.random((n, M)) < 0.5,
        slot=rng.integers(0, 6, n), max_items=np.array([3, 3, 3, 2]),
        multi_meal=rng.random(n) < staples,
    )
    p.allowed[~p.allowed.any(axis=1), 0] = True
    return p


def levels(p: DayModel, x: np.ndarray) -> tuple:
    return tuple(float(v) for v in p.objective(x))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_day_over_fewer_foods_reuses_what_all_foods_proved(seed):
    """The greedy week's days: the first over every food fills ``Known``; each later day
    leaves out a few foods (among them foods of the first day's plan, as the week's
    rules do) and must reach the levels of its own full model."""
    p = random_model(seed)
    assert p.n > WORKING_SET  # the reduction runs
    known = Known()
    first = solve(p, known)
    assert known.levels == pytest.approx(levels(p, solve_exact(p)), abs=1e-6)
    assert levels(p, first) == pytest.approx(known.levels, abs=1e-6)
    rng = np.random.default_rng(100 + seed)
    used = np.flatnonzero(first[0].any(axis=1))
    for _ in range(4):
        drop = np.union1d(rng.choice(used, size=min(1, used.size), replace=False),
                          rng.choice(p.n, size=5, replace=False))
        idx = np.setdiff1d(np.arange(p.n), drop)
        q = p.subset(idx)
        x = solve(q, known, idx)
        assert q.feasible(x)
        assert levels(q, x) == pytest.approx(levels(q, solve_exact(q)), abs=1e-6)
        used = np.union1d(used, idx[np.flatnonzero(x[0].any(axis=1))])


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_staples_at_several_meals_survive_the_reduction(seed):
    """Staples (milk) may be at several meals, each meal's B12 counted up to the cap:
    the budget filter and dominance must not drop one that the optimum needs."""
    p = random_model(seed, staples=0.3)
    x = solve(p)
    assert p.feasible(x)
    assert levels(p, x) == pytest.approx(levels(p, solve_exact(p)), abs=1e-6)


def test_a_staple_spread_over_two_meals_fits_the_budget():
    """1.2 µg of B12 a unit, 2.4 µg to reach, 1.5 µg counted a meal: two units at two
    meals reach the target for 2 half portions; at one meal they would count 1.5."""
    p = DayModel(amounts=np.array([[1.2, 0.1]]), targets=np.array([2.4]), b12=0, cap=CAP,
                 limits=np.zeros((0, 2)), bounds=np.zeros(0), units=np.array([2, 4]),
                 cost=np.array([[1.0, 1.0]]), food_cost=np.zeros((1, 2)),
                 allowed=np.array([[1, 1, 0, 0], [1, 1, 1, 1]], dtype=bool),
                 slot=np.array([0, 1]), max_items=np.array([3, 3, 3, 2]),
                 multi_meal=np.array([True, False]))
    x = solve_exact(p)
    assert p.objective(x)[0] == 2  # the staple at breakfast and lunch
    kept = _within_budget(p, np.minimum(p.amounts, CAP), 2.0)
    assert kept[0]


def test_the_maximal_units_cover_every_unit():
    """``_maximal``: every column is at or below one of the columns it keeps, and no kept
    column is strictly below another column."""
    rng = np.random.default_rng(7)
    for _ in range(20):
        a = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], (3, rng.integers(1, 400)))
        front = _maximal(a, chunk=int(rng.integers(1, 64)))
        covered = np.all(a[:, front, None] >= a[:, None, :], axis=0).any(axis=0)
        assert covered.all()
        ge = np.all(a[:, :, None] >= a[:, None, front], axis=0)
        gt = np.any(a[:, :, None] > a[:, None, front], axis=0)
        assert not (ge & gt).any()


def week_model(kcal: np.ndarray, repeat: int, days: int = 7) -> DayModel:
    """Foods that each cover the day's target alone in one unit (one slot per food)."""
    n = kcal.size
    return DayModel(amounts=np.ones((1, n)), targets=np.array([1.0]), b12=None, cap=CAP,
                    limits=np.zeros((0, n)), bounds=np.zeros(0), units=np.full(n, 2),
                    cost=np.vstack([np.ones(n), kcal]).astype(float),
                    food_cost=np.zeros((2, n)), allowed=np.ones((n, 4), dtype=bool),
                    slot=np.arange(n), max_items=np.array([3, 3, 3, 2]), days=days,
                    repeat=np.full(n, repeat), differ=True)


def test_a_week_of_best_days_is_proven_without_the_joint_model():
    """Many foods as good as the best: every day is a best day, so no week does better
    at any level, however many foods there are."""
    n = WEEK_EXACT_MAX + 20
    p = week_model(np.full(n, 50), repeat=1)
    x = solve(p)
    assert p.week_exact and p.week_exact_levels is None
    assert p.feasible(x)
    one = week_model(np.full(n, 50), repeat=1, days=1)
    best = np.asarray(levels(one, solve_exact(one)))
    assert levels(p, x) == pytest.approx(tuple(7 * best))


def _gives_up(p, _seeds=(), _least=None):
    raise week.weekcolumns.GaveUp("as on a table too large for it")


def test_a_week_proven_at_its_first_level_only_says_so(monkeypatch):
    """Every food costs one half portion, but the few cheap ones (in kcal) may be eaten
    on one day each: the week has the fewest portions possible (7 x the best day), its
    energy is more than 7 x the best day's, and, with the enumeration of day plans
    given up (as on a very large table), too many foods remain for the joint model: one
    level proven. (The enumeration and the column generation prove this week whole:
    ``test_week``, ``test_weekcolumns``.)"""
    monkeypatch.setattr(week, "WORK_LIMIT", 0)
    monkeypatch.setattr(week.weekcolumns, "solve", _gives_up)
    n = WEEK_EXACT_MAX + 20
    kcal = np.full(n, 100)
    kcal[:2] = 10
    p = week_model(kcal, repeat=1)
    x = solve(p)
    assert p.feasible(x)
    assert not p.week_exact and p.week_exact_levels == 1
    assert levels(p, x)[0] == 7
    assert levels(p, x)[1] > 7 * 10


class _Captured(Exception):
    pass


def shipped_day_model(monkeypatch, vitamins, diet, all_foods=True, **profile) -> DayModel:
    """The one-day model the planner builds from the shipped table (caught before the
    solve); the whole table by default (``--all-foods``: a pool large enough to reduce)."""
    from bplanner.planning.planner import suggest
    from bplanner.targets import Profile

    got = {}

    def catch(model, *args, **kwargs):
        got["model"] = model
        raise _Captured

    import bplanner.planning.solve as solve_module

    monkeypatch.setattr(solve_module, "solve", catch)
    with pytest.raises(_Captured):
        suggest(vitamins, diet, profile=Profile(**profile), all_foods=all_foods)
    return got["model"]


def test_the_shipped_table_with_foods_left_out_reaches_the_full_models_levels(monkeypatch):
    """Four vitamins for a vegan woman of 30 on the whole shipped table (--all-foods): the
    first day's proof that no plan needs fewer portions (a small model over the few foods
    that could be in one) and the floor it gives the later days, each without a food of
    the plan before (as the greedy week leaves it out), against the full model of each
    day. (A vegetarian's full model takes minutes to solve outright: too slow a check.)"""
    p = shipped_day_model(monkeypatch, ["B1", "B6", "B9", "B12"], "vegan", age=30,
                          sex="female")
    monkeypatch.undo()
    assert p.n > TRIAL_ABOVE // 2
    known = Known()
    x = solve(p, known)
    assert levels(p, x) == pytest.approx(levels(p, solve_exact(p)), abs=1e-6)
    idx = np.arange(p.n)
    for _ in range(2):
        eaten = x[0].sum(axis=1)
        idx = idx[idx != idx[np.argmax(eaten)]]  # the food of most units, left out
        q = p.subset(idx)
        x = solve(q, known, idx)
        assert q.feasible(x)
        assert levels(q, x) == pytest.approx(levels(q, solve_exact(q)), abs=1e-6)


def test_a_large_pool_looks_for_a_better_incumbent_without_changing_the_levels(monkeypatch):
    """On 100,000 synthetic foods the energy level's pool is large: it first looks for a
    better incumbent among the foods of least reduced cost (``TRIAL_ABOVE``); the levels
    must be those of the solve that does not."""
    import sys
    from pathlib import Path

    import bplanner.planning.daymodel as daymodel
    from bplanner.planning.planner import suggest

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import make_foods

    foods = make_foods(100_000, seed=0)
    seen = []
    search = daymodel._solve_reduced

    def spy(p, levels=None, caps=(), start=None):
        seen.append((p.n, levels))
        return search(p, levels, caps, start)

    monkeypatch.setattr(daymodel, "_solve_reduced", spy)
    # no time limit: the levels are compared exactly
    fast = suggest(["B1", "B6", "B9", "B12"], foods=foods,
                   time_limit=None).model["objective_levels"]
    assert any(lv == [1] and n <= 3 * daymodel.WORKING_SET for n, lv in seen)
    monkeypatch.setattr(daymodel, "TRIAL_ABOVE", 10**9)
    plain = suggest(["B1", "B6", "B9", "B12"], foods=foods,
                    time_limit=None).model["objective_levels"]
    assert fast == pytest.approx(plain)
