"""HiGHS for the planner's models: columns and rows built as numpy blocks and passed in
one call, objective levels minimised in turn, and the time limit every solve of a plan
shares (``Clock``).

The day model (``daymodel``), the day without meals (``daytotals``) and the week's
choice (``week``) all solve through ``Builder``."""

from __future__ import annotations

import contextlib
import contextvars
import math
import time

import numpy as np

TOLERANCE = 1e-9


# HiGHS's options for every MIP of a plan (``benchmarks/mip_options.py`` times other
# sets on the MIPs the profiles solve). The level's gap is set per level.
OPTIONS = {
    "output_flag": False,
    "random_seed": 0,
    "threads": 1,
    "mip_rel_gap": 0.0,
    "mip_abs_gap": 1e-6,
    "primal_feasibility_tolerance": TOLERANCE,
    "mip_feasibility_tolerance": TOLERANCE,
    # RINS and RENS sub-MIPs cost more than they find on these small models (measured on
    # the staple pool: about a third of the CPU of a day plan)
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    # HiGHS restarts a search whose root fixed a few columns, solving the root again: on
    # these models the second root costs more than the smaller model saves (146 MIPs of
    # 120 day profiles, each over 20 ms: 31.8 s in all with restarts, 23.4 s without, the
    # same optima; issue 22's closing note)
    "mip_allow_restart": False,
}


class Infeasible(Exception):
    """No plan satisfies the constraints."""

    proven = False  # True: the solver proved the model infeasible (not a limit or check)


class TimeUp(Exception):
    """The time limit passed before a solve found any plan (not a proof of anything)."""


class Clock:
    """The time limit of a plan (``time_limit``): until ``deadline`` every solve searches
    and proves as usual, with the time left as HiGHS's limit; past it nothing more is
    proven (each level stops at the plan it has, with a lower bound: ``DayModel.proven``),
    and a plan still being completed (a level with no plan yet, the later days of a week)
    takes the first plan each solve finds, until ``hard`` (the limit once more). A solve
    that finds none by then raises ``TimeUp``."""

    def __init__(self, seconds: float | None):
        now = time.monotonic()
        self.seconds = seconds
        self.deadline = math.inf if seconds is None else now + seconds
        self.hard = math.inf if seconds is None else now + 2 * seconds
        self.reached = False  # a solve stopped at the limit, or a step was skipped for it
        self.stop: tuple[int, float] | None = None  # the last solve_milp cut: (level, bound)

    def past(self) -> bool:
        if time.monotonic() >= self.deadline:
            self.reached = True
            return True
        return False

    def past_share(self, share: float) -> bool:
        """Whether ``share`` of the limit is spent: a step that may give up early (the
        week's listing) leaves the rest to the steps that still find a good plan."""
        if self.seconds is None:
            return False
        return time.monotonic() >= self.deadline - (1 - share) * self.seconds


_CLOCK: contextvars.ContextVar[Clock | None] = contextvars.ContextVar("bplanner_clock",
                                                                     default=None)


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Plan within ``seconds`` (None: no limit): yields the ``Clock``, whose ``reached``
    says afterwards whether the limit cut a search or a proof."""
    clock = Clock(seconds)
    token = _CLOCK.set(clock)
    try:
        yield clock
    finally:
        _CLOCK.reset(token)


def _past() -> bool:
    clock = _CLOCK.get()
    return clock is not None and clock.past()


def _past_share(share: float) -> bool:
    """``Clock.past_share`` of the current clock (False without a time limit)."""
    clock = _CLOCK.get()
    return clock is not None and clock.past_share(share)


def _note_cut() -> None:
    """A step gave up for the time limit (its share spent) with a level not proven: the
    clock says the limit was reached, so the plan says why it is not proven."""
    clock = _CLOCK.get()
    if clock is not None:
        clock.reached = True


def _quiet_construct(highspy):
    """HiGHS prints a banner to the C-level stdout when the first instance is made,
    before any option can be set; send it to /dev/null so JSON output stays clean."""
    import os
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class _Builder:
    """Columns and sparse rows, collected as numpy blocks and passed to HiGHS in one call.

    Rows come in blocks: ``rows(count, row, col, val, lower, upper)`` adds ``count`` rows
    whose entries are (row within the block, column, value); within a row the entries keep
    the order given. Zero values are dropped."""

    def __init__(self):
        self.lower, self.upper, self.cost, self.integer = [], [], [], []
        self.ncols = 0
        self.nrows = 0
        self.row_lower, self.row_upper, self.r, self.c, self.v = [], [], [], [], []

    def cols(self, count: int, lower, upper, cost, integer: bool) -> np.ndarray:
        first = self.ncols
        for store, values in ((self.lower, lower), (self.upper, upper), (self.cost, cost)):
            store.append(np.broadcast_to(np.asarray(values, dtype=float), (count,)))
        self.integer.append(np.full(count, integer, dtype=bool))
        self.ncols += count
        return np.arange(first, first + count)

    def rows(self, count: int, row, col, val, lower, upper) -> None:
        row = np.asarray(row, dtype=np.int64)
        val = np.broadcast_to(np.asarray(val, dtype=float), row.shape)
        keep = val != 0
        self.r.append(row[keep] + self.nrows)
        self.c.append(np.asarray(col, dtype=np.int64)[keep])
        self.v.append(val[keep])
        self.row_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)))
        self.row_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)))
        self.nrows += count

    def row(self, cols, vals, lower: float, upper: float) -> None:
        cols = np.asarray(cols, dtype=np.int64)
        self.rows(1, np.zeros(cols.shape, dtype=np.int64), cols, vals, lower, upper)

    def solve(self, levels: list[np.ndarray], time_limit: float | None = None,
              integral: bool | None = None, below: float | None = None):
        """Minimise each level of costs in turn (one cost per column), holding the
        levels before it at their optimum; returns the column values.

        ``below`` (one level only): only plans of a value below it are sought; when there
        is none, ``Infeasible`` is raised (with ``proven``: no plan is below it). The
        improving plans met on the way are kept in ``self.saved`` (column values).

        With ``time_limit`` (seconds) the best plan found by then is returned, proven
        or not: only for finding an incumbent, never for an answer. ``integral=False``
        says a level's value need not be a whole number even when its costs are (a cost
        on a continuous column)."""
        import highspy

        h = _quiet_construct(highspy)
        for name, value in OPTIONS.items():
            h.setOptionValue(name, value)
        if below is not None:
            h.setOptionValue("objective_bound", float(below))
            h.setOptionValue("mip_improving_solution_save", True)
        r = np.concatenate(self.r) if self.r else np.zeros(0, dtype=np.int64)
        order = np.argsort(r, kind="stable")  # by row, each row's entries in given order
        starts = np.searchsorted(r[order], np.arange(self.nrows + 1))
        lp = highspy.HighsLp()
        lp.num_col_ = self.ncols
        lp.num_row_ = self.nrows
        lp.col_cost_ = np.concatenate(self.cost) if self.cost else np.zeros(0)
        lp.col_lower_ = np.concatenate(self.lower) if self.lower else np.zeros(0)
        lp.col_upper_ = np.concatenate(self.upper) if self.upper else np.zeros(0)
        lp.row_lower_ = np.concatenate(self.row_lower) if self.row_lower else np.zeros(0)
        lp.row_upper_ = np.concatenate(self.row_upper) if self.row_upper else np.zeros(0)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = starts.astype(np.int32)
        lp.a_matrix_.index_ = (np.concatenate(self.c)[order] if self.c
                               else np.zeros(0)).astype(np.int32)
        lp.a_matrix_.value_ = (np.concatenate(self.v)[order] if self.v
                               else np.zeros(0)).astype(float)
        lp.a_matrix_.num_col_ = lp.num_col_
        lp.a_matrix_.num_row_ = lp.num_row_
        kinds = (highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger)
        integer = np.concatenate(self.integer) if self.integer else np.zeros(0, dtype=bool)
        lp.integrality_ = [kinds[i] for i in integer.tolist()]
        h.passModel(lp)
        all_cols = np.arange(lp.num_col_, dtype=np.int32)
        clock = _CLOCK.get() if time_limit is None else None
        self.stopped = None  # (level, lower bound or None): the levels from it not solved
        x = None  # the plan of the levels solved so far
        for level, cost in enumerate(levels):
            cost = np.asarray(cost, dtype=float)
            known = None  # this level's value of a plan known to hold the levels before
            if level:
                if clock is not None and clock.past():  # no time to prove this level
                    self.stopped = (level, None)
                    break
                before = levels[level - 1]
                value = float(before @ x)
                nz = np.flatnonzero(before)
                h.addRow(-highspy.kHighsInf, value + 1e-7 * max(1.0, abs(value)), len(nz),
                         nz.astype(np.int32), before[nz])
            h.changeColsCost(lp.num_col_, all_cols, cost)
            # every plan's value of an integer-valued level is an integer: a gap below 1
            # proves the optimum
            whole = integral is not False and np.allclose(cost, np.rint(cost), atol=1e-12)
            h.setOptionValue("mip_abs_gap", 0.999 if whole else 1e-6)
            if level:
                # The plan of the level before holds this level's rows: only a better
                # plan is sought (by a whole unit when every plan's value is a whole
                # number, with room for rounding), so a node that cannot beat it is
                # pruned from the first (84 four- and seven-vitamin days: 35.9 s ->
                # 30.8 s). Not given as HiGHS's start solution: HiGHS 1.16 can value a
                # start wrongly after its presolve and prune the true optimum (a vegan
                # week's master: 4192 said, 6154 true).
                known = float(cost @ x)
                room = min(0.5, 1e-6 * max(1.0, abs(known)))
                h.setOptionValue("objective_bound", known - 1.0 + room if whole else known)
            cut_at = (highspy.HighsModelStatus.kTimeLimit,
                      highspy.HighsModelStatus.kSolutionLimit)
            if time_limit is not None:
                h.setOptionValue("time_limit", float(time_limit))
            for _attempt in range(2):
                if clock is not None and clock.seconds is not None:
                    now = time.monotonic()
                    if now < clock.deadline:
                        h.setOptionValue("time_limit", clock.deadline - now)
                    else:  # past the limit: the first plan found, until the hard limit
                        clock.reached = True
                        h.setOptionValue("time_limit", max(clock.hard - now, 0.0))
                        h.setOptionValue("mip_max_improving_sols", 1)
                h.run()
                status = h.getModelStatus()
                found = h.getInfo().primal_solution_status == 2  # a feasible point
                if found or known is not None or status not in cut_at or clock is None \
                        or clock.seconds is None:
                    break
                # the limit came before any plan: look for a first one, until the hard limit
            if found:
                better = np.asarray(h.getSolution().col_value)
                if known is None or cost @ better < known:
                    x = better
            none_better = known is not None and status in (
                highspy.HighsModelStatus.kObjectiveBound, highspy.HighsModelStatus.kInfeasible)
            if status == highspy.HighsModelStatus.kOptimal or none_better:
                continue
            cut = status in cut_at
            if cut and x is not None and (time_limit is not None or clock is not None):
                if clock is not None:
                    clock.reached = True
                bound = float(h.getInfo().mip_dual_bound)
                if known is not None:  # the plan kept is a plan: no bound above it
                    bound = min(bound, float(cost @ x))
                self.stopped = (level, bound if math.isfinite(bound) else None)
                break
            if cut and clock is not None:
                clock.reached = True
                raise TimeUp(str(status))
            err = Infeasible(str(status))
            err.proven = status == highspy.HighsModelStatus.kInfeasible or (
                below is not None and status == highspy.HighsModelStatus.kObjectiveBound)
            raise err
        self.saved = ([np.asarray(sol.col_value) for sol in h.getSavedMipSolutions()]
                      if below is not None else [])
        return x
