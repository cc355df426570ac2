"""HiGHS options on the MIPs the planner really solves: capture them, then time option sets.

    python benchmarks/mip_options.py capture DIR            # day profiles' MIPs, as MPS
    python benchmarks/mip_options.py time DIR '{}' '{"mip_allow_restart": true}'

``capture`` plans every day of 6 diets x 4 vitamin sets x 5 profiles (the quick
matrix's kind, through the library, no time limit) and writes each MIP whose solve took
over ``--min-seconds`` (0.02) to DIR, as HiGHS solved it (the level's costs). ``time``
solves every file of DIR with bplanner's options (``bplanner.planning.mip.OPTIONS``,
and the level's gap as the planner sets it) updated by each JSON set in turn, one
process, one after the other: run it alone on the machine. It prints the total, the
90th percentile and the largest time of each set, and the files whose optimum differs
from the first set's (there must be none). Issue 22's closing note used this to turn
restarts off (146 MIPs: 31.8 s with, 23.4 s without).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

DIETS = ("omnivore", "pescatarian", "vegetarian", "lacto_vegetarian", "ovo_vegetarian",
         "vegan")
VITAMINS = (("B1", "B6", "B9", "B12"), ("B1", "B2", "B3", "B5", "B6", "B9", "B12"),
            ("B1", "B6"), ("B9",))
PROFILES = ({"age": 6}, {"sex": "female", "age": 15},
            {"sex": "female", "age": 28, "pregnant": True},
            {"sex": "female", "age": 32, "lactating": True}, {"sex": "male", "age": 70})


def capture(out: Path, min_seconds: float) -> None:
    import highspy

    from bplanner.planning import mip
    from bplanner.planning.planner import suggest
    from bplanner.targets import Profile

    out.mkdir(parents=True, exist_ok=True)
    written = []
    make = mip._quiet_construct

    class Timed(highspy.Highs):
        def run(self):
            start = time.perf_counter()
            status = super().run()
            if time.perf_counter() - start > min_seconds and any(
                    kind != highspy.HighsVarType.kContinuous
                    for kind in self.getLp().integrality_):
                path = out / f"mip{len(written) + 1:04d}.mps"
                self.writeModel(str(path))
                written.append(path)
            return status

    class Module:
        Highs = Timed

        def __getattr__(self, name):
            return getattr(highspy, name)

    mip._quiet_construct = lambda _module: make(Module())
    cases = list(itertools.product(DIETS, VITAMINS, PROFILES))
    for k, (diet, vitamins, profile) in enumerate(cases, 1):
        suggest(list(vitamins), diet=diet, profile=Profile(**profile), time_limit=None)
        print(f"[{k}/{len(cases)}] {diet} {','.join(vitamins)} {profile}: "
              f"{len(written)} MIPs so far", file=sys.stderr)
    print(f"{len(written)} MIPs in {out}")


def solve(path: Path, options: dict) -> tuple[float, float]:
    import highspy

    from bplanner.planning.mip import OPTIONS

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(path))
    cost = np.asarray(h.getLp().col_cost_)
    whole = np.allclose(cost, np.rint(cost), atol=1e-12)  # as ``_Builder.solve`` sets it
    for name, value in {**OPTIONS, "mip_abs_gap": 0.999 if whole else 1e-6,
                        **options}.items():
        h.setOptionValue(name, value)
    start = time.perf_counter()
    h.run()
    return time.perf_counter() - start, float(h.getInfo().objective_function_value)


def time_sets(folder: Path, sets: list[dict]) -> None:
    files = sorted(folder.glob("*.mps"))
    if not files:
        sys.exit(f"no .mps files in {folder}: run 'capture' first")
    first = None
    for options in sets:
        results = [solve(path, options) for path in files]
        seconds = sorted(t for t, _ in results)
        print(f"{json.dumps(options)}: {len(files)} MIPs, total {sum(seconds):.2f} s, "
              f"p90 {seconds[int(0.9 * len(seconds))]:.3f} s, max {seconds[-1]:.3f} s")
        values = [v for _, v in results]
        if first is None:
            first = values
            continue
        differ = [p.name for p, a, b in zip(files, first, values)
                  if abs(a - b) > 1e-6 * max(1.0, abs(a))]
        if differ:
            print(f"  optima differ from the first set's: {', '.join(differ)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture", help="write the MIPs the day profiles solve")
    cap.add_argument("folder", type=Path)
    cap.add_argument("--min-seconds", type=float, default=0.02)
    tim = sub.add_parser("time", help="time option sets (JSON objects) on the MIPs")
    tim.add_argument("folder", type=Path)
    tim.add_argument("sets", nargs="+", type=json.loads)
    args = ap.parse_args()
    if args.command == "capture":
        capture(args.folder, args.min_seconds)
    else:
        time_sets(args.folder, args.sets)


if __name__ == "__main__":
    main()
