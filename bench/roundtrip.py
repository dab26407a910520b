"""Web-chat round trip through the gateway vs Rasa's own REST webhook.

Starts the whole service (``hotline run``, embedded defaults) on its own
ports, then, in one run on this machine:

1. sends the same messages through the gateway (``POST /webchat/api/...``)
   and straight to Rasa (``POST /webhooks/rest/webhook``), interleaved one by
   one so both see the same machine noise, and reports p50/p99 and the ratio.
   These are messages Rasa must decide (greetings, thanks, reports, status
   questions), so the ratio is the gateway's own overhead: persisting,
   routing, Redis and the extra HTTP hop;
2. runs 10 concurrent web-chat conversations asking FAQ questions (the
   knowledge base's own similar questions) and reports the FAQ answer
   latency p50/p99 and the share of them the gateway's fast path answers.

Targets (issue #2): gateway p50 <= 1.3 x Rasa p50; FAQ p99 <= 150 ms at 10
concurrent conversations.

Usage: .venv/bin/python bench/roundtrip.py [--rounds N] [--concurrency C] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._stack import bench_stack
from knowledge_faq import KnowledgeBase

# Messages only Rasa can decide: none of them is a knowledge-base answer.
CHAT_MESSAGES = [
    "你好",
    "谢谢",
    "我要反映个问题",
    "取消",
    "帮我查一下工单进度",
    "再见",
]


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile of ``samples`` (milliseconds)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def faq_questions() -> tuple[list[str], float]:
    """The knowledge base's similar questions, and the share it answers outright."""
    kb = KnowledgeBase.load()
    questions = [q for entry in kb for q in entry.similar_questions]
    answered = sum(kb.ask(q).decision == "answer" for q in questions)
    return questions, answered / len(questions)


class Session:
    """One web-chat conversation."""

    def __init__(self, client: httpx.Client) -> None:
        body = client.post("/webchat/api/sessions").json()
        self.client = client
        self.url = f"/webchat/api/sessions/{body['session_id']}/messages"
        self.headers = {"Authorization": f"Bearer {body['token']}"}

    def send(self, text: str) -> float:
        """Send one message; return the round trip in milliseconds."""
        started = time.perf_counter()
        response = self.client.post(self.url, json={"text": text}, headers=self.headers)
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        return elapsed


def side_by_side(gateway: str, rasa: str, rounds: int) -> dict[str, list[float]]:
    """Interleave gateway and direct-Rasa round trips for the same messages."""
    samples: dict[str, list[float]] = {"gateway": [], "rasa": []}
    with (
        httpx.Client(base_url=gateway, timeout=30) as gw,
        httpx.Client(base_url=rasa, timeout=30) as rs,
    ):
        session = Session(gw)
        sender = f"bench-{uuid.uuid4().hex}"
        for i in range(rounds):
            text = CHAT_MESSAGES[i % len(CHAT_MESSAGES)]
            samples["gateway"].append(session.send(text))
            started = time.perf_counter()
            rs.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": text}
            ).raise_for_status()
            samples["rasa"].append((time.perf_counter() - started) * 1000)
            if (i + 1) % 50 == 0:
                print(f"  side by side: {i + 1}/{rounds}", file=sys.stderr)
    return samples


def concurrent_faq(
    gateway: str, questions: list[str], concurrency: int, per_user: int
) -> list[float]:
    """``concurrency`` conversations each asking ``per_user`` FAQ questions at once."""
    samples: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(concurrency)

    def user(offset: int) -> None:
        with httpx.Client(base_url=gateway, timeout=30) as client:
            session = Session(client)
            start.wait()
            for i in range(per_user):
                elapsed = session.send(questions[(offset * per_user + i) % len(questions)])
                with lock:
                    samples.append(elapsed)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    """p50, p99 and count."""
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 1),
        "p99_ms": round(percentile(samples, 99), 1),
    }


def main() -> None:
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300, help="side-by-side messages")
    parser.add_argument("--concurrency", type=int, default=10, help="concurrent conversations")
    parser.add_argument("--per-user", type=int, default=30, help="FAQ questions per conversation")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--database-url", help="benchmark against this database server")
    parser.add_argument("--redis-url", help="benchmark against this Redis server")
    args = parser.parse_args()

    questions, fast_share = faq_questions()
    mode = "servers" if args.database_url or args.redis_url else "embedded"
    print(f"Starting the stack (hotline run, {mode})...", file=sys.stderr)
    with bench_stack(database_url=args.database_url, redis_url=args.redis_url) as stack:
        side_by_side(stack.gateway, stack.rasa, 20)  # warm-up: models, pools, caches
        pairs = side_by_side(stack.gateway, stack.rasa, args.rounds)
        faq = concurrent_faq(stack.gateway, questions, args.concurrency, args.per_user)

    gateway, rasa = summary(pairs["gateway"]), summary(pairs["rasa"])
    ratio = gateway["p50_ms"] / rasa["p50_ms"]
    faq_summary = summary(faq)
    result = {
        "mode": mode,
        "gateway_round_trip": gateway,
        "rasa_rest_webhook": rasa,
        "p50_ratio_gateway_over_rasa": round(ratio, 2),
        "faq_at_concurrency": {
            "concurrency": args.concurrency,
            "fast_path_share": round(fast_share, 3),
            **faq_summary,
        },
        "targets": {"p50_ratio_max": 1.3, "faq_p99_ms_max": 150},
    }
    print(f"gateway round trip   p50 {gateway['p50_ms']:7.1f} ms   p99 {gateway['p99_ms']:7.1f} ms")
    print(f"rasa REST webhook    p50 {rasa['p50_ms']:7.1f} ms   p99 {rasa['p99_ms']:7.1f} ms")
    print(f"p50 ratio gateway/rasa: {ratio:.2f}  (target <= 1.3)")
    print(
        f"FAQ at {args.concurrency} concurrent conversations: p50 {faq_summary['p50_ms']:.1f} ms, "
        f"p99 {faq_summary['p99_ms']:.1f} ms  (target p99 <= 150 ms; "
        f"{fast_share:.0%} answered by the gateway's fast path)"
    )
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
