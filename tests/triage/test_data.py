"""Triage data: the validation split and the evaluation arithmetic."""

from bot.evaluation.triage import emergency_report, label_report
from bot.triage.data import (
    emergency_heldout_sets,
    emergency_training_messages,
    in_validation,
    written_messages,
)


def test_the_split_depends_on_the_text_not_on_spacing() -> None:
    text = "小区门口的路灯坏了半个月了"
    assert in_validation(text) == in_validation(" 小区门口的路灯 坏了半个月了\n")


def test_about_a_quarter_is_kept_for_validation() -> None:
    texts = [f"第{i}条测试消息" for i in range(4000)]
    share = sum(map(in_validation, texts)) / len(texts)
    assert 0.22 < share < 0.28


def test_the_held_out_emergencies_are_never_training_data() -> None:
    training = {m.text for m in emergency_training_messages()}
    heldout = {m.text for messages in emergency_heldout_sets().values() for m in messages}
    assert heldout and training and not training & heldout
    assert not heldout & {m.text for m in written_messages()}


def test_label_report_arithmetic() -> None:
    report = label_report("t", ["a", "a", "b", "b"], ["a", "b", "b", "b"])
    scores = {c.label: c for c in report.classes}
    assert report.accuracy == 0.75
    assert scores["a"].precision == 1.0 and scores["a"].recall == 0.5
    assert scores["b"].precision == 2 / 3 and scores["b"].recall == 1.0


def test_emergency_report_counts_lines() -> None:
    report = emergency_report(
        [("110", "110"), ("119", "120"), ("122", None), (None, "110"), (None, None)]
    )
    assert (report.right_line, report.wrong_line, report.missed, report.false_alarms) == (
        1,
        1,
        1,
        1,
    )
    assert report.recall == 2 / 3
    assert report.precision == 2 / 3
