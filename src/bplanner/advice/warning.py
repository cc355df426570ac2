"""The warning shown with a plan or a diary (JSON ``warnings[]``).

Shared by ``bplanner.advice.risks`` (risk factors) and ``bplanner.advice.safety`` (rules
that change the plan), so that neither needs the other to word a warning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RiskWarning:
    """A warning shown with a plan (JSON ``warnings[]``)."""

    id: str
    severity: str
    vitamins: tuple[str, ...]
    message: str
    advice: str
    source: str
    # True when every vitamin it concerns is outside the vitamins chosen for the plan
    outside_chosen: bool = False

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "severity": self.severity,
            "vitamins": list(self.vitamins),
            "outside_chosen_vitamins": self.outside_chosen,
            "message": self.message,
            "advice": self.advice,
            "source": self.source,
        }

    def render(self) -> str:
        vits = f" ({', '.join(self.vitamins)})" if self.vitamins else ""
        outside = (
            f"\n    Not among the vitamins you asked to plan ({', '.join(self.vitamins)}), "
            "but it applies to you."
            if self.outside_chosen
            else ""
        )
        return (
            f"[{self.severity.upper()}] {self.message}{vits}{outside}\n"
            f"    {self.advice}\n"
            f"    Source: {self.source}"
        )


__all__ = ["RiskWarning"]
