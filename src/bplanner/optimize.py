"""The exact solver behind the planner: a small mixed-integer program, solved with HiGHS.

Problem (all arrays over the candidate foods j, amounts per step of a serving):

    minimise   sum_j f_j * y_j + c_j * x_j
    subject to sum_j A[v, j] x_j >= b_v        every chosen vitamin v
               sum_j L[k, j] x_j <= U_k        every upper limit k
               x_j integer in [0, u_j], y_j binary, x_j <= u_j y_j, y_j <= x_j
               sum_j y_j >= min_foods

Large tables are made small without losing exactness: the LP relaxation is
solved over every food by sifting (solve on a working set, price all columns
with the duals in numpy, add the ones that improve it), and then any food whose
reduced cost exceeds the gap between an integer solution and the LP bound is
fixed to zero, the classic reduced-cost fixing argument: every solution that
uses such a food costs more than one already found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WORKING_SET = 300  # below this many foods the MILP is solved directly
_TOL = 1e-9


class Infeasible(Exception):
    """No integer solution satisfies the constraints."""


@dataclass
class Problem:
    cover: np.ndarray  # (m, n) amount per step of each chosen vitamin
    targets: np.ndarray  # (m,)
    limits: np.ndarray  # (k, n) amount per step of each limited nutrient
    bounds: np.ndarray  # (k,)
    steps: np.ndarray  # (n,) max steps per food (integer)
    cost: np.ndarray  # (n,) cost per step
    fixed: np.ndarray  # (n,) cost of using a food at all
    min_foods: int = 1

    @property
    def n(self) -> int:
        return self.cost.shape[0]

    def subset(self, idx: np.ndarray) -> Problem:
        return Problem(
            self.cover[:, idx],
            self.targets,
            self.limits[:, idx],
            self.bounds,
            self.steps[idx],
            self.cost[idx],
            self.fixed[idx],
            self.min_foods,
        )

    def objective(self, x: np.ndarray) -> float:
        return float(self.cost @ x + self.fixed @ (x > 0))

    def feasible(self, x: np.ndarray) -> bool:
        ok_cover = np.all(self.cover @ x >= self.targets * (1 - 1e-12))
        ok_limit = np.all(self.limits @ x <= self.bounds * (1 + 1e-12))
        ok_steps = np.all((x >= 0) & (x <= self.steps))
        return bool(ok_cover and ok_limit and ok_steps and (x > 0).sum() >= self.min_foods)


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


def _highs():
    import highspy

    h = _quiet_construct(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    return h, highspy


def _rows(h, highspy, mat: np.ndarray, lower, upper, col_offset=0, ncols=None):
    """Add dense rows over the first columns (sparse entries only)."""
    m = mat.shape[0]
    if m == 0:
        return
    starts, index, value = [], [], []
    for i in range(m):
        nz = np.nonzero(mat[i])[0]
        starts.append(len(index))
        index.extend((nz + col_offset).tolist())
        value.extend(mat[i, nz].tolist())
    h.addRows(
        m,
        np.asarray(lower, dtype=float),
        np.asarray(upper, dtype=float),
        len(index),
        np.asarray(starts, dtype=np.int32),
        np.asarray(index, dtype=np.int32),
        np.asarray(value, dtype=float),
    )


def solve_milp(p: Problem) -> np.ndarray:
    """Exact MILP over all foods of ``p``; returns integer steps per food."""
    n = p.n
    h, hs = _highs()
    inf = hs.kHighsInf
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    need_y = p.min_foods > 1 or bool(np.any(p.fixed > 0))
    ncols = 2 * n if need_y else n
    lower = np.zeros(ncols)
    upper = np.concatenate([p.steps.astype(float), np.ones(n)]) if need_y else p.steps.astype(float)
    h.addVars(ncols, lower, upper)
    cost = np.concatenate([p.cost, p.fixed]) if need_y else p.cost
    h.changeColsCost(ncols, np.arange(ncols, dtype=np.int32), cost.astype(float))
    h.changeColsIntegrality(
        ncols, np.arange(ncols, dtype=np.int32), np.full(ncols, hs.HighsVarType.kInteger)
    )
    # a hair above each target so that solver tolerances never leave a vitamin at 99.9999%
    _rows(h, hs, p.cover, p.targets * (1 + 1e-9) + _TOL, np.full(p.cover.shape[0], inf))
    _rows(h, hs, p.limits, np.full(p.limits.shape[0], -inf), p.bounds)
    if need_y:
        j = np.arange(n)
        # x_j - u_j y_j <= 0 and y_j - x_j <= 0: two entries a row
        index = np.column_stack([j, n + j, n + j, j]).reshape(-1)
        value = np.column_stack(
            [np.ones(n), -p.steps.astype(float), np.ones(n), -np.ones(n)]
        ).reshape(-1)
        h.addRows(
            2 * n,
            np.full(2 * n, -inf),
            np.zeros(2 * n),
            4 * n,
            np.arange(0, 4 * n, 2, dtype=np.int32),
            index.astype(np.int32),
            value,
        )
        h.addRows(
            1,
            np.array([float(p.min_foods)]),
            np.array([inf]),
            n,
            np.array([0], dtype=np.int32),
            (n + j).astype(np.int32),
            np.ones(n),
        )
    h.run()
    status = h.getModelStatus()
    if status != hs.HighsModelStatus.kOptimal:
        raise Infeasible(str(status))
    x = np.rint(np.asarray(h.getSolution().col_value[:n])).astype(int)
    if not p.feasible(x):  # pragma: no cover - guarded by the margin above
        raise Infeasible("solver returned a point that fails verification")
    return x


def _lp_working_set(p: Problem, lp_cost: np.ndarray):
    """LP relaxation over all columns by sifting; returns (bound, reduced costs, working set)."""
    h, hs = _highs()
    inf = hs.kHighsInf
    m, k = p.cover.shape[0], p.limits.shape[0]
    rows = np.vstack([p.cover, p.limits]) if k else p.cover
    # artificial slack per vitamin row keeps every working-set LP feasible
    big = 1e6 * (float(lp_cost.max()) + 1.0) * (1.0 + float(p.targets.max()))
    h.addVars(m, np.zeros(m), np.full(m, inf))
    h.changeColsCost(m, np.arange(m, dtype=np.int32), np.full(m, big))
    lower = np.concatenate([p.targets, np.full(k, -inf)])
    upper = np.concatenate([np.full(m, inf), p.bounds])
    slack_rows = np.vstack([np.eye(m), np.zeros((k, m))])
    _rows(h, hs, slack_rows, lower, upper)
    # start from the foods that give each vitamin most cheaply
    start = set()
    per = min(WORKING_SET // max(m, 1), p.n)
    for v in range(m):
        ratio = p.cover[v] / lp_cost
        start.update(np.argsort(-ratio, kind="stable")[:per].tolist())
    in_set = np.zeros(p.n, dtype=bool)

    def add(cols: np.ndarray) -> None:
        cols = np.sort(cols[~in_set[cols]])
        if cols.size == 0:
            return
        sub = rows[:, cols]
        starts, index, value = [], [], []
        for jj in range(cols.size):
            nz = np.nonzero(sub[:, jj])[0]
            starts.append(len(index))
            index.extend(nz.tolist())
            value.extend(sub[nz, jj].tolist())
        h.addCols(
            cols.size,
            lp_cost[cols].astype(float),
            np.zeros(cols.size),
            p.steps[cols].astype(float),
            len(index),
            np.asarray(starts, dtype=np.int32),
            np.asarray(index, dtype=np.int32),
            np.asarray(value, dtype=float),
        )
        in_set[cols] = True

    add(np.array(sorted(start), dtype=np.int64))
    for _ in range(100):
        h.run()
        sol = h.getSolution()
        y = np.asarray(sol.row_dual)
        reduced = lp_cost - y @ rows
        reduced[in_set] = np.inf
        entering = np.flatnonzero(reduced < -1e-9)
        if entering.size == 0:
            break
        order = entering[np.argsort(reduced[entering], kind="stable")][: max(50, WORKING_SET)]
        add(order)
    values = np.asarray(sol.col_value)
    if np.any(values[:m] > 1e-7):
        raise Infeasible("the vitamins cannot be covered within the limits")
    bound = float(h.getInfo().objective_function_value)
    reduced = lp_cost - y @ rows
    return bound, reduced, np.flatnonzero(in_set)


def solve(p: Problem) -> np.ndarray:
    """Exact optimum over all foods, shrinking large problems by reduced-cost fixing."""
    if p.n <= WORKING_SET:
        return solve_milp(p)
    lp_cost = p.cost + p.fixed / np.maximum(p.steps, 1)
    bound, reduced, active = _lp_working_set(p, lp_cost)
    order = np.argsort(reduced, kind="stable")
    size = WORKING_SET
    while True:
        pool = np.union1d(active, order[:size])
        try:
            x_pool = solve_milp(p.subset(pool))
            break
        except Infeasible:
            if pool.size >= p.n:
                raise
            size *= 4
    incumbent = p.subset(pool).objective(x_pool)
    gap = incumbent - bound
    slack = 1e-7 * max(1.0, abs(incumbent))
    keep = np.flatnonzero(reduced <= gap + slack)
    final = np.union1d(pool, keep)
    if final.size > pool.size:
        x_final = solve_milp(p.subset(final))
    else:
        final, x_final = pool, x_pool
    x = np.zeros(p.n, dtype=int)
    x[final] = x_final
    return x
