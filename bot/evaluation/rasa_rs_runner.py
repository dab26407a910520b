"""Rank questions with a trained Rasa ResponseSelector (run by Rasa's own Python).

``bot.evaluation.response_selector`` executes this file as
``.venv-rasa/bin/python rasa_rs_runner.py MODEL``: Rasa 3.6 needs Python 3.10
and its own dependency pins, so it never runs inside the bot's environment.
For each ``{"q": ...}`` JSON line on stdin it writes, in order, one line
``{"ranking": [{"id": <faq id>, "confidence": <float>}, ...]}`` on stdout.

Only the standard library and Rasa may be imported here (the bot is not
installed in Rasa's venv), and the code must stay valid Python 3.10. Stdout
carries results only: whatever Rasa or TensorFlow print goes to stderr.
"""

import asyncio
import json
import os
import sys
from typing import Any, TextIO

RETRIEVAL_INTENT = "faq"


def ranking(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """FAQ ids and confidences from a parse result, best first.

    The selector is keyed by its retrieval intent, or ``default`` when the
    config names none; each candidate's ``intent_response_key`` is ``faq/<id>``.
    """
    selectors = parsed.get("response_selector") or {}
    selector = selectors.get(RETRIEVAL_INTENT) or selectors.get("default") or {}
    found = []
    for candidate in selector.get("ranking") or []:
        prefix, _, faq_id = str(candidate.get("intent_response_key", "")).partition("/")
        if prefix == RETRIEVAL_INTENT and faq_id:
            found.append({"id": faq_id, "confidence": float(candidate["confidence"])})
    return sorted(found, key=lambda c: -c["confidence"])


async def _rank_all(agent: Any, questions: list[str], results: TextIO) -> None:
    for number, question in enumerate(questions, 1):
        parsed = await agent.parse_message(question)
        results.write(json.dumps({"ranking": ranking(parsed)}, ensure_ascii=False) + "\n")
        if number % 100 == 0:
            print(f"ResponseSelector: {number}/{len(questions)} questions", file=sys.stderr)
    results.flush()


def main() -> None:
    """Load the model named on the command line and rank stdin's questions."""
    if len(sys.argv) != 2:
        sys.exit("usage: rasa_rs_runner.py MODEL.tar.gz < questions.jsonl")
    questions = [str(json.loads(line)["q"]) for line in sys.stdin if line.strip()]
    # Keep a private handle on the real stdout, then point fd 1 at stderr so
    # that nothing Rasa, TensorFlow or a C extension prints can corrupt results.
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    from rasa.core.agent import Agent

    agent = Agent.load(sys.argv[1])  # synchronous: must run outside the event loop
    asyncio.run(_rank_all(agent, questions, results))


if __name__ == "__main__":
    main()
