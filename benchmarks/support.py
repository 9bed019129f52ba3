"""Helpers every benchmark needs: a free loopback port, a throwaway PostgreSQL database, and
the figures of its ``--json`` file."""

import json
import socket
import statistics
from pathlib import Path
from urllib.parse import urlsplit


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_bench_database(url: str) -> None:
    """Drop and create the PostgreSQL database ``url`` names.

    Refuses any database whose name lacks "bench": it drops it, so never the one a developer or
    a deployment works in.
    """
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: use a database whose name contains 'bench'.")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def figures(seconds: list[float], queries: int, **extra) -> dict:
    """One measure as the benchmarks' ``--json`` files give it: median and 95th percentile in
    milliseconds over the runs (one run: both are it), SQL queries per run, and ``extra``."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "queries": queries,
        "runs": len(ordered),
        **extra,
    }


def write_json(path: str | None, results: dict) -> None:
    """Write ``results`` (measures keyed by what they measured, plus ``rows``) to ``path``."""
    if path:
        Path(path).write_text(json.dumps(results, indent=2) + "\n")
