"""The knowledge base is data: edits reach the running service without a restart."""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e.citizen import Citizen
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e
NEW_QUESTION = "小区门口的共享单车乱停乱放归谁管"
BIKE_ANSWER = (
    "共享单车停放由城市管理部门会同运营企业管理。乱停乱放可拨打车身上的企业客服电话，"
    "或拨打12345反映，我们将转交属地城管部门处理。"
)


def _ask_until(citizen: Citizen, text: str, expected: str, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while True:
        reply = citizen.say_text(text)
        if expected in reply or time.monotonic() > deadline:
            return reply
        time.sleep(0.3)


def test_added_entry_is_served_live_and_retired_entry_is_not(stack: Stack) -> None:
    """`hotline kb add` is answered by the running stack; `kb retire` stops it."""
    added = stack.hotline(
        "kb", "add",
        "--id", "e2e-shared-bikes",
        "--question", "共享单车乱停乱放归哪个部门管？",
        "--similar", "共享单车堵在门口怎么办",
        "--similar", "路边的共享单车停得乱七八糟找谁",
        "--similar", "共享单车占了人行道谁来清理",
        "--answer", BIKE_ANSWER,
        "--topic", "城乡建设",
        "--department", "示例市城市管理局",
        "--keyword", "共享单车",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    citizen = Citizen(stack.base_url)
    reply = _ask_until(citizen, NEW_QUESTION, "城市管理部门")
    assert "城市管理部门" in reply and "依据：示例市城市管理局" in reply

    retired = stack.hotline("kb", "retire", "e2e-shared-bikes")
    assert retired.returncode == 0, retired.stderr
    time.sleep(1.5)
    assert "城市管理部门会同运营企业" not in citizen.say_text("共享单车堵在门口怎么办")
    citizen.close()


def test_invalid_edit_changes_nothing(stack: Stack) -> None:
    """An answer over 300 characters is refused and the service keeps serving."""
    refused = stack.hotline("kb", "edit", "gjj-withdraw-rent", "--answer", "太长" * 200)
    assert refused.returncode != 0 and "nothing was changed" in refused.stderr
    citizen = Citizen(stack.base_url)
    assert "公积金" in citizen.say_text("租房子能取公积金吗")
    citizen.close()


def test_unanswered_question_is_listed_as_a_gap(stack: Stack, citizen_factory=Citizen) -> None:
    """A question nothing in the knowledge base fits appears in `hotline kb gaps`."""
    citizen = citizen_factory(stack.base_url)
    reply = citizen.say_text("请问申请发明专利去哪里办理")
    citizen.close()
    if "没有找到准确答案" not in reply:
        pytest.fail(f"expected the knowledge base to find nothing, got: {reply}")
    gaps = stack.hotline("kb", "gaps", "--json")
    assert gaps.returncode == 0, gaps.stderr
    listed = [json.loads(line) for line in gaps.stdout.splitlines()]
    assert any("发明专利" in g["question"] and g["kind"] == "none" for g in listed)


@pytest.mark.parametrize(
    ("typed", "meant", "topic"),
    [
        # Unmended, the first is answered with the disability-card entry
        # (证怎么办理) and the second is declined.
        ("居主证怎么办理？", "居住证怎么办理？", "居住证"),
        ("公基金怎么查余额？", "公积金怎么查余额？", "公积金"),
    ],
)
def test_a_sound_alike_typo_gets_the_answer_of_the_right_spelling(
    stack: Stack, typed: str, meant: str, topic: str
) -> None:
    """A pinyin-keyboard typo is answered over the web chat as the right spelling is."""
    by_spelling, by_typo = Citizen(stack.base_url), Citizen(stack.base_url)
    expected = by_spelling.say_text(meant)
    reply = by_typo.say_text(typed)
    by_spelling.close()
    by_typo.close()
    assert topic in expected and "没有找到准确答案" not in expected
    assert reply == expected
