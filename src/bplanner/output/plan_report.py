"""A plan as people and scripts read it: days of meals in a table, JSON, or CSV rows.

The table shows each day meal by meal with household measures ("1½ cups (366 g)"),
the totals against the targets (B12: the plain total and what counts), the upper
limits, the other sources per vitamin, the notes, the warnings and the disclaimer.
CSV gives one row per day, meal and food, then the day totals, the notes and the
warnings as rows of their own kind (column ``kind``), so a script never loses a
warning. JSON is ``Plan.to_dict``. Numbers in JSON and CSV are rounded to
``render.DIGITS`` decimal places.
"""

from __future__ import annotations

from bplanner.output import render
from bplanner.planning.meals import MEALS
from bplanner.vitamins import VITAMINS

DISCLAIMER = (
    "Dietary information, not medical advice. bplanner never sets doses of vitamin "
    "preparations or injections: see a physician for those, and for any symptoms."
)


def _column(t) -> str:
    """CSV column of a vitamin amount: snake_case ASCII with the unit (b12_ug)."""
    v = VITAMINS[t.vitamin]
    unit = t.amount_unit.replace("µ", "u").replace(" ", "_").lower()
    return f"{v.label.lower()}_{unit}"


def csv_rows(plan) -> list[dict]:
    """Items, day totals, notes and warnings, one row each (the CSV output)."""
    cols = {t.vitamin: _column(t) for t in plan.targets}
    blank = {"kind": "", "day": "", "meal": "", "ndb": "", "food": "", "portions": "",
             "measure": "", "grams": "", **{c: "" for c in cols.values()},
             "severity": "", "text": ""}
    rows = []
    for d in plan.days:
        for i in d.items:
            rows.append({**blank, "kind": "item", "day": d.number, "meal": i.meal, "ndb": i.ndb,
                         "food": i.name, "portions": i.portions, "measure": i.measure,
                         "grams": i.grams,
                         **{cols[k]: v for k, v in i.amounts.items()}})
        rows.append({**blank, "kind": "total", "day": d.number,
                     "grams": sum(i.grams for i in d.items),
                     **{cols[k]: v for k, v in d.totals.items()}})
        rows.append({**blank, "kind": "counted", "day": d.number,
                     **{cols[k]: v for k, v in d.counted.items()}})
    for note in plan.notes:
        rows.append({**blank, "kind": "note", "text": note})
    for w in plan.warnings:
        w = w if isinstance(w, dict) else w.to_dict()
        rows.append({**blank, "kind": "warning", "severity": w.get("severity", ""),
                     "text": f"{w.get('message', '')} {w.get('advice', '')}".strip()})
    rows.append({**blank, "kind": "note", "text": DISCLAIMER})
    return rows


def _amount(value: float) -> str:
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _day_rows(plan, day) -> list[dict]:
    rows = []
    for meal in MEALS:
        items = day.meal(meal)
        for n, i in enumerate(items):
            row = {"meal": meal.capitalize() if n == 0 else "", "amount": i.measure,
                   "food": i.name + (" [fortified]" if i.fortified else ""), "ndb": i.ndb}
            for t in plan.targets:
                row[f"{t.label} {VITAMINS[t.vitamin].unit}"] = _amount(i.amounts[t.vitamin])
            rows.append(row)
    total = {"meal": "", "amount": "", "food": "Total for the day", "ndb": ""}
    counted = {"meal": "", "amount": "", "food": "Counted (% of target)", "ndb": ""}
    for t in plan.targets:
        key = f"{t.label} {VITAMINS[t.vitamin].unit}"
        total[key] = _amount(day.totals[t.vitamin])
        counted[key] = f"{_amount(day.counted[t.vitamin])} ({plan.percent(t.vitamin, day):.0f}%)"
    rows += [total, counted]
    return rows


def _header(plan) -> str:
    p = plan.profile
    targets = ", ".join(f"{t.label} {t.value:g} {t.display_unit}" for t in plan.targets)
    kinds = sorted({t.kind for t in plan.targets})
    days = plan.options.days
    head = (f"Plan for a {p.describe()}, {plan.options.diet.replace('_', '-')} diet: "
            f"{targets} a day ({'/'.join(kinds)}).")
    if days > 1:
        planned = len(plan.days)
        head += (f" {planned} days of {plan.menus} different menu{'s' if plan.menus > 1 else ''}"
                 f", no two days in a row alike, a menu on at most {plan.model['menu_repeat']} "
                 f"of them and a food on at most {plan.options.repeat}, milk and plant milks "
                 "any day.")
        if days > planned:
            head += f" {days} days repeat this week."
    return head


def render_plan(plan, fmt: str, width: int | None = None) -> str:
    """The plan as a table for people, JSON or CSV for scripts."""
    if fmt == "json":
        return render.to_json(plan.to_dict())
    if fmt == "csv":
        return render.to_csv(csv_rows(plan)).rstrip("\n")
    out = [_header(plan)]
    for d in plan.days:
        out += ["", f"Day {d.number}" if len(plan.days) > 1 else "Your day"]
        out.append(render.fit_table(_day_rows(plan, d), width, shrink=("food",),
                                    keep=("ndb",)))
    limits = plan.limits
    if limits:
        from bplanner.targets import LIMIT_NAMES

        shared = plan.usual is None  # a plan alone leaves room for the other food eaten
        out += ["", "Upper limits kept" + (" (the plan uses at most half of each)" if shared
                                           else " (your usual day and the plan together)")
                + ": " + "; ".join(
            f"{LIMIT_NAMES.get(name, name.replace('_', ' '))} {render.amount(lim['amount'], 1)}"
            f" of {lim['limit']:g} {lim['unit']}" for name, lim in limits.items())]
    for key, alts in plan.alternatives.items():
        if not alts:
            continue
        v = VITAMINS[key]
        out += ["", f"Other sources of {v.label} for {alts[0]['meal']}, per portion, that keep "
                "every upper limit:"]
        out.append(render.fit_table(
            [{"ndb": a["ndb"], "food": a["name"] + (" [fortified]" if a["fortified"] else ""),
              "portion": a["portion"], f"{v.label} {a['unit']}": _amount(a["per_portion"]),
              "% of target": f"{a['percent_of_target']:.0f}%"} for a in alts],
            width, shrink=("food",), keep=("ndb",)))
    if plan.notes:
        out += ["", "Notes:"] + [f"- {n}" for n in plan.notes]
    out += ["", "Warnings:"]
    if plan.warnings:
        out += [w.render() if hasattr(w, "render") else f"- {w}" for w in plan.warnings]
    else:
        out.append("- none for this profile and plan")
    out += ["", DISCLAIMER]
    return render.wrap_lines("\n".join(out), width)


def render_no_plan(err, fmt: str, width: int | None = None) -> str:
    if fmt == "json":
        return render.to_json({"status": "no_plan", "reasons": err.reasons,
                               "suggestions": err.suggestions,
                               "shortfalls": [s.to_dict() for s in
                                              getattr(err, "shortfalls", [])],
                               "warnings": [w.to_dict() for w in err.warnings]})
    if fmt == "csv":
        rows = [{"kind": "reason", "severity": "", "text": r} for r in err.reasons]
        rows += [{"kind": "suggestion", "severity": "", "text": s} for s in err.suggestions]
        rows += [{"kind": "warning", "severity": w.severity,
                  "text": f"{w.message} {w.advice}".strip()} for w in err.warnings]
        return render.to_csv(rows).rstrip("\n")
    lines = ["No plan exists: " + " ".join(err.reasons)]
    lines += [f"- {s}" for s in err.suggestions]
    if err.warnings:
        lines += ["", "Warnings:"] + [w.render() for w in err.warnings]
    lines += ["", DISCLAIMER]
    return render.wrap_lines("\n".join(lines), width)
