"""The web page of `bplanner serve`, through FastAPI's test client: every field, every
error a person can meet, the swaps, the diary, the workbook, and the server's safety.

Expectations are what a person reads on the page (labels, plain error lines, food
names from the data), not the library's internals.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess

import pytest
from conftest import REPO
from fastapi.testclient import TestClient

from bplanner.web.app import MAX_DIARY_BYTES, MAX_REQUEST_BYTES, create_app

DIARY = REPO / "examples" / "usual_day.csv"
README_CASE = {"vitamin": "B12", "diet": "vegetarian", "age": "30", "days": "1"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), base_url="http://127.0.0.1") as c:
        yield c


def plan(client, data=None, files=None, **fields):
    body = {**README_CASE, **(data or {}), **fields}
    return client.post("/plan", data=body, files=files)


def text_of(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.text)))


def errors_of(response) -> list[str]:
    block = re.search(r'<div class="errors".*?</div>', response.text, re.S)
    assert block, "no error block on the page"
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", li))).strip()
            for li in re.findall(r"<li>(.*?)</li>", block.group(0), re.S)]


def planned(response) -> list[tuple[str, str]]:
    """(USDA number, name) of each food on the plan, in page order."""
    return [(ndb, html.unescape(name).strip()) for name, ndb in re.findall(
        r'<span class="amount">[^<]*</span>\s*([^<]+?)\s*(?:<span class="tag">[^<]*</span>\s*)*'
        r'<br><small>[^<]*USDA (\d+)</small>', response.text)]


def hidden(response, name) -> list[str]:
    return [html.unescape(v) for v in re.findall(
        rf'<input type="hidden" name="{name}" value="([^"]*)">', response.text)]


# ------------------------------------------------------------------ the empty page


def test_the_page_has_a_label_for_every_field(client):
    page = client.get("/")
    assert page.status_code == 200
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', page.text)
    assert {"age", "sex", "pregnant", "lactating", "diet", "conditions", "medications",
            "diary", "days-1", "days-7", "vitamin-B12", "allergen-milk"} <= set(ids)
    for i in ids:
        assert f'<label for="{i}">' in page.text, i
    assert "at most 1,000 KB" in text_of(page)  # the upload limit is stated
    # the script is served from the package, no other origin is named
    assert '<script src="/static/htmx.min.js"' in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    js = client.get("/static/htmx.min.js")
    assert js.status_code == 200 and "htmx" in js.text[:200] and "Zero-Clause BSD" in js.text[:200]
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_focus_order_follows_the_form(client):
    """Fields, then the Plan button, then the plan; Enter in a field presses Plan."""
    page = plan(client)
    order = [m.group(1) or m.group(2) for m in re.finditer(
        r'id="(age|sex|diet|vitamin-B1|allergen-milk|conditions|days-1|diary|plan-button)"'
        r'|<(h2) id="plan-heading"', page.text)]
    assert order == ["age", "sex", "diet", "vitamin-B1", "allergen-milk", "conditions", "days-1",
                     "diary", "plan-button", "h2"]
    first_submit = re.search(r'<button type="submit"[^>]*>', page.text).group(0)
    assert 'id="plan-button"' in first_submit
    assert 'id="plan-heading" tabindex="-1" autofocus' in page.text


# ------------------------------------------------------------------ a plan


def test_the_readme_case_gives_the_cli_plan(client):
    from bplanner.planning.planner import suggest

    page = plan(client)
    assert page.status_code == 200
    cli_plan = suggest(["B12"], "vegetarian")
    assert planned(page) == [(i.ndb, i.name) for i in cli_plan.items]
    words = text_of(page)
    assert "Breakfast" in words and "1 cup (245 g)" in words
    assert re.search(r"B12 \d\.\d\d \d\.\d\d 2\.4 µg 10\d%", words)  # totals vs target
    assert "Download the shopping list (Excel)" in words
    assert "Swap for another food" in words


def test_htmx_gets_the_form_alone(client):
    page = client.post("/plan", data=README_CASE, headers={"HX-Request": "true"})
    assert page.text.lstrip().startswith('<form id="plan-form"')
    assert "<html" not in page.text


def test_profile_fields_change_the_targets(client):
    words = text_of(plan(client, vitamin="B9", age="28", sex="female", pregnant="on"))
    assert "B9 600 µg DFE" in words
    words = text_of(plan(client, vitamin="B12", age="28", sex="female", lactating="on"))
    assert "B12 2.8 µg" in words
    words = text_of(plan(client, vitamin="B12", sex="male", age="70"))
    assert "male, age 70" in words


def test_diet_and_allergens_shape_the_plan(client):
    vegan = plan(client, diet="vegan")
    assert vegan.status_code == 200
    names = [n.lower() for _, n in planned(vegan)]
    assert names and not any(n.startswith(("milk,", "cheese", "egg")) for n in names)
    no_milk = planned(plan(client, allergen="milk"))
    assert no_milk and not any(n.lower().startswith("milk") for _, n in no_milk)


def test_vitamins_and_days(client):
    page = plan(client, data={"vitamin": ["B1", "B12"]})
    assert "Targets a day: B1 1.2 mg (RDA); B12 2.4 µg (RDA)" in text_of(page)
    week = text_of(plan(client, days="7"))
    assert all(f"Day {d}" in week for d in range(1, 8))


def test_conditions_and_medicines_warn_most_severe_first(client):
    near = plan(client, conditions="pernicious anaemia", medications="metfromin, omeprazole")
    assert "did you mean metformin?" in text_of(near)  # the CLI's near miss: no plan, asked
    page = plan(client, conditions="pernicious anaemia", medications="metformin, omeprazole")
    severities = re.findall(r'<span class="badge">(\w+)</span>', page.text)
    order = {"high": 0, "medium": 1, "low": 2}
    assert severities and severities == sorted(severities, key=order.get)
    assert severities[0] == "high"


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("fields, expected", [
    ({"age": "abc"}, 'Age: "abc" is not a number'),
    ({"age": ""}, "Age: give an age in years"),
    ({"age": "nan"}, 'Age: "nan" is not a finite number'),
    ({"age": "200"}, "Age: impossible profile: age must be between 0 and 120 years, got 200"),
    ({"sex": "x"}, "Sex: unknown sex 'x'; accepted: female (f, woman), male (m, man)"),
    ({"sex": "male", "pregnant": "on"}, "Age: impossible profile: pregnant applies to "
                                        "females only"),
    ({"diet": "carnivore"}, "Diet: unknown diet 'carnivore'; accepted: omnivore,"),
    ({"allergen": "nuts?"}, "Allergens: unknown allergen 'nuts?'; accepted: milk,"),
    ({"vitamin": "B7"}, "Vitamins: biotin (B7) cannot be planned"),
    ({"days": "3"}, 'Days: "3" is not a choice; accepted: 1 or 7 days'),
    ({"fix": "08013@brunch"}, 'Swap: "08013@brunch" names no food and meal'),
    ({"fix": "08013@dinner"}, "Swap: Cereals ready-to-eat, GENERAL MILLS, CHEERIOS is not "
                              "eaten at dinner"),
])
def test_each_bad_field_is_one_plain_line(client, fields, expected):
    page = plan(client, **fields)
    assert page.status_code == 400
    (line,) = errors_of(page)
    assert line.startswith(expected), line
    assert 'role="alert"' in page.text


def test_no_vitamin_chosen(client):
    page = client.post("/plan", data={"age": "30", "diet": "omnivore", "days": "1"})
    assert errors_of(page) == ["Vitamins: choose at least one vitamin"]
    assert '<fieldset aria-invalid="true"' in page.text


def test_no_plan_says_why_and_what_would_help(client):
    page = plan(client, age="0.5")
    assert page.status_code == 200
    words = text_of(page)
    assert "No plan" in words and "bplanner makes no food plan for infants" in words
    assert "What would help" in words and "Ask a pediatrician" in words


def test_the_values_typed_are_kept_after_an_error(client):
    page = plan(client, age="abc", conditions="celiac disease", diet="vegan", allergen="soy")
    assert 'id="age" name="age" type="text" inputmode="decimal" autocomplete="off" value="abc"' \
        in page.text
    assert 'value="celiac disease"' in page.text
    assert '<option value="vegan" selected>' in page.text
    assert 'value="soy" checked' in page.text


# ------------------------------------------------------------------ swaps


def test_a_swap_replaces_the_food_and_re_solves(client):
    first = plan(client)
    button = re.search(r'name="swap" value="([^"]+)"', first.text).group(1)
    out, _, fixed = html.unescape(button).partition(">")
    swapped = plan(client, swap=html.unescape(button))
    assert swapped.status_code == 200
    ndbs = [n for n, _ in planned(swapped)]
    assert out not in ndbs and fixed.split("@")[0] in ndbs
    assert "fixed by you" in text_of(swapped)
    assert hidden(swapped, "exclude_food") == [out]
    assert hidden(swapped, "fix") == [fixed]
    # unfix, then take the food back: the first plan again
    state = {"exclude_food": [out], "fix": [fixed]}
    unfixed = plan(client, data=state, unfix=fixed.split("@")[0])
    assert hidden(unfixed, "fix") == [] and fixed.split("@")[0] not in hidden(unfixed, "fix")
    back = plan(client, data={"exclude_food": [out]}, take_back=out)
    assert planned(back) == planned(first)


def test_leave_out_a_food(client):
    first = plan(client)
    ndb, name = planned(first)[0]
    page = plan(client, leave_out=ndb)
    assert ndb not in [n for n, _ in planned(page)]
    assert f"Left out: {name} ({ndb})" in text_of(page)


# ------------------------------------------------------------------ the diary


def upload(content: bytes, name="usual_day.csv"):
    return {"diary": (name, content, "text/csv")}


def test_a_diary_adds_only_what_is_missing(client):
    page = plan(client, vitamin=["B1", "B6", "B9", "B12"], files=upload(DIARY.read_bytes()))
    assert page.status_code == 200
    words = text_of(page)
    assert "your usual day, line 2" in words and "Bananas, raw" in words
    assert "The plan adds only what your usual day lacks" in words
    assert "Your usual day: usual_day.csv" in words
    # the diary is kept in the page for the next plan, and can be dropped
    kept = hidden(page, "diary_b64")[0]
    again = plan(client, data={"diary_b64": kept, "diary_name": "usual_day.csv"})
    assert "your usual day, line 5" in text_of(again)
    dropped = plan(client, data={"diary_b64": kept, "diary_name": "usual_day.csv"},
                   drop_diary="1")
    assert "your usual day" not in text_of(dropped)


def test_a_bad_diary_line_shows_its_number(client):
    bad = DIARY.read_bytes() + b"moon rocks,1 cup,lunch\n01077,2 buckets,dinner\n"
    page = plan(client, files=upload(bad, "my day.csv"))
    assert page.status_code == 400
    lines = errors_of(page)
    assert lines[0] == "Usual day: my day.csv: 2 lines could not be read:"
    assert lines[1].startswith("line 6:") and "moon rocks" in lines[1]
    assert lines[2].startswith("line 7:") and "buckets" in lines[2]
    assert hidden(page, "diary_b64") == [""]  # a bad diary is not kept


@pytest.mark.parametrize("content, expected", [
    (b"", "is empty"),
    (b"name,grams\nmilk,100\n", "food"),
    (b"food,amount\n", "has a header but no food lines"),
])
def test_an_unusable_diary_says_so(client, content, expected):
    page = plan(client, files=upload(content))
    (first, *_) = errors_of(page)
    assert first.startswith("Usual day: usual_day.csv: ") and expected in first


def test_a_diary_over_the_limit_is_refused(client):
    big = b"food,amount\n" + b"01077,1 cup\n" * (MAX_DIARY_BYTES // 12 + 1)
    assert MAX_DIARY_BYTES < len(big) < MAX_REQUEST_BYTES
    page = plan(client, files=upload(big))
    assert page.status_code == 413
    assert errors_of(page) == ["Usual day: the diary is larger than 1,000 KB, the most this "
                               "page takes; a usual day is a few dozen lines"]


def test_a_request_over_the_limit_is_refused_before_reading(client):
    page = client.post("/plan", content=b"x" * (MAX_REQUEST_BYTES + 1),
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert page.status_code == 413 and "at most 1,000 KB" in text_of(page)


# ------------------------------------------------------------------ the workbook


def test_the_shopping_list_downloads(client):
    import openpyxl

    from bplanner.output.export import SHEETS

    page = plan(client)
    link = re.search(r'href="(/excel/[^"]+)"', page.text).group(1)
    got = client.get(link)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "bplanner-shopping-list.xlsx" in got.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(got.content))
    assert book.sheetnames == list(SHEETS)
    cells = " ".join(str(c.value) for row in book[SHEETS[0]].iter_rows() for c in row)
    for _, name in planned(page):
        assert name.split(",")[0] in cells
    assert client.get("/excel/not-a-plan").status_code == 404


# ------------------------------------------------------------------ safety


def test_food_names_are_escaped(tmp_path):
    """A user's table may hold <, & and quotes in a name: the page shows them as text."""
    rows = list(csv.reader(FOODS.open(encoding="utf-8", newline="")))
    name_col = rows[0].index("name")
    suffix = ' <script>alert("x")</script> & "cream" \'n\' <b>'
    (row,) = [r for r in rows[1:] if r[0] == "01085"]  # planned milk: its kind stays
    evil = row[name_col] = row[name_col] + suffix
    table = tmp_path / "foods.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    shutil.copy(FOODS.parent / "measures.csv", tmp_path / "measures.csv")
    with TestClient(create_app(str(table)), base_url="http://127.0.0.1") as c:
        page = plan(c)
        left = plan(c, leave_out="01085")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<b>" not in page.text
    assert ("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;cream&#34; "
            "&#39;n&#39; &lt;b&gt;") in page.text
    assert ("01085", evil) in planned(page)
    assert f"Left out: {evil} (01085)" in text_of(left) and "<script>" not in left.text


FOODS = REPO / "data" / "foods.csv"


def test_other_host_names_are_refused(client):
    """A page of another site cannot reach the server by a name that points at it."""
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_nothing_is_written_outside_a_temporary_folder(client, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    before = _status()
    assert plan(client, files=upload(DIARY.read_bytes())).status_code == 200
    assert list(tmp_path.iterdir()) == []  # the diary's folder is gone
    assert _status() == before


def _status() -> str:
    """The repository's changed and untracked files, as git lists them."""
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO,
                          capture_output=True, text=True, check=True).stdout


# ------------------------------------------------------------------ bplanner serve


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch):
    import importlib.util

    from click.testing import CliRunner

    from bplanner.cli import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "fastapi" else real(name, *a))
    result = CliRunner().invoke(cli, ["serve", "--no-browser"])
    assert result.exit_code == 1
    assert result.output == ("Error: bplanner serve needs the web extra (fastapi missing): "
                             "pip install 'bplanner[web]'\n")


@pytest.mark.parametrize("args, opens", [(["--no-browser"], False), ([], True)])
def test_serve_listens_on_loopback_and_opens_the_browser(monkeypatch, args, opens):
    from click.testing import CliRunner

    import bplanner.web.server as server
    from bplanner.cli import cli

    seen = {}

    def fake_serve(app, sock, url, open_browser):
        seen.update(address=sock.getsockname()[0], url=url, open_browser=open_browser)

    monkeypatch.setattr(server, "serve", fake_serve)
    result = CliRunner().invoke(cli, ["serve", "--port", "0", *args])
    assert result.exit_code == 0, result.output
    assert seen["address"] == "127.0.0.1" and seen["open_browser"] is opens
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", seen["url"])
    assert f"the page is at {seen['url']}" in result.output


def test_serve_on_a_port_in_use_is_one_line():
    import socket

    from click.testing import CliRunner

    from bplanner.cli import cli

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--no-browser", "--port", str(port)])
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: cannot listen on 127\.0\.0\.1:{port}: .+; choose another "
                        r"with --port\n", result.output)
