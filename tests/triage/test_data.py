"""Triage data: the validation split and the evaluation arithmetic."""

from pathlib import Path

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


def test_every_label_file_names_each_real_message_once_with_valid_values() -> None:
    """The label files are data a reviewer edits by hand: keep them consistent."""
    import json

    from bot.triage.data import ADJUDICATED, LABELS_DIR, SECOND_ANNOTATION
    from bot.triage.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    ids: list[int] = []
    for path in [*sorted(LABELS_DIR.glob("*.jsonl")), SECOND_ANNOTATION, ADJUDICATED]:
        seen_here = []
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert row["request_type"] in taxonomy.request_types, (path.name, row)
            assert row["urgency"] in taxonomy.urgencies, (path.name, row)
            assert row["emergency"] in (None, "110", "119", "120", "122"), (path.name, row)
            assert row["topic_l2"] in taxonomy.topics[row["topic"]].level2, (path.name, row)
            seen_here.append(int(row["id"]))
        assert len(seen_here) == len(set(seen_here)), path.name
        if path.parent == LABELS_DIR:
            ids += seen_here
    assert len(ids) == len(set(ids)) == 4326 + 2779
    reviewed = {json.loads(line)["id"] for line in ADJUDICATED.read_text().splitlines()}
    second = {json.loads(line)["id"] for line in SECOND_ANNOTATION.read_text().splitlines()}
    assert reviewed <= second <= set(ids)


def test_the_adjudicated_label_is_the_gold_label(tmp_path: Path) -> None:
    """Where the two annotators disagreed, the adjudicator's decision is used."""
    import csv
    import json

    from bot.triage.data import ADJUDICATED, real_messages

    decided = json.loads(ADJUDICATED.read_text(encoding="utf-8").splitlines()[0])
    data = tmp_path / "data"
    data.mkdir()
    for name in ("citizen_messages.csv", "message_reply_pairs.csv"):
        with (data / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "subject", "body", "posted_at"])
            if name == "citizen_messages.csv":
                writer.writerow([decided["id"], "主题", "正文", "2019/1/1 0:00:00"])
    gold = real_messages(tmp_path)
    first = real_messages(tmp_path, adjudicated=False)
    assert len(gold) == len(first) == 1
    assert (gold[0].request_type, gold[0].topic) == (decided["request_type"], decided["topic"])
    assert (first[0].request_type, first[0].topic) != (gold[0].request_type, gold[0].topic) or (
        first[0].urgency != gold[0].urgency or first[0].topic_l2 != gold[0].topic_l2
    )
