"""Speed of `bplanner suggest` across the profile matrix, whole process (issue 22).

    python benchmarks/matrix.py                   # every diet x vitamin set x profile x period
    python benchmarks/matrix.py --quick           # about 40 cases, each value at least once
    python benchmarks/matrix.py --quick --all-foods-subset --jobs 2 --out /tmp/m.md

Each case is one `bplanner suggest ... --format json` process (the console script
beside this interpreter when it is installed, else ``python -m bplanner``; ``src/`` of
this checkout on PYTHONPATH when bplanner is not importable). Its CPU time (user + system
of that child alone, from ``os.wait4``) and wall time are measured; cases run ``--jobs``
at a time (CPU stays per process; wall grows when the machine is shared). A case past
``--timeout`` is killed and reported. Its exit status is recorded: 0 a plan (the JSON's
``proof`` says whether every level is proven), 3 no plan exists, 1 an error (among them
"no plan within --time-limit"). The report (Markdown, printed and written to ``--out``)
gives median, p95 and max of CPU and wall for days and weeks, the slowest ten cases, the
no-plan and not-proven cases, and the goals of issue 22. The synthetic 1-million-food
benchmark is ``benchmarks/run.py`` (tables from ``benchmarks/synthetic.py``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from run import child_env, timed  # noqa: E402  (benchmarks/run.py: the same child environment)

VITAMIN_SETS = ("B12", "B9", "B1,B6", "B1,B6,B9,B12", "B1,B2,B3,B5,B6,B9,B12")
PROFILES = {  # name -> suggest options
    "child 6": ["--age", "6"],
    "girl 15": ["--sex", "female", "--age", "15"],
    "woman 30": ["--sex", "female", "--age", "30"],
    "pregnant 28": ["--sex", "female", "--pregnant", "--age", "28"],
    "lactating 32": ["--sex", "female", "--lactating", "--age", "32"],
    "man 45": ["--sex", "male", "--age", "45"],
    "man 70": ["--sex", "male", "--age", "70"],
}
PERIODS = {"day": [], "week": ["--days", "7"]}
GOAL_CPU = {"day": 1.0, "week": 3.0}  # seconds of CPU, default pool (issue 22)
QUICK_SIZE = 40
# --all-foods: a few profiles and diets, the four vitamins, a day and a week
ALL_FOODS_PROFILES = ("woman 30", "pregnant 28", "man 70")
ALL_FOODS_DIETS = ("omnivore", "vegan")
ALL_FOODS_QUICK = (("woman 30", "omnivore", "day"), ("man 70", "vegan", "day"),
                   ("pregnant 28", "omnivore", "week"), ("woman 30", "vegan", "week"))
EXIT_MEANING = {0: "plan", 3: "no plan exists", 1: "error (or no plan within the time limit)",
                2: "usage error", None: "killed at --timeout"}


def diets() -> tuple[str, ...]:
    """bplanner's diets (``bplanner.diets.DIETS``), read from the source checked out."""
    try:
        from bplanner.diets import DIETS
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        from bplanner.diets import DIETS
    return tuple(DIETS)


def case(diet: str, vitamins: str, profile: str, period: str, all_foods: bool = False) -> dict:
    args = ["suggest", "-v", vitamins, "-d", diet, *PROFILES[profile], *PERIODS[period]]
    if all_foods:
        args.append("--all-foods")
    name = f"{diet}, {profile}, -v {vitamins}, {period}" + (", --all-foods" if all_foods else "")
    return {"name": name, "diet": diet, "vitamins": vitamins, "profile": profile,
            "period": period, "all_foods": all_foods, "args": args}


def matrix(quick: bool, seed: int = 0) -> list[dict]:
    """Every case, or with ``quick`` a seeded sample of about ``QUICK_SIZE`` holding each
    diet, vitamin set, profile and period at least once."""
    every = [case(d, v, p, t) for d in diets() for v in VITAMIN_SETS for p in PROFILES
             for t in PERIODS]
    if not quick:
        return every
    rng = random.Random(seed)
    chosen = rng.sample(every, QUICK_SIZE)
    for key, values in (("diet", diets()), ("vitamins", VITAMIN_SETS),
                        ("profile", tuple(PROFILES)), ("period", tuple(PERIODS))):
        for value in values:
            if not any(c[key] == value for c in chosen):
                chosen.append(rng.choice([c for c in every if c[key] == value]))
    return sorted(chosen, key=every.index)


def all_foods_cases(quick: bool) -> list[dict]:
    if quick:
        return [case(d, "B1,B6,B9,B12", p, t, True) for p, d, t in ALL_FOODS_QUICK]
    return [case(d, "B1,B6,B9,B12", p, t, True) for d in ALL_FOODS_DIETS
            for p in ALL_FOODS_PROFILES for t in PERIODS]


def command() -> list[str]:
    script = shutil.which("bplanner", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "bplanner"]


def run_case(c: dict, base: list[str], extra: list[str], env: dict, timeout: float) -> dict:
    """One whole process: exit status, CPU (user + system, this child only) and wall."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([*base, *c["args"], *extra, "--format", "json"], stdout=out,
                                stderr=err, env=env, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read().decode("utf-8", "replace")
    result = {**c, "cpu": usage.ru_utime + usage.ru_stime, "wall": wall,
              "status": None if killed.is_set() else proc.returncode, "proof": None,
              "message": ""}
    if result["status"] == 0:
        try:
            result["proof"] = json.loads(stdout).get("proof")
        except ValueError:
            result["message"] = "output is not JSON"
    elif result["status"] == 3:
        try:
            result["message"] = " ".join(json.loads(stdout).get("reasons", []))
        except ValueError:
            pass
    elif result["status"] is not None:
        result["message"] = (stderr.strip().splitlines() or [""])[-1]
    return result


def run_all(cases: list[dict], jobs: int, extra: list[str], timeout: float) -> list[dict]:
    env = child_env(None)
    base = command()
    done: list[dict] = []
    lock = threading.Lock()

    def one(c: dict) -> dict:
        r = run_case(c, base, extra, env, timeout)
        with lock:
            done.append(r)
            print(f"[{len(done)}/{len(cases)}] {r['name']}: exit {r['status']}, "
                  f"{r['cpu']:.2f} s CPU, {r['wall']:.2f} s wall", file=sys.stderr, flush=True)
        return r

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, cases))


def p95(values: list[float]) -> float:
    """Nearest rank: the smallest value with at least 95% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _proven(r: dict) -> str:
    proof = r.get("proof")
    if r["status"] != 0 or not proof:
        return ""
    if proof.get("proven"):
        return "proven"
    gap = proof.get("gap")
    return (f"not proven in {proof.get('level')}"
            + (f" (gap {gap:.1%})" if gap is not None else "")
            + (", time limit reached" if proof.get("time_limit_reached") else ""))


def summary(results: list[dict], title: str, goals: bool) -> list[str]:
    lines = [f"## {title}", ""]
    if not results:
        return lines + ["No case.", ""]
    lines += ["| period | cases | plan (0) | no plan (3) | error (1) | killed | proven | "
              "CPU median | CPU p95 | CPU max | wall median | wall p95 | wall max |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
              "---: | ---: |"]
    for period in PERIODS:
        rs = [r for r in results if r["period"] == period]
        if not rs:
            continue
        cpu, wall = [r["cpu"] for r in rs], [r["wall"] for r in rs]
        count = {s: sum(r["status"] == s for r in rs) for s in (0, 3, 1, None)}
        other = len(rs) - sum(count.values())
        proven = sum(bool(r.get("proof") and r["proof"].get("proven")) for r in rs)
        lines.append(
            f"| {period} | {len(rs)} | {count[0]} | {count[3]} | {count[1] + other} | "
            f"{count[None]} | {proven} of {count[0]} | {statistics.median(cpu):.2f} s | "
            f"{p95(cpu):.2f} s | {max(cpu):.2f} s | {statistics.median(wall):.2f} s | "
            f"{p95(wall):.2f} s | {max(wall):.2f} s |")
    lines.append("")
    if goals:
        for period, goal in GOAL_CPU.items():
            rs = [r for r in results if r["period"] == period]
            if rs:
                over = [r for r in rs if r["cpu"] > goal]
                verdict = ("**met**" if not over else
                           f"**missed** by {len(over)} of {len(rs)} cases")
                lines.append(f"Goal, every {period} at most {goal:g} s CPU: {verdict}.")
        unproven = [r for r in results if r["status"] == 0 and not
                    (r.get("proof") and r["proof"].get("proven"))]
        lines.append(f"Goal, every level of every plan proven: "
                     f"{'**met**' if not unproven else f'**missed** by {len(unproven)} plans'}.")
        lines.append("")
    lines += ["Slowest ten (CPU):", "", "| case | exit | CPU | wall | proof |",
              "| --- | ---: | ---: | ---: | --- |"]
    for r in sorted(results, key=lambda r: -r["cpu"])[:10]:
        lines.append(f"| {r['name']} | {_status(r)} | {r['cpu']:.2f} s | {r['wall']:.2f} s | "
                     f"{_proven(r)} |")
    lines.append("")
    for label, pick in (("No plan (exit 3)", lambda r: r["status"] == 3),
                        ("Errors, killed cases", lambda r: r["status"] not in (0, 3)),
                        ("Plans not proven best", lambda r: r["status"] == 0 and _proven(r)
                         not in ("proven",))):
        rs = [r for r in results if pick(r)]
        lines.append(f"{label}: {len(rs)}" + (":" if rs else "."))
        if rs:
            lines.append("")
            for r in rs:
                detail = _proven(r) if r["status"] == 0 else r["message"][:160]
                lines.append(f"- {r['name']} ({_status(r)}): {detail}")
        lines.append("")
    return lines


def _status(r: dict) -> str:
    return "killed" if r["status"] is None else str(r["status"])


def _git() -> str:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs"],
                              capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src",
                                "data"], capture_output=True, text=True, timeout=10)
        return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip()
                                      else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


YARDSTICK_RUNS = 3


def yardstick() -> float:
    """The machine's speed now: median CPU seconds of ``python -c "import pandas"``
    (the README's yardstick). The same machine has run 30% slower at some hours: a run's
    figures compare with another's through it."""
    env = child_env(None)
    return statistics.median(timed([sys.executable, "-c", "import pandas"], env)[1]
                             for _ in range(YARDSTICK_RUNS))


def markdown(results: list[dict], wide: list[dict], args, elapsed: float) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    limit = (f"--time-limit {args.time_limit:g}" if args.time_limit is not None
             else "bplanner's default --time-limit")
    lines = [
        "# bplanner profile matrix (benchmarks/matrix.py)", "",
        f"Run {when} on {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; commit {_git()}. Command: `{' '.join(command())} "
        f"suggest ... --format json`, {limit}, {args.jobs} at a time, each killed after "
        f"{args.timeout:g} s"
        + ("" if args.load is None else f"; load average {args.load:.2f} at the start")
        + f". {'A quick sample' if args.quick else 'The whole matrix'}: "
        f"{len(results)} cases ({len(diets())} diets x {len(VITAMIN_SETS)} vitamin sets x "
        f"{len(PROFILES)} profiles x {len(PERIODS)} periods"
        + (", sampled so each value appears at least once" if args.quick else "")
        + f"), {elapsed:.0f} s in all. The machine's speed: `python -c \"import pandas\"` "
        f"took {args.yardstick[0]:.2f} s of CPU before the cases and "
        f"{args.yardstick[1]:.2f} s after them (median of {YARDSTICK_RUNS}).", "",
        "CPU is user + system time of each case's process alone (`os.wait4`); wall time "
        f"grows when cases share the machine ({args.jobs} at a time here) and with other "
        "load. Exit status: 0 a plan, 3 no plan exists, 1 an error (or no plan within the "
        "time limit), killed: past --timeout. Medians, p95 (nearest rank) and maxima are "
        "over every case of the period, whatever its exit status.", "",
        "Vitamin sets: " + "; ".join(VITAMIN_SETS) + ". Profiles: "
        + "; ".join(f"{k} ({' '.join(v)})" for k, v in PROFILES.items()) + ".", "",
    ]
    lines += summary(results, "Default pool", goals=True)
    if wide:
        lines += summary(wide, "--all-foods (a few profiles, four vitamins)", goals=False)
    lines += ["## 1 million synthetic foods", "",
              "Not run here: `python benchmarks/run.py` plans on synthetic tables of up to "
              "1 million foods (`benchmarks/synthetic.py`; goals: a day within 2 s, a week "
              "within 10 s); its figures are in `benchmarks/results.md`.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help=f"a seeded sample of about {QUICK_SIZE} cases covering every diet, "
                    "vitamin set, profile and period")
    ap.add_argument("--all-foods-subset", action="store_true",
                    help="also a few profiles with --all-foods (four vitamins, day and week)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="cases run at a time (default: the number of CPUs)")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds before a case is killed and reported (default 300)")
    ap.add_argument("--time-limit", type=float, default=None,
                    help="pass --time-limit SECONDS to every case (default: bplanner's own)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the --quick sample")
    ap.add_argument("--out", type=Path, default=HERE / "matrix_results.md",
                    help="where the report goes (default benchmarks/matrix_results.md)")
    args = ap.parse_args(argv)
    if args.jobs < 1 or not args.timeout > 0 or (args.time_limit is not None
                                                 and not args.time_limit > 0):
        ap.error("--jobs, --timeout and --time-limit must be positive")
    extra = [] if args.time_limit is None else ["--time-limit", f"{args.time_limit:g}"]
    start = time.perf_counter()
    args.load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    before = yardstick()
    results = run_all(matrix(args.quick, args.seed), args.jobs, extra, args.timeout)
    wide = (run_all(all_foods_cases(args.quick), args.jobs, extra, args.timeout)
            if args.all_foods_subset else [])
    args.yardstick = (before, yardstick())
    report = markdown(results, wide, args, time.perf_counter() - start)
    print(report)
    args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
