"""Benchmarks for bplanner: start-up of the CLI and the planner on large synthetic tables.

    python benchmarks/run.py            # everything; prints Markdown, writes results.md
    python benchmarks/run.py --sizes 10000,100000 --runs 9 --no-cli

(a) End to end: ``bplanner suggest --vitamins B12 --diet vegetarian`` (``python -m
    bplanner`` and the console script when it is installed beside ``sys.executable``)
    against ``python -c "import pandas"``: median of N alternating runs each, and the
    ratio (goal <= 1.5); a 7-day plan (``-v B1,B6,B9,B12 -d vegetarian --sex female
    --age 30 --days 7``) in the same runs (goal <= 2.5). Also the import cost of the
    optimizer options, ``import highspy`` and ``import scipy.optimize``, alone and
    after pandas is imported.
(b) The planner on synthetic food tables (benchmarks/synthetic.py, fixed seed) of
    10 thousand, 100 thousand and 1 million foods: four vitamins, omnivore, one day
    (goal at 1 million: <= 2 s and <= 1 GiB peak), and 7 days on 1 million foods
    (goal <= 10 s); wall time of ``suggest(..., foods=df)`` and peak memory, each run
    in its own process, stopped after 5 minutes.

Every child process uses the same interpreter as this script; when bplanner is not
installed there, ``src/`` of this checkout is put on PYTHONPATH. To measure what a user
gets, run it with the interpreter of the environment the README's first command makes
(``.venv/bin/python benchmarks/run.py``): the test extras install wcwidth, which tabulate
then imports on every table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOAL_RATIO = 1.5
GOAL_WEEK_RATIO = 2.5
GOAL_1M_SECONDS = 2.0
GOAL_1M_PEAK_MB = 1024.0
GOAL_1M_WEEK_SECONDS = 10.0
CHILD_TIMEOUT = 300  # seconds: a synthetic run taking longer is reported as "> 5 min"
CLI_ARGS = ["suggest", "--vitamins", "B12", "--diet", "vegetarian"]
CLI_WEEK_ARGS = ["suggest", "-v", "B1,B6,B9,B12", "-d", "vegetarian", "--sex", "female",
                 "--age", "30", "--days", "7"]
PANDAS = "python -c 'import pandas'"


def child_env(src: Path | None) -> dict[str, str]:
    """Environment for child processes: bplanner importable, and Python allowed to write
    bytecode (``__pycache__``), as an installed package has its modules compiled; the
    untimed warm-up run writes it. Nothing else changed."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is None:
        probe = subprocess.run(
            [sys.executable, "-c", "import bplanner"], capture_output=True, env=env
        )
        if probe.returncode == 0:
            return env
        src = ROOT / "src"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH")) if p)
    return env


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the child's and its children's)."""
    start, before = time.perf_counter(), os.times()
    done = subprocess.run(cmd, capture_output=True, env=env)
    elapsed, after = time.perf_counter() - start, os.times()
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system)
    return elapsed, cpu


def py_seconds(code: str, env: dict[str, str]) -> float:
    """Run code in a fresh interpreter; it prints a number of seconds."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1])
    return float(done.stdout.strip())


def bench_cli(runs: int, env: dict[str, str]) -> dict:
    commands = {
        PANDAS: [sys.executable, "-c", "import pandas"],
        "python -m bplanner " + " ".join(CLI_ARGS): [sys.executable, "-m", "bplanner", *CLI_ARGS],
    }
    script = shutil.which("bplanner", path=str(Path(sys.executable).parent))
    if script:
        commands["bplanner " + " ".join(CLI_ARGS) + " (console script)"] = [script, *CLI_ARGS]
    week = "python -m bplanner " + " ".join(CLI_WEEK_ARGS)
    commands[week] = [sys.executable, "-m", "bplanner", *CLI_WEEK_ARGS]
    for cmd in commands.values():  # warm the file cache once, untimed
        timed(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # alternate, so drift in machine load hits every command alike
        for name, cmd in commands.items():
            wall, cpu = timed(cmd, env)
            times[name].append(wall)
            cpus[name].append(cpu)
    medians = {name: statistics.median(t) for name, t in times.items()}
    cpu_medians = {name: statistics.median(t) for name, t in cpus.items()}
    rows = [
        {"command": name, "median_s": med, "min_s": min(times[name]),
         "ratio": med / medians[PANDAS], "cpu_s": cpu_medians[name],
         "cpu_ratio": cpu_medians[name] / cpu_medians[PANDAS], "week": name == week}
        for name, med in medians.items()
    ]
    imports = {}
    for module in ("highspy", "scipy.optimize"):
        for after_pandas in (False, True):
            pre = "import pandas; " if after_pandas else ""
            code = (
                f"{pre}import time; t = time.perf_counter(); import {module}; "
                "print(time.perf_counter() - t)"
            )
            try:
                values = [py_seconds(code, env) for _ in range(runs)]
                value: float | str = statistics.median(values)
            except RuntimeError as exc:
                value = f"not available ({exc})"
            imports[f"import {module}" + (" (after pandas)" if after_pandas else " (alone)")] = (
                value
            )
    return {"runs": runs, "rows": rows, "imports": imports, "console_script": script}


CHILD = r"""
import json, resource, statistics, sys, time, tracemalloc
sys.path.insert(0, {bench!r})
from synthetic import make_foods
from bplanner.foods import validate
from bplanner.planning.planner import suggest

n, repeats, days = {n}, {repeats}, {days}
t = time.perf_counter()
df = make_foods(n, seed=0)
gen = time.perf_counter() - t
table_mb = df.memory_usage(deep=True).sum() / 2**20
validate(df.head(50_000).copy(), "synthetic table")  # schema-valid rows (untimed)
vitamins = ["B1", "B6", "B9", "B12"]
suggest(vitamins, foods=make_foods(1000, seed=1), days=days)  # warm-up: imports, HiGHS
print(json.dumps({{"generate_s": gen, "table_mb": table_mb}}), flush=True)
times = []
for _ in range(repeats):
    t = time.perf_counter()
    plan = suggest(vitamins, foods=df, days=days)
    times.append(time.perf_counter() - t)
    print(json.dumps({{"call_s": times[-1]}}), flush=True)  # kept if the run is stopped
tracemalloc.start()
suggest(vitamins, foods=df, days=days)
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
courses = sorted({{i.food_group for i in plan.items}})
print(json.dumps({{
    "n": n, "days": days, "candidates": plan.candidates, "items": len(plan.items),
    "foods": len({{i.ndb for i in plan.items}}), "menus": plan.menus,
    "meals_used": len({{(i.day, i.meal) for i in plan.items}}), "groups": len(courses),
    "levels": plan.model["objective_levels"],
    "week_exact": plan.model.get("week_exact"),
    "week_exact_levels": plan.model.get("week_exact_levels"),
    "generate_s": gen, "table_mb": table_mb,
    "suggest_s": statistics.median(times), "suggest_min_s": min(times),
    "tracemalloc_peak_mb": peak / 2**20, "maxrss_mb": rss,
}}))
"""


def bench_sizes(runs: list[tuple[int, int]], repeats: int, env: dict[str, str]) -> list[dict]:
    """One child process per (foods, days); a run over CHILD_TIMEOUT is stopped and noted."""
    out = []
    for n, days in runs:
        code = CHILD.format(bench=str(HERE), n=n, repeats=repeats, days=days)
        try:
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env,
                                  text=True, timeout=CHILD_TIMEOUT)
        except subprocess.TimeoutExpired as stopped:
            partial = stopped.stdout or ""
            partial = partial.decode() if isinstance(partial, bytes) else partial
            calls = [json.loads(line)["call_s"] for line in partial.splitlines()
                     if line.startswith('{"call_s"')]
            out.append({"n": n, "days": days, "timeout": True, "calls": calls})
            continue
        if done.returncode != 0:
            raise RuntimeError(f"size {n}, {days} days failed:\n{done.stderr}")
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def markdown(cli: dict | None, sizes: list[dict], note: str) -> str:
    lines = ["# bplanner benchmark results", ""]
    lines.append(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}. {note}".rstrip()
    )
    if cli:
        lines += ["", f"## (a) End to end, median of {cli['runs']} alternating runs", ""]
        lines += [
            "| command | wall median (s) | wall min (s) | wall ratio | CPU median (s) "
            "| CPU ratio |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in cli["rows"]:
            lines.append(
                f"| `{r['command']}` | {r['median_s']:.3f} | {r['min_s']:.3f} | "
                f"{r['ratio']:.2f} | {r['cpu_s']:.3f} | {r['cpu_ratio']:.2f} |"
            )
        lines += ["", "Ratios are to `import pandas`; CPU is user + system time of the process."]
        for key, what in (("cpu_ratio", "CPU"), ("ratio", "wall")):
            day = max(r[key] for r in cli["rows"] if not r["week"])
            week = max(r[key] for r in cli["rows"] if r["week"])
            lines += [
                "",
                f"Goal, one day, {what}: ratio <= {GOAL_RATIO}: "
                f"**{_verdict(day <= GOAL_RATIO)}** (worst {day:.2f}).",
                f"Goal, 7 days, {what}: ratio <= {GOAL_WEEK_RATIO}: "
                f"**{_verdict(week <= GOAL_WEEK_RATIO)}** ({week:.2f}).",
            ]
        if not cli["console_script"]:
            lines.append("The console script is not installed beside this interpreter.")
        lines += [
            "",
            "Import cost of the optimizer options (median, s):",
            "",
            "| import | seconds |",
            "| --- | ---: |",
        ]
        for name, value in cli["imports"].items():
            shown = f"{value:.3f}" if isinstance(value, float) else value
            lines.append(f"| `{name}` | {shown} |")
    if sizes:
        lines += ["", "## (b) Planner on synthetic food tables (four vitamins, omnivore)", ""]
        lines += [
            "| foods | days | candidates | table (MB) | suggest (s, median) | suggest (s, min) "
            "| peak traced (MB) | max RSS (MB) | items | foods | menus | objective levels "
            "| exact |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| --- | --- |",
        ]
        for r in sizes:
            if r.get("timeout"):
                done = (", ".join(f"{c:.0f} s" for c in r["calls"]) + " done, then stopped"
                        if r["calls"] else "> 5 min")
                lines.append(f"| {r['n']:,} | {r['days']} | | | {done} | | | | | | | | |")
                continue
            exact = ("yes" if r["days"] == 1 else
                     {True: "week proven", False: "greedy week"}.get(r["week_exact"],
                                                                    "days yes, week not reported"))
            if r["days"] > 1 and r.get("week_exact") is False and r.get("week_exact_levels"):
                exact += f" (first {r['week_exact_levels']} level(s) proven)"
            levels = ", ".join(f"{v:g}" for v in r["levels"])
            lines.append(
                f"| {r['n']:,} | {r['days']} | {r['candidates']:,} | {r['table_mb']:.0f} | "
                f"{r['suggest_s']:.3f} | {r['suggest_min_s']:.3f} | "
                f"{r['tracemalloc_peak_mb']:.0f} | {r['maxrss_mb']:.0f} | "
                f"{r['items']} | {r['foods']} | {r['menus']} | {levels} | {exact} |"
            )
        for days, goal in ((1, GOAL_1M_SECONDS), (7, GOAL_1M_WEEK_SECONDS)):
            big = [r for r in sizes if r["n"] >= 1_000_000 and r["days"] == days]
            if not big:
                continue
            r = big[0]
            if r.get("timeout"):
                shown = (f"one call {r['calls'][0]:.0f} s" if r["calls"]
                         else "no call finished within 5 min")
                lines += ["", f"Goal: 1 million foods, {days} day(s), <= {goal:g} s: "
                          f"**MISSED** ({shown}; the run was stopped after 5 min)."]
                continue
            text = (f"Goal: 1 million foods, {days} day(s), <= {goal:g} s: "
                    f"**{_verdict(r['suggest_s'] <= goal)}** ({r['suggest_s']:.2f} s)")
            if days == 1:
                ok = r["tracemalloc_peak_mb"] <= GOAL_1M_PEAK_MB
                text += (f"; peak <= 1 GiB: **{_verdict(ok)}** "
                         f"({r['tracemalloc_peak_mb']:.0f} MB traced in the call, "
                         f"{r['maxrss_mb']:.0f} MB max RSS of the process with the table)")
            lines += ["", text + "."]
        lines += [
            "",
            "Peak traced = tracemalloc peak during one `suggest` call (the table "
            "itself excluded); max RSS = whole process, table included. Objective levels: "
            "weighted half portions (brand-name, fortified and unfamiliar foods weigh more); "
            "kcal (each level exact with the levels before held). Exact: HiGHS with "
            "mip_rel_gap 0 for each day; a week is proven as a whole when the listing of day "
            "plans finished (`planning/week.py`), the joint model was solved or the greedy "
            "week sums to 7 best days (`week_exact`), or level by level "
            "(`week_exact_levels`). Child processes may write bytecode, as an installed "
            "package has it.",
        ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=9, help="runs per CLI command (>= 7)")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="synthetic table sizes")
    ap.add_argument("--week-sizes", default="1000000", help="sizes also planned for 7 days")
    ap.add_argument("--repeats", type=int, default=3, help="suggest calls timed per size")
    ap.add_argument("--no-cli", action="store_true", help="skip the end-to-end part")
    ap.add_argument(
        "--src",
        type=Path,
        default=None,
        help="use bplanner from this src/ folder (e.g. an older checkout)",
    )
    ap.add_argument("--out", type=Path, default=HERE / "results.md")
    ap.add_argument("--note", default="", help="a line to add under the machine line")
    args = ap.parse_args(argv)
    if args.runs < 7:
        ap.error("--runs must be at least 7")
    env = child_env(args.src)
    cli = None if args.no_cli else bench_cli(args.runs, env)
    runs = [(int(s), 1) for s in args.sizes.split(",") if s.strip()]
    runs += [(int(s), 7) for s in args.week_sizes.split(",") if s.strip()]
    results = bench_sizes(runs, args.repeats, env)
    text = markdown(cli, results, args.note)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
