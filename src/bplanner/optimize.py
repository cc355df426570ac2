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
uses such a food costs more than one already found. Before the LP, coefficients
above a target are cut to the target and each food's steps to what every upper
limit allows (same integer plans, a much tighter bound). With fixed costs per food
("fewest foods"), a one-food plan that provably beats any two-food plan is found
directly; otherwise plans of 2, 3, ... foods are tried over the foods that
dominance cannot rule out for a plan of that size. Every answer is checked on the
data before it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WORKING_SET = 300  # below this many foods the MILP is solved directly
_TOL = 1e-9


class Infeasible(Exception):
    """No integer solution satisfies the constraints."""


class _NotConverged(Exception):
    """Sifting stopped before the LP over all columns was optimal (no valid bound)."""


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


def solve_milp(p: Problem, max_foods: int | None = None) -> np.ndarray:
    """Exact MILP over all foods of ``p``; returns integer steps per food.

    Rows use the exact targets and limits, so a plan that reaches exactly 100% is
    found. The integer answer is then checked in exact arithmetic on the data; if
    the solver's feasibility tolerance let a vitamin stop a hair short of its
    target (or a limit a hair over), that row is tightened and the MILP solved again.
    """
    lower = p.targets.astype(float).copy()
    upper = p.bounds.astype(float).copy()
    for margin in (_TOL, 1e-8, 1e-7, 1e-6, 1e-5):
        x = _solve_milp_once(p, lower, upper, max_foods)
        if p.feasible(x):
            return x
        cover, limit = p.cover @ x, p.limits @ x
        short = cover < p.targets * (1 - 1e-12)
        over = limit > p.bounds * (1 + 1e-12)
        if not (short.any() or over.any()):  # pragma: no cover - min_foods is exact
            break
        step_up = 2 * (p.targets - cover) + margin * np.maximum(1.0, np.abs(p.targets))
        step_down = 2 * (limit - p.bounds) + margin * np.maximum(1.0, np.abs(p.bounds))
        lower = np.where(short, np.maximum(lower, p.targets) + step_up, lower)
        upper = np.where(over, np.minimum(upper, p.bounds) - step_down, upper)
    raise Infeasible("solver returned a point that fails verification")  # pragma: no cover


def _solve_milp_once(
    p: Problem, row_lower: np.ndarray, row_upper: np.ndarray, max_foods: int | None = None
) -> np.ndarray:
    n = p.n
    h, hs = _highs()
    inf = hs.kHighsInf
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    h.setOptionValue("primal_feasibility_tolerance", _TOL)
    h.setOptionValue("mip_feasibility_tolerance", _TOL)
    # y_j (food j is used) is needed for fixed costs and min_foods; also when a zero
    # target would let the empty plan through while min_foods asks for one food
    need_y = (
        p.min_foods > 1
        or max_foods is not None
        or bool(np.any(p.fixed > 0))
        or (p.min_foods >= 1 and not bool(np.all(p.targets > 0)))
    )
    ncols = 2 * n if need_y else n
    lower = np.zeros(ncols)
    upper = np.concatenate([p.steps.astype(float), np.ones(n)]) if need_y else p.steps.astype(float)
    h.addVars(ncols, lower, upper)
    cost = np.concatenate([p.cost, p.fixed]) if need_y else p.cost
    h.changeColsCost(ncols, np.arange(ncols, dtype=np.int32), cost.astype(float))
    h.changeColsIntegrality(
        ncols, np.arange(ncols, dtype=np.int32), np.full(ncols, hs.HighsVarType.kInteger)
    )
    _rows(h, hs, p.cover, row_lower, np.full(p.cover.shape[0], inf))
    _rows(h, hs, p.limits, np.full(p.limits.shape[0], -inf), row_upper)
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
            np.array([inf if max_foods is None else float(max_foods)]),
            n,
            np.array([0], dtype=np.int32),
            (n + j).astype(np.int32),
            np.ones(n),
        )
    h.run()
    status = h.getModelStatus()
    if status != hs.HighsModelStatus.kOptimal:
        raise Infeasible(str(status))
    return np.rint(np.asarray(h.getSolution().col_value[:n])).astype(int)


def _smallest(a: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k smallest entries, by value then index (partial sort: O(n))."""
    if k >= a.size:
        return np.lexsort((np.arange(a.size), a))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.argpartition(a, k - 1)[:k]
    return idx[np.lexsort((idx, a[idx]))]


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
    priced = lp_cost > 0
    safe_cost = np.where(priced, lp_cost, 1.0)
    for v in range(m):
        # a food that costs nothing (0 kcal) and gives the vitamin is the best start of all
        ratio = np.where(priced, p.cover[v] / safe_cost, np.where(p.cover[v] > 0, np.inf, 0.0))
        start.update(_smallest(-ratio, per).tolist())
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
        if h.getModelStatus() != hs.HighsModelStatus.kOptimal:  # pragma: no cover
            raise _NotConverged(str(h.getModelStatus()))
        sol = h.getSolution()
        y = np.asarray(sol.row_dual)
        reduced = lp_cost - y @ rows
        reduced[in_set] = np.inf
        entering = np.flatnonzero(reduced < -1e-9)
        if entering.size == 0:
            break
        order = entering[np.argsort(reduced[entering], kind="stable")][: max(50, WORKING_SET)]
        add(order)
    else:  # pragma: no cover
        raise _NotConverged("sifting did not converge")
    values = np.asarray(sol.col_value)
    if np.any(values[:m] > 1e-7):
        raise Infeasible("the vitamins cannot be covered within the limits")
    bound = float(h.getInfo().objective_function_value)
    reduced = lp_cost - y @ rows
    return bound, reduced, np.flatnonzero(in_set)


def _single_food(p: Problem) -> np.ndarray | None:
    """The optimum when it provably uses one food, else None.

    With nonnegative data the cheapest one-food plan takes the fewest steps that
    reach every target (more steps only add cost and limited nutrients). Any plan
    with two or more foods costs at least the two smallest fixed costs; when the
    best one-food plan costs no more than that, it is optimal. This settles the
    "fewest foods" objective at once whenever one food can do.
    """
    if p.min_foods > 1 or p.n < 2 or not np.all(p.targets > 0):
        return None
    if np.any(p.cover < 0) or np.any(p.limits < 0) or np.any(p.cost < 0) or np.any(p.fixed < 0):
        return None
    two = np.partition(p.fixed, 1)[:2].sum()
    if two <= 0:
        return None
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        need = np.where(p.cover > 0, p.targets[:, None] / p.cover, np.inf).max(axis=0)
    ok = need <= p.steps
    if not ok.any():
        return None
    idx = np.flatnonzero(ok)
    k = np.maximum(np.ceil(need[idx] * (1 - 1e-12)), 1.0)
    # the rounding above may leave a hair short: then one step more (verified below)
    short = np.any(p.cover[:, idx] * k < p.targets[:, None] * (1 - 1e-12), axis=0)
    k = k + short
    fits = (k <= p.steps[idx]) & np.all(
        p.limits[:, idx] * k <= p.bounds[:, None] * (1 + 1e-12), axis=0
    )
    if not fits.any():
        return None
    idx, k = idx[fits], k[fits]
    total = p.fixed[idx] + p.cost[idx] * k
    best = int(np.argmin(total))
    if total[best] > two:
        return None
    x = np.zeros(p.n, dtype=int)
    x[idx[best]] = int(k[best])
    return x if p.feasible(x) else None


def _strengthen(p: Problem) -> Problem:
    """The same integer plans, with a much tighter LP relaxation.

    For nonnegative data two classic presolve steps hold: a food can never take more
    steps than any upper limit allows on its own (x_j <= floor(U_k / L_kj)), and in a
    covering row sum_j a_j x_j >= b a coefficient above b may be cut to b (one step
    of that food already covers the row). Neither changes which integer plans are
    feasible, but the relaxation no longer covers a target with a sliver of a very
    rich food, which is what makes reduced-cost fixing prune large tables.
    """
    if np.any(p.cover < 0) or np.any(p.limits < 0):
        return p
    steps = p.steps.astype(float).copy()
    for row, bound in zip(p.limits, p.bounds):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            most = np.where(row > 0, np.floor(bound / row * (1 + 1e-12)), np.inf)
        steps = np.minimum(steps, np.maximum(most, 0))
    cover = np.minimum(p.cover, np.maximum(p.targets, 0)[:, None])
    return Problem(
        cover, p.targets, p.limits, p.bounds, steps.astype(int), p.cost, p.fixed, p.min_foods
    )


DOMINANCE_MAX = 20_000  # pairwise dominance is O(n^2): only for pools up to this size


def _dominated(q: Problem, k: int) -> np.ndarray:
    """Foods that no optimal plan of at most ``k`` foods needs (boolean mask).

    Food i dominates food j when a step of i gives at least as much of every
    vitamin, no more of any limited nutrient, costs no more (per step and to use at
    all) and may take at least as many steps; exact ties go to the lower index. If j
    has k or more dominators, any plan of at most k foods that uses j leaves one of
    them unused, and moving j's steps to it keeps the plan feasible and no dearer;
    repeating this (dominance is a strict order) ends in a plan without j.
    """
    n = q.n
    # a limit that no plan of at most k foods can reach plays no part in the swap
    most = np.sort(q.limits * q.steps[None, :], axis=1)[:, ::-1][:, :k].sum(axis=1)
    binding = most > q.bounds * (1 - 1e-12)
    better = np.vstack([q.cover, -q.limits[binding], -q.cost[None, :], -q.fixed[None, :],
                        q.steps[None, :].astype(float)])
    dominators = np.zeros(n, dtype=np.int64)
    idx = np.arange(n)
    chunk = max(1, 2_000_000 // max(n, 1))
    for start in range(0, n, chunk):
        i = idx[start : start + chunk]
        ge = np.all(better[:, i, None] >= better[:, None, :] - 1e-12, axis=0)
        gt = np.any(better[:, i, None] > better[:, None, :] + 1e-12, axis=0)
        dom = ge & (gt | (i[:, None] < idx[None, :]))
        dom[np.arange(i.size), i] = False
        dominators += dom.sum(axis=0)
    return dominators >= k


def _solve_fewest_foods(p: Problem, q: Problem) -> np.ndarray:
    """The "fewest foods" objective: try plans of c = 2, 3, ... foods until one exists.

    For a trial size c, foods with c or more dominators are dropped (exact for plans
    of at most c foods, see ``_dominated``) and the MILP gains sum(y) <= c. The first
    c with a plan gives the optimum: every plan with fewer foods was proven
    impossible, and the fixed cost per food outweighs any difference in grams.
    """
    usable = q.steps > 0
    start = max(2, q.min_foods)
    quick = Problem(q.cover, q.targets, q.limits, q.bounds, q.steps, q.cost, np.zeros(q.n),
                    q.min_foods)
    x0 = _solve_core(quick, quick)  # raises Infeasible at once when no plan exists
    for c in range(start, max(start, int((x0 > 0).sum())) + 1):
        keep = np.flatnonzero(~_dominated(q, c) & usable)
        try:
            x_keep = solve_milp(q.subset(keep), max_foods=c)
        except Infeasible:
            continue
        x = np.zeros(p.n, dtype=int)
        x[keep] = x_keep
        # optimal when one more food costs more than this plan's whole variable cost
        if p.feasible(x) and q.fixed[0] > float(q.cost @ x):
            return x
        break
    return _solve_core(p, q)


def solve(p: Problem) -> np.ndarray:
    """Exact optimum over all foods, shrinking large problems by reduced-cost fixing."""
    x = _single_food(p)
    if x is not None:
        return x
    if p.n <= WORKING_SET:
        return solve_milp(p)
    q = _strengthen(p)
    uniform_fixed = p.fixed.size and np.all(p.fixed == p.fixed[0]) and p.fixed[0] > 0
    if uniform_fixed and p.n <= DOMINANCE_MAX and not (
        np.any(p.cover < 0) or np.any(p.limits < 0) or np.any(p.cost < 0)
    ):
        return _solve_fewest_foods(p, q)
    return _solve_core(p, q)


def _solve_core(p: Problem, q: Problem) -> np.ndarray:
    """Reduced-cost fixing over the strengthened problem ``q`` of ``p``."""
    if p.n <= WORKING_SET:
        return solve_milp(p)
    lp_cost = q.cost + q.fixed / np.maximum(q.steps, 1)
    try:
        bound, reduced, active = _lp_working_set(q, lp_cost)
    except _NotConverged:  # pragma: no cover - sifting converges in a few rounds
        return solve_milp(p)
    usable = q.steps > 0
    reduced = np.where(usable, reduced, np.inf)
    active = active[usable[active]]
    size = WORKING_SET
    n_usable = int(usable.sum())
    while True:
        pool = np.union1d(active, _smallest(reduced, min(size, n_usable)))
        try:
            x_pool = solve_milp(q.subset(pool))
            break
        except Infeasible:
            if pool.size >= n_usable:
                raise
            size *= 4
    incumbent = q.subset(pool).objective(x_pool)
    gap = incumbent - bound
    slack = 1e-7 * max(1.0, abs(incumbent))
    keep = np.flatnonzero(reduced <= gap + slack)
    final = np.union1d(pool, keep)
    if final.size > pool.size:
        x_final = solve_milp(q.subset(final))
    else:
        final, x_final = pool, x_pool
    x = np.zeros(p.n, dtype=int)
    x[final] = x_final
    if not p.feasible(x):  # pragma: no cover - q has exactly p's integer plans
        return solve_milp(p)
    return x
