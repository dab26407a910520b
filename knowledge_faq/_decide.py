"""Turn ranked entries into a dialogue decision.

Kept apart from retrieval so that thresholds can be calibrated (and tested)
on score lists alone, without building an index.
"""

from ._config import (
    ANSWER_MARGIN,
    ANSWER_THRESHOLD,
    MAX_SUGGESTIONS,
    MIN_ANSWER_COVERAGE,
    MIN_IN_SCOPE,
    MIN_SUGGESTIONS,
    SUGGEST_THRESHOLD,
    SUGGESTION_FLOOR,
)
from ._models import Decision


def decide(
    scores: list[float], top_coverage: float = 1.0, in_scope: float = 1.0
) -> tuple[Decision, int]:
    """Choose what to do from entry scores sorted best first.

    ``top_coverage`` is how much of the best entry's matching variant the
    query covered. Returns the decision and how many of the top entries it
    uses: 1 for ``answer``, 2-3 for ``suggest``, 0 for ``none``. Answering
    requires a high score, a clear lead (two near-equal candidates mean the
    question is ambiguous and the caller should choose) and enough coverage
    (a lone topic word is not yet a question).

    ``in_scope`` is the probability that the question is the knowledge
    base's business at all. It is weighed by the summed scores (posteriors)
    of the first three entries, the most that an answer or suggestions could
    offer, and below ``MIN_IN_SCOPE`` the question is declined. An off-topic
    question that borrows a covered word matches no entry with confidence,
    so the product declines it where the scope probability alone may not; a
    real question torn between two neighbouring entries keeps their summed
    score and gets suggestions.
    """
    if not scores or in_scope * sum(scores[:MAX_SUGGESTIONS]) < MIN_IN_SCOPE:
        return "none", 0
    top = scores[0]
    runner_up = scores[1] if len(scores) > 1 else 0.0
    if (
        top >= ANSWER_THRESHOLD
        and top - runner_up >= ANSWER_MARGIN
        and top_coverage >= MIN_ANSWER_COVERAGE
    ):
        return "answer", 1
    if top < SUGGEST_THRESHOLD or len(scores) < MIN_SUGGESTIONS:
        return "none", 0
    count = 1 + sum(1 for s in scores[1:MAX_SUGGESTIONS] if s >= SUGGESTION_FLOOR)
    return "suggest", max(count, MIN_SUGGESTIONS)
