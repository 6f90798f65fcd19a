"""The compatibility report of an ingest: report.json, report.md and contact_sheet.png.

Counts accepted / rejected by reason, ms per image by percentile, licences, the ten slowest
programs, and one contact-sheet tile per accepted program (a deterministic sample of at most
`SHEET_TILES` when there are more).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Callable

import numpy as np

SHEET_TILES = 100
TILE = 64


def _ms(record: dict) -> float | None:
    values = (record.get("check") or {}).get("ms_per_image") or {}
    return min(float(v) for v in values.values()) if values else None


def _contact_sheet(out: Path, accepted: list[dict]) -> int:
    """Write contact_sheet.png of accepted programs' check previews; returns the tile count."""
    from PIL import Image, ImageDraw

    step = max(1, -(-len(accepted) // SHEET_TILES))
    chosen = accepted[::step][:SHEET_TILES]
    columns = max(1, min(10, len(chosen)))
    rows = max(1, -(-len(chosen) // columns))
    sheet = Image.new("RGB", (columns * TILE, rows * (TILE + 12)), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    for position, record in enumerate(chosen):
        x, y = (position % columns) * TILE, (position // columns) * (TILE + 12)
        preview = out / ".ingest" / "previews" / f"{record['key']}.png"
        if preview.exists():
            sheet.paste(Image.open(preview).convert("RGB").resize((TILE, TILE)), (x, y))
        draw.text((x + 2, y + TILE), record["manifest_name"][:10], fill=(220, 220, 220))
    sheet.save(out / "contact_sheet.png")
    return len(chosen)


def write_report(out: Path, accepted: list[dict], rejected: list[dict], category: Callable[[str], str],
                 seconds: float, checked: int, skipped: int) -> dict:
    """Write the three report files into `out`; returns the report as a dict."""
    times = [(ms, r) for r in accepted if (ms := _ms(r)) is not None]
    values = np.array([ms for ms, _ in times]) if times else np.zeros(0)
    by_reason = Counter(category(r.get("reason", "")) for r in rejected)
    examples = {}
    for record in rejected:
        examples.setdefault(category(record.get("reason", "")), f"{record['origin']}#{record['source_id']}: "
                                                                 f"{str(record.get('reason', ''))[:200]}")
    candidates = len(accepted) + len(rejected)
    report = {
        "library": str(out), "candidates": candidates, "accepted": len(accepted), "rejected": len(rejected),
        "rejected_by_reason": dict(by_reason.most_common()), "reason_examples": examples,
        "ms_per_image_percentiles": {f"p{p}": float(np.percentile(values, p)) for p in (50, 90, 99)} if len(values) else {},
        "licences_accepted": dict(Counter(r["licence"] for r in accepted).most_common()),
        "licences_all": dict(Counter(r["licence"] for r in accepted + rejected).most_common()),
        "slowest": [{"name": r["manifest_name"], "ms_per_image": ms} for ms, r in sorted(times, key=lambda t: -t[0])[:10]],
        "seconds": seconds, "checked_this_run": checked, "skipped_already_decided": skipped,
        "programs_per_minute": 60.0 * (checked / seconds) if seconds > 0 else 0.0,
    }
    report["contact_sheet_tiles"] = _contact_sheet(out, accepted) if accepted else 0
    (out / "report.json").write_text(json.dumps(report, indent=1))
    lines = [f"# Ingest report: {out}", "",
             f"{len(accepted)} accepted of {candidates} programs ({report['programs_per_minute']:.0f} checked per minute "
             f"this run; {skipped} already decided before).", "",
             "| rejected because | programs | example |", "|---|---|---|"]
    lines += [f"| {reason} | {count} | {examples[reason].replace('|', '/')} |" for reason, count in by_reason.most_common()]
    lines += ["", "| ms per image (64 px, best of the check) | value |", "|---|---|"]
    lines += [f"| {k} | {v:.3f} |" for k, v in report["ms_per_image_percentiles"].items()]
    lines += ["", "| licence (accepted) | programs |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in report["licences_accepted"].items()]
    lines += ["", "Ten slowest: " + ", ".join(f"{s['name']} ({s['ms_per_image']:.2f} ms)" for s in report["slowest"]),
              "", f"Contact sheet: contact_sheet.png ({report['contact_sheet_tiles']} tiles).", "",
              "This library is yours: keep it outside the repository and keep each program's licence "
              "(listed per program in manifest.json)."]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    return report
