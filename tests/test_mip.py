"""The lexicographic solve every plan rests on (``mip._Builder.solve``): each level is
the least value with the levels before it held at their optimum, checked against every
point of small models. A later level searches only below the plan of the level before
(HiGHS's objective bound), so a wrong bound would show here as a level too high."""

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bplanner.planning.mip import _Builder

UPPER = 2  # each column 0..UPPER


def _best(points, levels):
    """Each level's least value over ``points``, the levels before held (brute force)."""
    values = []
    for cost in levels:
        at = points @ cost
        best = at.min()
        values.append(best)
        points = points[at <= best + 1e-9]
    return values


@st.composite
def models(draw):
    n = draw(st.integers(2, 5))
    vitamins = draw(st.integers(1, 3))
    amounts = np.array(draw(st.lists(st.lists(st.integers(0, 4), min_size=n, max_size=n),
                                     min_size=vitamins, max_size=vitamins)), dtype=float)
    # targets at most what every column at its most gives (a row of zeros reaches none)
    targets = [draw(st.integers(1, max(1, int(row.sum()) * UPPER))) for row in amounts]
    whole = draw(st.booleans())
    numbers = st.integers(0, 6) if whole else st.floats(0, 6, allow_nan=False).map(
        lambda v: round(v, 3))
    levels = [np.array(draw(st.lists(numbers, min_size=n, max_size=n)), dtype=float)
              for _ in range(draw(st.integers(2, 3)))]
    return amounts, targets, levels


@settings(max_examples=150, deadline=None)
@given(models())
def test_every_level_is_the_least_with_the_levels_before_held(model):
    amounts, targets, levels = model
    n = amounts.shape[1]
    points = np.array(list(itertools.product(range(UPPER + 1), repeat=n)), dtype=float)
    feasible = points[np.all(points @ amounts.T >= np.array(targets) - 1e-9, axis=1)]
    assume(feasible.size)  # a row no point reaches (all its amounts 0): nothing to compare
    B = _Builder()
    cols = B.cols(n, 0, UPPER, 0, True)
    for row, target in zip(amounts, targets):
        B.row(cols, row, target, np.inf)
    x = B.solve(levels)
    assert np.allclose(x, np.rint(x), atol=1e-6)
    assert np.all(amounts @ x >= np.array(targets) - 1e-6)
    got = [float(cost @ x) for cost in levels]
    want = _best(feasible, levels)
    assert np.allclose(got, want, atol=1e-5), (got, want)


@pytest.mark.parametrize("first, second, want", [
    # x = (2, 0) is the only plan at the least first level: the second level can find
    # nothing better and keeps it (not "no plan")
    ([1.0, 2.0], [5.0, 1.0], [2, 0]),
    # (2, 0) and (0, 2) tie at the first level; the second prefers (0, 2), whichever the
    # first solve returned
    ([1.0, 1.0], [3.0, 1.0], [0, 2]),
])
def test_a_later_level_keeps_or_betters_the_plan_before(first, second, want):
    B = _Builder()
    cols = B.cols(2, 0, UPPER, 0, True)
    B.row(cols, [1.0, 1.0], 2.0, np.inf)
    x = B.solve([np.array(first), np.array(second)])
    assert np.allclose(x, want)
