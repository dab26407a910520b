"""The triage model's inputs: what official replies teach and what they do not."""

from bot.triage.data import Labelled
from bot.triage.model import TriageModel


def _message(text: str, topic: str, request_type: str, urgency: str | None) -> Labelled:
    return Labelled(text, request_type, urgency, None, topic, None, "written")


EXAMPLES = [
    _message("小区路灯坏了好几天", "城乡建设", "投诉", "一般"),
    _message("小区路灯一直不亮", "城乡建设", "投诉", "紧急"),
    _message("学校乱收费太高了", "教育文体", "举报", "一般"),
    _message("学校收费太高不合理", "教育文体", "举报", "一般"),
]
ALARMS = [Labelled("厨房着火了快来人", None, None, "119", None, None, "written")]
# Urgency on a reply is ignored (``reply_messages`` never sets it); set here
# to show that the model does not learn it.
REPLIES = [
    _message("不动产登记中心已核实办理进度", "国土资源", "咨询", "特急"),
    _message("经不动产登记中心核实，证书已制作", "国土资源", "咨询", "特急"),
]


def test_replies_teach_topic_and_request_type_vocabulary() -> None:
    without = TriageModel(EXAMPLES, ALARMS)
    with_replies = TriageModel(EXAMPLES, ALARMS, REPLIES)
    [before] = without.predict(["不动产登记证书什么时候能拿"])
    [after] = with_replies.predict(["不动产登记证书什么时候能拿"])
    assert before.topic != "国土资源"
    assert (after.topic, after.request_type) == ("国土资源", "咨询")
    assert with_replies.trained_on == len(EXAMPLES)


def test_replies_never_teach_urgency() -> None:
    model = TriageModel(EXAMPLES, ALARMS, REPLIES)
    [prediction] = model.predict([REPLIES[0].text])
    assert prediction.topic == "国土资源"
    assert prediction.urgency != "特急"
