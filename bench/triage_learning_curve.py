"""How triage accuracy grows with training data: is more labelling worth it?

Fits the topic and request-type models of ``bot/triage/model.py`` on a
quarter, a half, three quarters and all of the training texts (the messages
and the official replies to the real ones, shuffled once, fixed seed) and
scores each on the real validation split, as ``hotline eval triage`` does.

Usage::

    .venv/bin/python bench/triage_learning_curve.py [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.triage import label_report
from bot.triage.data import reply_messages, training_messages, validation_messages
from bot.triage.model import Features, LabelModel

SHARES = (0.25, 0.5, 0.75, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="shuffle seed (default 1)")
    args = parser.parse_args()
    examples, with_real = training_messages()
    if not with_real:
        parser.error("the real messages of ../shared are needed (HOTLINE_SHARED_DIR)")
    examples = [e for e in examples if e.topic and e.request_type and e.urgency]
    examples += [e for e in reply_messages() if e.topic and e.request_type]
    random.Random(args.seed).shuffle(examples)
    validation = validation_messages()
    texts = [m.text for m in validation]
    print(
        "| training texts | of which replies | topic macro-F1 | topic accuracy "
        "| request-type accuracy |"
    )
    print("|---|---|---|---|---|")
    for share in SHARES:
        started = time.perf_counter()
        part = examples[: int(len(examples) * share)]
        features = Features([e.text for e in part])
        scored = features.transform(texts)
        row = []
        for field in ("topic", "request_type"):
            model = LabelModel(features.matrix, [str(getattr(e, field)) for e in part])
            predicted = [model.classes[i] for i in model.probabilities(scored).argmax(axis=1)]
            row.append(label_report(field, [str(getattr(m, field)) for m in validation], predicted))
        topic, request_type = row
        print(
            f"| {len(part):,} | {sum(e.source == 'reply' for e in part):,} "
            f"| {topic.macro_f1:.3f} | {topic.accuracy:.1%} "
            f"| {request_type.accuracy:.1%} |",
            flush=True,
        )
        print(f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
