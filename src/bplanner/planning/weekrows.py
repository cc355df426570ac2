"""The week's rules as rows over z[d,k] (a food of kind k is eaten on day d), for any
model that has a column per food eaten: the day model over meals (``daymodel``) and the
days without their meals (``daytotals``). The rules see the kinds of food each day holds,
never its meals. A kind is one food (``DayModel.kind`` None) or the foods that are forms
of one food (skim and 1% milk, fried and scrambled eggs: ``table.staples.kinds``), so a
day of 1% milk is not a new day after a day of skim milk.

    z[d,k] = OR_{j of kind k} z[d,j]             (``kind_cols``: rows where k has several)
    sum_d z[d,k] <= repeat_k                   a kind on at most K days (staples: all)
    |day d  symmetric-difference  day d+1| >= 1   no two consecutive days alike
    no R + 1 days alike, unless their menu is staples only (milk)
    sum_d sum_j fish_j z[d,j] <= fish_servings     FDA/EPA's servings of fish (any days)
    sum_{j of kind k} z[d,j] <= 1                  one form of a food a day (``one_per_kind``:
                                                   any plan, a day too: not 2% and 1% milk)
"""

from __future__ import annotations

from itertools import combinations

import numpy as np


def kind_of(p) -> np.ndarray:
    """Each food's kind (0..K-1): ``p.kind``, or each food its own."""
    return np.arange(p.n) if p.kind is None else p.kind


def kinds_count(p) -> int:
    return p.n if p.kind is None else int(p.kind.max(initial=-1)) + 1


def kind_repeat(p) -> np.ndarray | None:
    """The days a kind may be eaten: the least of its foods' (None: no rule)."""
    if p.repeat is None or p.kind is None:
        return p.repeat
    out = np.full(kinds_count(p), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, p.kind, p.repeat.astype(np.int64))
    return out


def kind_multi(p) -> np.ndarray:
    """Kinds that are staples (every food of the kind is: milk may be eaten daily)."""
    multi = np.zeros(p.n, dtype=bool) if p.multi_meal is None else p.multi_meal
    if p.kind is None:
        return multi
    out = np.ones(kinds_count(p), dtype=bool)
    np.logical_and.at(out, p.kind, multi)
    return out


def menu_of(p, foods) -> tuple[int, ...]:
    """The kinds of a day's foods, increasing: what the week's rules compare."""
    kind = kind_of(p)
    return tuple(sorted({int(kind[j]) for j in foods}))


def fish_of(p, foods) -> float:
    """The servings of FDA/EPA's fish allowance a day of these foods uses."""
    return 0.0 if p.fish is None else float(p.fish[list(foods)].sum())


def shared_kinds(p) -> list:
    """The foods of each kind that holds several (forms of one food), as index arrays."""
    if p.kind is None:
        return []
    sizes = np.bincount(p.kind)
    return [np.flatnonzero(p.kind == k) for k in np.flatnonzero(sizes > 1)]


def one_per_kind(B, p, eaten: list) -> None:
    """A day holds one food of a kind at most: one milk, one cut of pork (``eaten[d]``:
    day d's 0/1 columns of a food eaten, one per food)."""
    for cols in eaten:
        cols = np.asarray(cols)
        for foods in shared_kinds(p):
            B.row(cols[foods], 1.0, -float("inf"), 1.0)


def kind_cols(B, p, eaten: list) -> list:
    """Per day, a 0/1 column per kind: a food's own column (``eaten[d]``, one per food)
    where the kind is one food, else a new column equal to the OR of its foods'."""
    if p.kind is None:
        return eaten
    K = kinds_count(p)
    members = shared_kinds(p)
    shared = np.array([p.kind[foods[0]] for foods in members], dtype=np.int64)
    single = np.flatnonzero(np.bincount(p.kind, minlength=K)[p.kind] == 1)
    out = []
    for cols in eaten:
        cols = np.asarray(cols)
        z = np.empty(K, dtype=np.int64)
        z[p.kind[single]] = cols[single]
        w = B.cols(shared.size, 0, 1, 0, True)
        z[shared] = w
        for wk, foods in zip(w, members):
            for j in foods:  # w >= z_j: a food of the kind eaten
                B.row([wk, cols[j]], [1.0, -1.0], 0.0, float("inf"))
            B.row(np.concatenate([[wk], cols[foods]]),  # w <= sum z_j: none eaten, none
                  np.concatenate([[1.0], -np.ones(foods.size)]), -float("inf"), 0.0)
        out.append(z)
    return out


def add(B, p, z_cols: list) -> None:
    """Add the rules of week ``p`` (a ``daymodel.DayModel`` of several days) to the
    builder ``B`` (``mip._Builder``); ``z_cols[d]`` are day d's z columns, one per kind
    (``kind_cols``)."""
    inf = float("inf")
    D, n = p.days, kinds_count(p)
    repeat = kind_repeat(p)
    if repeat is not None:
        limited = np.flatnonzero(repeat < D)
        B.rows(limited.size, np.repeat(np.arange(limited.size), D),
               np.stack([z_cols[d][limited] for d in range(D)], 1).reshape(-1), 1.0,
               -inf, repeat[limited].astype(float))
    if p.differ:
        j3 = 3 * np.arange(n)
        for d in range(D - 1):
            # w[j] = z[d,j] AND z[d+1,j]; the days differ in at least one food
            w = B.cols(n, 0, 1, 0, True)
            za, zb = z_cols[d], z_cols[d + 1]
            B.rows(3 * n,
                   np.stack([j3, j3, j3 + 1, j3 + 1, j3 + 2, j3 + 2, j3 + 2], 1).reshape(-1),
                   np.stack([w, za, w, zb, w, za, zb], 1).reshape(-1),
                   np.tile([1.0, -1.0, 1.0, -1.0, 1.0, -1.0, -1.0], n),
                   np.tile([-inf, -inf, -1.0], n), np.tile([0.0, 0.0, inf], n))
            B.row(np.concatenate([za, zb, w]),
                  np.concatenate([np.ones(n), np.ones(n), -2 * np.ones(n)]), 1.0, inf)
    if p.menu_repeat is not None and p.menu_repeat < D:
        _menu_rows(B, p, z_cols, kind_multi(p))


def add_fish(B, p, eaten: list, food: np.ndarray | None = None) -> None:
    """The plan's servings of fish within FDA/EPA's allowance (``p.fish``), for a day as
    for a week. ``eaten[d]``: day d's 0/1 columns of a food eaten, one per food, or one
    per (food, meal) pair when ``food`` gives each pair's food (a seafood is not a
    staple, so it is at one meal a day)."""
    if p.fish is None or p.fish_servings is None:
        return
    each = p.fish if food is None else p.fish[food]
    cols = np.concatenate([np.asarray(e)[each > 0] for e in eaten])
    coef = np.concatenate([each[each > 0]] * len(eaten))
    if coef.sum() > p.fish_servings + 1e-9:  # else the row cannot bind
        B.row(cols, coef, -float("inf"), float(p.fish_servings))


def _menu_rows(B, p, z_cols: list, multi: np.ndarray) -> None:
    """No R + 1 days share a menu (R = ``menu_repeat``) unless it is staples only.

    t[a,b,j] = z[a,j] XOR z[b,j] (four rows make it exact for 0/1 z); e[a,b] >= 1 -
    sum_j t[a,b,j] is 1 when days a and b are alike; s[d] <= 1 - z[d,j] for every
    non-staple j is 1 only on a staples-only day. For every R + 1 days, the pairs alike
    number at most all but one, unless the first of them is staples only."""
    inf = float("inf")
    D, n, R = p.days, kinds_count(p), int(p.menu_repeat)
    j4 = 4 * np.arange(n)
    alike = {}
    for a, b in combinations(range(D), 2):
        t = B.cols(n, 0, 1, 0, False)
        za, zb = z_cols[a], z_cols[b]
        B.rows(4 * n,
               np.stack([j4, j4, j4, j4 + 1, j4 + 1, j4 + 1, j4 + 2, j4 + 2, j4 + 2,
                         j4 + 3, j4 + 3, j4 + 3], 1).reshape(-1),
               np.stack([t, za, zb, t, za, zb, t, za, zb, t, za, zb], 1).reshape(-1),
               np.tile([1.0, -1.0, 1.0, 1.0, 1.0, -1.0, 1.0, -1.0, -1.0,
                        1.0, 1.0, 1.0], n),
               np.tile([0.0, 0.0, -inf, -inf], n), np.tile([inf, inf, 0.0, 2.0], n))
        e = B.cols(1, 0, 1, 0, False)
        B.row(np.concatenate([e, t]), np.concatenate([[1.0], np.ones(n)]), 1.0, inf)
        alike[(a, b)] = int(e[0])
    other = np.flatnonzero(~multi)
    s = B.cols(D, 0, 1, 0, False)
    for d in range(D):
        B.rows(other.size, np.repeat(np.arange(other.size), 2),
               np.stack([np.full(other.size, s[d]), z_cols[d][other]], 1).reshape(-1),
               1.0, -inf, 1.0)
    pairs = R * (R + 1) // 2
    for days in combinations(range(D), R + 1):
        cols = [alike[ab] for ab in combinations(days, 2)]
        B.row(np.array([*cols, s[days[0]]]), np.array([*([1.0] * len(cols)), -1.0]),
              -inf, float(pairs - 1))
