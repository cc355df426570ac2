"""The time limit of a plan (``--time-limit``, ``Options.time_limit``, ``mip.Clock``).

Within the limit nothing changes: every level is proven and the plan says so. When the
limit cuts a search, the plan is the best found and claims only what was proven: the
levels before the first one not proven are at their optimum, and that level's bound is
below its optimum. Without any plan in time: one line, exit 1. No test here is timed:
a cut is forced by a clock already past its deadline, and the command-line test accepts
either outcome of a tiny limit, checking that each says what it must.
"""

from __future__ import annotations

import json
import math
import subprocess

import pytest
from click.testing import CliRunner
from conftest import PYTHON, subprocess_env
from test_reduction import levels, shipped_day_model

from bplanner.cli import cli
from bplanner.planning import daymodel, mip
from bplanner.planning.planner import DEFAULT_TIME_LIMIT, LEVEL_NAMES, Options


def test_a_cut_solve_claims_only_what_it_proves(monkeypatch):
    """Four vitamins for a man of 70 on the shipped table, solved with a clock past its
    deadline from the start (each solve takes the first plan it finds): the plan is
    feasible, the levels it calls proven equal the exact optimum's, and the bound of
    the first level not proven is at most the optimum's value there."""
    p = shipped_day_model(monkeypatch, ["B1", "B6", "B9", "B12"], "omnivore", age=70,
                          sex="male")
    monkeypatch.undo()
    exact = levels(p, daymodel.solve(p))
    assert p.proven is None  # no clock: every level proven
    with mip.time_limit(60) as clock:
        clock.deadline, clock.hard = -math.inf, math.inf
        x = daymodel.solve(p)
    assert clock.reached and p.feasible(x)
    got = levels(p, x)
    k = len(got) if p.proven is None else p.proven
    assert got[:k] == pytest.approx(exact[:k], abs=1e-6)
    if k < len(got):
        assert got[k] >= exact[k] - 1e-6
        assert p.bound is None or p.bound <= exact[k] + 1e-6


def test_a_plan_within_the_limit_says_it_is_proven():
    result = CliRunner().invoke(cli, ["suggest", "-v", "B12", "-d", "vegetarian",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["proof"] == {"proven": True, "levels_proven": list(LEVEL_NAMES["portions"]),
                             "level": None, "gap": None, "time_limit": DEFAULT_TIME_LIMIT,
                             "time_limit_reached": False}
    assert any(n.startswith("Proven best: weighted portions, then energy")
               for n in plan["notes"])


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_tiny_limit_on_a_large_week_gives_a_plan_or_one_line(fmt):
    """--all-foods, four vitamins, a week, 0.3 s: a plan that says what is proven (the
    note the text shows is the JSON's proof in words), or exit 1 with one line saying
    the limit was reached and to raise it."""
    run = subprocess.run(
        [PYTHON, "-m", "bplanner", "suggest", "-v", "B1,B6,B9,B12", "--all-foods",
         "--days", "7", "--time-limit", "0.3", "--format", fmt],
        capture_output=True, text=True, env=subprocess_env(), timeout=300)
    if run.returncode == 1:
        assert run.stdout == ""
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
        assert "time limit of 0.3 s was reached" in run.stderr
        assert "Raise --time-limit" in run.stderr
        return
    assert run.returncode == 0, run.stderr
    if fmt == "table":
        said = run.stdout.replace("\n  ", " ")
        assert ("- Proven best: weighted portions, then energy" in said) != (
            "- Not proven best in " in said)
        return
    plan = json.loads(run.stdout)
    proof = plan["proof"]
    assert proof["time_limit"] == 0.3
    note = [n for n in plan["notes"] if "roven best" in n]
    assert len(note) == 1
    if proof["proven"]:
        assert note[0].startswith("Proven best: weighted portions, then energy")
        return
    names = LEVEL_NAMES["portions"]
    assert proof["level"] == names[len(proof["levels_proven"])]
    assert list(names[:len(proof["levels_proven"])]) == proof["levels_proven"]
    assert note[0].startswith(f"Not proven best in {proof['level']} (")
    if proof["gap"] is not None:
        assert 0 <= proof["gap"] <= 1
        assert f"gap {proof['gap']:.1%}" in note[0]
    if proof["time_limit_reached"]:
        assert "the time limit of 0.3 s was reached" in note[0]
    level = names.index(proof["level"])
    assert plan["model"]["week_exact_levels"] == level


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon", "1e400"])
def test_a_bad_time_limit_is_one_line_exit_2(value):
    result = CliRunner().invoke(cli, ["suggest", "-v", "B12", "--time-limit", value])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and ("--time-limit" in lines[0] or "time limit" in lines[0])
    assert "Traceback" not in result.output


def test_the_library_checks_the_time_limit():
    assert Options(time_limit=None).time_limit is None
    assert Options().time_limit is None  # the library is exact; a person waiting gets a limit
    for bad, kind in ((0, ValueError), (-2.5, ValueError), (math.nan, ValueError),
                      ("10", TypeError), (True, TypeError)):
        with pytest.raises(kind, match="time.limit"):
            Options(time_limit=bad)


def test_the_command_line_and_the_web_page_wait_at_most_the_default():
    from bplanner import cli as cli_module

    option = next(p for p in cli.commands["suggest"].params if p.name == "time_limit")
    assert option.default == DEFAULT_TIME_LIMIT == cli_module.DEFAULT_TIME_LIMIT


def test_the_week_listing_leaves_the_rest_of_the_limit_to_the_day_by_day_week():
    """A listing cut by the limit proves nothing; it gives up at its share of the limit
    so the day-by-day week and the joint model have the rest to make a good week."""
    from bplanner.planning.week import LISTING_SHARE

    assert 0 < LISTING_SHARE < 1
    clock = mip.Clock(1000.0)
    assert not clock.past_share(LISTING_SHARE)
    clock.deadline -= 1000.0 * LISTING_SHARE + 1  # as if the share were spent, not the limit
    assert clock.past_share(LISTING_SHARE)
    assert not clock.past() and not clock.reached
    assert not mip.Clock(None).past_share(LISTING_SHARE)  # no limit: never gives up


def test_a_week_whose_search_gives_way_to_the_limit_says_the_limit_was_reached(monkeypatch):
    """The column generation gives up at its share of the limit and leaves the rest to
    the day-by-day week: a week left unproven so says that the time limit was reached,
    in JSON and in words (it said "not reached" and "too many candidate foods" for a
    girl of 15's four-vitamin week, which the search proves in 14 s without a limit)."""
    from bplanner.planning.planner import proof_note, suggest
    from bplanner.targets import Profile

    monkeypatch.setattr(mip.Clock, "past_share", lambda self, share: self.seconds is not None)
    plan = suggest(["B1", "B6", "B9", "B12"], "omnivore", Profile(age=15, sex="female"),
                   days=7, time_limit=1000)
    assert not plan.proof["proven"]
    assert plan.proof["time_limit_reached"]
    assert "time limit of 1000 s was reached" in proof_note(plan.proof, plan.options)
