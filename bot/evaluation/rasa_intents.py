"""Rasa's own cross-validation of the dialogue intents (``rasa test nlu``).

The request types are Rasa intents (``request_complain``, ``request_report``
…, see ``bot/triage/triage.yaml``), so the stock Rasa report is the honest
measure of how the dialogue reads them. Rasa lives in its own venv and is
never imported: ``rasa test nlu --cross-validation`` runs as a subprocess on
the project's ``config.yml`` and ``nlu_data/``, and its ``intent_report.json``
is read back.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.evaluation.response_selector import RasaUnavailable, run_rasa
from bot.training import rasa_venv


def cross_validate(folds: int = 3) -> dict[str, Any]:
    """Rasa's intent report of a ``folds``-fold cross-validation (sklearn's dict format)."""
    rasa = rasa_venv() / "bin" / "rasa"
    if not rasa.exists():
        raise RasaUnavailable(f"{rasa} not found: run `make venvs`, or pass --no-rasa")
    with tempfile.TemporaryDirectory(prefix="rasa-cv-") as scratch:
        out = Path(scratch) / "results"
        command = [
            str(rasa), "test", "nlu",
            "--nlu", str(PROJECT_ROOT / "nlu_data"), "--config", str(PROJECT_ROOT / "config.yml"),
            "--cross-validation", "--folds", str(folds), "--out", str(out),
        ]  # fmt: skip
        log_path = Path(scratch) / "rasa-test.log"
        label = f"rasa test nlu: {folds}-fold cross-validation of the intents"
        run_rasa(command, label, log_path, cwd=scratch)
        report_path = out / "intent_report.json"
        if not report_path.exists():
            raise RasaUnavailable(f"rasa test nlu wrote no {report_path.name}")
        report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    return report
