"""The week's rules as rows over z[d,j] (food j is eaten on day d), for any model that
has those columns: the day model over meals (``daymodel``) and the days without their
meals (``daytotals``). The rules see the foods of each day, never its meals.

    sum_d z[d,j] <= repeat_j                   a food on at most K days (staples: all)
    |day d  symmetric-difference  day d+1| >= 1   no two consecutive days alike
    no R + 1 days alike, unless their menu is staples only (milk)
    sum_d sum_j fish_j z[d,j] <= fish_servings     FDA/EPA's servings of fish (any days)
"""

from __future__ import annotations

from itertools import combinations

import numpy as np


def add(B, p, z_cols: list, multi: np.ndarray) -> None:
    """Add the rules of week ``p`` (a ``daymodel.DayModel`` of several days) to the
    builder ``B`` (``mip._Builder``); ``z_cols[d]`` are day d's z columns, one per food."""
    inf = float("inf")
    D, n = p.days, p.n
    if p.repeat is not None:
        limited = np.flatnonzero(p.repeat < D)
        B.rows(limited.size, np.repeat(np.arange(limited.size), D),
               np.stack([z_cols[d][limited] for d in range(D)], 1).reshape(-1), 1.0,
               -inf, p.repeat[limited].astype(float))
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
        _menu_rows(B, p, z_cols, multi)


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
    D, n, R = p.days, p.n, int(p.menu_repeat)
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
