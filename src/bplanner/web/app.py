"""The local web page of ``bplanner serve``: a form, the plan, swaps and the shopping list.

A thin layer over the library, like ``cli.py``: the form's fields go through the
same parsers (``parse_vitamins``, ``parse_diet``, ``parse_allergen``, ``parse_sex``,
``Profile``, ``RiskProfile``), the plan comes from ``planner.suggest``, a diary from
``read_diary`` and the workbook from ``export.build_workbook``. Their errors are shown
as plain lines on the page. A swap re-solves the plan with the food left out
(``Options.exclude_foods``) and the other fixed (``Options.fix``).

Safe as a local server: every value reaches the page through Jinja2's autoescaping,
a request body over ``MAX_REQUEST_BYTES`` and a diary over ``MAX_DIARY_BYTES`` are
refused, the Host header must name the loopback address when the server listens
there (no DNS rebinding), scripts and styles come only from the package, and the
only file written is an uploaded diary, in a temporary folder removed at once.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import re
import secrets
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import FormData, UploadFile

HERE = Path(__file__).parent
MAX_DIARY_BYTES = 1_000_000  # an uploaded diary (a usual day is a few dozen lines)
MAX_REQUEST_BYTES = 3 * MAX_DIARY_BYTES  # a form: the diary, and the one kept from before
KEPT_PLANS = 32  # plans kept for their shopping list, latest first
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass
class Form:
    """The page's fields as typed (shown back on the page) and as the library reads them."""

    age: str = "30"
    sex: str = ""
    pregnant: bool = False
    lactating: bool = False
    diet: str = "omnivore"
    allergens: list[str] = field(default_factory=list)
    vitamins: list[str] = field(default_factory=lambda: ["B1", "B6", "B9", "B12"])
    conditions: str = ""
    medications: str = ""
    days: str = "1"
    exclude_foods: list[str] = field(default_factory=list)
    fix: list[str] = field(default_factory=list)  # "ndb@meal"
    diary_name: str = ""
    diary_b64: str = ""  # the diary read before, kept in the page across swaps


class TooLarge(Exception):
    pass


def _names(text: str) -> tuple[str, ...]:
    """Conditions or medicines typed in one field: a comma or a new line between names."""
    return tuple(n.strip() for n in re.split(r"[,\n]", text) if n.strip())


def read_form(data: FormData) -> tuple[Form, object]:
    """The Form from a request's fields, and the uploaded diary (an UploadFile) if any."""
    form = Form(
        age=str(data.get("age", "30")).strip(),
        sex=str(data.get("sex", "")).strip(),
        pregnant=data.get("pregnant") is not None,
        lactating=data.get("lactating") is not None,
        diet=str(data.get("diet", "omnivore")),
        allergens=[str(v) for v in data.getlist("allergen")],
        vitamins=[str(v) for v in data.getlist("vitamin")],
        conditions=str(data.get("conditions", "")),
        medications=str(data.get("medications", "")),
        days=str(data.get("days", "1")),
        exclude_foods=[str(v) for v in data.getlist("exclude_food") if str(v).strip()],
        fix=[str(v) for v in data.getlist("fix") if str(v).strip()],
        diary_name=str(data.get("diary_name", "")),
        diary_b64=str(data.get("diary_b64", "")),
    )
    upload = data.get("diary")
    if not isinstance(upload, UploadFile) or not upload.filename:
        upload = None
    _act(form, data)
    return form, upload


def _act(form: Form, data: FormData) -> None:
    """Apply the button pressed: a swap, leave a food out, take one back, unfix, drop the diary."""
    if "swap" in data:  # "out>in@meal": leave out the planned food, fix the other at its meal
        out, _, fixed = str(data["swap"]).partition(">")
        if out and out not in form.exclude_foods:
            form.exclude_foods.append(out)
        gone = (out, fixed.partition("@")[0])
        form.fix = [f for f in form.fix if f.partition("@")[0] not in gone]
        if fixed:
            form.fix.append(fixed)
    if "leave_out" in data:
        ndb = str(data["leave_out"])
        form.fix = [f for f in form.fix if f.partition("@")[0] != ndb]
        if ndb not in form.exclude_foods:
            form.exclude_foods.append(ndb)
    if "take_back" in data:
        form.exclude_foods = [n for n in form.exclude_foods if n != str(data["take_back"])]
    if "unfix" in data:
        form.fix = [f for f in form.fix if f.partition("@")[0] != str(data["unfix"])]
    if "drop_diary" in data:
        form.diary_name = form.diary_b64 = ""


@dataclass
class Asked:
    """What the library is asked: the result of reading a Form, or the errors found."""

    profile: object = None
    risk: object = None
    options: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, message)


def parse(form: Form) -> Asked:
    """Read the fields with the CLI's parsers; every problem is one line naming its field."""
    from bplanner.advice.risks import RiskProfile, risk_profile_problem
    from bplanner.allergens import parse_allergen
    from bplanner.diets import parse_diet
    from bplanner.planning.planner import MEALS, Options
    from bplanner.targets import Profile, parse_sex
    from bplanner.vitamins import parse_vitamins

    asked = Asked()
    errors = asked.errors

    def attempt(name, fn, *args):
        try:
            return fn(*args)
        except ValueError as exc:
            errors.append((name, str(exc)))
            return None

    age = None
    try:
        age = float(form.age)
        if not math.isfinite(age):
            errors.append(("age", f'"{form.age}" is not a finite number'))
            age = None
    except ValueError:
        errors.append(("age", f'"{form.age}" is not a number' if form.age else
                       "give an age in years"))
    sex = attempt("sex", parse_sex, form.sex) if form.sex else None
    diet = attempt("diet", parse_diet, form.diet)
    allergens = [a for a in (attempt("allergen", parse_allergen, x) for x in form.allergens) if a]
    vitamins = None
    if not form.vitamins:
        errors.append(("vitamin", "choose at least one vitamin"))
    else:
        vitamins = attempt("vitamin", parse_vitamins, form.vitamins)
    if form.days not in ("1", "7"):
        errors.append(("days", f'"{form.days}" is not a choice; accepted: 1 or 7 days'))
    fix = []
    for text in form.fix:
        ndb, _, meal = text.partition("@")
        if not ndb or meal not in MEALS:
            errors.append(("fix", f'"{text}" names no food and meal'))
        else:
            fix.append((ndb, meal))
    if age is not None and (form.sex == "" or sex is not None):
        try:
            asked.profile = Profile(age=age, sex=sex, pregnant=form.pregnant,
                                    lactating=form.lactating)
        except ValueError as exc:
            errors.append(("age", f"impossible profile: {exc}"))
    try:
        asked.risk = RiskProfile(conditions=_names(form.conditions),
                                 medications=_names(form.medications))
    except ValueError as exc:
        errors.append(("conditions", str(exc)))
    if asked.profile is not None and asked.risk is not None:
        problem = risk_profile_problem(asked.profile, asked.risk)
        if problem:
            errors.append(("conditions", f"impossible profile: {problem}"))
    if errors:
        return asked
    asked.options = dict(vitamins=tuple(vitamins), diet=diet, exclude_allergens=tuple(allergens),
                         days=int(form.days), exclude_foods=tuple(form.exclude_foods),
                         fix=tuple(fix))
    try:
        Options(**asked.options)
    except (TypeError, ValueError) as exc:
        errors.append(("fix", str(exc)))
    return asked


def diary_bytes(form: Form, upload_data: bytes | None, upload_name: str | None):
    """The diary to plan with: a new upload, else the one kept in the page; None for none."""
    if upload_data is not None:
        form.diary_name = Path(upload_name or "diary.csv").name[:120] or "diary.csv"
        form.diary_b64 = base64.b64encode(upload_data).decode("ascii")
        return upload_data
    if not form.diary_b64:
        return None
    try:
        data = base64.b64decode(form.diary_b64, validate=True)
    except (binascii.Error, ValueError):
        form.diary_b64 = form.diary_name = ""
        raise TooLarge("the diary kept in the page was damaged; upload it again") from None
    if len(data) > MAX_DIARY_BYTES:
        form.diary_b64 = form.diary_name = ""
        raise TooLarge(_too_large())
    return data


def _too_large() -> str:
    return (f"the diary is larger than {MAX_DIARY_BYTES // 1000:,} KB, the most this page "
            "takes; a usual day is a few dozen lines")


def read_uploaded_diary(data: bytes, name: str, table, foods_path):
    """A diary read with ``read_diary`` from a temporary folder, removed at once.

    Its errors name the uploaded file and each bad line's number, as ``intake`` does.
    """
    from bplanner.table.measures import MeasuresError, beside
    from bplanner.usual.diary import DiaryError, read_diary

    measures = beside(foods_path) if foods_path and beside(foods_path).is_file() else None
    with tempfile.TemporaryDirectory(prefix="bplanner-web-") as folder:
        path = Path(folder) / "diary.csv"
        path.write_bytes(data)
        try:
            return read_diary(path, table, measures)
        except DiaryError as exc:
            exc.path = name
            raise ValueError(exc.render()) from None
        except MeasuresError as exc:
            raise ValueError(str(exc)) from None


class Plans:
    """The latest plans, by a random token, for their shopping list (in memory only)."""

    def __init__(self, size: int = KEPT_PLANS):
        self._plans: OrderedDict[str, object] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def keep(self, plan) -> str:
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._plans[token] = plan
            while len(self._plans) > self._size:
                self._plans.popitem(last=False)
        return token

    def get(self, token: str):
        with self._lock:
            return self._plans.get(token)


class _LimitBody:
    """Refuse a request body over ``limit`` bytes (by its length, or as it arrives): 413."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limit:
            return await _refuse(send)
        seen = 0
        started = False

        async def limited():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge
            return message

        async def sending(message):
            nonlocal started
            started = True
            await send(message)

        try:
            await self.app(scope, limited, sending)
        except TooLarge:
            if not started:
                await _refuse(send)


async def _refuse(send):
    body = (f"<!doctype html><title>Too large</title><p>Refused: this page takes a diary "
            f"of at most {MAX_DIARY_BYTES // 1000:,} KB (a request of at most "
            f"{MAX_REQUEST_BYTES // 1000:,} KB).</p>").encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["amount"] = lambda v: f"{v:.2f}" if v < 10 else f"{v:.1f}"
    return env


def create_app(foods_path: str | None = None, host: str = "127.0.0.1") -> FastAPI:
    """The page's application over a food table (the shipped one, or ``foods_path``)."""
    from bplanner.advice.risks import accepted_names
    from bplanner.allergens import ALLERGEN_LABELS
    from bplanner.diets import DIET_LABELS
    from bplanner.foods import load_foods
    from bplanner.output.export import FOOD_SOURCE
    from bplanner.planning.planner import MEALS
    from bplanner.vitamins import ORDER, VITAMINS

    table = load_foods(foods_path)  # once: FoodTableError/OSError reach `serve`
    food_source = f"your food table {foods_path}" if foods_path else FOOD_SOURCE
    env = environment()
    plans = Plans()
    choices = {
        "diets": DIET_LABELS,
        "allergens": ALLERGEN_LABELS,
        "vitamins": [(VITAMINS[k].label, VITAMINS[k].name) for k in ORDER],
        "conditions": sorted(accepted_names("condition")),
        "medications": sorted(accepted_names("medication")),
        "meals": MEALS,
        "max_diary_kb": MAX_DIARY_BYTES // 1000,
        "labels": {k: VITAMINS[k].label for k in ORDER},
    }

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if host in LOOPBACK:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost",
                                                                 "::1"])
    app.add_middleware(_LimitBody, limit=MAX_REQUEST_BYTES)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    names = dict(zip(table["ndb"], table["name"]))

    def names_of(form: Form) -> dict[str, str]:
        """The names of the foods left out or fixed, for the page."""
        asked = form.exclude_foods + [f.partition("@")[0] for f in form.fix]
        return {ndb: names[ndb] for ndb in asked if ndb in names}

    def page(request: Request, context: dict, status: int = 200) -> HTMLResponse:
        partial = request.headers.get("HX-Request") == "true"
        html = env.get_template("form.html" if partial else "page.html").render(
            **choices, **context)
        return HTMLResponse(html, status_code=status)

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request):
        return page(request, {"form": Form()})

    @app.post("/plan", response_class=HTMLResponse)
    async def plan_page(request: Request):
        from bplanner.planning.planner import DEFAULT_TIME_LIMIT, NoPlanError, suggest

        data = await request.form(max_files=1, max_fields=200,
                                  max_part_size=MAX_REQUEST_BYTES)
        form, upload = read_form(data)
        context: dict = {"form": form, "food_names": names_of(form)}
        upload_data = None
        if upload is not None:
            upload_data = await upload.read(MAX_DIARY_BYTES + 1)
            if len(upload_data) > MAX_DIARY_BYTES:
                context["errors"] = [("diary", _too_large())]
                return page(request, context, 413)
        asked = parse(form)
        if asked.errors:
            context["errors"] = asked.errors
            return page(request, context, 400)
        usual = None
        try:
            raw = diary_bytes(form, upload_data, upload.filename if upload else None)
            if raw is not None:
                usual = read_uploaded_diary(raw, form.diary_name, table, foods_path)
        except TooLarge as exc:
            context["errors"] = [("diary", str(exc))]
            return page(request, context, 413)
        except ValueError as exc:
            form.diary_b64 = form.diary_name = ""  # a bad diary is not kept
            context["errors"] = [("diary", str(exc))]
            return page(request, context, 400)
        try:
            # a person waits for the page: the command line's time limit
            plan = suggest(profile=asked.profile, foods=table, risk=asked.risk, usual=usual,
                           **{"time_limit": DEFAULT_TIME_LIMIT, **asked.options})
        except NoPlanError as err:
            context["no_plan"] = err
            return page(request, context)
        except ValueError as exc:  # a fixed food that does not fit (a page from before)
            context["errors"] = [("fix", str(exc))]
            return page(request, context, 400)
        context["plan"] = plan
        context["token"] = plans.keep(plan)
        context["swaps"] = _swaps(plan)
        return page(request, context)

    @app.get("/excel/{token}")
    async def excel(token: str):
        from bplanner.output.export import build_workbook

        plan = plans.get(token)
        if plan is None:
            return HTMLResponse("<!doctype html><title>Plan no longer kept</title><p>This "
                                f"plan is no longer kept (the page keeps the last {KEPT_PLANS} "
                                "plans while it runs): <a href=\"/\">plan again</a>.</p>",
                                status_code=404)
        buffer = io.BytesIO()
        build_workbook(plan, food_source=food_source).save(buffer)
        return Response(buffer.getvalue(), media_type=XLSX, headers={
            "Content-Disposition": 'attachment; filename="bplanner-shopping-list.xlsx"'})

    return app


def _swaps(plan) -> dict[str, list[dict]]:
    """The alternatives for each planned food (the library's, by the food they replace)."""
    out: dict[str, list[dict]] = {}
    for vitamin, alts in plan.alternatives.items():
        for alt in alts:
            mine = out.setdefault(alt["instead_of"], [])
            if all(a["ndb"] != alt["ndb"] for a in mine):
                mine.append({**alt, "vitamin": vitamin})
    return out
