"""Static export benchmark: a full export of the 10,000-post corpus, then an
incremental one after one edit.

    python -m bench.export_bench                 # → "## Static export" in BENCHMARKS.md
    python -m bench.export_bench --posts 2000 --no-write

A fresh SQLite data folder is filled with the benchmark corpus (``bench/corpus.py``).
Each export runs as an operator runs it, ``newsdesk export-static OUTDIR`` in a process
of its own (all cores, no progress bar), and is timed twice: the whole process (Python
and Django starting included) and the export itself as the command reports it. Between
the two exports one post's title is edited through ``actions.save_post``, as the admin
does; the second export re-renders only what that edit made stale. A third run with no
change shows what an export costs when nothing changed. The results replace the
"## Static export" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BENCHMARKS = ROOT / "BENCHMARKS.md"
HEADING = "## Static export"
NEWSDESK = Path(sys.executable).with_name("newsdesk")
# The command's own summary: "Exported N addresses (M files) … in S s (… K rendered …)".
SUMMARY = re.compile(
    r"Exported (?P<pages>\d+) addresses \((?P<files>\d+) files\) .* in (?P<seconds>[\d.]+) s "
    r"\((?P<how>full|incremental): (?P<rendered>\d+) rendered.*?; (?P<written>\d+) written, "
    r"(?P<removed>\d+) removed; (?P<views>\d+)% of the rendering CPU in the site's views\)"
)
EDIT = """
import django
django.setup()
from newsdesk.content import actions
from newsdesk.content.models import Post
post = Post.objects.public().order_by("-published_at")[500]
post.title += " (corrected)"
stale = actions.save_post(post)
print(len(stale.paths))
"""
# The reference, measured on this machine: a comparable 10,000-post site
# (about 19,000 pages).
REFERENCE = {"Hugo": 27, "Pelican": 60}


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(NEWSDESK_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="newsdesk.settings")
    return env


def export(data_dir: Path, out: Path, jobs: int, *extra: str) -> dict:
    command = [str(NEWSDESK), "export-static", str(out), "--no-progress", "--jobs", str(jobs)]
    started, cpu_before = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [*command, *extra], env=environment(data_dir), capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if done.returncode != 0:
        raise SystemExit(f"export failed:\n{done.stdout}\n{done.stderr}")
    match = SUMMARY.search(done.stdout)
    if match is None:
        raise SystemExit(f"unexpected output:\n{done.stdout}")
    found = {k: (v if k == "how" else float(v)) for k, v in match.groupdict().items()}
    return {**found, "process": wall, "cpu": cpu}


def _children_cpu() -> float:
    """CPU seconds of finished child processes, their own workers included (each waited
    for by its parent)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(posts: int, jobs: int, keep: bool) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix=f"export-{posts}-", dir=OUT))
    out = data_dir / "mirror"
    env = environment(data_dir)
    try:
        print(f"corpus: {posts} posts into {data_dir}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "bench.corpus", "--posts", str(posts)],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        full = export(data_dir, out, jobs)
        print(f"full: {full}", flush=True)
        edited = subprocess.run(
            [sys.executable, "-c", EDIT], env=env, capture_output=True, text=True, check=True
        )
        after_edit = export(data_dir, out, jobs)
        print(f"after one edit: {after_edit}", flush=True)
        unchanged = export(data_dir, out, jobs)
        print(f"no change: {unchanged}", flush=True)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    finally:
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return {
        "posts": posts,
        "jobs": jobs,
        "stale": int(edited.stdout.strip() or 0),
        "full": full,
        "after_edit": after_edit,
        "unchanged": unchanged,
        "megabytes": size / 1e6,
    }


def section(result: dict, command: str) -> str:
    from bench.machine import machine

    about = machine()
    full, edit, same = result["full"], result["after_edit"], result["unchanged"]

    def row(label: str, r: dict) -> str:
        rate = r["rendered"] / r["seconds"] if r["seconds"] else 0
        return (
            f"| {label} | {r['how']} | {r['rendered']:,.0f} | {r['written']:,.0f} | "
            f"{r['removed']:,.0f} | {r['seconds']:.2f} s | {r['process']:.2f} s | "
            f"{r['cpu']:.1f} s | {rate:,.0f} |"
        )

    hugo, pelican = REFERENCE["Hugo"], REFERENCE["Pelican"]
    return "\n".join(
        [
            HEADING,
            "",
            f"`newsdesk export-static OUTDIR` on the benchmark corpus (`bench/corpus.py`, "
            f"{result['posts']:,} posts, 500 tags, 6 categories, 40 authors) in a fresh SQLite "
            f"data folder, {result['jobs']} rendering processes (`--jobs`, one per core), links "
            "relative (the default). The export holds "
            f"{full['pages']:,.0f} addresses (every page of every archive, posts, feeds, "
            f"sitemaps, robots.txt, mirrors.json, 404.html) in {full['files']:,.0f} files, "
            f"{result['megabytes']:,.0f} MB. *Export* is the time the command reports; "
            "*process* includes starting Python and Django. After the full export one post's "
            f"title is edited through `actions.save_post` (its stale set: {result['stale']} "
            "addresses); the incremental export renders that set (and the 404 page and news "
            "sitemap, which no stale set names), writes the files whose bytes changed, and "
            "leaves every other file untouched.",
            "",
            f"- Machine: {about['cores']} cores ({about['cpu']}), {about['memory_gib']} GiB, "
            f"{about['system']}; shared with other work while measuring, so timings are noisy",
            f"- Date: {date.today().isoformat()}",
            f"- Command: `{command}`",
            "",
            "| run | kind | rendered | written | removed | export | process | CPU | rendered/s |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
            row("first export", full),
            row("after one edit", edit),
            row("again, no change", same),
            "",
            f"Reference (the issue, this machine, about 19,000 pages): Hugo ~{hugo} s, Pelican "
            f"~{pelican} s. Full export: {full['seconds']:.0f} s "
            f"({full['seconds'] / hugo:.1f}× Hugo, {full['seconds'] / pelican:.1f}× Pelican); "
            f"target ≤ {hugo} s: {'PASS' if full['seconds'] <= hugo else 'FAIL'}. "
            f"Incremental export after one edit: {edit['seconds']:.2f} s "
            f"({edit['process']:.2f} s with the process start); target < 1 s: "
            f"{'PASS' if edit['seconds'] < 1 else 'FAIL'}.",
            "",
            f"*CPU* is the CPU time of the export process and its workers: "
            f"{full['cpu']:.0f} s for the full export, so about {full['cpu'] / result['jobs']:.0f} s "
            f"of wall time on {result['jobs']} otherwise idle cores. Of the CPU spent on the "
            f"addresses, {full['views']:.0f}% is the site's own rendering (the views, queries, "
            "templates and middleware a reader's request runs, measured in the workers); the "
            "rest is the export's own work: rewriting links with lxml, hashing, writing.",
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
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-write", action="store_true", help="print, leave BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep the data folder and export")
    args = parser.parse_args()
    result = run(args.posts, args.jobs, args.keep)
    (OUT / "export.json").write_text(json.dumps(result, indent=2))
    text = section(result, f"python -m bench.export_bench --posts {args.posts}")
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"wrote the {HEADING!r} section of {BENCHMARKS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
