"""Safety rules that change the plan: celiac disease, pregnancy, a lactating vegan.

Name rules are checked on real USDA names from the shipped table; the plans are real
plans of the shipped table, through the library and through the CLI.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from bplanner.advice import safety
from bplanner.advice.risks import RiskProfile
from bplanner.cli import cli
from bplanner.foods import load_foods
from bplanner.planning.planner import suggest
from bplanner.targets import Profile

RUN = CliRunner()
FOODS = load_foods()
PREGNANT = Profile(age=30, sex="female", pregnant=True)
CELIAC = RiskProfile(conditions=["celiac disease"])


def _named(names: list[str]):
    rows = FOODS[FOODS["name"].isin(names)]
    assert sorted(rows["name"]) == sorted(names), "every name is a real USDA name"
    return rows


def _removed(mask_of, names):
    rows = _named(names)
    return dict(zip(rows["name"], mask_of(rows), strict=True))


# --------------------------------------------------------------------------- celiac disease

GLUTEN_FOODS = [
    "Cereals ready-to-eat, KELLOGG, KELLOGG'S ALL-BRAN COMPLETE Wheat Flakes",
    "Bulgur, cooked",
    "Couscous, cooked",
    "Semolina, enriched",
    "Spelt, cooked",
    "Triticale",
    "Vital wheat gluten",
    "Babyfood, cereal, barley, dry fortified",
    "Beverages, malted drink mix, chocolate, powder",  # malt
    "Yeast extract spread",  # a brewing-yeast extract
    "Alcoholic beverage, beer, regular, all",
    "Babyfood, cereal, oatmeal, dry fortified",  # oats: never certified gluten-free in SR24
    "Beverages, drink mix, QUAKER OATS, GATORADE, orange flavor, powder",  # uncertain: left out
]
GLUTEN_FREE_FOODS = [
    "Buckwheat groats, roasted, cooked",
    "Rice, white, long-grain, regular, enriched, cooked",
    "Quinoa, cooked",
    "Millet, cooked",
    "Cereals, CREAM OF RICE, cooked with water, without salt",
    "Corn bran, crude",
    "Milk, goat, fluid, with added vitamin D",  # "goat" is not "oat"
    "Seeds, sunflower seed kernels, dried",
    "Chicken, liver, all classes, cooked, simmered",
]


def test_gluten_rule_removes_gluten_grains_malt_yeast_extract_and_oats():
    assert all(_removed(safety.gluten_mask, GLUTEN_FOODS).values())


def test_gluten_rule_keeps_gluten_free_grains_and_plain_foods():
    assert not any(_removed(safety.gluten_mask, GLUTEN_FREE_FOODS).values())


def test_yeast_extract_is_left_out_by_its_allergen_flag_and_by_the_gluten_rule():
    """Yeast extract spread (made with barley and wheat, issue 23) carries the wheat/gluten
    flag in the shipped table, and the celiac rule removes it by name as well."""
    row = _named(["Yeast extract spread"]).iloc[0]
    assert "wheat_gluten" in row["allergens"].split(";")
    assert safety.gluten_mask(_named(["Yeast extract spread"])).all()


def test_no_food_left_for_celiac_names_a_gluten_grain_or_is_flagged():
    pool, notes = safety.restrict(FOODS, Profile(), CELIAC)
    words = re.compile(r"(?<!buck)wheat|barley|\brye\b|malt|\boats?\b|oatmeal|spelt|bulgur",
                       re.IGNORECASE)
    assert not pool["name"].str.contains(words).any()
    assert not pool["allergens"].str.contains("wheat_gluten").any()
    (note,) = notes
    assert note.id == "celiac_gluten" and note.removed == len(FOODS) - len(pool)


# --------------------------------------------------------------------------- pregnancy

LIVER_FOODS = [
    "Chicken, liver, all classes, cooked, simmered",
    "Duck, domesticated, liver, raw",
    "Fish oil, cod liver",
    "Pate, liver, not specified, canned",
    "OSCAR MAYER, Braunschweiger Liver Sausage (sliced)",
    "Turkey, whole, giblets, raw",
    "Moose, liver, braised (Alaska Native)",
]
RAW_FOODS = [
    "Egg, whole, raw, fresh",
    "Egg, whole, cooked, poached",  # runny yolk: uncertain
    "Fish, salmon, Atlantic, wild, raw",
    "Fish, salmon, chinook, smoked, (lox), regular",
    "Mollusks, oyster, eastern, wild, raw",
    "Pepperoni, beef and pork, sliced",
    "Bockwurst, pork, veal, raw",
    "Whale, beluga, liver, raw (Alaska Native)",
]
SAFE_IN_PREGNANCY = [
    "Egg, whole, cooked, hard-boiled",
    "Fish, salmon, Atlantic, wild, cooked, dry heat",
    "Pork, fresh, variety meats and by-products, kidneys, cooked, braised",
    "Milk, whole, 3.25% milkfat, with added vitamin D",
    "Spinach, raw",  # raw, but not an animal food
    "Stew, steamed corn (Navajo)",
]


def test_liver_rule_removes_liver_and_liver_products():
    assert all(_removed(safety.liver_mask, LIVER_FOODS).values())


def test_raw_rule_removes_raw_and_undercooked_animal_foods():
    assert all(_removed(safety.raw_animal_mask, RAW_FOODS).values())


def test_pregnancy_rules_keep_cooked_animal_foods_and_plants():
    rows = _named(SAFE_IN_PREGNANCY)
    pool, notes = safety.restrict(rows, PREGNANT)
    assert list(pool["name"]) == list(rows["name"])
    assert [n.id for n in notes] == [
        "mercury_fish", "pregnancy_liver", "pregnancy_raw", "pregnancy_cured_fish",
        "pregnancy_listeria", "pregnancy_herbal",
    ]
    assert all(n.removed == 0 for n in notes)


def test_restrict_keeps_order_and_leaves_other_people_alone():
    pool, notes = safety.restrict(FOODS, Profile(age=30), RiskProfile())
    assert notes == [] and pool.equals(FOODS)
    pool, notes = safety.restrict(FOODS, PREGNANT)
    assert list(pool.index) == sorted(pool.index)
    gone = safety.liver_mask(FOODS) | safety.raw_animal_mask(FOODS)
    for mask in (safety.mercury_fish_mask, safety.cured_fish_mask, safety.listeria_mask,
                 safety.herbal_mask):
        gone |= mask(FOODS)
    assert len(pool) == len(FOODS) - int(gone.sum())


@pytest.mark.parametrize("all_foods", [False, True])
def test_a_pregnant_plan_takes_no_liver_or_raw_animal_food(all_foods):
    """The issue's case: without fortified foods the planner took raw duck liver."""
    plan = suggest(["B12"], "omnivore", PREGNANT, FOODS, fortified=False, all_foods=all_foods)
    chosen = FOODS[FOODS["ndb"].isin([i.ndb for i in plan.items])]
    assert not (safety.liver_mask(chosen) | safety.raw_animal_mask(chosen)).any()
    pool = FOODS[FOODS["ndb"].isin(plan.model["candidates"]["ndb"])]
    assert not (safety.liver_mask(pool) | safety.raw_animal_mask(pool)).any()
    ids = [w.id for w in plan.warnings]
    assert {"pregnancy_liver", "pregnancy_raw"} <= set(ids)
    for w in plan.warnings:
        if w.id in ("pregnancy_liver", "pregnancy_raw"):
            assert w.severity == "high" and "NCT" in w.source
            assert re.search(r"(\d+ foods were|1 food was) left out", w.message)


def test_a_celiac_plan_takes_no_gluten():
    plan = suggest(["B1", "B6", "B9", "B12"], "omnivore", Profile(), FOODS, risk=CELIAC)
    chosen = FOODS[FOODS["ndb"].isin([i.ndb for i in plan.items])]
    assert not safety.gluten_mask(chosen).any()
    assert "celiac_gluten" in [w.id for w in plan.warnings]


# --------------------------------------------------------------------------- fish, Listeria, herbs
# Every name below is a real USDA name, spelt the same in SR24 and SR28 (FOOD_DES.txt).

MERCURY_FISH = [
    "Fish, shark, mixed species, cooked, batter-dipped and fried",  # 15096
    "Fish, swordfish, cooked, dry heat",  # 15111
    "Fish, tilefish, cooked, dry heat",  # 15113
    "Fish, mackerel, king, cooked, dry heat",  # 15200
    "Fish, roughy, orange, cooked, dry heat",  # 15232
    "Soup, shark fin, restaurant-prepared",
]
LOW_MERCURY_FISH = [
    "Fish, salmon, Atlantic, wild, cooked, dry heat",
    "Fish, tuna, light, canned in water, drained solids",
    "Fish, mackerel, Atlantic, cooked, dry heat",
    "Fish, sardine, Atlantic, canned in oil, drained solids with bone",
]
CURED_FISH = [
    "Fish, caviar, black and red, granular",  # 15012
    "Fish, herring, Atlantic, pickled",  # 15041
    "Fish, herring, Atlantic, kippered",  # 15042
    "Fish, mackerel, salted",  # 83110
    "Fish, cod, Atlantic, dried and salted",
    "Fish, roe, mixed species, raw",
    "Fish, salmon, chinook, smoked",
]
LISTERIA_FOODS = [
    "Pork, cured, ham, whole, separable lean only, unheated",  # 10152
    "Luncheon slices, meatless",
    "Frankfurter, meatless",
    "Bologna, beef",
    "Frankfurter, beef, unheated",
    "Turkey breast, low salt, prepackaged or deli, luncheon meat",
    "Chicken spread",
    "Sandwich spread, pork, beef",
    "Beef, cured, pastrami",
    "Fish, salmon, chinook, smoked, (lox), regular",
    "Cheese, fresh, queso fresco",
    "Cheese, white, queso blanco",
    "Cheese, brie",
    "Cheese, camembert",
    "Cheese, feta",
    "Cheese, blue",
    "Cheese, roquefort",
]
SAFE_FROM_LISTERIA = [
    "Cheese, cheddar",
    "Cheese, mozzarella, whole milk",
    "Cheese, cottage, creamed, large or small curd",
    "Milk, whole, 3.25% milkfat, with added vitamin D",
    "Pork, cured, ham, whole, separable lean only, roasted",
    "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
    "Chocolate-flavored hazelnut spread",
    "Rolls, hamburger or hotdog, plain",
]
HERBAL = [
    "Beverages, tea, herb, brewed, chamomile",
    "Beverages, tea, herb, other than chamomile, brewed",
    "Balsam-pear (bitter gourd), leafy tips, cooked, boiled, drained, without salt",
]
NOT_HERBAL = [
    "Balsam-pear (bitter gourd), pods, cooked, boiled, drained, without salt",
    "Spinach, raw",
]


@pytest.mark.parametrize(
    "mask_of, out, kept",
    [
        (safety.mercury_fish_mask, MERCURY_FISH, LOW_MERCURY_FISH),
        (safety.cured_fish_mask, CURED_FISH,
         [*LOW_MERCURY_FISH, "Fish, roe, mixed species, cooked, dry heat"]),
        (safety.listeria_mask, LISTERIA_FOODS, SAFE_FROM_LISTERIA),
        (safety.herbal_mask, HERBAL, NOT_HERBAL),
    ],
    ids=["mercury", "cured_fish", "listeria", "herbal"],
)
def test_pregnancy_food_rules_on_real_names(mask_of, out, kept):
    assert all(_removed(mask_of, out).values()), _removed(mask_of, out)
    assert not any(_removed(mask_of, kept).values()), _removed(mask_of, kept)


# Written here from the FDA/EPA chart and the issue, independently of safety.py's patterns.
MERCURY_WORDS = re.compile(r"shark|swordfish|tilefish|mackerel, king|roughy|marlin|bigeye",
                           re.IGNORECASE)
PREGNANCY_WORDS = re.compile(
    r"caviar|^(?!soup|rolls).*(?:luncheon|bologna|frankfurter|\bfranks?\b|hot ?dog)|"
    r"pastrami|unheated|"
    r"queso (?:fresco|blanco)|^cheese, (?:brie|camembert|feta|blue|roquefort)|"
    r"^fish, (?!.*canned).*(?:pickled|kippered|salted|smoked|\blox\b)|tea, herb|balsam-pear.*leafy",
    re.IGNORECASE,
)
PROFILES = {
    "pregnant": Profile(age=30, sex="female", pregnant=True),
    "lactating": Profile(age=30, sex="female", lactating=True),
    "child 4": Profile(age=4),
    "child 11": Profile(age=11, sex="male"),
}


@pytest.mark.parametrize("who", list(PROFILES))
@pytest.mark.parametrize("diet", ["omnivore", "pescatarian", "vegetarian"])
@pytest.mark.parametrize("all_foods", [False, True])
def test_no_candidate_for_pregnancy_lactation_or_a_child_is_a_named_food(who, diet, all_foods):
    """The whole pool the optimizer sees (staples, alternatives, --all-foods) is clean."""
    from bplanner.planning.planner import Options, candidates
    from bplanner.targets import upper_limits

    profile = PROFILES[who]
    opts = Options(vitamins=("thiamin", "vitamin_b6", "folate", "vitamin_b12"), diet=diet,
                   all_foods=all_foods)
    pool, notes = safety.restrict(candidates(FOODS, opts, upper_limits(profile)), profile,
                                  RiskProfile(), diet)
    assert not pool["name"].str.contains(MERCURY_WORDS).any()
    # the fish rule is said where the diet eats fish (the vegetarian's pool holds none)
    assert ("mercury_fish" in [n.id for n in notes]) == (diet != "vegetarian")
    if who == "pregnant":
        named = pool["name"].str.contains(PREGNANCY_WORDS)
        animal = (pool["animal_sources"].fillna("") != "") | pool["name"].str.contains(
            "meatless|tea, herb|balsam-pear", case=False)
        assert not (named & animal).any(), list(pool["name"][named & animal])


@pytest.mark.parametrize("diet, ids", [
    ("omnivore", ["mercury_fish", "pregnancy_liver", "pregnancy_raw", "pregnancy_cured_fish",
                  "pregnancy_listeria", "pregnancy_herbal"]),
    ("pescatarian", ["mercury_fish", "pregnancy_liver", "pregnancy_raw",
                     "pregnancy_cured_fish", "pregnancy_listeria", "pregnancy_herbal"]),
    ("vegetarian", ["pregnancy_raw", "pregnancy_listeria", "pregnancy_herbal"]),
    ("ovo_vegetarian", ["pregnancy_raw", "pregnancy_listeria", "pregnancy_herbal"]),
    # a vegan's pool may hold meatless deli slices (Listeria) and herbal teas
    ("vegan", ["pregnancy_listeria", "pregnancy_herbal"]),
])
def test_a_rule_about_foods_the_diet_never_eats_is_not_said(diet, ids):
    """A vegetarian in pregnancy is not warned about swordfish or liver pâté; the rules
    that still reach her foods (raw eggs and milk, soft cheese, herbal tea) stay."""
    assert safety.applicable(PREGNANT, RiskProfile(), diet) == ids
    child = safety.applicable(Profile(age=6), RiskProfile(), diet)
    assert child == (["mercury_fish"] if diet in ("omnivore", "pescatarian") else [])


def test_adults_not_pregnant_keep_the_fish_and_cheese():
    pool, notes = safety.restrict(FOODS, Profile(age=12, sex="female"), RiskProfile())
    assert notes == [] and pool["name"].str.contains(MERCURY_WORDS).any()
    _, notes = safety.restrict(FOODS, Profile(age=30, sex="female"),
                               RiskProfile(planning_pregnancy=True))
    assert [n.id for n in notes] == ["mercury_fish"]


def test_a_pregnant_pescatarian_plan_and_its_alternatives_hold_no_named_fish():
    data = _json("-v", "B12", "-d", "pescatarian", "--pregnant", "--sex", "f", "--all-foods")
    names = _planned_names(data) + [a["name"] for alts in data["alternatives"].values()
                                    for a in alts]
    assert names and not [n for n in names if MERCURY_WORDS.search(n)
                          or PREGNANCY_WORDS.search(n)]
    by_id = {w["id"]: w for w in data["warnings"]}
    assert {"mercury_fish", "pregnancy_cured_fish", "pregnancy_listeria",
            "pregnancy_herbal"} <= set(by_id)
    assert "FDA and US EPA" in by_id["mercury_fish"]["source"]
    assert "CDC" in by_id["pregnancy_listeria"]["source"]


def test_with_gluten_excluded_yeast_extract_and_surimi_are_no_candidates():
    from bplanner.planning.planner import Options, candidates

    opts = Options(vitamins=("thiamin", "vitamin_b12"), exclude_allergens=("wheat_gluten",),
                   all_foods=True)
    pool = candidates(FOODS, opts)
    assert not pool["ndb"].isin(["43406", "15138", "15153", "15174"]).any()
    nuts = candidates(FOODS, Options(vitamins=("thiamin",), exclude_allergens=("tree_nuts",),
                                     all_foods=True))
    assert "19068" not in set(nuts["ndb"])


# --------------------------------------------------------------------------- the CLI


def _planned_names(data) -> list[str]:
    """Every food of every day and meal of a plan's JSON."""
    return [i["name"] for day in data["days"] for items in day["meals"].values() for i in items]


def _json(*args):
    res = RUN.invoke(cli, ["suggest", "--format", "json", *args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_cli_folate_plan_with_pernicious_anaemia_warns_about_b12_and_masking():
    res = RUN.invoke(cli, ["suggest", "-v", "B9", "--condition", "pernicious anemia"])
    assert res.exit_code == 0
    warnings = " ".join(res.output.split("Warnings:", 1)[1].split())  # lines wrap at 80
    assert "pernicious anaemia" in warnings
    assert "Not among the vitamins you asked to plan (B12)" in warnings
    data = _json("-v", "B9", "--condition", "pernicious anemia")
    by_id = {w["id"]: w for w in data["warnings"]}
    assert by_id["pernicious_anaemia"]["outside_chosen_vitamins"] is True
    # the masking warning follows the folic acid of the plan (fortified foods): today's
    # plan takes its folate from food; with folic acid, the warning must be there
    limit = data["days"][0]["upper_limits"]["folic_acid"]
    masking = {"folic_acid_with_b12_risk", "folic_acid_masks_b12"} & set(by_id)
    # only when folic acid is a real part of the day (a quarter of the UL or more)
    assert bool(masking) == (limit["amount"] >= 0.25 * limit["limit"])


def test_folic_acid_in_a_plan_with_a_b12_risk_warns_about_masking():
    from bplanner.advice.risks import RiskProfile, warnings_for
    from bplanner.targets import Profile

    class _Plan:  # a plan's items and limits, as warnings_for reads them
        items = []
        limits = {"folic_acid": {"amount": 300.0, "limit": 1000.0}}

    found = warnings_for(Profile(), "omnivore", ["folate"],
                         RiskProfile(conditions=("pernicious_anaemia",)), _Plan())
    texts = {w.id: w.message for w in found}
    assert "hide the anaemia of one" in texts["folic_acid_with_b12_risk"]


def test_cli_metformin_and_age_60_folate_plan_warns_about_b12():
    ids = [w["id"] for w in _json("-v", "B9", "--medication", "metformin", "--age", "60")
           ["warnings"]]
    assert {"metformin", "age_over_50", "blood_test"} <= set(ids)


def test_cli_ibuprofen_plans_with_a_note():
    res = RUN.invoke(cli, ["suggest", "--medication", "ibuprofen"])
    assert res.exit_code == 0
    assert "knows no interaction between the B vitamins and: ibuprofen" in res.output
    assert "Ask a pharmacist" in res.output


@pytest.mark.parametrize(
    "option, typed, meant",
    [
        ("--medication", "metfromin", "metformin"),
        ("--condition", "coeliacs", "celiac disease"),
        ("--condition", "celiac desease", "celiac disease"),
        ("--condition", "diabetis", "diabetes"),
        ("--condition", "pernicous anemia", "pernicious anaemia"),
        ("--condition", "metformin", "--medication"),
    ],
)
@pytest.mark.parametrize("command", ["suggest", "risks"])
def test_cli_a_near_miss_is_a_usage_error_with_the_suggestion(command, option, typed, meant):
    """A near miss of a name that carries a rule or warning never plans as if it were absent."""
    res = RUN.invoke(cli, [command, "-v", "B12", option, typed][: 1 if command == "risks" else 3]
                     + [option, typed])
    assert res.exit_code == 2, res.output
    line = " ".join(res.output.split())
    assert f"unknown {option[2:]} '{typed}': did you mean" in line and meant in line
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    "typed", ["gluten intolerance", "sprue", "dermatitis herpetiformis",
              "non-celiac gluten sensitivity", "Coeliac disease"],
)
def test_gluten_synonyms_take_the_gluten_rule(typed):
    assert safety.applicable(Profile(), RiskProfile(conditions=[typed])) == ["celiac_gluten"]


def test_cli_celiac_plan_leaves_out_gluten_and_says_so():
    data = _json("--condition", "coeliac")
    names = _planned_names(data)
    assert not safety.gluten_mask(FOODS[FOODS["name"].isin(names)]).any()
    (note,) = [w for w in data["warnings"] if w["id"] == "celiac_gluten"]
    assert "oats" in note["message"] and note["source"]


def test_cli_pregnant_plan_leaves_out_liver_even_with_all_foods():
    data = _json("-v", "B12", "--pregnant", "--sex", "female", "--no-fortified", "--all-foods")
    names = _planned_names(data)
    assert not any("liver" in n.lower() for n in names)
    assert {"pregnancy_liver", "pregnancy_raw"} <= {w["id"] for w in data["warnings"]}


def test_cli_lactating_vegan_is_warned_about_the_infants_b12():
    ids = {w["id"] for w in _json("-v", "B12", "--lactating", "--sex", "female", "-d", "vegan")
           ["warnings"]}
    assert "lactation_vegan_infant" in ids
    ids = {w["id"] for w in _json("-v", "B12", "--lactating", "--sex", "female")["warnings"]}
    assert "lactation_vegan_infant" not in ids
    ids = {w["id"] for w in _json("-v", "B12", "--sex", "female", "-d", "vegan")["warnings"]}
    assert "lactation_vegan_infant" not in ids


def test_cli_risks_lists_the_safety_rules_and_shows_them_for_a_profile():
    res = RUN.invoke(cli, ["risks"])
    for rule in safety.load_rules().values():
        assert rule.title in res.output
    res = RUN.invoke(cli, ["risks", "--pregnant", "--sex", "female"])
    assert "leaves out liver and liver products" in res.output


# --- a diary with foods the pregnancy rules name (issue 23: the intake matrix) ------------

DIARY = """food,amount,meal
01079,1 cup,breakfast
frankfurter beef unheated,1 frankfurter,lunch
queso fresco,1 oz,lunch
swordfish cooked,100 g,dinner
bologna beef,1 slice,snack
herb tea other than chamomile brewed,1 cup,snack
"""
# life stage -> {rule id: diary lines it must name}; every other rule names none
DIARY_RULES = {
    "pregnant": {"mercury_fish": {5}, "pregnancy_listeria": {3, 4, 6},
                 "pregnancy_herbal": {7}},
    "lactating": {"mercury_fish": {5}},
    "child 4": {"mercury_fish": {5}},
    "adult": {},
}


@pytest.mark.parametrize("who", list(DIARY_RULES))
def test_intake_names_the_diary_foods_a_safety_rule_names_with_its_advice_and_source(
        tmp_path, who):
    """`bplanner intake` plans nothing, but a pregnant person's deli meat, soft cheese,
    high-mercury fish or herbal tea gets the rule's warning, naming the lines, with the
    heating (or other) advice and the source; lactation and children get the fish rule
    only, other adults nothing. The matched names are USDA's (typed words, real foods)."""
    from bplanner.usual.diary import read_diary
    from bplanner.usual.intake import assess

    path = tmp_path / "day.csv"
    path.write_text(DIARY, encoding="utf-8")
    diary = read_diary(path, FOODS)
    names = {e.line: e.name for e in diary.entries}
    assert names[3] == "Frankfurter, beef, unheated" and names[4].endswith("queso fresco")
    assert "swordfish" in names[5] and names[6].startswith("Bologna")
    profile = PROFILES.get(who, Profile(age=30, sex="female"))
    warnings = {w.id: w for w in assess(diary, profile).warnings}
    rules = safety.load_rules()
    for rule_id, lines in DIARY_RULES[who].items():
        w = warnings[rule_id]
        named = {int(n) for n in re.findall(r"\(line (\d+)\)", w.message)}
        assert named == lines, (rule_id, w.message)
        assert w.advice == rules[rule_id].advice and w.source == rules[rule_id].source
    others = set(safety.RULE_IDS) - set(DIARY_RULES[who])
    assert not [i for i in others if i in warnings and "usual day holds" in
                warnings[i].message]
    if who == "pregnant":
        assert "165 °F" in warnings["pregnancy_listeria"].advice
        assert "CDC" in warnings["pregnancy_listeria"].source


def test_a_plan_added_to_a_pregnant_diary_adds_no_named_food_and_names_the_diarys(tmp_path):
    """`suggest --usual`: what the plan adds never holds a food the rules name (the pool is
    restricted), and the rules' warnings name the diary's own such foods."""
    path = tmp_path / "day.csv"
    path.write_text(DIARY, encoding="utf-8")
    data = _json("-v", "B12,B9", "--usual", str(path), "--pregnant", "--sex", "f")
    added = _planned_names(data)
    assert added and not [n for n in added if MERCURY_WORDS.search(n)
                          or PREGNANCY_WORDS.search(n)]
    by_id = {w["id"]: w for w in data["warnings"]}
    assert "Frankfurter, beef, unheated (line 3)" in by_id["pregnancy_listeria"]["message"]
    assert "(line 5)" in by_id["mercury_fish"]["message"]


# ------------------------------------------------------------------ choking, under 4

@pytest.mark.parametrize("name, hazard", [
    ("Nuts, almonds", True),
    ("Peanuts, all types, dry-roasted, with salt", True),
    ("Seeds, sunflower seed kernels, dry roasted, without salt", True),
    ("Grapes, red or green (European type, such as Thompson seedless), raw", True),
    ("Frankfurter, beef, heated", True),
    ("Frankfurter, meatless", True),
    ("Sausage, Italian, pork, cooked", True),
    ("Carrots, raw", True),
    ("Lettuce, cos or romaine, raw", True),
    # the same foods in a form a young child can eat, and look-alike names
    ("Peanut butter, smooth style, with salt", False),
    ("Seeds, sunflower seed butter, without salt", False),
    ("Rolls, hamburger or hotdog, plain", False),
    ("Carrots, cooked, boiled, drained, without salt", False),
    ("Grape juice, canned or bottled, unsweetened, without added ascorbic acid", False),
    ("Bananas, raw", False),
    ("Avocados, raw, all commercial varieties", False),
])
def test_choking_hazards_are_named_in_the_form_a_plan_gives(name, hazard):
    rows = FOODS[FOODS["name"] == name]
    assert len(rows) == 1, name
    assert bool(safety.choking_mask(rows).iloc[0]) is hazard


def test_the_choking_rule_is_for_children_under_four():
    for age, applies in ((1, True), (3, True), (4, False), (30, False)):
        ids = safety.applicable(Profile(age=age), RiskProfile(), "vegan")
        assert ("young_child_choking" in ids) is applies


@pytest.mark.parametrize("age", [1, 3])
@pytest.mark.parametrize("vitamins, diet, days", [
    # without the rule: raw romaine (B9), raw red pepper (B6 week), a sausage link (B1)
    (["B9"], "vegan", 1), (["B6"], "vegetarian", 7), (["B1"], "omnivore", 1),
    (["B1", "B6"], "vegan", 1),
])
def test_a_young_childs_plan_holds_no_choking_hazard(age, vitamins, diet, days):
    plan = suggest(vitamins, diet, profile=Profile(age=age), days=days)
    planned = FOODS[FOODS["ndb"].isin({i.ndb for i in plan.items})]
    assert len(planned) and not safety.choking_mask(planned).any(), list(planned["name"])
    assert "young_child_choking" in {w.id for w in plan.warnings}


# --------------------------------------------------- children under 2: milk and sugars

@pytest.mark.parametrize("name, out", [
    ("Milk, nonfat, fluid, with added vitamin A and vitamin D (fat free or skim)", True),
    ("Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D", True),
    ("Milk, chocolate, fluid, commercial, whole, with added vitamin A and vitamin D", True),
    ("Beverages, almond milk, sweetened, vanilla flavor, ready-to-drink", True),
    ("Yogurt, fruit, low fat, 10 grams protein per 8 ounce", True),
    ("Cereals ready-to-eat, GENERAL MILLS, HONEY NUT CHEERIOS", True),
    ("Cereals ready-to-eat, KELLOGG, KELLOGG'S RAISIN BRAN", True),  # WWEIA: higher sugar
    ("Milk, whole, 3.25% milkfat, with added vitamin D", False),
    ("Beverages, rice milk, unsweetened", False),
    ("Yogurt, plain, low fat, 12 grams protein per 8 ounce", False),
    ("Crustaceans, crab, blue, crab cakes, home recipe", False),
    ("Chicken pot pie, frozen entree, prepared", False),
])
def test_a_toddler_gets_whole_milk_and_no_added_sugars(name, out):
    rows = FOODS[FOODS["name"] == name]
    assert len(rows) == 1, name
    assert bool(safety.toddler_milk_sugar_mask(rows).iloc[0]) is out


@pytest.mark.parametrize("vitamins, diet, days", [
    (["B12"], "vegetarian", 7), (["B1", "B6", "B9", "B12"], "omnivore", 7),
    (["B6"], "lacto_vegetarian", 7),
    # a vegan's only B12 left is an unsweetened fortified rice milk: a day, not a week
    # (the week has no plan, with the vegan warning to discuss B12 with a physician)
    (["B12"], "vegan", 1),
])
def test_a_plan_for_a_one_year_old_keeps_to_the_toddler_pattern(vitamins, diet, days):
    plan = suggest(vitamins, diet, profile=Profile(age=1), days=days)
    planned = FOODS[FOODS["ndb"].isin({i.ndb for i in plan.items})]
    assert len(planned) and not safety.toddler_milk_sugar_mask(planned).any(), \
        list(planned["name"])
    assert "toddler_milk_sugar" in {w.id for w in plan.warnings}
    assert "toddler_milk_sugar" not in safety.applicable(Profile(age=2), RiskProfile(), diet)
