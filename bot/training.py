"""Training the Rasa model, cached by a fingerprint of its inputs.

The model file is named after the fingerprint of ``config.yml``,
``domain.yml``, ``nlu_data/`` and the Rasa pin, so an unchanged project never
retrains and a changed one always does.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.config import PROJECT_ROOT

MODEL_PREFIX = "hotline-"
TRAINING_INPUTS = ("config.yml", "domain.yml", "rasa-requirements.txt")
TRAINING_DATA_DIR = "nlu_data"


class TrainingFailed(RuntimeError):
    """``rasa train`` exited with an error; the log tail is in the message."""


def rasa_venv() -> Path:
    """Rasa's own environment (Python 3.10), ``RASA_VENV`` or ``.venv-rasa``."""
    return Path(os.environ.get("RASA_VENV", str(PROJECT_ROOT / ".venv-rasa")))


def models_dir() -> Path:
    """Where trained models are kept, ``HOTLINE_MODELS_DIR`` or ``models/``."""
    return Path(os.environ.get("HOTLINE_MODELS_DIR", str(PROJECT_ROOT / "models")))


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A short hash of every file that changes what Rasa learns."""
    digest = hashlib.sha256()
    files = [root / name for name in TRAINING_INPUTS]
    files += sorted((root / TRAINING_DATA_DIR).rglob("*.yml"))
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    """The model file the current training data should produce."""
    return models_dir() / f"{MODEL_PREFIX}{fingerprint(root)}.tar.gz"


def ensure_model(*, force: bool = False, echo: bool = True) -> Path:
    """Train unless a model for the current fingerprint exists; return its path."""
    target = model_path()
    if target.exists() and not force:
        if echo:
            print(f"Rasa model is up to date: {target.name}", file=sys.stderr)
        return target
    rasa = rasa_venv() / "bin" / "rasa"
    if not rasa.exists():
        raise TrainingFailed(f"{rasa} not found: run `make venvs` to create Rasa's environment")
    target.parent.mkdir(parents=True, exist_ok=True)
    log_path = target.parent / f"{target.stem}.train.log"
    command = [
        str(rasa), "train",
        "--config", "config.yml",
        "--domain", "domain.yml",
        "--data", TRAINING_DATA_DIR,
        "--out", str(target.parent),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONWARNINGS": "ignore"}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env=env
        )
        _show_progress(process, "Training the Rasa model", echo=echo)
    if process.returncode != 0:
        tail = log_path.read_text(errors="replace").splitlines()[-30:]
        raise TrainingFailed("rasa train failed:\n" + "\n".join(tail))
    if echo:
        print(f"Rasa model trained: {target.name} (log: {log_path})", file=sys.stderr)
    return target


def _show_progress(process: subprocess.Popen[bytes], label: str, *, echo: bool) -> None:
    """An elapsed-time ticker while a long child process runs."""
    started = time.monotonic()
    done = threading.Event()

    def tick() -> None:
        spinner = "|/-\\"
        i = 0
        while not done.wait(0.5):
            if echo and sys.stderr.isatty():
                elapsed = time.monotonic() - started
                print(f"\r{label} {spinner[i % 4]} {elapsed:5.0f}s", end="", file=sys.stderr)
            i += 1

    if echo and not sys.stderr.isatty():
        print(f"{label} (usually 30-90 s)...", file=sys.stderr)
    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        process.wait()
    finally:
        done.set()
        ticker.join()
        if echo and sys.stderr.isatty():
            print(f"\r{label}: {time.monotonic() - started:.0f}s" + " " * 10, file=sys.stderr)
