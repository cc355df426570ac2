"""The output of ``bplanner intake``: a diary's foods, totals, limits and warnings.

Table for people (about 80 columns: each line's match on its own lines, then
compact tables), JSON with everything (``Intake.to_dict``), CSV with one row per
diary line for scripts.
"""

from __future__ import annotations

from bplanner.output import render
from bplanner.output.report import DISCLAIMER
from bplanner.targets import LIMIT_NAMES
from bplanner.usual.intake import Intake, entry_record
from bplanner.vitamins import ORDER, VITAMINS


def _unit(key: str) -> str:
    return VITAMINS[key].unit.replace("µ", "u").replace(" ", "_").lower()


def csv_rows(intake: Intake) -> list[dict]:
    """One row per diary line (``kind`` "line"; amounts empty where USDA did not measure
    them), then one per warning (``kind`` "warning", with its severity), so a script
    reading the CSV never loses a warning; the same columns on every row."""
    rows = []
    for e in intake.entries:
        r = entry_record(e)
        row = {"kind": "line"}
        row.update({k: r[k] for k in ("line", "food", "amount", "meal", "ndb", "name",
                                      "matched_by", "grams", "grams_from", "fortified")})
        for k in ORDER:
            row[f"{VITAMINS[k].label.lower()}_{_unit(k)}"] = _round(e.amount(k))
        row["retinol_ug"] = _round(r["retinol_ug"])
        row["folic_acid_ug"] = _round(r["folic_acid_ug"])
        row.update(severity="", text="")
        rows.append(row)
    blank = dict.fromkeys(rows[0], "") if rows else {"kind": "", "severity": "", "text": ""}
    for w in intake.warnings:
        d = w.to_dict()
        rows.append({**blank, "kind": "warning", "severity": d.get("severity", ""),
                     "text": f"{d.get('message', '')} {d.get('advice', '')}".strip()})
    rows.append({**blank, "kind": "note", "text": DISCLAIMER})
    return rows


DIGITS = {"thiamin": 2, "riboflavin": 2, "niacin": 1, "pantothenic_acid": 2, "vitamin_b6": 2,
          "folate": 0, "vitamin_b12": 2}


def _amount(value, digits: int) -> str:
    return render.amount(value, digits)


def _round(x: float | None) -> float | None:
    """Six decimals: below any amount USDA reports, without float noise (0.0878399999...)."""
    return None if x is None else round(x, 6)


def _short(x: float) -> str:
    return f"{x:.0f}" if x >= 100 else f"{x:.3g}"


def _table(rows: list[dict], align: tuple[str, ...], width: int | None) -> str:
    """A right- or left-aligned table; folded by ``render.fit_table`` if it is too wide."""
    from tabulate import tabulate

    text = tabulate([list(r.values()) for r in rows], headers=list(rows[0]),
                    disable_numparse=True, colalign=align)
    if width is None or render.text_width(text) <= width:
        return text
    return render.fit_table(rows, width, shrink=("vitamin",), keep=("line", "ndb"))


def render_intake(intake: Intake, fmt: str, width: int | None = None) -> str:
    """The diary report: a table for people (fitting ``width`` columns; None: no limit),
    or JSON or CSV for scripts."""
    if fmt == "json":
        return render.to_json(intake.to_dict())
    if fmt == "csv":
        return render.to_csv(csv_rows(intake)).rstrip("\n")
    d, p = intake.diary, intake.profile
    n = len(d.entries)
    out = [f"Your usual day ({d.path}), for a {p.describe()}: {n} line{'s' if n != 1 else ''}, "
           f"{d.total_grams:.0f} g of food.", "", "Foods as matched in USDA SR28:"]
    for e in d.entries:
        how = ("by USDA number" if e.matched_by == "number"
               else f'by the words "{e.food_text}": the everyday food of the {e.candidates} '
               "they fit; for another write its USDA number or more words"
               + (f" ({'; '.join(f'{n} {name}' for n, name in e.others[:2])})"
                  if e.others else "")
               if e.matched_by == "staple"
               else f'by the words "{e.food_text}"' + (f" (clear lead of {e.candidates} foods)"
                                                      if e.candidates > 1 else ""))
        meal = f"; {e.meal}" if e.meal else ""
        out.append(f"  line {e.line}: {e.ndb} {e.name}{' [fortified]' if e.fortified else ''}")
        out.append(f"      {how}{meal}")
        out.append(f"      {e.amount_text}: {e.basis}")
    rows = []
    for e in d.entries:
        row = {"line": str(e.line), "ndb": e.ndb, "meal": e.meal or "", "g": f"{e.grams:.0f}"}
        for k in intake.totals:
            row[f"{VITAMINS[k].label} {VITAMINS[k].unit}"] = _amount(e.amount(k), DIGITS[k])
        rows.append(row)
    out += ["", _table(rows, ("right", "left", "left", *["right"] * (1 + len(intake.totals))),
                       width)]
    out += ["", "The day against your targets:"]
    trows = []
    for t in intake.totals.values():
        total = _amount(t.amount, DIGITS[t.vitamin])
        if t.missing_lines:
            total = "≥ " + total
        trows.append({
            "vitamin": f"{t.label} ({VITAMINS[t.vitamin].name})",
            "total": f"{total} {t.unit}",
            "target": f"{t.target.value:g} ({t.target.kind})",
            "%": f"{t.percent:.0f}%",
            "gap": "none" if t.gap == 0 else f"{_amount(t.gap, DIGITS[t.vitamin])} {t.unit}",
        })
    out.append(_table(trows, ("left", "right", "right", "right", "right"), width))
    if "niacin" in intake.totals:
        out.append("  B3: USDA's preformed niacin in mg, against an RDA in mg niacin "
                   "equivalents (NE, which add niacin made from tryptophan): the total errs "
                   "low.")
    for t in intake.totals.values():
        if t.missing_lines:
            out.append(f"  ≥: USDA did not measure {t.label} in line(s) "
                       f"{', '.join(map(str, t.missing_lines))}; counted as nothing.")
    if intake.limits:
        out += ["", "Upper limits:"]
        for lim in intake.limits.values():
            state = "ABOVE the limit" if lim.above else f"{lim.share * 100:.0f}% of the limit"
            note = (f"; not measured in line(s) {', '.join(map(str, lim.unmeasured_lines))}"
                    if lim.unmeasured_lines else "")
            out.append(f"  {LIMIT_NAMES[lim.nutrient]}: {_short(lim.amount)} of {lim.limit:g} "
                       f"{lim.unit} ({state}){note}")
    if any(m is not None for m in intake.b12_by_meal):
        out += ["", "B12 per meal: " + "; ".join(
            f"{m or 'no meal'} {v:.2f} µg" for m, v in intake.b12_by_meal.items())]
    if intake.diet_conflicts:
        diet = (intake.diet or "").replace("_", "-")
        out += ["", f"Not in a {diet} diet (USDA food classified by bplanner):"]
        out += [f"  line {e.line}: {e.ndb} {e.name}" for e in intake.diet_conflicts]
    out += ["", "Warnings:"]
    out += [w.render() for w in intake.warnings] or ["- none for this profile and diary"]
    out += ["", DISCLAIMER]
    return render.wrap_lines("\n".join(out), width)
