"""The FAQ evaluation's arithmetic: metrics, thresholds and the split.

These numbers decide whether the retriever "beats the baselines", so the
math is checked on rankings small enough to verify by hand. No Rasa, no index.
"""

from pathlib import Path

import pytest

from bot.evaluation import (
    TOP_K,
    Example,
    Prediction,
    Ranked,
    in_calibration,
    load_validation,
    score,
    split,
)
from bot.evaluation.faq import (
    beats,
    calibrate_hotline,
    calibrate_threshold,
    current_thresholds,
    replay,
    thresholded,
)


def ranked(*ids: str, top: float = 1.0) -> Ranked:
    """Candidates best first with strictly falling positive scores."""
    return Ranked(ids=ids, scores=tuple(top - 0.01 * i for i in range(len(ids))))


def test_metrics_on_a_hand_made_ranking() -> None:
    """Each metric counts what its definition says, on the right denominator."""
    examples = [
        Example("a", "x"),  # answered correctly, rank 1
        Example("b", "y"),  # suggested, right id at rank 2
        Example("c", "z"),  # rejected, right id at rank 4
        Example("d", None),  # off-topic, rejected
        Example("e", None),  # off-topic, answered anyway
    ]
    predictions = [
        Prediction("answer", "x", ranked("x", "y")),
        Prediction("suggest", None, ranked("x", "y", "z")),
        Prediction("none", None, ranked("x", "y", "w", "z")),
        Prediction("none", None, ranked("x")),
        Prediction("answer", "x", ranked("x")),
    ]
    m = score(examples, predictions)
    assert (m.in_scope, m.out_of_scope) == (3, 2)
    assert m.top1_answered == pytest.approx(1 / 3)
    assert m.top1_ranked == pytest.approx(1 / 3)
    assert m.top3 == pytest.approx(2 / 3)
    assert m.mrr == pytest.approx((1 + 1 / 2 + 1 / 4) / 3)
    assert m.oos_rejection == pytest.approx(1 / 2)
    assert m.false_rejection == pytest.approx(1 / 3)
    assert m.objective == pytest.approx(1 / 3 + 1 / 2)


def test_rescoring_new_decisions_of_the_same_ranking_gives_the_full_score() -> None:
    """Calibration's shortcut must agree with scoring from scratch."""
    examples = [Example("a", "x"), Example("b", "y"), Example("c", None)]
    rankings = [ranked("x", "y"), ranked("x", "y"), ranked("y")]
    first = score(examples, thresholded(rankings, 0.0))
    other = thresholded(rankings, 2.0)
    assert score(examples, other, same_ranking_as=first) == score(examples, other)


def test_ranked_first_counts_even_when_the_system_only_suggests() -> None:
    """top1_ranked measures retrieval; top1_answered only direct right answers."""
    m = score([Example("a", "x")], [Prediction("suggest", None, ranked("x", "y"))])
    assert (m.top1_ranked, m.top1_answered, m.false_rejection) == (1.0, 0.0, 0.0)


def test_a_wrong_answer_is_neither_correct_nor_a_rejection() -> None:
    m = score([Example("a", "x")], [Prediction("answer", "y", ranked("y", "x"))])
    assert (m.top1_answered, m.top1_ranked, m.top3, m.mrr) == (0.0, 0.0, 1.0, 0.5)
    assert m.false_rejection == 0.0


def test_zero_scores_and_ranks_beyond_top_k_do_not_count() -> None:
    """A zero score is no evidence; MRR stops at rank TOP_K."""
    assert Ranked(("x", "y"), (0.5, 0.0)).rank_of("y") is None
    deep = ranked(*(f"e{i}" for i in range(TOP_K)), "x")
    assert deep.rank_of("x") == TOP_K + 1
    m = score([Example("a", "x")], [Prediction("none", None, deep)])
    assert (m.mrr, m.top3) == (0.0, 0.0)


def test_rates_over_no_lines_are_zero() -> None:
    m = score([Example("a", None)], [Prediction("none", None, Ranked())])
    assert (m.in_scope, m.top1_answered, m.false_rejection, m.oos_rejection) == (0, 0, 0, 1)


def test_thresholded_answers_only_at_or_above_the_threshold() -> None:
    decisions = thresholded([ranked("x", top=2.0), ranked("y", top=1.0), Ranked()], 2.0)
    assert [(p.decision, p.answer_id) for p in decisions] == [
        ("answer", "x"),
        ("none", None),
        ("none", None),
    ]


def test_calibrated_threshold_separates_in_scope_from_off_topic() -> None:
    examples = [Example("a", "x"), Example("b", "y"), Example("c", "z")]
    examples += [Example("d", None), Example("e", None)]
    tops = [5.0, 4.0, 3.0, 1.0, 2.0]
    rankings = [ranked(e.faq_id or "x", top=t) for e, t in zip(examples, tops, strict=True)]
    assert calibrate_threshold(examples, rankings) == 3.0


def test_calibrated_threshold_keeps_false_rejection_within_bounds() -> None:
    """Rejecting one of two in-scope lines would win the objective but is not allowed."""
    examples = [Example("a", "x"), Example("b", "y"), Example("c", None)]
    rankings = [ranked("x", top=5.0), ranked("y", top=1.0), ranked("x", top=2.0)]
    assert calibrate_threshold(examples, rankings) == 1.0


def test_beats_compares_the_calibration_objective() -> None:
    examples = [Example("a", "x"), Example("b", None)]
    rejected = Prediction("none", None, Ranked())
    good = score(examples, [Prediction("answer", "x", ranked("x")), rejected])
    bad = score(examples, [Prediction("none", None, ranked("x")), rejected])
    assert beats(good, bad) == (True, 6)
    assert beats(bad, good)[0] is False


def test_rejecting_in_scope_lines_does_not_beat_anyone() -> None:
    """More OOS rejection bought with 50 % false rejection is no win."""
    examples = [Example("a", "x"), Example("b", "y"), Example("c", None), Example("d", None)]
    answer_all = [Prediction("answer", e.faq_id or "x", ranked(e.faq_id or "x")) for e in examples]
    strict = [answer_all[0], Prediction("none", None, ranked("y"))]
    strict += [Prediction("none", None, Ranked())] * 2
    lenient, picky = score(examples, answer_all), score(examples, strict)
    assert picky.objective > lenient.objective
    assert beats(picky, lenient)[0] is False


def test_replay_uses_the_given_thresholds_and_restores_the_real_ones() -> None:
    before = current_thresholds()
    clear_winner = Ranked(("x", "y"), (0.9, 0.1), coverage=1.0)
    assert replay([clear_winner], before)[0].decision == "answer"
    stricter = {**before, "ANSWER_THRESHOLD": 0.95}
    assert replay([clear_winner], stricter)[0].decision == "suggest"
    assert current_thresholds() == before


def test_calibrating_hotline_respects_false_rejection() -> None:
    """With one weak in-scope line, no threshold may reject it to gain an off-topic one."""
    examples = [Example("a", "x"), Example("b", "y"), Example("c", None)]
    rankings = [
        Ranked(("x", "z"), (0.9, 0.1), coverage=1.0),
        Ranked(("y", "z"), (0.2, 0.1), coverage=1.0),
        Ranked(("x", "z"), (0.3, 0.1), coverage=1.0),
    ]
    best, fitted = calibrate_hotline(examples, rankings)
    assert fitted.false_rejection == 0.0
    assert best["SUGGEST_THRESHOLD"] <= 0.2


def test_split_is_deterministic_disjoint_and_about_a_quarter() -> None:
    examples = [Example(f"问题{i}", None) for i in range(2000)]
    calibration, test = split(examples)
    assert len(calibration) + len(test) == len(examples)
    assert not {e.q for e in calibration} & {e.q for e in test}
    assert 0.20 < len(calibration) / len(examples) < 0.30
    again, _ = split(list(reversed(examples)))
    assert {e.q for e in again} == {e.q for e in calibration}  # order does not matter


def test_split_depends_on_the_text_only() -> None:
    """Pinned: changing the hash would silently move lines between the splits."""
    assert in_calibration(" 公积金怎么提取 ") == in_calibration("公积金怎么提取")
    pinned = {"公积金怎么提取": False, "明天会下雨吗": True, "护照丢了怎么办": False}
    assert {q: in_calibration(q) for q in pinned} == pinned


def test_load_validation_reads_every_file(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"q": "护照丢了", "faq_id": "exit-passport-lost"}\n\n')
    (tmp_path / "b.jsonl").write_text('{"q": "今天天气", "faq_id": null}\n')
    assert load_validation(tmp_path) == [
        Example("护照丢了", "exit-passport-lost"),
        Example("今天天气", None),
    ]
    (tmp_path / "c.jsonl").write_text('{"question": "x"}\n')
    with pytest.raises(ValueError, match=r"c\.jsonl:1"):
        load_validation(tmp_path)
