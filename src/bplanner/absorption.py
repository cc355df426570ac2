"""How much of a meal's vitamin B12 the body can take up: the per-meal cap the planner counts.

Vitamin B12 from food is absorbed through intrinsic factor, a route that saturates at
about 1.5 to 2.5 µg of B12 per meal (Institute of Medicine 1998, DRI report, chapter 9;
Watanabe 2007, Exp Biol Med 232:1266, 1.5-2.0 µg). That is why advice for vegans is
to eat fortified foods two or three times a day rather than once. The planner counts
at most ``B12_COUNTED_PER_MEAL_UG`` of each meal's B12 toward the target, the lower
end of those figures, so an adult's plan draws B12 from at least two meals.
"""

from __future__ import annotations

B12_COUNTED_PER_MEAL_UG = 1.5
B12_SOURCES = (
    "Institute of Medicine 1998, Dietary Reference Intakes, ch. 9; "
    "Watanabe 2007, Exp Biol Med 232:1266"
)


def counted_b12(per_meal: list[float]) -> float:
    """The B12 of a day's meals that counts toward the target."""
    return sum(min(amount, B12_COUNTED_PER_MEAL_UG) for amount in per_meal)
