"""Measuring triage: per-class precision, recall and F1, and emergency detection.

The request type, the urgency and the topic are measured on the real
validation split (about a quarter of the 4,326 labelled real messages, never
trained on). Emergencies are measured on the held-out written set (120
emergencies, 150 look-alikes) together with the real validation split, whose
messages are almost all not emergencies: recall needs the first, precision
needs both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.triage.classify import EMERGENCY_RULE_VETO, Triage, classify_many
from bot.triage.data import DoubleAnnotation, Labelled
from bot.triage.model import TriageModel
from bot.triage.taxonomy import Taxonomy

BATCH = 256
TARGETS = {
    "emergency_recall": 1.0,
    "emergency_precision": 0.95,
    "request_type_accuracy": 0.90,
    "topic_macro_f1": 0.85,
}


@dataclass(frozen=True, slots=True)
class ClassScore:
    """One class's precision, recall, F1 and number of gold examples."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class LabelReport:
    """How one label (request type, urgency, topic) did on a set of messages."""

    name: str
    accuracy: float
    macro_f1: float
    classes: list[ClassScore]


@dataclass(frozen=True, slots=True)
class EmergencyReport:
    """Emergency detection: detected with the right line, with a wrong line, missed, false."""

    right_line: int
    wrong_line: int
    missed: int
    false_alarms: int

    @property
    def recall(self) -> float:
        """Share of emergencies detected (whatever the line)."""
        total = self.right_line + self.wrong_line + self.missed
        return (self.right_line + self.wrong_line) / total if total else 0.0

    @property
    def precision(self) -> float:
        """Share of alarms that were emergencies."""
        alarms = self.right_line + self.wrong_line + self.false_alarms
        return (self.right_line + self.wrong_line) / alarms if alarms else 0.0


@dataclass(frozen=True, slots=True)
class TriageReport:
    """Everything ``hotline eval triage`` prints."""

    validation_size: int
    labels: dict[str, LabelReport]
    emergency: EmergencyReport  # every set below together
    emergency_sets: dict[str, EmergencyReport]
    errors: list[dict[str, object]] = field(default_factory=list)


def label_report(name: str, gold: Sequence[str], predicted: Sequence[str]) -> LabelReport:
    """Accuracy, macro-F1 and per-class scores over the classes seen in ``gold``."""
    classes = []
    for label in sorted(set(gold)):
        true_positive = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        predicted_count = sum(p == label for p in predicted)
        support = sum(g == label for g in gold)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes.append(ClassScore(label, precision, recall, f1, support))
    accuracy = (
        sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0
    )
    macro = sum(c.f1 for c in classes) / len(classes) if classes else 0.0
    return LabelReport(name, accuracy, macro, classes)


def emergency_report(pairs: Sequence[tuple[str | None, str | None]]) -> EmergencyReport:
    """Count (gold line, detected line) pairs."""
    right = sum(1 for g, p in pairs if g and p == g)
    wrong = sum(1 for g, p in pairs if g and p and p != g)
    missed = sum(1 for g, p in pairs if g and not p)
    false = sum(1 for g, p in pairs if not g and p)
    return EmergencyReport(right, wrong, missed, false)


def _combined(*reports: EmergencyReport) -> EmergencyReport:
    return EmergencyReport(
        sum(r.right_line for r in reports),
        sum(r.wrong_line for r in reports),
        sum(r.missed for r in reports),
        sum(r.false_alarms for r in reports),
    )


def classify_all(
    texts: Sequence[str],
    model: TriageModel,
    taxonomy: Taxonomy,
    progress: Callable[[int, int], None] | None = None,
) -> list[Triage]:
    """Classify in batches, reporting progress after each."""
    results: list[Triage] = []
    for start in range(0, len(texts), BATCH):
        results.extend(classify_many(texts[start : start + BATCH], model, taxonomy))
        if progress:
            progress(len(results), len(texts))
    return results


def evaluate(
    model: TriageModel,
    taxonomy: Taxonomy,
    validation: Sequence[Labelled],
    heldout_sets: Mapping[str, Sequence[Labelled]],
    progress: Callable[[int, int], None] | None = None,
) -> TriageReport:
    """Measure ``model`` on the real validation split and the held-out emergency sets."""
    heldout = [m for messages in heldout_sets.values() for m in messages]
    texts = [m.text for m in validation] + [m.text for m in heldout]
    results = classify_all(texts, model, taxonomy, progress)
    real, written = results[: len(validation)], results[len(validation) :]
    labels = {
        "request_type": label_report(
            "request_type",
            [str(m.request_type) for m in validation],
            [r.request_type for r in real],
        ),
        "urgency": label_report(
            "urgency", [str(m.urgency) for m in validation], [r.urgency for r in real]
        ),
        "topic": label_report("topic", [str(m.topic) for m in validation], [r.topic for r in real]),
    }
    sets = {
        "real validation": emergency_report(
            [(m.emergency, r.emergency) for m, r in zip(validation, real, strict=True)]
        )
    }
    position = 0
    for name, messages in heldout_sets.items():
        results_of_set = written[position : position + len(messages)]
        position += len(messages)
        sets[name] = emergency_report(
            [(m.emergency, r.emergency) for m, r in zip(messages, results_of_set, strict=True)]
        )
    errors: list[dict[str, object]] = [
        {"text": m.text[:120], "gold": m.emergency, "detected": r.emergency}
        for m, r in zip(heldout, written, strict=True)
        if m.emergency != r.emergency
    ]
    return TriageReport(
        validation_size=len(validation),
        labels=labels,
        emergency=_combined(*sets.values()),
        emergency_sets=sets,
        errors=errors,
    )


@dataclass(frozen=True, slots=True)
class ThresholdRow:
    """Rules plus the model at one set of thresholds, over cross-validated training data."""

    threshold: float  # nothing in the message doubts "now"
    doubtful_threshold: float  # it reads as past, a question or a worry
    dismissed_threshold: float  # the rules saw an emergency word, judged not current
    missed: int
    emergencies: int
    false_alarms: int
    others: int


DEFAULT_THRESHOLD_GRID: tuple[tuple[float, float, float], ...] = (
    (0.5, 0.5, 0.5),
    (0.4, 0.4, 0.4),
    (0.4, 0.5, 0.7),
    (0.3, 0.3, 0.3),
    (0.3, 0.5, 0.5),
    (0.3, 0.5, 0.7),
    (0.3, 0.7, 0.7),
    (0.3, 0.2, 0.7),
    (0.2, 0.2, 0.2),
    (0.2, 0.2, 0.7),
    (0.2, 0.5, 0.7),
    (0.1, 0.1, 0.1),
    (0.1, 0.2, 0.7),
    (0.1, 0.5, 0.7),
)


def emergency_threshold_cv(
    examples: Sequence[Labelled],
    thresholds: Sequence[tuple[float, float, float]] = DEFAULT_THRESHOLD_GRID,
    folds: int = 5,
    rule_veto: float = EMERGENCY_RULE_VETO,
) -> list[ThresholdRow]:
    """How rules plus the emergency model do at each set of thresholds, by ``folds``-fold CV.

    Each example's emergency probability comes from a model fitted without
    its fold, so the table shows what a threshold does to unseen text; the
    held-out sets are never used to choose it. A rule's alarm counts only
    where that probability reaches ``rule_veto`` (the configured
    ``EMERGENCY_RULE_VETO`` unless given), as in :func:`bot.triage.classify.classify_many`.
    """
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from bot.triage.emergency import read_emergency
    from bot.triage.model import NO_EMERGENCY, Features, LabelModel

    labels = [m.emergency or NO_EMERGENCY for m in examples]
    is_emergency = np.array([label != NO_EMERGENCY for label in labels])
    readings = [read_emergency(m.text) for m in examples]
    by_rules = np.array([r.match is not None for r in readings])
    dismissed = np.array([r.dismissed for r in readings])
    doubtful = np.array([r.doubtful for r in readings])  # never set when dismissed
    plain = ~dismissed & ~doubtful
    probability = np.zeros(len(examples))
    split = StratifiedKFold(folds, shuffle=True, random_state=12345)
    for train, test in split.split(np.zeros(len(examples)), is_emergency):
        features = Features([examples[i].text for i in train])
        model = LabelModel(features.matrix, [labels[i] for i in train])
        scores = model.probabilities(features.transform([examples[i].text for i in test]))
        probability[test] = 1.0 - scores[:, model.classes.index(NO_EMERGENCY)]
    rows = []
    for threshold, doubtful_threshold, dismissed_threshold in thresholds:
        alarm = (
            (by_rules & (probability >= rule_veto))
            | (plain & (probability >= threshold))
            | (doubtful & (probability >= doubtful_threshold))
            | (dismissed & (probability >= dismissed_threshold))
        )
        rows.append(
            ThresholdRow(
                threshold=threshold,
                doubtful_threshold=doubtful_threshold,
                dismissed_threshold=dismissed_threshold,
                missed=int((~alarm[is_emergency]).sum()),
                emergencies=int(is_emergency.sum()),
                false_alarms=int(alarm[~is_emergency].sum()),
                others=int((~is_emergency).sum()),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class AnnotatorAgreement:
    """How far the two blind annotations of the validation split agree.

    ``request_type`` and ``topic`` score the second annotation against the
    first: inter-annotator agreement, the fairest bar for a model. Each
    annotator against the gold labels is higher by construction, because
    the gold was decided between their two answers.
    """

    messages: int
    request_type: LabelReport
    topic: LabelReport
    first_vs_gold: dict[str, float]  # accuracy per field
    second_vs_gold: dict[str, float]


def annotator_agreement(annotations: Sequence[DoubleAnnotation]) -> AnnotatorAgreement:
    """Score the second annotation against the first, and each against the gold."""

    def labels(messages: Sequence[Labelled], field_name: str) -> list[str]:
        return [str(getattr(m, field_name)) for m in messages]

    firsts = [a.first for a in annotations]
    seconds = [a.second for a in annotations]
    golds = [a.gold for a in annotations]
    fields = ("request_type", "topic")
    return AnnotatorAgreement(
        messages=len(annotations),
        request_type=label_report(
            "request_type", labels(firsts, "request_type"), labels(seconds, "request_type")
        ),
        topic=label_report("topic", labels(firsts, "topic"), labels(seconds, "topic")),
        first_vs_gold={
            f: label_report(f, labels(golds, f), labels(firsts, f)).accuracy for f in fields
        },
        second_vs_gold={
            f: label_report(f, labels(golds, f), labels(seconds, f)).accuracy for f in fields
        },
    )
