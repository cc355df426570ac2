"""The planner's one entry to the solvers: a day by ``daymodel.solve``, several days by
``week.solve_week`` (the exact week, or day by day). ``daymodel`` knows nothing of weeks
and ``week`` builds on ``daymodel``, so the two never import each other."""

from __future__ import annotations

import numpy as np

from bplanner.planning import daymodel, week


def solve(p: daymodel.DayModel, known: daymodel.Known | None = None,
          index: np.ndarray | None = None) -> np.ndarray:
    """The exact plan (D, n, M) of a day or a week (see the two modules)."""
    if p.days > 1:
        return week.solve_week(p)
    return daymodel.solve(p, known, index)
