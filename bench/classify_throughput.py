"""``hotline classify`` throughput and per-message latency over the real citizen messages.

Two measurements on the 4,326 messages of ``../shared/data/citizen_messages.csv``
(read from the shared directory, never copied):

1. Throughput: ``hotline classify --quiet`` as a subprocess, all messages on
   standard input as JSON lines, timed from start to the last output line
   (model loaded from its cache, as in production). Repeated ``--runs``
   times (default 3); the median is reported, with messages per second
   both including and excluding the start-up (time to the first output
   line, which comes with the first batch of 256).
2. Latency: in one process, each message classified alone through
   ``classify_many([text])``, the code path of a conversation's work order;
   p50, p99 and max over all messages.

Usage::

    .venv/bin/python bench/classify_throughput.py [--runs 3] [--json out.json]

The issue names no figure for these; they are reported as measured on this
2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.faq_retrieval import percentile
from bot.cli_triage import BATCH
from bot.triage.data import real_message_texts

HOTLINE = Path(sys.executable).parent / "hotline"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def throughput_run(payload: bytes, count: int) -> tuple[float, float]:
    """(seconds in all, seconds to the first output line) for one subprocess run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(HOTLINE), "classify", "--quiet"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ},
    )
    assert process.stdin is not None and process.stdout is not None
    stdin = process.stdin

    def feed() -> None:  # written from a thread: output must be read meanwhile
        stdin.write(payload)
        stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    first = process.stdout.readline()
    first_at = time.perf_counter() - started
    lines = 1 if first else 0
    for _ in process.stdout:
        lines += 1
    process.wait()
    writer.join()
    total = time.perf_counter() - started
    if process.returncode != 0 or lines != count:
        failure = f"exit {process.returncode}, {lines}/{count} lines"
        raise SystemExit(f"hotline classify failed: {failure}")
    return total, first_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="subprocess runs (median reported)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    texts = list(real_message_texts(files=("citizen_messages.csv",)).values())
    payload = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts).encode()
    log(f"{len(texts)} real messages, median {statistics.median(map(len, texts)):.0f} characters")

    log("warming the model cache (trains once if needed)...")
    from bot.services.triage import triager
    from bot.triage.classify import classify_many

    loaded = triager()
    totals, firsts = [], []
    for run in range(1, args.runs + 1):
        total, first = throughput_run(payload, len(texts))
        totals.append(total)
        firsts.append(first)
        log(f"run {run}/{args.runs}: {total:.1f} s ({len(texts) / total:.0f} messages/s)")

    log("per-message latency (one message per call)...")
    latencies = []
    for i, text in enumerate(texts, 1):
        started = time.perf_counter()
        classify_many([text], loaded.model, loaded.taxonomy)
        latencies.append((time.perf_counter() - started) * 1000)
        if i % 1000 == 0:
            log(f"  {i}/{len(texts)}")

    total, first = statistics.median(totals), statistics.median(firsts)
    figures = {
        "messages": len(texts),
        "runs": args.runs,
        "total_s_median": round(total, 2),
        "startup_s_median": round(first, 2),
        "messages_per_s": round(len(texts) / total, 1),
        # The first line comes out with the first batch, so it counts as start-up.
        "messages_per_s_after_startup": round((len(texts) - BATCH) / (total - first), 1),
        "latency_ms_p50": round(percentile(latencies, 50), 2),
        "latency_ms_p99": round(percentile(latencies, 99), 2),
        "latency_ms_max": round(max(latencies), 2),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(f"hotline classify over {len(texts)} real messages ({args.runs} runs, median)")
    print(f"  whole run            {total:.1f} s   {figures['messages_per_s']} messages/s")
    print(f"  start-up (model)     {first:.1f} s")
    print(f"  after start-up       {figures['messages_per_s_after_startup']} messages/s")
    print(
        f"  one message per call p50 {figures['latency_ms_p50']} ms, "
        f"p99 {figures['latency_ms_p99']} ms, max {figures['latency_ms_max']} ms"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
