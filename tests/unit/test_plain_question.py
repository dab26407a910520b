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
        "公积金贷款流程",  # a keyword query, as typed into a search box
        "社保卡激活",
        "投诉要提供什么材料",  # a question about complaining, not a complaint
        "坏掉的微波炉能扔普通垃圾桶吗",
        "开店注册个体户好还是公司好",
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
        "帮我反映一下楼道灯的事",
        "路灯坏了能不能来修一下",  # a problem and a call for help
        "被拖欠工资投诉",  # names a report, asks nothing
        "隔壁的狗天天晚上叫吵得我们整夜睡不着",  # a long statement, no question
    ],
)
def test_reports_and_requests_go_to_rasa(text: str) -> None:
    assert not is_plain_question(text)
