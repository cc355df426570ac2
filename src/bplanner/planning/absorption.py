"""How much of a meal's vitamin B12 counts toward the target: the planner's per-meal rule.

Vitamin B12 from food is absorbed through intrinsic factor, a route that saturates at
about 1.5 to 2.5 µg of B12 per meal (Institute of Medicine 1998, DRI report, chapter 9;
Watanabe 2007, Exp Biol Med 232:1266, 1.5-2.0 µg). That is why advice for vegans is
to eat fortified foods two or three times a day rather than once. What a plan adds to a
meal counts at most ``B12_COUNTED_PER_MEAL_UG`` of that meal's B12, the lower end of
those figures, so an adult's plan draws B12 from at least two meals.

What a person already eats (a diary, ``suggest --usual``) counts as eaten, as the RDA
counts usual intake (it assumes about 50% absorption of the B12 in a usual diet), and
the IOM report itself records more than the cap absorbed from one rich meal: 4.1 µg on
average from a serving of liver paste with 38 µg (Heyssel et al. 1966, IOM 1998 p. 309),
over three times the 1.2 µg the RDA of 2.4 µg assumes absorbed. So a diary meal counts
its own B12 in full, and the plan's additions to it count only up to the cap.
"""

from __future__ import annotations

B12_COUNTED_PER_MEAL_UG = 1.5
B12_SOURCES = (
    "Institute of Medicine 1998, Dietary Reference Intakes, ch. 9; "
    "Watanabe 2007, Exp Biol Med 232:1266"
)
B12_DIARY_SOURCES = (
    "Institute of Medicine 1998, Dietary Reference Intakes, ch. 9, p. 309 "
    "(Heyssel et al. 1966: 4.1 µg absorbed from a liver serving of 38 µg)"
)


def counted_b12(per_meal: list[float], already: list[float] | None = None) -> float:
    """The B12 of a day's meals that counts toward the target.

    ``per_meal`` is each meal's B12 in all; ``already`` the part of it a diary gives
    (counted in full). A meal counts max(already, min(all, cap))."""
    already = already or [0.0] * len(per_meal)
    return sum(max(a, min(total, B12_COUNTED_PER_MEAL_UG))
               for total, a in zip(per_meal, already))
