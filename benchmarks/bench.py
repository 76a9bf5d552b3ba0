"""ipscore benchmark: prints figures, asserts nothing.

Run from the repository root after ``pip install .``::

    python benchmarks/bench.py            # full run (about two minutes)
    python benchmarks/bench.py --quick    # fewer runs and evaluations (about half a minute)
    python benchmarks/bench.py --only engine,memory --json figures.json

Sections (see docs/performance.md for what each figure means):

- ``cold``: ``ipscore check cases/nanjing-2025-partial.json`` as a new process, median of runs;
- ``engine``: plan-evaluations per second for every bundled plan and a synthetic 20-target plan,
  through the durable-rules stage alone (``compile_rules(...).evaluate_many`` over precomputed
  measure maps), through a plain-Python loop over the same rules (the floor), and through the
  whole ``ipscore.evaluate`` pipeline, on one core;
- ``cases``: the whole ``ipscore.evaluate`` on the Nanjing example cases, beside the engine stage
  on the value sets those evaluations hand it;
- ``steps``: where the time of those evaluations goes, CPU µs per step inside whole evaluations;
- ``memory``: resident-set growth over 100,000 engine evaluations;
- ``sheets``: reading a workbook of 10,000 filled cells, all good or all bad (every bad cell is
  collected, the first 50 listed).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import generate

import ipscore
from ipscore import engine
from ipscore.plan import Comparator, Plan

CASE = generate.CASES / "nanjing-2025-partial.json"
SECTIONS = ("cold", "cases", "steps", "engine", "memory", "sheets")
# The example cases the pipeline's speed is judged on (issue 16): file → evaluations/s wanted.
CASE_TARGETS = {"nanjing-2025-partial.json": 2000, "nanjing-2024-midterm.json": 1000}
# Prefecture-level (333) and county-level (about 2,850) divisions of the mainland, rounded up.
REGIONS_OF_CHINA = 3200
# The steps of one evaluation, as ``ipscore.evaluate`` calls them: step → the function's name in
# the ipscore.evaluate module (docs/performance.md, "where the time goes").
STEPS = {
    "parse": "as_submission",
    "check": "check_submission",
    "measure": "_measure",
    "judge": "_judge",
    "outcomes": "_outcomes",
    "report": "_report",
}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "ipscore": ipscore.__version__,
        "durable_rules": metadata.version("durable-rules"),
        "load_average": os.getloadavg()[0],
    }


def console_script() -> str:
    """The installed ``ipscore`` script next to this interpreter (else the one on PATH)."""
    folder = Path(sys.executable).parent
    for name in ("ipscore", "ipscore.exe"):
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which("ipscore")
    if found is None:
        raise SystemExit("no ipscore console script: run `pip install .` first")
    return found


def _process_times(
    args: Sequence[str], runs: int, env: dict[str, str] | None = None
) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run of a command, after one warm-up run."""
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode().strip()}")
    return walls, cpus


def _cold_env(cache: str, bytecode: str | None = None) -> dict[str, str]:
    """The environment with the rules cache in ``cache`` ("" turns it off) and, with
    ``bytecode``, bytecode caching on into that folder (as after `pip install .`)."""
    env = dict(os.environ, IPSCORE_CACHE_DIR=cache)
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = bytecode
    return env


def bench_cold(runs: int) -> dict[str, Any]:
    """Whole-process timings of the installed console script (the rules cache in a temporary
    folder, filled by the warm-up run, as after a user's first check)."""
    script = console_script()
    check = [script, "check", str(CASE)]
    figures = {}
    with tempfile.TemporaryDirectory(prefix="ipscore-cold-") as folder:
        cache, bytecode = f"{folder}/cache", f"{folder}/pyc"
        for label, args, env in (
            ("check", check, _cold_env(cache)),
            ("version", [script, "--version"], _cold_env(cache)),
            ("check, bytecode cached", check, _cold_env(cache, bytecode)),
            ("check, no rules cache", check, _cold_env("")),
        ):
            walls, cpus = _process_times(args, runs, env)
            figures[label] = {
                "median_s": statistics.median(walls),
                "min_s": min(walls),
                "max_s": max(walls),
                "cpu_median_s": statistics.median(cpus),
                "runs": runs,
            }
    no_bytecode = " (PYTHONDONTWRITEBYTECODE is set)" if sys.dont_write_bytecode else ""
    print(f"\n== cold process, {runs} runs after one warm-up{no_bytecode}; {script}")
    for label, row in figures.items():
        print(
            f"  ipscore {label:<24} median {row['median_s'] * 1000:4.0f} ms wall"
            f" (min {row['min_s'] * 1000:.0f}, max {row['max_s'] * 1000:.0f}),"
            f" {row['cpu_median_s'] * 1000:4.0f} ms CPU"
        )
    print(f"  load average {os.getloadavg()[0]:.1f}")
    return figures


def median_seconds(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of repeat calls of work (after one untimed call).

    CPU time (this process, user + system) is what one core spent: on a shared machine it
    moves far less than wall time, which also counts the time other processes held the core.
    """
    work()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus)


def floor_verdicts(
    rules: Sequence[engine.Rule], maps: Sequence[dict[str, float | None]]
) -> list[dict[str, bool | None]]:
    """The same judgements in plain Python: the least any rule engine could cost."""
    results = []
    for values in maps:
        verdicts: dict[str, bool | None] = {}
        for rule in rules:
            value = values.get(rule.target_id)
            verdicts[rule.target_id] = (
                None if value is None else rule.comparator.holds(value, rule.threshold)
            )
        results.append(verdicts)
    return results


def bench_plan(
    plan: Plan,
    submissions: list[dict[str, Any]],
    maps: list[dict[str, float | None]],
    evaluations: int,
    repeat: int,
) -> dict[str, Any]:
    """Engine stage (batched and one call per map), floor and full pipeline for one plan."""
    rules = [engine.Rule(t.id, t.comparator, t.threshold) for t in plan.targets]
    compiled = engine.compile_rules(rules)
    batch = list(islice(cycle(maps), evaluations))
    engine_wall, engine_cpu = median_seconds(lambda: compiled.evaluate_many(batch), repeat)
    _, single_cpu = median_seconds(lambda: [compiled.evaluate(v) for v in batch], repeat)
    _, floor_cpu = median_seconds(lambda: floor_verdicts(compiled.rules, batch), repeat)
    disagree = sum(
        a != b
        for a, b in zip(compiled.evaluate_many(batch), floor_verdicts(rules, batch), strict=True)
    )
    pipeline_batch = list(islice(cycle(submissions), max(len(submissions), evaluations // 10)))
    pipeline_wall, pipeline_cpu = median_seconds(
        lambda: [ipscore.evaluate(plan, data) for data in pipeline_batch], max(1, repeat // 2)
    )
    return {
        "targets": len(rules),
        "chunks": len(compiled.chunks),
        "engine_per_cpu_s": len(batch) / engine_cpu,
        "engine_per_wall_s": len(batch) / engine_wall,
        "engine_single_call_per_cpu_s": len(batch) / single_cpu,
        "floor_per_cpu_s": len(batch) / floor_cpu,
        "engine_over_floor": engine_cpu / floor_cpu,
        "pipeline_per_cpu_s": len(pipeline_batch) / pipeline_cpu,
        "pipeline_per_wall_s": len(pipeline_batch) / pipeline_wall,
        "disagreements": disagree,
    }


def engine_value_sets(
    plan: Plan, data: dict[str, Any]
) -> tuple[engine.CompiledPlan, list[dict[str, float | None]]]:
    """The compiled plan and the value sets ipscore.evaluate hands the engine for this data
    (after a first evaluation, which also judges the plan's milestones once per plan)."""
    ipscore.evaluate(plan, data)
    seen: list[tuple[engine.CompiledPlan, list[dict[str, float | None]]]] = []
    original = engine.CompiledPlan.evaluate_many

    def record(
        self: engine.CompiledPlan, batch: Sequence[dict[str, float | None]]
    ) -> list[dict[str, bool | None]]:
        seen.append((self, [dict(values) for values in batch]))
        return original(self, batch)

    engine.CompiledPlan.evaluate_many = record  # type: ignore[method-assign, assignment]
    try:
        ipscore.evaluate(plan, data)
    finally:
        engine.CompiledPlan.evaluate_many = original  # type: ignore[method-assign]
    if len(seen) != 1:
        raise SystemExit(f"expected one engine call per evaluation, saw {len(seen)}")
    return seen[0]


def bench_cases(evaluations: int, repeat: int) -> dict[str, Any]:
    """The full pipeline on the Nanjing example cases, beside the engine stage on the very value
    sets the pipeline gives it (so pipeline ÷ engine shows what the rest costs)."""
    plan = ipscore.load_plan("nanjing-2022-2025")
    print(
        f"\n== the full pipeline on example cases, evaluations per CPU-second of one thread "
        f"({evaluations} per run, median of {repeat})"
    )
    print(f"  {'case':<28}{'pipeline':>9}{'(wall)':>8}{'engine':>9}{'pipe/eng':>10}{'wanted':>8}")
    figures = {}
    for name, wanted in CASE_TARGETS.items():
        data = json.loads((generate.CASES / name).read_text(encoding="utf-8"))
        compiled, value_sets = engine_value_sets(plan, data)

        def pipeline(data: dict[str, Any] = data) -> None:
            for _ in range(evaluations):
                ipscore.evaluate(plan, data)

        def engine_stage(
            compiled: engine.CompiledPlan = compiled,
            value_sets: list[dict[str, float | None]] = value_sets,
        ) -> None:
            for _ in range(evaluations):
                compiled.evaluate_many(value_sets)

        wall, cpu = median_seconds(pipeline, repeat)
        _, engine_cpu = median_seconds(engine_stage, repeat)
        row = {
            "pipeline_per_cpu_s": evaluations / cpu,
            "pipeline_per_wall_s": evaluations / wall,
            "engine_per_cpu_s": evaluations / engine_cpu,
            "value_sets": len(value_sets),
            "wanted_per_s": wanted,
        }
        figures[name] = row
        print(
            f"  {name:<28}{row['pipeline_per_cpu_s']:>9.0f}{row['pipeline_per_wall_s']:>8.0f}"
            f"{row['engine_per_cpu_s']:>9.0f}{cpu / engine_cpu:>9.1f}x{wanted:>8}"
        )
    print(
        "  pipeline: ipscore.evaluate(plan, the case as a dict); engine: evaluate_many on the\n"
        "  value sets that evaluation hands the engine (current values, and projections when\n"
        "  the deadline is ahead); wanted: the rate issue 16 asks of the pipeline."
    )
    return figures


def bench_steps(evaluations: int, repeat: int) -> dict[str, Any]:
    """CPU µs per step inside whole evaluations of the Nanjing cases. Each step's function is
    wrapped in the ipscore.evaluate module, where ``evaluate`` looks it up, to add up its CPU
    time while ``ipscore.evaluate`` runs as it always does: nothing is re-implemented here, and
    a renamed step fails loudly. "other" is the rest (the waivers, derivation, warnings and the
    glue between steps, and the timing itself: about 4 µs)."""
    module = importlib.import_module("ipscore.evaluate")
    plan = ipscore.load_plan("nanjing-2022-2025")
    spent = dict.fromkeys(STEPS, 0.0)
    originals = {attr: getattr(module, attr) for attr in STEPS.values()}

    def timed(step: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[step] += time.process_time() - started

        return run

    print(
        f"\n== where the time goes: CPU µs per step inside whole evaluations "
        f"({evaluations} per run, median of {repeat})"
    )
    print(f"  {'case':<28}" + "".join(f"{step:>9}" for step in (*STEPS, "other", "total")))
    figures: dict[str, Any] = {}
    for attr, original in originals.items():
        step = next(name for name, wrapped in STEPS.items() if wrapped == attr)
        setattr(module, attr, timed(step, original))
    try:
        for name in CASE_TARGETS:
            data = json.loads((generate.CASES / name).read_text(encoding="utf-8"))
            ipscore.evaluate(plan, data)  # the plan's per-plan work, done once
            rounds: list[dict[str, float]] = []
            for _ in range(repeat):
                for step in spent:
                    spent[step] = 0.0
                started = time.process_time()
                for _ in range(evaluations):
                    ipscore.evaluate(plan, data)
                total = time.process_time() - started
                row = {step: seconds / evaluations * 1e6 for step, seconds in spent.items()}
                row["other"] = total / evaluations * 1e6 - sum(row.values())
                row["total"] = total / evaluations * 1e6
                rounds.append(row)
            median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
            figures[name] = median
            print(f"  {name:<28}" + "".join(f"{value:>9.1f}" for value in median.values()))
    finally:
        for attr, original in originals.items():
            setattr(module, attr, original)
    return figures


def pin_one_core(cpu: int | None) -> str:
    """Keep this process on one CPU when asked (it runs on one thread, so one core, anyway)."""
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return "one thread, not pinned"
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def bench_engine(
    evaluations: int, repeat: int, samples: int, seed: int, pin: int | None
) -> dict[str, Any]:
    """Throughput table: every bundled plan and the synthetic 20-target plan."""
    rng = random.Random(seed)
    synthetic = generate.synthetic_plan(20)
    work = []
    for plan in ipscore.list_plans():
        submissions = generate.bundled_submissions(plan, samples, rng)
        work.append((plan, submissions, generate.measure_maps(plan, submissions)))
    submissions = generate.synthetic_submissions(synthetic, samples, rng)
    work.append((synthetic, submissions, generate.measure_maps(synthetic, submissions)))
    pinned = pin_one_core(pin)
    print(
        f"\n== throughput, plan-evaluations per second of one core ({pinned}; {evaluations} "
        f"measure maps per engine run from {samples} generated submissions, median of {repeat})"
    )
    print(
        f"  {'plan':<22}{'targets':>8}{'engine':>9}{'(wall)':>9}{'1/call':>9}{'floor':>9}"
        f"{'eng/floor':>11}{'pipeline':>10}{'(wall)':>8}"
    )
    figures = {}
    for plan, submissions, maps in work:
        row = bench_plan(plan, submissions, maps, evaluations, repeat)
        figures[plan.id] = row
        print(
            f"  {plan.id:<22}{row['targets']:>8}{row['engine_per_cpu_s']:>9.0f}"
            f"{row['engine_per_wall_s']:>9.0f}{row['engine_single_call_per_cpu_s']:>9.0f}"
            f"{row['floor_per_cpu_s']:>9.0f}{row['engine_over_floor']:>10.1f}x"
            f"{row['pipeline_per_cpu_s']:>10.0f}{row['pipeline_per_wall_s']:>8.0f}"
        )
        if row["disagreements"]:
            print(f"  !! {row['disagreements']} engine verdicts differ from the floor")
    print(
        "  engine: evaluate_many over one batch of measure maps; 1/call: evaluate() per map;\n"
        "  floor: a comparator.holds loop over the same maps; eng/floor: engine ÷ floor time;\n"
        "  pipeline: ipscore.evaluate(plan, submission dict). Rates per CPU-second, and per\n"
        "  wall-clock second in (wall)."
    )
    slowest = min(row["pipeline_per_cpu_s"] for row in figures.values())
    engine_rate = figures["synthetic-20"]["engine_per_cpu_s"]
    print(
        f"  about {REGIONS_OF_CHINA} regions (every prefecture and county of China), one "
        f"evaluation each on one core:\n  engine stage {REGIONS_OF_CHINA / engine_rate:.2f} s "
        f"(20 targets), full pipeline {REGIONS_OF_CHINA / slowest:.1f} s (slowest plan)"
    )
    return {"pinning": pinned, "load_average": os.getloadavg(), "plans": figures}


def rss_kib() -> int:
    """This process's resident set size from /proc/self/status (VmRSS), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise SystemExit("no VmRSS in /proc/self/status")


def bench_memory(evaluations: int, seed: int) -> dict[str, Any]:
    """VmRSS before and after many engine evaluations, in batches of 1,000 after a warm-up."""
    plan = generate.synthetic_plan(20)
    compiled = engine.compile_rules(
        [engine.Rule(t.id, t.comparator, t.threshold) for t in plan.targets]
    )
    maps = generate.random_maps(plan, 1000, random.Random(seed))
    compiled.evaluate_many(maps)
    gc.collect()
    before = rss_kib()
    started = time.perf_counter()
    done = 0
    while done < evaluations:
        chunk = maps[: min(len(maps), evaluations - done)]
        compiled.evaluate_many(chunk)
        done += len(chunk)
    seconds = time.perf_counter() - started
    gc.collect()
    after = rss_kib()
    growth_mib = (after - before) / 1024
    print(f"\n== memory over {done} engine evaluations of the synthetic 20-target plan")
    print(
        f"  VmRSS before {before / 1024:.1f} MiB, after {after / 1024:.1f} MiB, "
        f"growth {growth_mib:+.2f} MiB ({done / seconds:.0f} evaluations/s; "
        f"facts left in the working sessions {compiled.leftover_facts()})"
    )
    plans_before, plans_after, plans = _rss_over_evicted_plans(random.Random(seed))
    print(
        f"  {plans} plans of 60 targets compiled, evaluated once and evicted in turn (at most "
        f"{engine.MAX_COMPILED} kept): VmRSS {plans_before / 1024:.1f} -> "
        f"{plans_after / 1024:.1f} MiB, growth {(plans_after - plans_before) / 1024:+.2f} MiB"
    )
    return {
        "evaluations": done,
        "rss_before_kib": before,
        "rss_after_kib": after,
        "evicted_plans": plans,
        "evicted_rss_before_kib": plans_before,
        "evicted_rss_after_kib": plans_after,
    }


def _rss_over_evicted_plans(rng: random.Random, plans: int = 1000) -> tuple[int, int, int]:
    """VmRSS once the compiled-plan cache is full, and after as many plans again have been
    compiled, evaluated once and evicted: an evicted plan must leave nothing in the C core."""

    def one(n: int) -> None:
        rules = [engine.Rule(f"m{n}t{i}", Comparator.ge, rng.uniform(0, 100)) for i in range(60)]
        engine.compile_rules(rules).evaluate({rule.target_id: 50.0 for rule in rules})

    for n in range(engine.MAX_COMPILED):
        one(n)
    gc.collect()
    before = rss_kib()
    for n in range(engine.MAX_COMPILED, engine.MAX_COMPILED + plans):
        one(n)
    gc.collect()
    return before, rss_kib(), plans


def _workbook(path: Path, rows: int, cell: object) -> None:
    """An Indicators sheet of ``rows`` indicators × 10 years, every cell ``cell``."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Indicators")
    years = list(range(2015, 2025))
    for row in (["region", "南京市"], ["as_of", "2024-12-31"], ["key", *years]):
        sheet.append(row)
    for number in range(rows):
        sheet.append([f"indicator_{number}", *[cell] * len(years)])
    workbook.create_sheet("Milestones").append(["key", "done"])
    workbook.save(path)


def bench_sheets(repeat: int) -> dict[str, Any]:
    """CPU time of ``ipscore.read_submission`` on 10,000 good cells and on 10,000 bad ones."""
    figures: dict[str, Any] = {}
    print(f"\n== sheets: ipscore.read_submission on a workbook, CPU time, median of {repeat}")
    with tempfile.TemporaryDirectory() as folder:
        for name, cell in (("good", 1234.5), ("bad", "n/a")):
            path = Path(folder) / f"{name}.xlsx"
            _workbook(path, 1000, cell)
            times, listed = [], 0
            for _ in range(repeat):
                started = time.process_time()
                try:
                    ipscore.read_submission(path)
                except ipscore.InputError as exc:
                    listed = len(exc.problems)
                times.append(time.process_time() - started)
            seconds = statistics.median(times)
            figures[name] = {"cells": 10_000, "cpu_seconds": seconds, "lines": listed}
            shown = f", {listed} lines listed" if listed else ""
            print(f"  10,000 {name} cells  {seconds * 1000:6.0f} ms CPU{shown}")
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and evaluations")
    parser.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    parser.add_argument("--runs", type=int, help="cold-process runs (default 7, quick 3)")
    parser.add_argument("--evaluations", type=int, help="maps per engine run (default 5000)")
    parser.add_argument("--memory", type=int, help="evaluations for the memory figure (100000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--pin", type=int, metavar="CPU", help="run on this CPU only (Linux)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    sections = args.only.split(",") if args.only else list(SECTIONS)
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")

    info = machine()
    print(
        f"ipscore {info['ipscore']} · durable-rules {info['durable_rules']} · Python "
        f"{info['python']} · {info['cpus']} CPUs · {info['cpu_model']} · "
        f"load average {info['load_average']:.2f}"
    )
    figures: dict[str, Any] = {"machine": info, "quick": args.quick}
    if "cold" in sections:
        figures["cold"] = bench_cold(args.runs or (3 if args.quick else 7))
    if "cases" in sections:
        figures["cases"] = bench_cases(
            evaluations=100 if args.quick else 500, repeat=3 if args.quick else 5
        )
    if "steps" in sections:
        figures["steps"] = bench_steps(
            evaluations=200 if args.quick else 1000, repeat=3 if args.quick else 5
        )
    if "engine" in sections:
        figures["throughput"] = bench_engine(
            evaluations=args.evaluations or (1000 if args.quick else 5000),
            repeat=3 if args.quick else 5,
            samples=20 if args.quick else 200,
            seed=args.seed,
            pin=args.pin,
        )
    if "memory" in sections:
        default = 20_000 if args.quick else 100_000
        figures["memory"] = bench_memory(args.memory or default, args.seed)
    if "sheets" in sections:
        figures["sheets"] = bench_sheets(3 if args.quick else 7)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
