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

from bplanner.courses import MEALS
from bplanner.output import render
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


FORTIFIED_TAG = " [fortified]"  # on a food with B vitamins added (fortification.adds_b_vitamins)
USUAL_ROW = "Your usual day"
TOTAL_ROW = "Total for the day"
COUNTED_ROW = "Counted toward the target"
PERCENT_ROW = "% of target"


def tagged(name: str, adds_b: bool) -> str:
    """A food's name, marked when its maker adds B vitamins (not for vitamin D milk)."""
    return name + (FORTIFIED_TAG if adds_b else "")


def vitamin_column(t) -> str:
    """A vitamin's column in the day's table: "B9 µg" (the header line says DFE)."""
    return f"{t.label} {VITAMINS[t.vitamin].unit.replace(' DFE', '')}"


def _day_rows(plan, day) -> list[dict]:
    """The day's foods by meal, the usual day as one row (so the rows add up to the
    total), the total, what counts toward the target where it differs (B12 per meal), and
    the % of target: values and percentages in columns of their own."""
    rows = []
    keys = {t.vitamin: vitamin_column(t) for t in plan.targets}
    blank = {"food": "", "amount": "", "ndb": ""}
    for meal in MEALS:
        items = day.meal(meal)
        if items:
            rows.append({**blank, "food": f"{meal.capitalize()}:",
                         **{k: "" for k in keys.values()}})
        for i in items:
            row = {"food": tagged(i.name, i.adds_b), "amount": i.measure, "ndb": i.ndb}
            for t in plan.targets:
                row[keys[t.vitamin]] = _amount(i.amounts[t.vitamin])
            rows.append(row)
    usual = plan.usual
    if usual is not None:
        entries = usual.entries
        rows.append({**blank, "amount": f"{sum(e.grams for e in entries):.0f} g",
                     "food": f"{USUAL_ROW} ({len(entries)} food{'s' if len(entries) != 1 else ''})",
                     **{keys[t.vitamin]: _amount(sum(e.amount(t.vitamin) or 0.0 for e in entries))
                        for t in plan.targets}})
    rows.append({**blank, "food": TOTAL_ROW,
                 **{keys[t.vitamin]: _amount(day.totals[t.vitamin]) for t in plan.targets}})
    if any(abs(day.counted[t.vitamin] - day.totals[t.vitamin]) > 1e-9 for t in plan.targets):
        rows.append({**blank, "food": COUNTED_ROW,
                     **{keys[t.vitamin]: _amount(day.counted[t.vitamin]) for t in plan.targets}})
    rows.append({**blank, "food": PERCENT_ROW,
                 **{keys[t.vitamin]: f"{plan.percent(t.vitamin, day):.0f}%"
                    for t in plan.targets}})
    return rows


def week_text(plan) -> str:
    """What the days of a plan are, truly: how they were planned, the rules they keep, and
    the menus that repeat more (milk or plant milk alone may be any day's menu)."""
    planned, period = len(plan.days), plan.options.days
    if planned == 1:
        return "1 day." if period == 1 else f"{period} days of the same day."
    menus = plan.menus
    limit = plan.model.get("menu_repeat")
    exact = plan.model.get("week_exact")
    how = ("planned jointly, the best week under these rules" if exact
           else "planned day by day (the best week was not proven)")
    text = (f"{planned} days of {menus} different menu{'s' if menus != 1 else ''}, {how}: no "
            f"two days in a row alike, a food on at most {plan.options.repeat} of them (milk "
            "and plant milks any day)")
    if limit:
        text += f", a menu on at most {limit} of them"
        days_of: dict = {}
        for d in plan.days:
            days_of.setdefault(d.foods, []).append(d.number)
        more = [days for days in days_of.values() if len(days) > limit]
        if more:
            said = "; ".join(_listing(days) for days in more)
            text += (f" unless it is milk or plant milk alone (days {said} are the same "
                     "menu of it)")
    text += "."
    if period > planned:
        text += f" {period} days repeat this week: day {planned + 1} is day 1 again."
    return text


def _listing(numbers) -> str:
    numbers = [str(n) for n in numbers]
    return numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]


def _header(plan) -> str:
    p = plan.profile
    targets = ", ".join(f"{t.label} {t.value:g} {t.display_unit}" for t in plan.targets)
    kinds = sorted({t.kind for t in plan.targets})
    head = (f"Plan for a {p.describe()}, {plan.options.diet.replace('_', '-')} diet: "
            f"{targets} a day ({'/'.join(kinds)}).")
    if len(plan.days) > 1 or plan.options.days > 1:
        head += " " + week_text(plan)
    meaning = plan.model.get("objective_meaning")
    if meaning:
        head += f"\nWhy these foods: of the foods that reach every target, {meaning}."
    return head


def _heading(plan, day) -> str:
    """What a day's table is: foods to add to the usual meals, not the whole day's food."""
    what = "add to your usual meals" if plan.usual is None else (
        "add to your usual day (the diary)")
    if len(plan.days) > 1:
        return f"Day {day.number}: {what}"
    return what[0].upper() + what[1:]


def render_plan(plan, fmt: str, width: int | None = None) -> str:
    """The plan as a table for people, JSON or CSV for scripts."""
    if fmt == "json":
        return render.to_json(plan.to_dict())
    if fmt == "csv":
        return render.to_csv(csv_rows(plan)).rstrip("\n")
    out = [_header(plan)]
    for d in plan.days:
        out += ["", _heading(plan, d)]
        out.append(render.fit_table(_day_rows(plan, d), width, shrink=("food",),
                                    keep=("ndb",), lines=3))
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
            [{"ndb": a["ndb"], "food": tagged(a["name"], a.get("adds_b", a["fortified"])),
              "portion": a["portion"], f"{v.label} {a['unit']}": _amount(a["per_portion"]),
              "% target": f"{a['percent_of_target']:.0f}%"} for a in alts],
            width, shrink=("food",), keep=("ndb",), lines=2))
    if any(i.adds_b for i in plan.items) or any(
            a.get("adds_b") for alts in plan.alternatives.values() for a in alts):
        out += ["", "[fortified]: the maker adds B vitamins (milk with vitamins A and D alone "
                "is not marked)."]
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
