"""The statistical half of triage: topic, second level, request type and urgency.

Linear SVMs over TF-IDF character 1-3-grams and words of the whole message,
plus the character n-grams of its first sentence (a board post's subject, a
chat message's opening), trained on the written messages and the real
training split (``data``); the topic and request-type models also read the
official replies to that split. Scores become a confidence by a softmax over
the classes, so callers can tell a clear call from a close one.

Training takes a few seconds; the fitted model is cached on disk under a
fingerprint of the training data and of this module's version, so the
gateway's workers and ``hotline classify`` load it instead of refitting.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from knowledge_faq import normalize, tokenize

from .data import Labelled, emergency_training_messages, reply_messages, training_messages

log = logging.getLogger(__name__)

MODEL_VERSION = "4"
SVM_C = 0.5
# A second-level category is reported only when its share of the softmax
# among the topic's second levels is at least this.
LEVEL2_MIN_CONFIDENCE = 0.5
# Margins of a linear SVM are about +-1; scaled before the softmax so that a
# clear winner gets a confidence near 1.
CONFIDENCE_SCALE = 4.0
NO_EMERGENCY = "none"
_HEAD_END = "。！？!?\n"


@dataclass(frozen=True, slots=True)
class ModelPrediction:
    """What the model says about one message."""

    topic: str
    topic_confidence: float
    topic_l2: str | None
    request_type: str
    request_type_confidence: float
    urgency: str
    emergency: str | None  # the model's line, when it thinks so
    emergency_probability: float


def _chars(text: str) -> list[str]:
    normal = normalize(text)
    return [normal[i : i + n] for n in (1, 2, 3) for i in range(len(normal) - n + 1)]


def _words(text: str) -> list[str]:
    return tokenize(normalize(text))


def _head(text: str) -> str:
    cut = min((i for i in (text.find(mark) for mark in _HEAD_END) if i >= 0), default=len(text))
    return text[:cut]


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    result: np.ndarray = shifted / shifted.sum(axis=-1, keepdims=True)
    return result


class Features:
    """TF-IDF of the whole text (characters and words) and of its first sentence."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._chars = TfidfVectorizer(analyzer=_chars, sublinear_tf=True, min_df=2)
        self._words = TfidfVectorizer(analyzer=_words, sublinear_tf=True, min_df=2)
        self._head = TfidfVectorizer(analyzer=_chars, sublinear_tf=True)
        self.matrix = sp.hstack(
            [
                self._chars.fit_transform(texts),
                self._words.fit_transform(texts),
                self._head.fit_transform([_head(t) for t in texts]),
            ],
            format="csr",
        )

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return sp.hstack(
            [
                self._chars.transform(texts),
                self._words.transform(texts),
                self._head.transform([_head(t) for t in texts]),
            ],
            format="csr",
        )


class LabelModel:
    """One label: a linear SVM and its classes."""

    def __init__(self, features: sp.csr_matrix, labels: Sequence[str]) -> None:
        self._svm = LinearSVC(C=SVM_C, class_weight="balanced")
        self._svm.fit(features, list(labels))
        self.classes: list[str] = [str(c) for c in self._svm.classes_]

    def probabilities(self, features: sp.csr_matrix) -> np.ndarray:
        scores = np.asarray(self._svm.decision_function(features), dtype=np.float64)
        if scores.ndim == 1:  # two classes: one margin
            scores = np.stack([-scores, scores], axis=1)
        return _softmax(CONFIDENCE_SCALE * scores)


class TriageModel:
    """Topic, second level, request type and urgency of citizen messages."""

    def __init__(
        self,
        examples: Sequence[Labelled],
        emergency_examples: Sequence[Labelled] = (),
        reply_examples: Sequence[Labelled] = (),
    ) -> None:
        """Fit on ``examples``; emergencies also learn from ``emergency_examples``.

        ``reply_examples`` (official replies labelled as the message they
        answer) add to the topic, second-level and request-type models
        only: a reply says nothing about urgency or emergencies.
        """
        usable = [e for e in examples if e.topic and e.request_type and e.urgency]
        replies = [e for e in reply_examples if e.text and e.topic and e.request_type]
        emergency_examples = [e for e in emergency_examples if e.text]
        if not usable:
            raise ValueError("no labelled examples to train the triage model on")
        self.trained_on = len(usable)
        self.replies_read = len(replies)
        everything = [*usable, *replies]
        self._features = Features([e.text for e in everything])
        matrix = self._features.matrix
        self._topic = LabelModel(matrix, [str(e.topic) for e in everything])
        self._type = LabelModel(matrix, [str(e.request_type) for e in everything])
        self._urgency = LabelModel(matrix[: len(usable)], [str(e.urgency) for e in usable])
        pairs = [f"{e.topic}/{e.topic_l2}" for e in everything]
        self._level2 = LabelModel(matrix, pairs)
        alarms = [*usable, *emergency_examples]
        self._emergency_features = Features([e.text for e in alarms])
        self._emergency = LabelModel(
            self._emergency_features.matrix, [e.emergency or NO_EMERGENCY for e in alarms]
        )

    def predict(self, texts: Sequence[str]) -> list[ModelPrediction]:
        """Predictions for ``texts``, in order."""
        if not texts:
            return []
        features = self._features.transform(list(texts))
        topic_p = self._topic.probabilities(features)
        type_p = self._type.probabilities(features)
        urgency_p = self._urgency.probabilities(features)
        level2_p = self._level2.probabilities(features)
        alarm_p = self._emergency.probabilities(self._emergency_features.transform(list(texts)))
        none_index = self._emergency.classes.index(NO_EMERGENCY)
        predictions = []
        for row in range(len(texts)):
            topic_index = int(topic_p[row].argmax())
            topic = self._topic.classes[topic_index]
            type_index = int(type_p[row].argmax())
            predictions.append(
                ModelPrediction(
                    topic=topic,
                    topic_confidence=float(topic_p[row, topic_index]),
                    topic_l2=self._second_level(topic, level2_p[row]),
                    request_type=self._type.classes[type_index],
                    request_type_confidence=float(type_p[row, type_index]),
                    urgency=self._urgency.classes[int(urgency_p[row].argmax())],
                    emergency=self._emergency_line(alarm_p[row], none_index),
                    emergency_probability=float(1.0 - alarm_p[row, none_index]),
                )
            )
        return predictions

    def _emergency_line(self, probabilities: np.ndarray, none_index: int) -> str | None:
        """The most likely emergency line, whatever the probability of none."""
        ranked = [i for i in np.argsort(-probabilities) if i != none_index]
        return self._emergency.classes[int(ranked[0])] if ranked else None

    def _second_level(self, topic: str, probabilities: np.ndarray) -> str | None:
        """The topic's most likely second level, when it clearly leads its siblings."""
        prefix = f"{topic}/"
        own = [
            (p, c)
            for p, c in zip(probabilities, self._level2.classes, strict=True)
            if c.startswith(prefix)
        ]
        if not own:
            return None
        total = sum(p for p, _ in own)
        best, label = max(own)
        name = label[len(prefix) :]
        if name == "None" or total <= 0 or best / total < LEVEL2_MIN_CONFIDENCE:
            return None
        return name


def _fingerprint(examples: Sequence[Labelled]) -> str:
    digest = hashlib.sha256(f"{MODEL_VERSION}/{sklearn.__version__}".encode())
    for e in examples:
        for part in (e.text, e.topic, e.topic_l2, e.request_type, e.urgency, e.emergency):
            digest.update((part or "").encode("utf-8"))
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def load_model(cache_dir: Path | None = None) -> TriageModel:
    """The triage model for the current training data, from the cache or freshly fitted.

    Without the shared real messages the model is fitted on the written ones
    alone, and a warning says so.
    """
    examples, with_real = training_messages()
    alarms = emergency_training_messages()
    replies = reply_messages() if with_real else []
    if not with_real:
        log.warning("shared real messages not found: triage model trained on written data only")
    if cache_dir is None:
        return TriageModel(examples, alarms, replies)
    path = cache_dir / f"triage-{_fingerprint([*examples, *alarms, *replies])}.pkl"
    if path.exists():
        try:
            with path.open("rb") as cached:
                model = pickle.load(cached)  # our own cache file, never downloaded
            if isinstance(model, TriageModel):
                return model
        except Exception as exc:  # noqa: BLE001 - any unreadable cache is refitted
            log.warning("ignoring unreadable triage model cache %s: %s", path, exc)
    model = TriageModel(examples, alarms, replies)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cache_dir, delete=False, suffix=".tmp") as fresh:
        pickle.dump(model, fresh)
    os.replace(fresh.name, path)
    return model
