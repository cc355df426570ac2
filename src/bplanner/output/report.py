"""Records and text for food lists and food profiles, shared by the CLI and notebooks."""

from __future__ import annotations

import math

import pandas as pd

from bplanner.foods import amount_per, rank
from bplanner.output import render
from bplanner.table.staples import staple
from bplanner.table.suspect import why_suspect
from bplanner.targets import daily_value
from bplanner.vitamins import CORE, ORDER, VITAMINS

VITAMINS_BY_LABEL = {v.label: k for k, v in VITAMINS.items()}


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


PER_LABELS = {"portion": "per portion", "100g": "per 100 g", "100kcal": "per 100 kcal"}


def food_record(row: pd.Series, vitamins=ORDER) -> dict:
    """One food as a plain dict: id, name, portion, and per-vitamin amounts.

    ``percent_dv`` is for one portion (the household measure nearest FDA's reference
    amount); ``per_100kcal`` is None where USDA gives no energy or 0 kcal.
    """
    energy = _num(row["energy_kcal"])
    rec = {
        "ndb": row["ndb"],
        "name": row["name"],
        "food_group": row["food_group"],
        "portion": row["portion_text"],
        "portion_grams": float(row["portion_grams"]),
        "portion_pieces": int(row["portion_pieces"]),
        "racc_category": row["racc_category"],
        "racc_grams": float(row["racc_grams"]),
        "fortified": bool(row["fortified"]),
        "vitamins": {},
    }
    for key in vitamins:
        v = VITAMINS[key]
        per100 = _num(row[v.column])
        portion = None if per100 is None else per100 * row["portion_grams"] / 100
        rec["vitamins"][v.label] = {
            "unit": v.unit,
            "per_100g": per100,
            "per_portion": portion,
            "per_100kcal": None if per100 is None or not energy else per100 / energy * 100,
            "percent_dv": None if portion is None else portion / daily_value(key) * 100,
        }
    return rec


def food_list(found: pd.DataFrame, vitamins, top: int, per: str = "portion") -> list[dict]:
    """The top foods, ranked by the first chosen vitamin per portion (or per 100 g, per
    100 kcal)."""
    vitamins = list(vitamins) or list(CORE)
    ranked = rank(found, vitamins[0], per) if len(found) else found
    if len(vitamins) > 1 and len(found):
        # rank by the best share of a Daily Value among the chosen vitamins
        share = sum(
            (amount_per(found, v, per) / daily_value(v)).fillna(0).clip(upper=1)
            for v in vitamins
        )
        ranked = found.assign(_share=share).sort_values(
            ["_share", "name"], ascending=[False, True]
        )
    return [food_record(row, vitamins) for _, row in ranked.head(top).iterrows()]


def _flat(rec: dict, for_table: bool, per: str = "portion") -> dict:
    name = rec["name"] + (" [fortified]" if for_table and rec["fortified"] else "")
    row = {"ndb": rec["ndb"], "food": name, "portion": rec["portion"],
           "grams": rec["portion_grams"]}
    if not for_table:
        row["portion_pieces"] = rec["portion_pieces"]
        row["fortified"] = rec["fortified"]
        row["food_group"] = rec["food_group"]
    for label, v in rec["vitamins"].items():
        unit = v["unit"].replace("µ", "u").replace(" ", "_")
        if for_table:  # the amount and the %DV of a portion in columns of their own
            basis = {"portion": "", "100g": "/100 g", "100kcal": "/100 kcal"}[per]
            row[f"{label} {v['unit']}{basis}"] = render.amount(v[f"per_{per}"])
            row[f"{label} %DV"] = "n/a" if v["percent_dv"] is None else f"{v['percent_dv']:.0f}%"
        else:
            row[f"{label.lower()}_{unit.lower()}_per_portion"] = v["per_portion"]
            row[f"{label.lower()}_percent_dv"] = v["percent_dv"]
            if per != "portion":
                row[f"{label.lower()}_{unit.lower()}_per_{per}"] = v[f"per_{per}"]
    return row


def render_food_list(records: list[dict], fmt: str, per: str = "portion",
                     width: int | None = None, everyday: bool = False) -> str:
    if fmt == "json":
        return render.to_json(records)
    if not records:
        return "No food matches these filters." if fmt == "table" else ""
    rows = [_flat(r, fmt == "table", per) for r in records]
    if fmt == "csv":
        return render.to_csv(rows).rstrip("\n")
    amounts = {c: ".2f" for c in rows[0] if c.startswith("B") and "%DV" not in c}
    out = render.fit_table(rows, width, floatfmt=amounts)
    basis = "Amounts per portion" if per == "portion" else f"Amounts {PER_LABELS[per]}"
    pool = ("the staple pool, as the planner chooses from (--all-foods: the whole table)"
            if everyday else "the whole table")
    return out + "\n\n" + render.wrap_lines(
        f"{basis}; %DV = share of the FDA Daily Value in one portion (the household "
        f"measure nearest FDA's reference amount); n/a = not measured. From {pool}.", width)


def render_matches(hits: pd.DataFrame, query: str, fmt: str, width: int | None = None) -> str:
    rows = [{"ndb": r.ndb, "name": r.name, "food_group": r.food_group} for r in hits.itertuples()]
    if fmt == "json":
        return render.to_json({"query": query, "matches": rows})
    if fmt == "csv":
        return render.to_csv(rows).rstrip("\n")
    head = f"{len(rows)} foods match {query!r}; show one by its NDB number:\n"
    return render.wrap_lines(head, width) + render.fit_table(rows[:50], width) + (
        f"\n... and {len(rows) - 50} more" if len(rows) > 50 else ""
    )


def _staple_record(ndb: str) -> dict | None:
    """The staple row of a food (``data/staples.csv``), for ``show``."""
    s = staple(ndb)
    if s is None:
        return None
    return {"wweia_code": s.wweia_code, "wweia_category": s.wweia_category,
            "family": s.family, "reason": s.reason}


def profile_record(row: pd.Series) -> dict:
    rec = food_record(row)
    rec.update(
        retinol_ug_per_100g=_num(row["retinol_ug"]),
        energy_kcal_per_100g=_num(row["energy_kcal"]),
        everyday=bool(row["everyday"]),
        familiar=bool(row["familiar"]),
        family=row.get("family", "") or "",
        staple=_staple_record(row["ndb"]) if row["familiar"] else None,
        diets=[c[5:] for c in row.index if c.startswith("diet_") and row[c]],
        animal_sources=[x for x in row["animal_sources"].split(";") if x],
        allergens=[x for x in row["allergens"].split(";") if x],
        supplies=[x for x in row["supplies"].split(";") if x],
        rich_in=[x for x in row["rich_in"].split(";") if x],
        leaflet_claims=[x for x in row["leaflet_claims"].split(";") if x],
        source="USDA SR28",
        suspect=[{"vitamin": r.vitamin, "reason": r.reason, "source": r.source}
                 for r in why_suspect(str(row["ndb"]))],
    )
    return rec


def render_profile(row: pd.Series, fmt: str, width: int | None = None) -> str:
    rec = profile_record(row)
    if fmt == "json":
        return render.to_json(rec)
    rows = [
        {
            "vitamin": label,
            "per 100 g": render.amount(v["per_100g"], 3),
            f"per portion ({rec['portion']}, {rec['portion_grams']:g} g)": render.amount(
                v["per_portion"], 3
            ),
            "unit": v["unit"],
            "% Daily Value": "n/a" if v["percent_dv"] is None else f"{v['percent_dv']:.0f}%",
        }
        for label, v in rec["vitamins"].items()
    ]
    if fmt == "csv":
        # for scripts: snake_case ASCII headers, the portion in columns of its own, numbers
        # as numbers and an empty cell where USDA did not measure
        return render.to_csv([
            {"ndb": rec["ndb"], "vitamin": label, "unit": v["unit"],
             "per_100g": render.clean(v["per_100g"]), "per_portion": render.clean(v["per_portion"]),
             "portion": rec["portion"], "portion_grams": rec["portion_grams"],
             "percent_dv": render.clean(v["percent_dv"])}
            for label, v in rec["vitamins"].items()
        ]).rstrip("\n")

    def listing(items):
        return ", ".join(items) if items else "none"

    lines = [
        f"{rec['name']}  (NDB {rec['ndb']}, {rec['food_group']})",
        "",
        render.fit_table(rows, width),
        "",
        f"Reference amount (FDA RACC): {rec['racc_grams']:g} g, {rec['racc_category']}; "
        "the portion is the household measure nearest to it.",
        f"Retinol: {render.amount(rec['retinol_ug_per_100g'], 0)} µg per 100 g; "
        f"energy: {render.amount(rec['energy_kcal_per_100g'], 0)} kcal per 100 g",
        f"Fits diets: {listing(rec['diets'])}",
        f"Animal sources (certain or possible): {listing(rec['animal_sources'])}",
        f"Allergens (flagged by name): {listing(rec['allergens'])}",
        f"Fortified: {'yes' if rec['fortified'] else 'no'}; "
        f"good source of: {listing(rec['supplies'])}; rich in: {listing(rec['rich_in'])}",
        (f"In the staple pool: yes, for {rec['staple']['wweia_category']} (USDA WWEIA), "
         f"family {rec['staple']['family']!r}: {rec['staple']['reason']}")
        if rec["staple"] else
        "In the staple pool: no; plans use it only with --all-foods, weighed more",
    ]
    for s in rec["suspect"]:
        lines.append(f"Left out of plans: USDA's {s['vitamin']} value looks like an error "
                     f"({s['reason']}); shown above as USDA gives it.")
    if rec["leaflet_claims"]:
        lines.append(f"The leaflet names it as a source of: {listing(rec['leaflet_claims'])}")
        for label in rec["leaflet_claims"]:
            v = rec["vitamins"].get(label)
            if v is None or label in rec["supplies"]:
                continue
            if v["per_100g"] is None:
                lines.append(f"  {label}: USDA did not measure it in this food.")
            else:
                racc = v["per_100g"] * rec["racc_grams"] / 100
                lines.append(
                    f"  {label}: USDA data do not support this: the reference amount "
                    f"({rec['racc_grams']:g} g) gives {racc:.2f} {v['unit']} "
                    f"({racc / daily_value(VITAMINS_BY_LABEL[label]) * 100:.0f}% of the Daily "
                    "Value), under the 10% of a good source. See `bplanner claims`."
                )
    lines.append("Source: USDA SR28; n/a = not measured by USDA.")
    return render.wrap_lines("\n".join(lines), width)


DISCLAIMER = (
    "Dietary information, not medical advice. bplanner never sets doses of vitamin "
    "preparations or injections: see a physician for those, and for any symptoms."
)


def _measure(servings: float, text: str, grams: float) -> str:
    return f"{servings:g} x {text} ({grams:.0f} g)"


def plan_rows(plan, for_table: bool = True) -> list[dict]:
    """One row per food, then a totals row (table) — amounts per day."""
    days = plan.options.days
    rows = []
    for item in plan.items:
        row = {"ndb": item.ndb, "food": item.name + (" [fortified]" if for_table and
                                                      item.fortified else "")}
        if for_table:
            row["per day"] = _measure(item.servings, item.serving_text, item.grams)
            if days > 1:
                row[f"for {days} days"] = _measure(
                    item.servings * days, item.serving_text, item.grams * days
                )
        else:
            row.update(serving=item.serving_text, serving_grams=item.serving_grams,
                       servings_per_day=item.servings, grams_per_day=item.grams,
                       servings_total=item.servings * days, grams_total=item.grams * days,
                       fortified=item.fortified)
        for t in plan.targets:
            v = VITAMINS[t.vitamin]
            key = f"{v.label} {v.unit}" if for_table else f"{v.label}_{t.display_unit}_per_day"
            row[key] = round(item.amounts[t.vitamin], 3)
        rows.append(row)
    return rows


def render_plan(plan, fmt: str) -> str:
    """The plan as a table for people, or CSV of its items for scripts (JSON: to_dict)."""
    if fmt == "json":
        return render.to_json(plan.to_dict())
    if fmt == "csv":
        return render.to_csv(plan_rows(plan, for_table=False)).rstrip("\n")
    days = plan.options.days
    rows = plan_rows(plan)
    total = {"ndb": "", "food": "TOTAL per day (% of target)"}
    total["per day"] = f"{plan.total_grams:.0f} g"
    if days > 1:
        total[f"for {days} days"] = f"{plan.total_grams * days:.0f} g"
    for t in plan.targets:
        v = VITAMINS[t.vitamin]
        pct = plan.percent(t.vitamin)
        total[f"{v.label} {v.unit}"] = f"{plan.totals[t.vitamin]:.2f} ({pct:.0f}%)"
    rows.append(total)
    p = plan.profile
    head = (
        f"Plan for a {p.describe()}, {plan.options.diet.replace('_', '-')} diet: "
        + ", ".join(f"{VITAMINS[t.vitamin].label} {t.value:g} {t.display_unit} ({t.kind})"
                    for t in plan.targets)
        + f" a day. {plan.candidates} candidate foods; minimising "
        f"{plan.model['objective_meaning']}."
    )
    out = [head, "", render.to_table(rows, floatfmt=".3g")]
    if plan.limits:
        out.append("")
        out.append(
            "Upper limits kept: "
            + "; ".join(
                f"{name.replace('_', ' ')} {lim['amount']:.2f} of {lim['limit']:g} {lim['unit']}"
                for name, lim in plan.limits.items()
            )
        )
    for key, alts in plan.alternatives.items():
        if not alts:
            continue
        v = VITAMINS[key]
        out += ["", f"Other sources of {v.label} ({v.name}) in your diet, richest per portion:"]
        out.append(
            render.to_table(
                [
                    {
                        "ndb": a["ndb"],
                        "food": a["name"] + (" [fortified]" if a["fortified"] else ""),
                        "portion": f"{a['serving']} ({a['serving_grams']:.0f} g)",
                        f"{v.label} {a['unit']}/portion": round(a["per_serving"], 3),
                        f"{v.label} {a['unit']}/100 g": round(a["per_100g"], 3),
                        "% of target": f"{a['percent_of_target']:.0f}%",
                    }
                    for a in alts
                ]
            )
        )
    out += ["", "Warnings:"]
    if plan.warnings:
        for w in plan.warnings:
            out.append(w.render() if hasattr(w, "render") else f"- {w}")
    else:
        out.append("- none for this profile and plan")
    out += ["", DISCLAIMER]
    return "\n".join(out)


def render_no_plan(err, fmt: str) -> str:
    if fmt == "json":
        return render.to_json(
            {
                "status": "no_plan",
                "reasons": err.reasons,
                "suggestions": err.suggestions,
                "warnings": [w.to_dict() for w in err.warnings],
            }
        )
    lines = ["No plan exists: " + " ".join(err.reasons)]
    lines += [f"- {s}" for s in err.suggestions]
    if err.warnings:
        lines += ["", "Warnings:"] + [w.render() for w in err.warnings]
    lines += ["", DISCLAIMER]
    return "\n".join(lines)


def targets_rows(profile, targets, limits) -> list[dict]:
    rows = []
    for t in targets:
        v = VITAMINS[t.vitamin]
        rows.append({"vitamin": v.label, "name": v.name, "kind": t.kind, "per_day": t.value,
                     "unit": t.display_unit, "upper_limit": t.upper_limit})
    extra = {"folic_acid": ("folic acid", "µg"), "niacin": ("added niacin", "mg"),
             "retinol": ("retinol (preformed vitamin A)", "µg")}
    for key, (name, unit) in extra.items():
        if key in limits:
            rows.append({"vitamin": "", "name": name, "kind": "UL only", "per_day": None,
                         "unit": unit, "upper_limit": limits[key]})
    return rows


def render_risk_table(table: list[dict], conditions: dict, medications: dict,
                      width: int | None = None) -> str:
    """`bplanner risks`: each factor with its trigger, then the names accepted."""
    import textwrap

    fit, width = width, width or 92
    out = ["Risk factors and interactions (the leaflet's first, then NIH ODS and others),",
           "then the safety rules that change the plan:", ""]
    for r in table:
        vits = ", ".join(r["vitamins"]) or "-"
        out.append(f"[{r['severity'].upper()}] {r['title']}  ({vits})  -- trigger: {r['trigger']}")
        out += textwrap.wrap(r["message"], width, initial_indent="    ", subsequent_indent="    ")
        out += textwrap.wrap("Advice: " + r["advice"], width, initial_indent="    ",
                             subsequent_indent="    ")
        out += textwrap.wrap("Source: " + r["source"], width, initial_indent="    ",
                             subsequent_indent="    ")
        out.append("")
    for title, names in (("--condition", conditions), ("--medication", medications)):
        out.append(f"Names accepted by {title} (synonyms and brand names in brackets):")
        for canonical, aliases in names.items():
            extra = f" [{', '.join(aliases)}]" if aliases else ""
            out += textwrap.wrap(f"{canonical}{extra}", width, initial_indent="  - ",
                                 subsequent_indent="    ")
        out.append("")
    out.append(DISCLAIMER)
    return render.wrap_lines("\n".join(out), fit)


def claim_rows(judged: list[dict]) -> list[dict]:
    """One row per claim and representative food (CSV and the claims table)."""
    rows = []
    for c in judged:
        for f in c["foods"]:
            rows.append({
                "vitamin": c["vitamin"],
                "leaflet_word": c["word"],
                "verdict": c["verdict"],
                "ndb": f["ndb"],
                "food": f["name"],
                "racc_grams": f["racc_grams"],
                "portion": f"{f['portion']} ({f['portion_grams']:g} g)",
                "per_racc": f["amount_per_racc"],
                "unit": f["unit"],
                "percent_dv": f["percent_dv_per_racc"],
            })
    return rows


def render_claims(judged: list[dict], rule: str, width: int | None = None) -> str:
    """`bplanner claims`: a table per claim, the verdict, and why where data disagree."""
    import textwrap

    fit, width = width, width or 100
    out = ["The leaflet's food sources of B vitamins, against USDA SR28 data.", ""]
    out += textwrap.wrap("Rule: " + rule, width)
    for c in judged:
        out += ["", f"{c['vitamin']} from {c['word']}: {c['verdict'].upper()}"]
        rows = [
            {
                "ndb": f["ndb"],
                "food": f["name"],
                "RACC (about)": f"{f['racc_grams']:g} g ({f['portion']})",
                f"{c['vitamin']} per RACC": render.amount(f["amount_per_racc"], 3)
                + f" {f['unit']}",
                "% DV": "n/a" if f["percent_dv_per_racc"] is None
                else f"{f['percent_dv_per_racc']:.0f}%",
            }
            for f in c["foods"]
        ]
        out.append(render.fit_table(rows, fit))
        if c["note"] and c["verdict"] != "supported":
            out += textwrap.wrap("Why: " + c["note"], width, initial_indent="  ",
                                 subsequent_indent="  ")
    counts = {}
    for c in judged:
        counts[c["verdict"]] = counts.get(c["verdict"], 0) + 1
    out += ["", "Summary: " + ", ".join(f"{n} {v}" for v, n in counts.items()) + "."]
    return render.wrap_lines("\n".join(out), fit)
