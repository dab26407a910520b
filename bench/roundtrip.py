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
   knowledge base's own similar questions) and reports the latency p50/p99
   of every reply that is a knowledge-base answer (it carries the
   有帮助/没帮助 buttons), whichever path produced it: the gateway's fast
   path or Rasa's ``faq`` intent and the action server. Questions that the
   dialogue rightly treats as something else (a similar question written
   as a report starts the intake form) are counted and timed separately,
   and the next question then comes from a fresh conversation.

Targets (issue #2): gateway p50 <= 1.3 x Rasa p50; FAQ p99 <= 150 ms at 10
concurrent conversations.

Usage: .venv/bin/python bench/roundtrip.py [--rounds N] [--concurrency C] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._stack import bench_stack
from bot.triage.emergency import detect_emergency
from bot.triage.plain_question import is_plain_question
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


def faq_questions(seed: int = 12345) -> tuple[list[str], set[str]]:
    """The knowledge base's similar questions, shuffled (seeded), and those of
    them the gateway's fast path answers (by the router's own rules)."""
    kb = KnowledgeBase.load()
    questions = [q for entry in kb for q in entry.similar_questions]
    random.Random(seed).shuffle(questions)
    fast = {
        q
        for q in questions
        if detect_emergency(q) is None and is_plain_question(q) and kb.ask(q).decision == "answer"
    }
    return questions, fast


class Session:
    """One web-chat conversation."""

    def __init__(self, client: httpx.Client) -> None:
        body = client.post("/webchat/api/sessions").json()
        self.client = client
        self.url = f"/webchat/api/sessions/{body['session_id']}/messages"
        self.headers = {"Authorization": f"Bearer {body['token']}"}

    def send(self, text: str) -> float:
        """Send one message; return the round trip in milliseconds."""
        return self.exchange(text)[0]

    def exchange(self, text: str) -> tuple[float, list[dict[str, Any]]]:
        """Send one message; return the round trip in milliseconds and the replies."""
        started = time.perf_counter()
        response = self.client.post(self.url, json={"text": text}, headers=self.headers)
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        replies: list[dict[str, Any]] = response.json()["replies"]
        return elapsed, replies


def is_faq_answer(replies: list[dict[str, Any]]) -> bool:
    """A knowledge-base answer carries the 有帮助/没帮助 feedback buttons."""
    return any(
        str(button.get("payload", "")).startswith("/faq_feedback")
        for reply in replies
        for button in reply.get("buttons") or []
    )


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
) -> tuple[dict[str, list[float]], list[tuple[float, str]]]:
    """``concurrency`` conversations each asking ``per_user`` FAQ questions at once.

    Returns the round trips of knowledge-base answers (``"answer"``) and of
    every other reply (``"other"``) separately, and the answers' round trips
    with their questions, slowest first.
    """
    samples: dict[str, list[float]] = {"answer": [], "other": []}
    timed: list[tuple[float, str]] = []
    lock = threading.Lock()
    start = threading.Barrier(concurrency)

    def user(offset: int) -> None:
        with httpx.Client(base_url=gateway, timeout=30) as client:
            session = Session(client)
            start.wait()
            for i in range(per_user):
                text = questions[(offset * per_user + i) % len(questions)]
                elapsed, replies = session.exchange(text)
                answered = is_faq_answer(replies)
                with lock:
                    samples["answer" if answered else "other"].append(elapsed)
                    if answered:
                        timed.append((elapsed, text))
                if not answered:
                    # A report-like question started a form (or a handoff):
                    # the next question comes from a fresh conversation, as
                    # another citizen's would, not as the form's answer.
                    session = Session(client)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, sorted(timed, reverse=True)


def summary(samples: list[float]) -> dict[str, float]:
    """p50, p99 and count."""
    if not samples:
        return {"n": 0, "p50_ms": float("nan"), "p99_ms": float("nan")}
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

    questions, fast = faq_questions()
    fast_share = len(fast) / len(questions)
    mode = "servers" if args.database_url or args.redis_url else "embedded"
    print(f"Starting the stack (hotline run, {mode})...", file=sys.stderr)
    with bench_stack(database_url=args.database_url, redis_url=args.redis_url) as stack:
        side_by_side(stack.gateway, stack.rasa, 20)  # warm-up: models, pools, caches
        pairs = side_by_side(stack.gateway, stack.rasa, args.rounds)
        faq, slowest = concurrent_faq(stack.gateway, questions, args.concurrency, args.per_user)

    gateway, rasa = summary(pairs["gateway"]), summary(pairs["rasa"])
    ratio = gateway["p50_ms"] / rasa["p50_ms"]
    faq_summary = summary(faq["answer"])
    other_summary = summary(faq["other"])
    result = {
        "mode": mode,
        "gateway_round_trip": gateway,
        "rasa_rest_webhook": rasa,
        "p50_ratio_gateway_over_rasa": round(ratio, 2),
        "faq_at_concurrency": {
            "concurrency": args.concurrency,
            "fast_path_share": round(fast_share, 3),
            **faq_summary,
            "not_answered_from_kb": other_summary,
        },
        "targets": {"p50_ratio_max": 1.3, "faq_p99_ms_max": 150},
    }
    print(f"gateway round trip   p50 {gateway['p50_ms']:7.1f} ms   p99 {gateway['p99_ms']:7.1f} ms")
    print(f"rasa REST webhook    p50 {rasa['p50_ms']:7.1f} ms   p99 {rasa['p99_ms']:7.1f} ms")
    print(f"p50 ratio gateway/rasa: {ratio:.2f}  (target <= 1.3)")
    print(
        f"FAQ at {args.concurrency} concurrent conversations: p50 {faq_summary['p50_ms']:.1f} ms, "
        f"p99 {faq_summary['p99_ms']:.1f} ms  (target p99 <= 150 ms; "
        f"{fast_share:.0%} of the questions answered by the gateway's fast path)"
    )
    print(
        f"  the other {other_summary['n']} of {len(faq['answer']) + len(faq['other'])} "
        f"questions were not KB answers (a form, a suggestion, an emergency line): "
        f"p50 {other_summary['p50_ms']:.1f} ms, p99 {other_summary['p99_ms']:.1f} ms"
    )
    print("  slowest KB answers (path the router takes):")
    for elapsed, text in slowest[:5]:
        path = "fast path" if text in fast else "Rasa faq intent"
        print(f"    {elapsed:7.1f} ms  {path:16s} {text}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
