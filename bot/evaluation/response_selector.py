"""The Rasa ResponseSelector baseline: the stock Rasa way to answer FAQs.

Rasa's documented FAQ recipe is a retrieval intent answered by a
ResponseSelector. Training one on exactly our entries shows whether our own
retriever earns its code. Rasa lives in its own venv (Python 3.10) and must
never be imported here, so this module writes the training files, runs
``rasa train nlu`` and then ``rasa_rs_runner.py`` as subprocesses, and reads
the runner's JSON lines back.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT
from bot.evaluation.faq import TOP_K, Ranked
from bot.training import models_dir, rasa_venv
from knowledge_faq import FaqEntry
from knowledge_faq._config import DOMAIN_DICT_PATH

RETRIEVAL_INTENT = "faq"
RUNNER = Path(__file__).resolve().with_name("rasa_rs_runner.py")
MODEL_PREFIX = "eval-rs-"
# Same featurisation as the bot's own config.yml (words + character n-grams),
# with the ResponseSelector in place of DIET. No transformer layers: a
# bag-of-features model trains in about a minute on two cores. Rasa accepts a
# retrieval intent without any intent classifier in the pipeline.
PIPELINE: list[dict[str, Any]] = [
    # Relative to the training directory, so the config (and the
    # fingerprint) does not change with the temporary directory's name.
    {"name": "JiebaTokenizer", "dictionary_path": "jieba"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 3},
    {
        "name": "ResponseSelector",
        "retrieval_intent": RETRIEVAL_INTENT,
        "epochs": 40,
        "number_of_transformer_layers": 0,
        "constrain_similarities": True,  # Rasa's advice with its cross-entropy loss
        "random_seed": 12345,
    },
]


class RasaUnavailable(RuntimeError):
    """Rasa's venv is missing, or training or ranking failed (log tail in the message)."""


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def training_files(entries: Sequence[FaqEntry]) -> dict[str, str]:
    """The NLU data, domain, config and jieba dictionary, by relative path.

    Each entry becomes the sub-intent ``faq/<id>`` with its question and
    similar questions as examples, and the response ``utter_faq/<id>`` whose
    text is the id. The tokenizer gets our domain dictionary so that both
    systems segment 公积金 or 港澳通行证 the same way.
    """
    nlu = [
        {
            "intent": f"{RETRIEVAL_INTENT}/{entry.id}",
            "examples": "".join(
                f"- {' '.join(text.split())}\n"
                for text in (entry.question, *entry.similar_questions)
            ),
        }
        for entry in entries
    ]
    responses = {f"utter_{RETRIEVAL_INTENT}/{e.id}": [{"text": e.id}] for e in entries}
    config = {
        "recipe": "default.v1",
        "language": "zh",
        "assistant_id": "hotline12345-eval",
        "pipeline": PIPELINE,
    }
    return {
        "nlu.yml": _dump({"version": "3.1", "nlu": nlu}),
        "domain.yml": _dump(
            {"version": "3.1", "intents": [RETRIEVAL_INTENT], "responses": responses}
        ),
        "config.yml": _dump(config),
        "jieba/domain_dict.txt": DOMAIN_DICT_PATH.read_text(encoding="utf-8"),
    }


def fingerprint(files: dict[str, str]) -> str:
    """A short hash of the generated files and the Rasa pin: same inputs, same model."""
    digest = hashlib.sha256((PROJECT_ROOT / "rasa-requirements.txt").read_bytes())
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(files[name].encode())
    return digest.hexdigest()[:16]


def _rasa_env() -> dict[str, str]:
    quiet = {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONWARNINGS": "ignore"}
    return {**os.environ, **quiet, "RASA_TELEMETRY_ENABLED": "false"}


def run_rasa(command: list[str], label: str, log_path: Path, **io: Any) -> None:
    """Run a Rasa-venv command, its output in ``log_path``, and report progress."""
    with log_path.open("w") as log:
        io.setdefault("stdout", log)
        process = subprocess.Popen(command, stderr=log, env=_rasa_env(), **io)
        _wait(process, label, log_path)
    if process.returncode != 0:
        tail = log_path.read_text(errors="replace").splitlines()[-30:]
        raise RasaUnavailable(f"{label} failed (log: {log_path}):\n" + "\n".join(tail))


_EPOCH = re.compile(r"Epochs:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)")


def _wait(process: subprocess.Popen[bytes], label: str, log_path: Path) -> None:
    """Wait, showing elapsed time and the training epoch read from Rasa's log.

    Training takes minutes on a busy two-core machine, so a silent wait
    would look like a hang. On a terminal the line updates in place;
    otherwise a line is printed every tenth epoch.
    """
    print(f"{label} (log: {log_path})", file=sys.stderr)
    started, shown = time.monotonic(), ""
    while process.poll() is None:
        time.sleep(1)
        epochs = _EPOCH.findall(log_path.read_text(errors="replace"))
        done, total = map(int, epochs[-1]) if epochs else (0, 0)
        stage = f", epoch {done}/{total}" if total else ""
        line = f"  {time.monotonic() - started:.0f} s{stage}"
        if sys.stderr.isatty():
            print(f"\r{line}   ", end="", file=sys.stderr)
        elif stage != shown and done % 10 == 0:
            print(line, file=sys.stderr)
            shown = stage
    print(f"\r  done in {time.monotonic() - started:.0f} s   ", file=sys.stderr)


def ensure_model(entries: Sequence[FaqEntry]) -> Path:
    """Train unless a model for these entries exists; return its path.

    Cached in ``models/eval-rs-<fingerprint>.tar.gz``: re-running the
    evaluation on an unchanged corpus costs no training.
    """
    files = training_files(entries)
    name = f"{MODEL_PREFIX}{fingerprint(files)}"
    target = models_dir().resolve() / f"{name}.tar.gz"
    if target.exists():
        print(f"ResponseSelector model is up to date: {target.name}", file=sys.stderr)
        return target
    rasa = rasa_venv() / "bin" / "rasa"
    if not rasa.exists():
        raise RasaUnavailable(f"{rasa} not found: run `make venvs`, or pass --no-rasa")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="eval-rs-") as scratch:
        for relative, text in files.items():
            path = Path(scratch) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        command = [
            str(rasa), "train", "nlu",
            "--nlu", "nlu.yml", "--config", "config.yml", "--domain", "domain.yml",
            "--out", str(target.parent), "--fixed-model-name", name,
        ]  # fmt: skip
        label = f"Training Rasa's ResponseSelector on {len(entries)} entries"
        run_rasa(command, label, target.parent / f"{name}.train.log", cwd=scratch)
    # Models are ~100 MB and only a cache: keep the newest one (and its logs).
    for stale in target.parent.glob(f"{MODEL_PREFIX}*"):
        if not stale.name.startswith(f"{name}."):
            stale.unlink(missing_ok=True)
    print(f"ResponseSelector model trained: {target.name}", file=sys.stderr)
    return target


def rank(model: Path, questions: Sequence[str]) -> list[Ranked]:
    """The ResponseSelector's top candidates and confidences for each question."""
    python = rasa_venv() / "bin" / "python"
    if not python.exists():
        raise RasaUnavailable(f"{python} not found: run `make venvs`, or pass --no-rasa")
    with tempfile.TemporaryDirectory(prefix="eval-rs-") as scratch:
        questions_path, results_path = Path(scratch) / "in.jsonl", Path(scratch) / "out.jsonl"
        questions_path.write_text(
            "".join(json.dumps({"q": q}, ensure_ascii=False) + "\n" for q in questions),
            encoding="utf-8",
        )
        with questions_path.open("rb") as stdin, results_path.open("wb") as stdout:
            run_rasa(
                [str(python), str(RUNNER), str(model)],
                f"Ranking {len(questions)} questions with the ResponseSelector",
                model.with_name(model.name.removesuffix(".tar.gz") + ".run.log"),
                stdin=stdin,
                stdout=stdout,
            )
        lines = results_path.read_text(encoding="utf-8").splitlines()
    if len(lines) != len(questions):
        raise RasaUnavailable(f"the runner answered {len(lines)} of {len(questions)} questions")
    ranked = []
    for line in lines:
        candidates = json.loads(line)["ranking"][:TOP_K]
        ranked.append(
            Ranked(
                ids=tuple(str(c["id"]) for c in candidates),
                scores=tuple(float(c["confidence"]) for c in candidates),
            )
        )
    return ranked
