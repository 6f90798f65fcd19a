"""`python -m procgen.synth --n N --seed S --out LIBRARY_DIR`: write a library of synthesized, checked programs."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from procgen.manifest import ManifestError
from procgen.synth.library import build_library, duplicate_stats, procgen_checker
from procgen.synth.program import SUPPORTED_VERSIONS, SYNTH_VERSION, SynthVersionError, synthesize


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m procgen.synth", description=__doc__ + "\n\nEvery candidate goes through procgen.check; "
        "failures are deleted, logged and counted in the manifest. Rerunning on the same folder with the same "
        "seed and version continues (or extends) it; another version or seed is refused.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, required=True, help="number of programs the library should hold")
    parser.add_argument("--seed", type=int, required=True, help="synthesizer seed (program n of seed S is always the same text)")
    parser.add_argument("--out", type=Path, help="library folder (created; manifest.json + synth_*.glsl + include/)")
    parser.add_argument("--version", type=int, default=SYNTH_VERSION, choices=SUPPORTED_VERSIONS,
                        help="synthesizer version (default %(default)s)")
    parser.add_argument("--budget-ms", type=float, default=2000.0,
                        help="check: deadline per 4-image render at one resolution (default %(default)s)")
    parser.add_argument("--print", dest="print_index", type=int, default=None, metavar="INDEX",
                        help="print the source of program INDEX to stdout and exit (no folder needed)")
    parser.add_argument("--stats", action="store_true",
                        help="only generate the --n sources (no check, no folder) and print duplicate counts as JSON")
    args = parser.parse_args(argv)
    if args.stats:
        print(json.dumps(duplicate_stats(args.n, args.seed, args.version), indent=1))
        return 0
    if args.print_index is not None:
        print(synthesize(args.version, args.seed, args.print_index).source, end="")
        return 0
    if args.out is None:
        parser.error("--out is required (unless --print)")
    if args.n < 0 or args.budget_ms <= 0:
        parser.error("--n must be >= 0 and --budget-ms > 0")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    start = time.perf_counter()
    try:
        report = build_library(args.out, args.n, args.seed, args.version, procgen_checker(args.budget_ms))
    except (SynthVersionError, ManifestError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{report.library}: {report.programs} programs (version {report.version}, seed {report.seed}); "
          f"this run checked {report.candidates} candidates, added {report.added}; rejected so far "
          f"{len(report.rejected)} (pass rate {100 * report.pass_rate:.2f}%) in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
