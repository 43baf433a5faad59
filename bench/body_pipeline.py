"""Body pipeline benchmark: every step a body goes through, on 500 KB of each input
that once took the square of its length.

    python -m bench.body_pipeline                 # → "## Body pipeline" in BENCHMARKS.md
    python -m bench.body_pipeline --size 100000 --no-write

The inputs are the families of ``tests/content/test_body_linear_time.py`` (newlines,
unclosed comments, half shortcodes, nested markup, long runs of ``&``…), each made
500 KB long, the most the live preview accepts. Each step (rendering in both formats,
summaries, the WordPress conversion, search and feed text) is timed on each family in
CPU seconds of this process, the least of two runs. The preview renders one body in one
format: its cost is the "render" column; saving a post renders and summarises.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BENCHMARKS = ROOT / "BENCHMARKS.md"
HEADING = "## Body pipeline"
RUNS = 2


def measure(size: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    from tests.content.test_body_linear_time import FAMILIES, steps

    results = {}
    for family, maker in FAMILIES.items():
        make = maker[0] if isinstance(maker, tuple) else maker
        body = make(size)
        timed = {}
        for name, step in steps(body).items():
            best = float("inf")
            for _ in range(RUNS):
                started = time.process_time()
                step()
                best = min(best, time.process_time() - started)
            timed[name] = best
        results[family] = {"characters": len(body), "steps": timed}
        print(f"{family}: {sum(timed.values()):.2f} s", flush=True)
    return results


def section(results: dict, size: int, command: str) -> str:
    from bench.machine import machine

    about = machine()
    totals = {family: sum(r["steps"].values()) for family, r in results.items()}
    worst = max(totals, key=totals.get)
    preview = {
        family: max(r["steps"]["render html"], r["steps"]["render markdown"])
        for family, r in results.items()
    }
    worst_preview = max(preview, key=preview.get)
    rows = [
        f"| {family} | {r['characters']:,} | {r['steps']['render html']:.2f} s | "
        f"{r['steps']['render markdown']:.2f} s | {r['steps']['convert classic']:.2f} s | "
        f"{totals[family]:.2f} s |"
        for family, r in results.items()
    ]
    return "\n".join(
        [
            HEADING,
            "",
            f"body pipeline, {size // 1000} KB adversarial input: {totals[worst]:.1f} s for every "
            f"step on the worst of {len(results)} inputs ({worst}); the live preview's render "
            f"{preview[worst_preview]:.1f} s at worst ({worst_preview}).",
            "",
            f"Each input of `tests/content/test_body_linear_time.py`, made {size:,} characters "
            "long (the most the live preview accepts), through every step a body goes through: "
            "rendering as HTML and as Markdown, the summary of each, the summary of an excerpt, "
            "the WordPress conversion (classic and block content), rendering the converted body, "
            "plain text, search text and feed text. CPU seconds of one process, the least of "
            f"{RUNS} runs. The test checks the shape (4× the input costs less than 8× the "
            "time); these are the sizes it reaches. Saving a post renders and summarises it "
            "once; an import converts, renders and summarises.",
            "",
            f"- Machine: {about['cores']} cores ({about['cpu']}), {about['memory_gib']} GiB, "
            f"{about['system']}; shared with other work while measuring",
            f"- Date: {date.today().isoformat()}",
            f"- Command: `{command}`",
            "",
            "| input | characters | render (HTML) | render (Markdown) | WordPress conversion | every step |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )


def write_section(text: str) -> None:
    """Replace this benchmark's section only: the file's other sections belong to others."""
    current = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _match: text + "\n\n", current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    BENCHMARKS.write_text(updated.rstrip("\n") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=500_000, help="characters per input")
    parser.add_argument("--no-write", action="store_true", help="print, leave BENCHMARKS.md")
    args = parser.parse_args()
    results = measure(args.size)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "body_pipeline.json").write_text(json.dumps(results, indent=2))
    text = section(results, args.size, f"python -m bench.body_pipeline --size {args.size}")
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"wrote the {HEADING!r} section of {BENCHMARKS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
