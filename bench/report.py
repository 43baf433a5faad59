"""The "## Serving" section of BENCHMARKS.md, from the raw results of a run.

Only that section is rewritten; the rest of the file (other benchmarks) stays as it is.
"""

from __future__ import annotations

import math
from pathlib import Path

SECTION = "## Serving"
MODES = ("uncached", "cached (app)", "cached (nginx front)")
# Issue 5's figures.
NGINX_SHARE = 0.30
UNCACHED_TAG_RPS = 600
DEPTH_RATIO = 1.5
SOAK_MEMORY_DRIFT = 0.10
WHOLE_RUN_SECONDS = 600
DEFAULT_SERVER = "newsdesk serve's default"


def write(results: dict, path: Path) -> None:
    section = render(results)
    text = path.read_text() if path.exists() else "# Benchmarks\n\nWritten by `make bench`.\n"
    path.write_text(replace_section(text, section))


def replace_section(text: str, section: str) -> str:
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if line.rstrip() == SECTION), None)
    if start is None:
        return text.rstrip("\n") + "\n\n" + section
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
    after = "".join(lines[end:])
    return "".join(lines[:start]) + section + ("\n" + after if after else "")


def render(results: dict) -> str:
    machine, versions, options = results["machine"], results["versions"], results["options"]
    out = [
        SECTION,
        "",
        f"Measured {results['started']} by `make bench` (`bench/run`), in "
        f"{results['elapsed_s'] / 60:.1f} minutes. Machine: {machine['cores']} cores "
        f"({machine['cpu']}), {machine['memory_gib']} GiB of memory, {machine['system']}.",
        "Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
        *_load_average(results),
        "",
        f"Each figure is one wrk run on 127.0.0.1 (`wrk -t2 -c16 -d{options['seconds']:g}s "
        f"--latency`, after a {options['warmup']:g}-second warm-up: before each uncached page, "
        "once per server for cache hits and nginx), with the load generator on "
        "the same cores as the server, and the header `Accept-Encoding: gzip` that every "
        "browser sends. The server is the one `make run` starts, `newsdesk serve` (gunicorn, "
        "DEBUG off, its default workers), here with `--no-access-log`, on a data folder freshly loaded "
        f"with the benchmark corpus (`bench/corpus.py`, {options['posts']:,} posts; the tag "
        "page is `topic-0`, on about half of them).",
        "",
        "- **uncached**: `NEWSDESK_PAGE_CACHE=off`: every request renders the page from the "
        "database.",
        "- **cached (app)**: `NEWSDESK_PAGE_CACHE=disk`, the cache filled by one request per "
        "page first: the app answers from the page-cache files (compressed).",
        "- **cached (nginx front)**: the same server behind nginx configured by `newsdesk "
        "nginx-config` (the production setup in README.md): nginx serves the page-cache "
        "files itself.",
        "- **nginx**: plain nginx serving a copy of the cached tag page's files (`index.html` "
        "and its `.gz`) with a minimal configuration: the same bytes newsdesk sends.",
        "",
        "Raw results (every wrk report): `bench/out/serving.json`.",
        "",
    ]
    out += _targets(results)
    out += _pages(results)
    out += _nginx(results)
    out += _depth(results)
    out += _app_servers(results)
    out += _soak(results)
    if results["notes"]:
        out += ["### Notes from the run", ""]
        out += [f"- {note}" for note in results["notes"]]
        out.append("")
    return "\n".join(out)


# --- figures ------------------------------------------------------------------------


def _load_average(results: dict) -> list[str]:
    load = results.get("load_average")
    if not load:
        return []
    return [
        f"Load average (1 minute) when the run started: {load['start']:.2f}, when it ended: "
        f"{load['end']:.2f}; anything else running on the machine lowers every figure."
    ]


def _load(results: dict, database: str, mode: str, page: str) -> dict | None:
    return next(
        (
            run["load"]
            for run in results["runs"]
            if (run["database"], run["mode"], run["page"]) == (database, mode, page)
        ),
        None,
    )


def _databases(results: dict) -> list[str]:
    return list(dict.fromkeys(run["database"] for run in results["runs"]))


def _rps(load: dict | None) -> str:
    return "—" if load is None else f"{load['requests_per_second']:,.0f}"


def _ms(value: float) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:,.0f}"


def _cell(load: dict | None) -> str:
    if load is None:
        return "—"
    errors = f", **{load['errors']} errors**" if load["errors"] else ""
    return f"{_rps(load)} · {_ms(load['p50_ms'])} / {_ms(load['p99_ms'])}{errors}"


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("PASS" if ok else "FAIL")


def _same_bytes(results: dict, database: str) -> dict | None:
    return next((e for e in results["same_bytes"] if e["database"] == database), None)


def _nginx_rps(entry: dict) -> float:
    """nginx's figure for a comparison: the mean of its runs before and after."""
    return sum(load["requests_per_second"] for load in entry["nginx"]) / len(entry["nginx"])


def _share(results: dict, database: str, who: str) -> float | None:
    entry = _same_bytes(results, database)
    if entry is None:
        return None
    return entry[who]["requests_per_second"] / _nginx_rps(entry)


def _targets(results: dict) -> list[str]:
    rows = []
    for database in _databases(results):
        for who, name in (("app", "newsdesk serve"), ("front", "nginx front")):
            share = _share(results, database, who)
            rows.append(
                (
                    f"Cached tag page ({name}, {database}) ≥ {NGINX_SHARE:.0%} of nginx's req/s on the same bytes",
                    "—" if share is None else f"{share:.1%}",
                    _verdict(None if share is None else share >= NGINX_SHARE),
                )
            )
    for database in _databases(results):
        load = _load(results, database, "uncached", "tag page 1")
        rows.append(
            (
                f"Uncached tag page ({database}, 10,000 posts) ≥ {UNCACHED_TAG_RPS} req/s",
                f"{_rps(load)} req/s",
                _verdict(None if load is None else load["requests_per_second"] >= UNCACHED_TAG_RPS),
            )
        )
    for depth in results["depth"]:
        rows.append(
            (
                f"Page 200 costs ≤ {DEPTH_RATIO}× page 1 ({depth['database']}, {depth['posts']:,} posts, uncached)",
                f"{depth['cost_ratio']:.2f}×",
                _verdict(depth["cost_ratio"] <= DEPTH_RATIO),
            )
        )
    soak = results.get("soak")
    if soak:
        load = soak["load"]
        rows.append(
            (
                f"Soak ({soak['seconds']:g} s, {soak['connections']} connections, cached tag page): zero errors",
                f"{load['non_2xx_3xx']} non-2xx/3xx, {sum(load['socket_errors'].values())} socket errors",
                _verdict(load["errors"] == 0),
            )
        )
        rows.append(
            (
                f"Soak: memory at the end within {SOAK_MEMORY_DRIFT:.0%} of memory at 10 s",
                f"{soak['change']:+.1%}",
                _verdict(abs(soak["change"]) <= SOAK_MEMORY_DRIFT),
            )
        )
    rows.append(
        (
            f"The whole run under {WHOLE_RUN_SECONDS // 60} minutes",
            f"{results['elapsed_s'] / 60:.1f} min",
            _verdict(results["elapsed_s"] < WHOLE_RUN_SECONDS),
        )
    )
    lines = ["### Targets (issue 5)", "", "| target | measured | |", "|---|---:|---|"]
    lines += [f"| {name} | {value} | {verdict} |" for name, value, verdict in rows]
    return [*lines, ""]


def _pages(results: dict) -> list[str]:
    lines = [
        f"### Pages at {results['options']['posts']:,} posts",
        "",
        "requests/s · p50 / p99 latency in ms",
        "",
    ]
    for database in _databases(results):
        lines += [
            f"**{database}**",
            "",
            "| page | " + " | ".join(MODES) + " |",
            "|---|" + "---:|" * len(MODES),
        ]
        pages = dict.fromkeys(run["page"] for run in results["runs"] if run["database"] == database)
        for page in pages:
            path = next(run["path"] for run in results["runs"] if run["page"] == page)
            cells = [_cell(_load(results, database, mode, page)) for mode in MODES]
            lines.append(f"| {page} `{path}` | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def _nginx(results: dict) -> list[str]:
    if not results["same_bytes"]:
        return []
    lines = [
        "### Against nginx on the same bytes (tag page 1, cached)",
        "",
        "Measured back to back: plain nginx, newsdesk serve answering from its cache, the "
        "nginx front, plain nginx again; the share is against the mean of the two nginx runs.",
        "",
        "| database | server | req/s | p50 ms | p99 ms | share of nginx |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for entry in results["same_bytes"]:
        database, size = entry["database"], entry["bytes"]["gzip"]
        before, after = entry["nginx"]
        rows = [
            (f"plain nginx ({size:,} bytes, gzip), before", before, None),
            ("newsdesk serve, page cache", entry["app"], _share(results, database, "app")),
            (
                "nginx front (`newsdesk nginx-config`)",
                entry["front"],
                _share(results, database, "front"),
            ),
            ("plain nginx, after", after, None),
        ]
        for name, load, share in rows:
            shown = "" if share is None else f"{share:.1%}"
            lines.append(
                f"| {database} | {name} | {_rps(load)} | {_ms(load['p50_ms'])} | {_ms(load['p99_ms'])} | {shown} |"
            )
    lines.append("")
    for entry in results["same_bytes"]:
        if "nginx_uncompressed" in entry:
            load = entry["nginx_uncompressed"]
            lines += [
                f"For scale: the same nginx sending the page uncompressed ({entry['bytes']['identity']:,} "
                f"bytes, no `Accept-Encoding`): {_rps(load)} req/s, p50 {_ms(load['p50_ms'])} ms, "
                f"p99 {_ms(load['p99_ms'])} ms.",
                "",
            ]
    return lines


def _depth(results: dict) -> list[str]:
    lines = [
        "### Archive depth: tag page 200 against page 1 (uncached)",
        "",
        "Cost ratio = page 1's req/s ÷ page 200's req/s (1.0: page 200 is as cheap as page 1).",
        "",
        "| database | posts | page 1 req/s | page 200 req/s | page 1 p50 / p99 ms | page 200 p50 / p99 ms | cost ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for depth in results["depth"]:
        first, deep = depth["page_1"], depth["page_200"]
        lines.append(
            f"| {depth['database']} | {depth['posts']:,} | {_rps(first)} | {_rps(deep)} | "
            f"{_ms(first['p50_ms'])} / {_ms(first['p99_ms'])} | {_ms(deep['p50_ms'])} / "
            f"{_ms(deep['p99_ms'])} | {depth['cost_ratio']:.2f} |"
        )
    return [*lines, ""]


def _app_servers(results: dict) -> list[str]:
    servers = results["app_servers"]
    if not servers:
        return []
    lines = [
        "### App servers (uncached tag page, SQLite, 10,000 posts)",
        "",
        "The gunicorn setups are `newsdesk serve` with other options: every worker listens "
        "on a socket of its own (SO_REUSEPORT), so the kernel spreads wrk's 16 keep-alive "
        "connections over the workers. On one shared socket, one worker often took all 16 "
        "and the tag page fell from about 1,000 to about 400 req/s, at random between runs.",
        "",
        "| server | req/s | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    for entry in sorted(servers, key=lambda e: -e["load"]["requests_per_second"]):
        load = entry["load"]
        lines.append(
            f"| {entry['server']} | {_rps(load)} | {_ms(load['p50_ms'])} | {_ms(load['p99_ms'])} |"
        )
    best = max(servers, key=lambda e: e["load"]["requests_per_second"])
    default = next((e for e in servers if DEFAULT_SERVER in e["server"]), None)
    lines.append("")
    if default is None or best is default:
        lines.append(f"Best: {best['server']}.")
    else:
        gain = best["load"]["requests_per_second"] / default["load"]["requests_per_second"] - 1
        lines.append(
            f"Best: {best['server']}, {gain:+.0%} against `newsdesk serve`'s default "
            "(differences within about 10% are within this machine's run-to-run noise)."
        )
    return [*lines, ""]


def _soak(results: dict) -> list[str]:
    soak = results.get("soak")
    if not soak:
        return []
    load = soak["load"]
    samples = ", ".join(f"{elapsed:g} s: {rss / 2**20:.0f}" for elapsed, rss in soak["memory"])
    return [
        "### Soak (cached tag page, served by the app)",
        "",
        "| seconds | connections | req/s | requests | non-2xx/3xx | socket errors | p99 ms | RSS at 10 s | RSS at end | change |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {soak['seconds']:g} | {soak['connections']} | {_rps(load)} | {load['requests']:,} | "
        f"{load['non_2xx_3xx']} | {sum(load['socket_errors'].values())} | {_ms(load['p99_ms'])} | "
        f"{soak['rss_at_10s'] / 2**20:.0f} MiB | {soak['rss_at_end'] / 2**20:.0f} MiB | {soak['change']:+.1%} |",
        "",
        f"Memory is the resident set of the gunicorn master and its workers (/proc), in MiB: {samples}.",
        "",
    ]
