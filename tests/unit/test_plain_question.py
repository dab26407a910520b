"""Which messages the gateway may answer from the knowledge base by itself."""

import pytest

from bot.triage.plain_question import is_plain_question


@pytest.mark.parametrize(
    "text",
    [
        "租房子能取公积金吗",
        "护照怎么办理",
        "社保断缴了有什么影响？",
        "孩子上小学需要哪些材料",
        "12345几点下班",
        "异地就医能不能直接结算",
        "小区门口的共享单车乱停乱放归谁管",
    ],
)
def test_questions_may_take_the_fast_path(text: str) -> None:
    assert is_plain_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "我要反映个问题",  # starts the intake form
        "小区门口的路灯坏了半个多月了，晚上特别黑",  # a report, not a question
        "楼下烧烤店天天半夜扰民怎么没人管",  # a complaint phrased as a question
        "老板拖欠工资三个月了怎么办",  # unpaid wages become a work order
        "转人工",
        "我要投诉",
        "公积金提取",  # keywords: Rasa decides, the KB still answers through it
    ],
)
def test_reports_and_requests_go_to_rasa(text: str) -> None:
    assert not is_plain_question(text)
