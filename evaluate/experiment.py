"""The experiment runner: ``python -m evaluate.experiment CONFIG.yaml [--resume]``.

Runs the grid of an experiment config (``evaluate.experiment_config``): for every seed, backbone
and budget, each source is trained (procedural stream, or real images through
``evaluate.control`` for ``real:`` sources; ``random-init`` is the backbone's own untrained
weights), exported with its provenance, and measured on every benchmark; the raw-pixel
baseline is measured once per knn benchmark. Each cell is written to ``results.json`` the
moment it finishes (done, or failed with its reason: a NaN loss or a missing dataset fails
that cell and the grid goes on), so a killed run resumed with ``--resume`` redoes nothing
finished (a partly trained run resumes from its last checkpoint). At the end: ``results.md``
(table) and ``results.png`` (chart), also rewritten after every cell.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from evaluate.benchmarks import get_benchmark
from evaluate.experiment_config import (RANDOM_INIT, ExperimentConfig, ExperimentConfigError, as_override_text,
                                        load_experiment, run_fingerprint, train_overrides)

logger = logging.getLogger(__name__)

__all__ = ["run_experiment", "plan_runs", "main", "RESULTS_FORMAT"]

RESULTS_FORMAT = "procvision-experiment-v1"
PIXELS = "pixels"


def plan_runs(exp: ExperimentConfig) -> list[dict[str, Any]]:
    """The backbones to measure, in order: per seed and backbone its random init, then budget x source; then pixels.

    Each run: ``source``, ``backbone``, ``budget`` (0 for random init and pixels), ``seed`` (None
    for pixels), ``overrides`` (train.config keys), ``id`` (names the run folder, which holds the
    export; changes when the recipe or the seed changes) and ``train_id`` (names the folder of its
    training). With ``schedule_steps`` set, the budgets of one (seed, backbone, source) are points of
    one schedule: they share one training (``train_id`` without the budget), trained once up to
    each budget in turn, budgets ascending.
    """
    runs = []
    for seed in exp.seeds:
        for backbone in exp.backbones:
            pairs = [(RANDOM_INIT, 0)] if RANDOM_INIT in exp.sources else []
            pairs += [(s, b) for b in sorted(exp.budgets) for s in exp.sources if s != RANDOM_INIT]
            for source, budget in pairs:
                overrides = train_overrides(exp, backbone, source, budget, seed)
                extra = exp.control if source.startswith("real:") else None
                slug = source.replace(":", "_").replace("/", "_")
                run_id = f"{backbone}/{slug}-{budget}-s{seed}-{run_fingerprint(overrides, extra)}"
                schedule = int(overrides.get("schedule_steps", 0) or 0)
                train_id = run_id
                if schedule and source != RANDOM_INIT:
                    shared = {k: v for k, v in overrides.items() if k != "steps"}
                    train_id = f"{backbone}/{slug}-of{schedule}-s{seed}-{run_fingerprint(shared, extra)}"
                runs.append({"source": source, "backbone": backbone, "budget": budget, "seed": seed,
                             "overrides": overrides, "id": run_id, "train_id": train_id})
    if exp.pixel_baseline:
        runs.append({"source": PIXELS, "backbone": PIXELS, "budget": 0, "seed": None, "overrides": {}, "id": PIXELS,
                     "train_id": PIXELS})
    return runs


def _resolve(run: dict[str, Any], train_dir: Path):
    from train.config import resolve_config

    items = {**run["overrides"], "output_dir": str(train_dir)}
    return resolve_config(None, [f"{k}={as_override_text(v)}" for k, v in items.items()])


def prepare_backbone(exp: ExperimentConfig, run: dict[str, Any], runs_root: Path) -> str:
    """Train (or reuse, or resume) the run and export it; returns the backbone spec to measure.

    The export goes to ``runs_root/<id>/backbone``, the training to ``runs_root/<train_id>/train``.
    A training that already went past the budget (a shared schedule) exports its checkpoint at
    exactly the budget.
    """
    if run["source"] == PIXELS:
        return f"pixels@{exp.pixel_resolution}"
    export = runs_root / run["id"] / "backbone"
    if (export / "config.json").is_file() and (export / "model.safetensors").is_file():
        steps = json.loads((export / "config.json").read_text()).get("steps")
        if steps == run["budget"]:
            return str(export)  # finished earlier: reuse
    from train.checkpoint import list_checkpoints
    from train.export import export_checkpoint, export_random_init

    train_dir = runs_root / run["train_id"] / "train"
    cfg = _resolve(run, train_dir)
    if run["source"] == RANDOM_INIT:
        export_random_init(cfg, export)
        return str(export)
    saved = dict(list_checkpoints(train_dir))
    cfg.resume = bool(saved)  # a killed run continues from its last checkpoint
    if run["budget"] not in saved:
        if saved and max(saved) > run["budget"]:
            raise RuntimeError(f"{train_dir} is past step {run['budget']} (at {max(saved)}) and keeps no checkpoint "
                               f"at {run['budget']}: delete that folder to retrain, or drop the budget")
        from train.loop import train

        stream = None
        if run["source"].startswith("real:"):
            from evaluate.control import real_stream_factory

            stream = real_stream_factory(run["source"].removeprefix("real:"), cfg.data.resolution, seed=cfg.seed,
                                         limit=exp.control.get("limit"),
                                         scale=tuple(exp.control.get("scale", (0.35, 1.0))))
        summary = train(cfg, stream=stream)
        if summary["interrupted"]:
            raise KeyboardInterrupt(f"training of {run['id']} was interrupted at step {summary['step']}")
        saved = dict(list_checkpoints(train_dir))
    export_checkpoint(saved[run["budget"]], export)
    return str(export)


class Results:
    """results.json: the config, and one record per cell, rewritten atomically after each cell."""

    def __init__(self, path: Path, exp: ExperimentConfig, resume: bool) -> None:
        self.path = path
        self.data: dict[str, Any] = {"format": RESULTS_FORMAT, "name": exp.name, "config": exp.raw, "cells": {}}
        if path.exists():
            if not resume:
                raise ExperimentConfigError(f"{path} exists: pass --resume to continue that experiment, "
                                            "or choose another output_dir")
            old = json.loads(path.read_text())
            if old.get("format") != RESULTS_FORMAT:
                raise ExperimentConfigError(f"{path} is not a {RESULTS_FORMAT} file")
            self.data["cells"] = old.get("cells", {})

    def done(self, cell_id: str) -> bool:
        return self.data["cells"].get(cell_id, {}).get("status") == "done"

    def record(self, cell_id: str, record: dict[str, Any]) -> None:
        self.data["cells"][cell_id] = record
        self.data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.data, indent=2) + "\n")
        os.replace(tmp, self.path)  # atomic: a kill never leaves half a results file


def run_experiment(exp: ExperimentConfig, resume: bool = False) -> dict[str, Any]:
    """Run every cell not yet done; returns the results dict (as written to results.json)."""
    from evaluate.experiment_report import write_report

    out = exp.output_dir
    out.mkdir(parents=True, exist_ok=True)
    results = Results(out / "results.json", exp, resume)
    runs = plan_runs(exp)
    total = len(runs) * len(exp.benchmarks)
    n = 0
    for run in runs:
        benches = [b for b in exp.benchmarks if run["source"] != PIXELS or b.kind == "knn"]
        cells = {b.name: f"{run['id']}|{b.name}" for b in benches}
        n += len(exp.benchmarks)
        todo = [b for b in benches if not results.done(cells[b.name])]
        if not todo:
            continue
        trained = run["source"] not in (PIXELS, RANDOM_INIT)
        base = {"source": run["source"], "backbone": run["backbone"], "budget": run["budget"], "seed": run["seed"],
                "run": run["id"], "train": f"{run['train_id']}/train" if trained else None}
        print(f"[{n}/{total}] {run['id']}: {len(todo)} benchmark(s) to measure", flush=True)
        clock = time.perf_counter()
        try:
            spec = prepare_backbone(exp, run, out / "runs")
        except KeyboardInterrupt:
            raise
        except Exception as err:  # this run fails; its cells say why and the grid goes on
            reason = f"{type(err).__name__}: {err}"
            logger.debug("run %s failed:\n%s", run["id"], traceback.format_exc())
            print(f"  failed: {reason}", flush=True)
            for b in todo:
                results.record(cells[b.name], {**base, "benchmark": b.name, "status": "failed", "stage": "train",
                                               "reason": reason})
            write_report(results.data, out)
            continue
        train_seconds = round(time.perf_counter() - clock, 1)
        for b in todo:
            clock = time.perf_counter()
            try:
                bench_dir = out / "bench" / b.name.replace(":", "_").replace("/", "_")
                bench_dir.mkdir(parents=True, exist_ok=True)
                params = {"seed": exp.benchmark_seed, **b.params} if b.kind == "knn" else dict(b.params)
                metrics = get_benchmark(b.kind)(spec, params, bench_dir)
                record = {**base, "benchmark": b.name, "status": "done", "backbone_spec": spec, "metrics": metrics,
                          "seconds": {"prepare": train_seconds, "benchmark": round(time.perf_counter() - clock, 1)}}
                print(f"  {b.name}: {_headline(metrics)}", flush=True)
            except KeyboardInterrupt:
                raise
            except Exception as err:
                reason = f"{type(err).__name__}: {err}"
                print(f"  {b.name} failed: {reason}", flush=True)
                record = {**base, "benchmark": b.name, "status": "failed", "stage": "benchmark", "reason": reason}
            results.record(cells[b.name], record)
            write_report(results.data, out)
    write_report(results.data, out)
    return results.data


def _headline(metrics: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in metrics.items() if k.startswith("top1@"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m evaluate.experiment",
        description="Run an experiment grid (pretraining sources x backbones x budgets x benchmarks) and write "
                    "results.json, results.md and results.png into the config's output_dir.")
    parser.add_argument("config", type=Path, help="experiment YAML (see evaluate.experiment_config)")
    parser.add_argument("--resume", action="store_true",
                        help="continue an experiment whose output_dir already holds results.json: finished cells "
                             "are kept, failed ones retried, partly trained runs resume from their checkpoint")
    parser.add_argument("--output-dir", type=Path, default=None, help="override the config's output_dir")
    parser.add_argument("--check", action="store_true", help="only check the config (names, datasets) and list "
                                                             "the runs")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        exp = load_experiment(args.config)
        if args.output_dir is not None:
            exp.output_dir = args.output_dir
        if args.check:
            for run in plan_runs(exp):  # a shared schedule's runs name the training they are points of
                print(run["id"] + (f"  (training: {run['train_id']})" if run["train_id"] != run["id"] else ""))
            return 0
        data = run_experiment(exp, resume=args.resume)
    except ExperimentConfigError as err:
        print(f"evaluate.experiment: error: {err}", file=sys.stderr)
        return 2
    failed = [c for c, r in data["cells"].items() if r["status"] != "done"]
    print(f"{len(data['cells']) - len(failed)} cells done, {len(failed)} failed; "
          f"{exp.output_dir / 'results.md'}, {exp.output_dir / 'results.png'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
