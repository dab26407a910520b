"""``hotline eval``: measure components against labelled validation sets.

``hotline eval faq`` runs our FAQ retriever and two baselines (plain BM25 and
Rasa's ResponseSelector) on the same held-out lines in one run, so that the
claim "ours is better" is a number, not an impression. Thresholds of every
system are fitted on a separate calibration split, never on the test lines.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import yaml

from bot.evaluation import Metrics, in_calibration, load_validation, per_line, score
from bot.evaluation.faq import (
    MAX_FALSE_REJECTION,
    TARGETS,
    Bm25Baseline,
    beats,
    calibrate_hotline,
    calibrate_threshold,
    current_thresholds,
    hotline_predictions,
    hotline_ranked,
    known_examples,
    meets,
    replay,
    replay_mismatches,
    thresholded,
)
from knowledge_faq import CorpusError, KnowledgeBase
from knowledge_faq._config import PACKAGE_DIR

if TYPE_CHECKING:
    from bot.evaluation.triage import AnnotatorAgreement

DEFAULT_VALIDATION = PACKAGE_DIR / "validation"
THRESHOLDS_FILE = PACKAGE_DIR / "thresholds.yaml"
COLUMNS = (  # metric, header; rates print as percentages, MRR as a fraction
    ("top1_answered", "top-1 answered"),
    ("top1_ranked", "top-1 ranked"),
    ("top3", "top-3"),
    ("mrr", "MRR"),
    ("oos_rejection", "OOS rejected"),
    ("false_rejection", "false rejected"),
)
BASELINES = ("bm25", "rasa-response-selector")


@click.group("eval")
def eval_group() -> None:
    """Evaluate components against labelled validation data."""


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _load(kb: Path | None) -> KnowledgeBase:
    # The validation lines name entries of the bundled corpus; the live
    # directory (var/kb) is a copy seeded once and may lag behind it.
    if kb is not None:
        from bot.cli_kb import load_kb

        return load_kb(kb)
    try:
        return KnowledgeBase.load()
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc


@eval_group.command("faq")
@click.option(
    "--kb",
    type=click.Path(exists=True, path_type=Path),
    help="Knowledge-base directory or import file [default: the bundled corpus].",
)
@click.option(
    "--validation",
    "validation_dirs",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    multiple=True,
    help=(
        "Directory of *.jsonl lines; repeat it to pool several (their calibration"
        f" splits and their test splits are pooled) [default: {DEFAULT_VALIDATION}]."
    ),
)
@click.option("--no-rasa", is_flag=True, help="Skip the Rasa ResponseSelector baseline.")
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write metrics, thresholds and every line's predictions to this file.",
)
@click.option("--calibrate", is_flag=True, help="Grid-search hotline's decision thresholds.")
@click.option("--write", is_flag=True, help=f"With --calibrate: save them to {THRESHOLDS_FILE}.")
def faq(
    kb: Path | None,
    validation_dirs: tuple[Path, ...],
    no_rasa: bool,
    json_path: Path | None,
    calibrate: bool,
    write: bool,
) -> None:
    """Compare hotline's FAQ retrieval with BM25 and Rasa's ResponseSelector.

    Lines are split by a hash of their text into a calibration split (~25 %,
    used to fit thresholds) and a test split (~75 %, the reported metrics).
    """
    if write and not calibrate:
        raise click.UsageError("--write only makes sense with --calibrate")
    started = time.monotonic()
    knowledge = _load(kb)
    validation_dirs = validation_dirs or (DEFAULT_VALIDATION,)
    validation = ", ".join(str(d) for d in validation_dirs)
    lines = [example for d in validation_dirs for example in load_validation(d)]
    examples, unknown = known_examples(lines, knowledge)
    if unknown:
        ids = sorted({str(e.faq_id) for e in unknown})
        more = " ..." if len(ids) > 8 else ""
        _progress(
            f"warning: skipping {len(unknown)} lines for ids the knowledge base lacks: "
            f"{', '.join(ids[:8])}{more}"
        )
    if not examples:
        raise click.ClickException(f"no usable validation lines in {validation}")
    is_test = [not in_calibration(e.q) for e in examples]
    test = [e for e, t in zip(examples, is_test, strict=True) if t]
    calibration = [e for e, t in zip(examples, is_test, strict=True) if not t]
    questions = [e.q for e in examples]

    def on_test(items: list[Any]) -> list[Any]:
        return [item for item, t in zip(items, is_test, strict=True) if t]

    def on_calibration(items: list[Any]) -> list[Any]:
        return [item for item, t in zip(items, is_test, strict=True) if not t]

    _progress(f"hotline: {len(questions)} questions over {len(knowledge)} entries")
    ranked = {"hotline": hotline_ranked(knowledge, questions)}
    predictions = {"hotline": hotline_predictions(knowledge, questions, ranked["hotline"])}
    if differ := replay_mismatches(predictions["hotline"], ranked["hotline"]):
        _progress(
            f"warning: replayed decisions differ from KnowledgeBase.ask on {differ} lines;"
            " --calibrate results are unreliable"
        )
    _progress("bm25: indexing and ranking")
    baseline = Bm25Baseline(list(knowledge))
    ranked["bm25"] = [baseline.rank(q) for q in questions]
    if not no_rasa:
        from bot.evaluation import response_selector

        try:
            model = response_selector.ensure_model(list(knowledge))
            ranked["rasa-response-selector"] = response_selector.rank(model, questions)
        except response_selector.RasaUnavailable as exc:
            raise click.ClickException(str(exc)) from exc
    thresholds: dict[str, float] = {}
    for name in BASELINES:
        if name in ranked:
            thresholds[name] = calibrate_threshold(calibration, on_calibration(ranked[name]))
            predictions[name] = thresholded(ranked[name], thresholds[name])

    calibrated: dict[str, Any] | None = None
    if calibrate:
        _progress("calibrating hotline's thresholds on the calibration split")
        best, fitted = calibrate_hotline(calibration, on_calibration(ranked["hotline"]))
        predictions["hotline (calibrated)"] = replay(ranked["hotline"], best)
        calibrated = {
            "current": current_thresholds(),
            "best": best,
            "on_calibration": asdict(fitted),
        }

    metrics = {name: score(test, on_test(preds)) for name, preds in predictions.items()}
    click.echo(
        f"validation: {len(examples)} lines from {validation} "
        f"({len(calibration)} calibration, {len(test)} test); "
        f"knowledge base: {len(knowledge)} entries"
    )
    click.echo(_table(metrics, thresholds))
    ours = metrics["hotline"]
    verdicts = {b: beats(ours, metrics[b]) for b in BASELINES if b in metrics}
    for name, (won, as_good) in verdicts.items():
        theirs = metrics[name]
        click.echo(
            f"hotline vs {name}: {'beats' if won else 'does NOT beat'} it (top-1 answered"
            f" + OOS rejected {ours.objective:.3f} vs {theirs.objective:.3f}, false rejected"
            f" {100 * ours.false_rejection:.1f}% vs {100 * theirs.false_rejection:.1f}%;"
            f" as good or better on {as_good} of {len(COLUMNS)} metrics)"
        )
    if len(verdicts) == len(BASELINES):
        both = all(won for won, _ in verdicts.values())
        click.echo(f"hotline beats both baselines: {'yes' if both else 'no'}")
    if calibrated is not None:
        sources = ", ".join(f"{d.parent.name}/{d.name}" for d in validation_dirs)
        _report_calibration(calibrated, fitted, len(calibration), sources, write)
    if json_path is not None:
        report = {
            "validation": {
                "dirs": [str(d) for d in validation_dirs],
                "lines": len(examples),
                "calibration": len(calibration),
                "test": len(test),
            },
            "knowledge_base": {"entries": len(knowledge)},
            "targets": TARGETS,
            "thresholds": thresholds,
            "metrics": {name: asdict(m) for name, m in metrics.items()},
            "beats": {name: won for name, (won, _) in verdicts.items()},
            "calibration": calibrated,
            "lines": per_line(examples, is_test, predictions),
        }
        json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    _progress(f"done in {time.monotonic() - started:.0f} s")


def _cell(metric: str, value: float) -> str:
    text = f"{value:.3f}" if metric == "mrr" else f"{100 * value:.1f}%"
    return text + {None: "  ", True: " ✓", False: " ✗"}[meets(metric, value)]


def _target(metric: str) -> str:
    if metric not in TARGETS:
        return "—  "
    op, target = TARGETS[metric]
    return f"{'≥' if op == '>=' else '≤'}{100 * target:.0f}%  "


def _table(metrics: dict[str, Metrics], thresholds: dict[str, float]) -> str:
    """Systems × metrics on the test split, with the targets as the first row."""
    first = next(iter(metrics.values()))
    widths = {metric: max(len(header), 9) for metric, header in COLUMNS}
    name_width = max(len(name) for name in metrics) + 2

    def row(name: str, cells: dict[str, str], rule: str) -> str:
        padded = [cells[metric].rjust(width) for metric, width in widths.items()]
        return (name.ljust(name_width) + "  ".join(padded) + "  " + rule).rstrip()

    rows = [
        f"test split: {first.in_scope} in-scope + {first.out_of_scope} out-of-scope lines",
        row("system", dict(COLUMNS), "decision"),
        row("target", {metric: _target(metric) for metric in widths}, ""),
    ]
    for name, m in metrics.items():
        if name in thresholds:
            rule = f"top score ≥ {thresholds[name]:.3g}"
        else:
            rule = "calibrated thresholds" if "calibrated" in name else "configured thresholds"
        rows.append(
            row(name, {metric: _cell(metric, getattr(m, metric)) for metric in widths}, rule)
        )
    return "\n".join(rows)


def _report_calibration(
    calibrated: dict[str, Any], fitted: Metrics, n_lines: int, sources: str, write: bool
) -> None:
    click.echo(
        f"\ncalibrated on {n_lines} lines: top-1 answered {100 * fitted.top1_answered:.1f}%,"
        f" OOS rejected {100 * fitted.oos_rejection:.1f}%,"
        f" false rejected {100 * fitted.false_rejection:.1f}%"
    )
    for name, value in calibrated["best"].items():
        click.echo(f"  {name:20} {calibrated['current'][name]:.3f} -> {value:.3f}")
    if not write:
        click.echo(f"not written (add --write to save them to {THRESHOLDS_FILE})")
        return
    header = (
        "# Decision thresholds for knowledge_faq, written by\n"
        f"# `hotline eval faq --calibrate --write` on {date.today().isoformat()}: fitted on\n"
        f"# the {n_lines} calibration lines of {sources}\n"
        "# to maximise top-1 answered + OOS rejection with\n"
        f"# false rejection <= {100 * MAX_FALSE_REJECTION:.0f}%.\n"
        "# Read by knowledge_faq/_config.py; names are those of its constants.\n"
    )
    body = yaml.safe_dump({"thresholds": calibrated["best"]}, sort_keys=False)
    THRESHOLDS_FILE.write_text(header + body, encoding="utf-8")
    click.echo(f"written to {THRESHOLDS_FILE}")


@eval_group.command("triage")
@click.option(
    "--json", "json_path", type=click.Path(path_type=Path), help="Also write the figures here."
)
@click.option(
    "--errors",
    type=click.Path(path_type=Path),
    help="Write the held-out emergency mistakes here (JSON lines).",
)
@click.option("--no-rasa", is_flag=True, help="Skip Rasa's intent cross-validation.")
@click.option("--folds", default=3, show_default=True, help="Folds of Rasa's cross-validation.")
@click.option(
    "--emergency-cv",
    is_flag=True,
    help="Also show rules + model per threshold by 5-fold CV of the training data.",
)
def triage(
    json_path: Path | None, errors: Path | None, no_rasa: bool, folds: int, emergency_cv: bool
) -> None:
    """Measure triage: request type, urgency, topic and emergencies.

    Request type, urgency and topic are scored on the real validation split
    (labelled real messages read from ../shared, never trained on);
    emergencies on the held-out written set plus that split. Then Rasa's own
    `rasa test nlu` cross-validation report of the intents, the request-type
    intents first (a few minutes; --no-rasa skips it).
    """
    from bot.evaluation.triage import TARGETS, evaluate
    from bot.services.triage import triage_cache_dir
    from bot.triage.data import emergency_heldout_sets, validation_messages
    from bot.triage.model import load_model
    from bot.triage.taxonomy import load_taxonomy

    started = time.perf_counter()
    try:
        validation = validation_messages()
    except FileNotFoundError as exc:
        raise click.ClickException(
            f"the real messages are needed for this evaluation: {exc}"
        ) from exc
    _progress("triage: loading or training the model...")
    model = load_model(triage_cache_dir())
    heldout_sets = emergency_heldout_sets()

    def progress(done: int, total: int) -> None:
        click.echo(f"\rclassified {done}/{total}", err=True, nl=done == total)

    report = evaluate(model, load_taxonomy(), validation, heldout_sets, progress)
    sets = ", ".join(f"{name} ({len(lines)})" for name, lines in heldout_sets.items())
    click.echo(
        f"real validation split: {report.validation_size} messages; "
        f"held-out emergency sets: {sets}; model trained on {model.trained_on} messages "
        f"and {model.replies_read} official replies"
    )
    for name, label in report.labels.items():
        click.echo(f"\n{name}: accuracy {label.accuracy:.1%}, macro-F1 {label.macro_f1:.3f}")
        click.echo(f"  {'class':<16}{'precision':>10}{'recall':>10}{'F1':>8}{'n':>6}")
        for c in label.classes:
            click.echo(
                f"  {c.label:<16}{c.precision:>10.1%}{c.recall:>10.1%}{c.f1:>8.3f}{c.support:>6}"
            )
    click.echo(
        "\nemergencies        right line  wrong line  missed  false alarms  recall  precision"
    )
    for name, alarms in [*report.emergency_sets.items(), ("all together", report.emergency)]:
        click.echo(
            f"  {name:<28}{alarms.right_line:>10}{alarms.wrong_line:>12}{alarms.missed:>8}"
            f"{alarms.false_alarms:>14}{alarms.recall:>8.1%}{alarms.precision:>11.1%}"
        )
    figures = {
        "emergency_recall": report.emergency.recall,
        "emergency_precision": report.emergency.precision,
        "request_type_accuracy": report.labels["request_type"].accuracy,
        "topic_macro_f1": report.labels["topic"].macro_f1,
    }
    agreement = _annotator_agreement()
    click.echo("\ntargets")
    for key, target in TARGETS.items():
        mark = "✓" if figures[key] >= target else "✗"
        click.echo(f"  {key:<24}{figures[key]:>8.3f}  (target ≥ {target}) {mark}")
    if emergency_cv:
        _emergency_cv_table()
    rasa_report = None if no_rasa else _rasa_intent_report(folds)
    click.echo(f"done in {time.perf_counter() - started:.0f} s")
    if json_path:
        document = {
            "figures": figures,
            "report": asdict(report),
            "annotators": asdict(agreement) if agreement else None,
            "rasa_intents": rasa_report,
        }
        json_path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    if errors:
        errors.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in report.errors),
            encoding="utf-8",
        )


def _annotator_agreement() -> AnnotatorAgreement | None:
    """Print how far the two blind annotations of the validation split agree."""
    from bot.evaluation.triage import annotator_agreement
    from bot.triage.data import second_annotation

    annotations = second_annotation()
    if not annotations:
        return None
    agreement = annotator_agreement(annotations)
    click.echo(
        f"\ninter-annotator agreement: two annotators, blind, on the same "
        f"{agreement.messages} validation messages (the second scored against the first)"
    )
    for label in (agreement.request_type, agreement.topic):
        click.echo(
            f"  {label.name:<14} agreement {label.accuracy:.1%}, macro-F1 {label.macro_f1:.3f}"
            f"  (against the gold: first {agreement.first_vs_gold[label.name]:.1%},"
            f" second {agreement.second_vs_gold[label.name]:.1%}; the gold was decided"
            " between them)"
        )
    return agreement


def _rasa_intent_report(folds: int) -> dict[str, Any] | None:
    """Run and print Rasa's cross-validation; request-type intents first."""
    from bot.evaluation.rasa_intents import cross_validate
    from bot.evaluation.response_selector import RasaUnavailable
    from bot.triage.taxonomy import load_taxonomy

    try:
        report = cross_validate(folds)
    except RasaUnavailable as exc:
        click.echo(f"\nRasa cross-validation skipped: {exc}", err=True)
        return None
    types = {intent: kind for kind, intent in load_taxonomy().rasa_intents.items()}
    intents = [k for k in report if isinstance(report[k], dict) and "support" in report[k]]
    ordered = [i for i in intents if i in types] + [
        i for i in intents if i not in types and not i.endswith("avg")
    ]
    click.echo(f"\nrasa test nlu --cross-validation --folds {folds} (intents)")
    click.echo(f"  {'intent':<22}{'type':<6}{'precision':>10}{'recall':>9}{'F1':>8}{'n':>6}")
    for intent in ordered:
        row = report[intent]
        click.echo(
            f"  {intent:<22}{types.get(intent, ''):<6}{row['precision']:>10.1%}"
            f"{row['recall']:>9.1%}{row['f1-score']:>8.3f}{int(row['support']):>6}"
        )
    accuracy = report.get("accuracy")
    if isinstance(accuracy, float):
        click.echo(f"  accuracy {accuracy:.1%}, macro-F1 {report['macro avg']['f1-score']:.3f}")
    return report


def _emergency_cv_table() -> None:
    """Print what each set of emergency-model thresholds does in CV of the training data."""
    from bot.evaluation.triage import emergency_threshold_cv
    from bot.triage.classify import (
        EMERGENCY_MODEL_THRESHOLD,
        EMERGENCY_MODEL_THRESHOLD_DISMISSED,
        EMERGENCY_MODEL_THRESHOLD_DOUBTFUL,
    )
    from bot.triage.data import emergency_training_messages, training_messages

    _progress("emergency threshold: 5-fold cross-validation of the training data...")
    examples = emergency_training_messages() + training_messages()[0]
    configured = (
        EMERGENCY_MODEL_THRESHOLD,
        EMERGENCY_MODEL_THRESHOLD_DOUBTFUL,
        EMERGENCY_MODEL_THRESHOLD_DISMISSED,
    )
    click.echo("\nemergency model thresholds, rules + model, 5-fold CV of the training data")
    click.echo(
        "  (plain: nothing doubts 'now'; doubtful: past, question or worry;"
        " dismissed: an emergency word judged not current)"
    )
    click.echo(
        f"  {'plain':>6}  {'doubtful':>8}  {'dismissed':>9}  {'missed':>14}  {'false alarms':>16}"
    )
    for row in emergency_threshold_cv(examples):
        thresholds = (row.threshold, row.doubtful_threshold, row.dismissed_threshold)
        mark = "  <- configured" if thresholds == configured else ""
        click.echo(
            f"  {row.threshold:>6}  {row.doubtful_threshold:>8}  {row.dismissed_threshold:>9}"
            f"  {row.missed:>5} of {row.emergencies:<5}"
            f"  {row.false_alarms:>6} of {row.others:<6}{mark}"
        )
