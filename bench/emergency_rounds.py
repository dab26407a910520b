"""Reproduce the README's "Emergencies, set after set" table.

Each held-out emergency set was measured once, on the rules, thresholds and
training data frozen in a named commit, before its mistakes taught the
rules. This script checks each such commit out into a temporary git
worktree, fits that commit's triage model (with the real messages of
``../shared``, as the measurement did) and classifies the set, plus that
commit's real validation split, with that commit's code. The sets are read
from this checkout, where the early ones now live as ``emergency_dev_*``.

Usage::

    .venv/bin/python bench/emergency_rounds.py [--only v9 v10] [--json out.json]

About a minute per round (most of it fitting the model), 23 rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETS = REPO / "nlu_data" / "triage"

# (round, frozen commit, set files): the commit each set was written after.
ROUNDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("v3", "7889e78", ("emergency_dev_v3.jsonl",)),
    ("v4", "b72e67f", ("emergency_dev_v4a.jsonl", "emergency_dev_v4b.jsonl")),
    ("v5", "95435f1", ("emergency_dev_v5a.jsonl", "emergency_dev_v5b.jsonl")),
    ("v6", "d8b668c", tuple(f"emergency_dev_v6{x}.jsonl" for x in "abc")),
    ("v7", "8745c3f", tuple(f"emergency_dev_v7{x}.jsonl" for x in "abc")),
    ("v8", "8b01557", tuple(f"emergency_dev_v8{x}.jsonl" for x in "abc")),
    ("v9", "0de7e9d", tuple(f"emergency_heldout_v9{x}.jsonl" for x in "abc")),
    ("v10", "4c111d4", tuple(f"emergency_heldout_v10{x}.jsonl" for x in "abc")),
    ("v11", "9039116", tuple(f"emergency_dev_v11{x}.jsonl" for x in "abc")),
    ("v12", "35775d4", tuple(f"emergency_dev_v12{x}.jsonl" for x in "abc")),
    ("v13", "9b4f53f", tuple(f"emergency_dev_v13{x}.jsonl" for x in "abc")),
    ("v14", "02ddbf2", tuple(f"emergency_dev_v14{x}.jsonl" for x in "abc")),
    ("v15", "262df36", tuple(f"emergency_dev_v15{x}.jsonl" for x in "abc")),
    ("v16", "b4ae21a", tuple(f"emergency_dev_v16{x}.jsonl" for x in "abc")),
    ("v17", "a813617", tuple(f"emergency_dev_v17{x}.jsonl" for x in "abc")),
    ("v18", "96da95b", tuple(f"emergency_dev_v18{x}.jsonl" for x in "abc")),
    ("v19", "2aade91", tuple(f"emergency_dev_v19{x}.jsonl" for x in "abc")),
    ("v20", "649f020", tuple(f"emergency_dev_v20{x}.jsonl" for x in "abc")),
    ("v21", "adbb9d9", tuple(f"emergency_dev_v21{x}.jsonl" for x in "abc")),
    ("v22", "fb46c9d", tuple(f"emergency_dev_v22{x}.jsonl" for x in "abc")),
    ("v23", "8bec718", tuple(f"emergency_dev_v23{x}.jsonl" for x in "abc")),
    ("v24", "e3e2661", tuple(f"emergency_heldout_v24{x}.jsonl" for x in "abc")),
    ("v25", "e3e2661", tuple(f"emergency_heldout_v25{x}.jsonl" for x in "abc")),
)

# Run inside the worktree, with its code first on sys.path: only names that
# every frozen commit has (classify_many, load_model, validation_messages).
_MEASURE = """
import json, sys
from pathlib import Path
from bot.triage.classify import classify_many
from bot.triage.data import validation_messages
from bot.triage.model import load_model
from bot.triage.taxonomy import load_taxonomy

model = load_model(Path("models/triage"))
taxonomy = load_taxonomy()
gold = []
for name in sys.argv[1:]:
    for line in Path(name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold.append((row["text"], row.get("emergency")))
gold += [(m.text, m.emergency) for m in validation_messages()]
found = classify_many([text for text, _ in gold], model, taxonomy)
pairs = [(line, triage.emergency) for (_, line), triage in zip(gold, found)]
print(json.dumps({
    "emergencies": sum(1 for g, _ in pairs if g),
    "detected": sum(1 for g, p in pairs if g and p),
    "wrong_line": sum(1 for g, p in pairs if g and p and p != g),
    "false_alarms": sum(1 for g, p in pairs if not g and p),
}))
"""


def measure(commit: str, files: tuple[str, ...], shared: Path, scratch: Path) -> dict[str, int]:
    """Counts for ``files`` classified by the code and data of ``commit``."""
    tree = scratch / commit
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(tree), commit],
        check=True,
    )
    try:
        env = {**os.environ, "PYTHONPATH": str(tree), "HOTLINE_SHARED_DIR": str(shared)}
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, *(str(SETS / name) for name in files)],
            cwd=tree,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        counts: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
        return counts
    finally:
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="rounds to run (default: all)")
    parser.add_argument("--json", type=Path, help="also write the table here")
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("HOTLINE_SHARED_DIR") or REPO.parent / "shared"),
        help="the shared data directory (default: ../shared)",
    )
    args = parser.parse_args()
    if not (args.shared / "data" / "citizen_messages.csv").exists():
        parser.error(f"{args.shared} has no data/citizen_messages.csv: the rounds need it")
    rounds = [r for r in ROUNDS if not args.only or r[0] in args.only]
    rows: list[dict[str, float | int | str]] = []
    with tempfile.TemporaryDirectory(prefix="emergency-rounds-") as scratch:
        for number, (name, commit, files) in enumerate(rounds, 1):
            started = time.perf_counter()
            print(f"[{number}/{len(rounds)}] {name} at {commit}...", file=sys.stderr, flush=True)
            counts = measure(commit, files, args.shared, Path(scratch))
            lines = sum(
                1 for f in files for x in (SETS / f).read_text(encoding="utf-8").splitlines() if x
            )
            alarms = counts["detected"] + counts["false_alarms"]
            rows.append(
                {
                    "set": name,
                    "commit": commit,
                    "lines": lines,
                    **counts,
                    "recall": counts["detected"] / counts["emergencies"],
                    "precision": counts["detected"] / alarms if alarms else 0.0,
                }
            )
            print(f"    {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print("| set | frozen at | lines | recall | precision |")
    print("|---|---|---|---|---|")
    for row in rows:
        missed = int(row["emergencies"]) - int(row["detected"])
        print(
            f"| {row['set']} | `{row['commit']}` | {row['lines']} | {row['recall']:.1%}"
            f"{f' ({missed} missed)' if missed else ''} | {row['precision']:.1%} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
