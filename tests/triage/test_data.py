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
    reviewed = {
        json.loads(line)["id"] for line in ADJUDICATED.read_text(encoding="utf-8").splitlines()
    }
    second = {
        json.loads(line)["id"]
        for line in SECOND_ANNOTATION.read_text(encoding="utf-8").splitlines()
    }
    assert reviewed <= second <= set(ids)


def test_the_adjudicated_label_is_the_gold_label(tmp_path: Path) -> None:
    """Where the two annotators disagreed, the adjudicator's decision is used."""
    import csv
    import json

    from bot.triage.data import ADJUDICATED, LABELS_DIR, real_messages

    fields = ("request_type", "urgency", "emergency", "topic", "topic_l2")
    first = {
        row["id"]: row
        for path in LABELS_DIR.glob("*.jsonl")
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    decided = next(
        row
        for row in map(json.loads, ADJUDICATED.read_text(encoding="utf-8").splitlines())
        if any(row[f] != first[row["id"]][f] for f in fields)
    )
    data = tmp_path / "data"
    data.mkdir()
    for name in ("citizen_messages.csv", "message_reply_pairs.csv"):
        with (data / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "subject", "body", "posted_at"])
            if name == "citizen_messages.csv":
                writer.writerow([decided["id"], "主题", "正文", "2019/1/1 0:00:00"])
    [gold] = real_messages(tmp_path)
    [original] = real_messages(tmp_path, adjudicated=False)
    assert {f: getattr(gold, f) for f in fields} == {f: decided[f] for f in fields}
    assert {f: getattr(original, f) for f in fields} == {f: first[decided["id"]][f] for f in fields}


def test_official_replies_to_training_messages_only_carry_their_labels(tmp_path: Path) -> None:
    """A reply teaches the message's topic and type; replies to validation are never read."""
    import csv
    import json

    from bot.triage.data import LABELS_DIR, reply_messages

    rows = [
        json.loads(line)
        for line in (LABELS_DIR / "pairs_0.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    ]
    texts = [f"第{i}条留言。正文" for i in range(40)]
    training = next(i for i, t in enumerate(texts) if not in_validation(t))
    validation = next(i for i, t in enumerate(texts) if in_validation(t))
    data = tmp_path / "data"
    data.mkdir()
    (data / "citizen_messages.csv").write_text("id,subject,body,posted_at\n", encoding="utf-8")
    with (data / "message_reply_pairs.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "subject", "body", "posted_at", "official_reply", "replied_at"])
        for i in (training, validation):
            subject, body = texts[i].split("。")
            writer.writerow([rows[i]["id"], subject, body, "", f"回复{i}", ""])
    [reply] = reply_messages(tmp_path)
    assert reply.text == f"回复{training}" and reply.source == "reply"
    assert (reply.topic, reply.topic_l2, reply.request_type) == (
        rows[training]["topic"],
        rows[training]["topic_l2"],
        rows[training]["request_type"],
    )
    assert reply.urgency is None and reply.emergency is None


def test_annotator_agreement_scores_the_second_against_the_first() -> None:
    from bot.evaluation.triage import annotator_agreement
    from bot.triage.data import DoubleAnnotation, Labelled

    def message(request_type: str, topic: str) -> Labelled:
        return Labelled("文本", request_type, "一般", None, topic, None, "real")

    annotations = [
        DoubleAnnotation(
            message("投诉", "城乡建设"), message("投诉", "城乡建设"), message("投诉", "城乡建设")
        ),
        DoubleAnnotation(
            message("举报", "城乡建设"), message("投诉", "环境保护"), message("投诉", "城乡建设")
        ),
    ]
    agreement = annotator_agreement(annotations)
    assert agreement.messages == 2
    assert agreement.request_type.accuracy == 0.5 and agreement.topic.accuracy == 0.5
    assert agreement.first_vs_gold == {"request_type": 0.5, "topic": 1.0}
    assert agreement.second_vs_gold == {"request_type": 1.0, "topic": 0.5}


def test_threshold_cv_counts_misses_and_false_alarms_per_setting() -> None:
    """Higher thresholds can only miss more and alarm less, on the same folds."""
    from bot.evaluation.triage import emergency_threshold_cv
    from bot.triage.data import Labelled

    def message(text: str, line: str | None) -> Labelled:
        return Labelled(text, None, None, line, None, None, "written")

    examples = [message(f"楼下第{i}栋着火了快来人", "119") for i in range(10)] + [
        message(f"第{i}次咨询公积金怎么提取", None) for i in range(30)
    ]
    rows = emergency_threshold_cv(examples, thresholds=((0.9, 0.9, 0.9), (0.1, 0.1, 0.1)), folds=2)
    strict, loose = rows
    assert strict.emergencies == loose.emergencies == 10 and strict.others == loose.others == 30
    assert strict.missed >= loose.missed and strict.false_alarms <= loose.false_alarms
    assert loose.missed == 0  # the rules alone catch every one of these fires
