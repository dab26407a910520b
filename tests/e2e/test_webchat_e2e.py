"""Every path of the walking skeleton, through the web-chat API, on the real stack."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.citizen import Citizen
from tests.e2e.conftest import AGENT_TOKEN, Stack

pytestmark = pytest.mark.e2e
TICKET = re.compile(r"工单号：(\d{14})")
AGENT = {"Authorization": f"Bearer {AGENT_TOKEN}"}


@pytest.fixture()
def citizen(stack: Stack) -> Iterator[Citizen]:
    """A fresh web-chat session on the running stack."""
    person = Citizen(stack.base_url)
    yield person
    person.close()


def test_health_reports_every_component_up(stack: Stack) -> None:
    """/healthz names rasa, actions, redis and db, all up."""
    body = httpx.get(f"{stack.base_url}/healthz").json()
    assert body["status"] == "ok"
    assert {name for name, c in body["components"].items() if c["ok"]} == {
        "rasa",
        "actions",
        "redis",
        "db",
    }


def test_greeting_says_what_the_service_does(citizen: Citizen) -> None:
    """The greeting lists the service's abilities and the emergency numbers."""
    reply = citizen.say_text("你好")
    assert "12345" in reply and "工单" in reply and "转人工" in reply and "110" in reply


def test_common_question_is_answered_from_the_knowledge_base(citizen: Citizen) -> None:
    """A colloquial question gets the FAQ answer with its source."""
    reply = citizen.say_text("我在外面租房住，能用公积金交房租吗")
    assert "公积金" in reply and "租房" in reply and "依据" in reply


def test_intake_form_creates_a_ticket(stack: Stack, citizen: Citizen) -> None:
    """Description, address and a validated phone, read back, confirmed, numbered."""
    assert "描述" in citizen.say_text("我要反映个问题")
    assert "地点" in citizen.say_text("小区门口的路灯坏了半个多月了，晚上特别黑")
    assert "电话" in citizen.say_text("示例区幸福路88号阳光小区北门")
    assert "格式不正确" in citizen.say_text("12345")
    readback = citizen.say("我的手机是 138-1234-5678")
    assert "路灯坏了" in readback[0]["text"] and "幸福路88号" in readback[0]["text"]
    assert [b["payload"] for b in readback[0]["buttons"]] == ["/affirm", "/deny"]
    confirmation = citizen.say_text("/affirm")
    found = TICKET.search(confirmation)
    assert found, "no ticket number in the confirmation"
    number = found.group(1)
    assert "办理时限为" in confirmation and "前给您答复" in confirmation

    shown = stack.hotline("tickets", "show", number, "--json")
    assert shown.returncode == 0, shown.stderr
    ticket = json.loads(shown.stdout)
    assert ticket["status"] == "受理" and ticket["kind"] == "intake"
    assert "路灯坏了" in ticket["description"]
    assert ticket["address"] == "示例区幸福路88号阳光小区北门"
    assert ticket["phone"] == "138****5678"
    assert ticket["conversation_id"] == citizen.session_id
    classification = ticket["classification"]
    assert classification["request_type"] in {"投诉", "建议", "求助", "举报", "咨询"}
    assert classification["topic_path"][0] == "城乡建设"
    assert classification["department"].startswith("示例市")
    assert classification["time_limit"] in confirmation and classification["due_at"]
    assert classification["classified_by"] == "model"

    status = citizen.say_text(f"帮我查一下工单{number}的办理进度")
    assert number in status and "受理" in status


def test_report_that_already_describes_is_not_asked_again(citizen: Citizen) -> None:
    """A detailed report pre-fills the description; the form goes straight to the address."""
    reply = citizen.say_text("我要投诉，我们楼下的烧烤店每天晚上油烟很大，窗户都不敢开")
    assert "地点" in reply and "描述" not in reply


def test_the_request_type_comes_from_the_intent_that_opened_the_form(
    stack: Stack, citizen: Citizen
) -> None:
    """ "我要举报" is Rasa's request_report intent: the work order is a 举报."""
    assert "描述" in citizen.say_text("我要举报")
    assert "地点" in citizen.say_text("有人在河边的空地上偷偷倒建筑垃圾，一车一车地倒")
    assert "电话" in citizen.say_text("示例区滨河路旁边的空地")
    citizen.say_text("13812345678")
    found = TICKET.search(citizen.say_text("/affirm"))
    assert found, "no ticket number in the confirmation"
    shown = stack.hotline("tickets", "show", found.group(1), "--json")
    assert json.loads(shown.stdout)["classification"]["request_type"] == "举报"


def test_an_address_in_the_report_is_not_asked_for(citizen: Citizen) -> None:
    """The report names the place: the form asks for the phone next, never the address."""
    reply = citizen.say_text(
        "我要反映东湖区青石街道枫林小区3栋门口的下水道堵了一个礼拜，污水漫到路上"
    )
    assert "电话" in reply and "地点" not in reply


def test_unknown_ticket_number_is_reported(citizen: Citizen) -> None:
    """A status question for a number that does not exist says so."""
    assert "没有查到" in citizen.say_text("查询工单20000101999999进度")


def test_handoff_agent_reply_arrives_live_and_hand_back(stack: Stack, citizen: Citizen) -> None:
    """转人工 → human-owned, silent bot, ticket; the agent's reply arrives on the stream."""
    citizen.listen()
    reply = citizen.say_text("转人工")
    assert TICKET.search(reply), reply
    assert citizen.say("你好，在吗？") == []

    shown = json.loads(stack.hotline("conversations", "show", citizen.session_id, "--json").stdout)
    assert shown["state"] == "human" and shown["ticket"]
    assert [m["text"] for m in shown["transcript"] if m["direction"] == "in"] == [
        "转人工",
        "你好，在吗？",
    ]

    agent = httpx.Client(base_url=stack.base_url, headers=AGENT, timeout=10)
    listed = agent.get("/agent/api/conversations").json()["conversations"]
    assert citizen.session_id in [c["id"] for c in listed]
    posted = agent.post(
        f"/agent/api/conversations/{citizen.session_id}/messages",
        json={"text": "您好，我是人工客服小王，请问有什么可以帮您？"},
    )
    assert posted.status_code == 201
    event = citizen.next_event()
    assert event["sender"] == "agent" and "小王" in event["text"]

    assert agent.post(f"/agent/api/conversations/{citizen.session_id}/handback").json() == {
        "state": "bot"
    }
    assert citizen.next_event()["sender"] == "system"
    assert "12345" in citizen.say_text("你好")


def test_two_messages_not_understood_hand_off(citizen: Citizen) -> None:
    """Two consecutive messages the bot cannot place go to a human."""
    first = citizen.say_text("啊吧啊吧 qwzx 嗯嗯哼")
    assert "没太理解" in first or "没有找到" in first, first
    second = citizen.say_text("嘟嘟嘟 zzxq 咿呀咿呀")
    assert TICKET.search(second), second
    assert citizen.say("喂") == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("救命！我家厨房着火了", "119"),
        ("楼道里煤气泄漏了，味道特别大", "119"),
        ("有人拿着刀在小区门口追人", "110"),
        ("我爸突然晕倒了叫不醒", "120"),
        ("前面路口撞车了，有人受伤流了好多血", "122"),
    ],
)
def test_emergencies_are_sent_to_the_right_number(citizen: Citizen, text: str, line: str) -> None:
    """Emergencies get the right number at once, and no ticket."""
    reply = citizen.say_text(text)
    assert line in reply and "工单号" not in reply


def test_emergency_the_rules_miss_is_caught_by_the_model(citizen: Citizen) -> None:
    """The Rasa emergency intent backs up the rules with all four numbers."""
    reply = citizen.say_text("快来人啊，我妈倒在卫生间地上一动不动")
    assert "120" in reply


def test_emergency_look_alike_is_not_an_emergency(citizen: Citizen) -> None:
    """Asking what an ambulance costs is a question, not an emergency."""
    reply = citizen.say_text("120急救车怎么收费")
    assert "请立即拨打" not in reply


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": ""}, 400),
        ({"text": "长" * 2001}, 413),
        ({"nope": 1}, 400),
    ],
)
def test_bad_messages_get_a_4xx_reason(
    citizen: Citizen, body: dict[str, object], status: int
) -> None:
    """Bad bodies are refused with JSON reasons on the real gateway."""
    response = citizen.http.post(
        f"/webchat/api/sessions/{citizen.session_id}/messages",
        json=body,
        headers={"Authorization": f"Bearer {citizen.token}"},
    )
    assert response.status_code == status and response.json()["message"]


def test_non_json_wrong_token_and_unknown_session(citizen: Citizen) -> None:
    """Non-JSON, a wrong token and an unknown session: 400, 401, 404."""
    url = f"/webchat/api/sessions/{citizen.session_id}/messages"
    auth = {"Authorization": f"Bearer {citizen.token}", "Content-Type": "application/json"}
    assert citizen.http.post(url, content=b"{not json", headers=auth).status_code == 400
    assert (
        citizen.http.post(
            url, json={"text": "hi"}, headers={"Authorization": "Bearer x"}
        ).status_code
        == 401
    )
    unknown = citizen.http.post(
        "/webchat/api/sessions/0123456789abcdef/messages", json={"text": "hi"}, headers=auth
    )
    assert unknown.status_code == 404


def test_rasa_down_keeps_the_message_and_allows_a_human(stack: Stack, citizen: Citizen) -> None:
    """With Rasa frozen, the citizen is answered politely, nothing is lost, 转人工 works."""
    rasa_pid = stack.pid_of("rasa")
    os.kill(rasa_pid, signal.SIGSTOP)
    try:
        reply = citizen.say("我家楼下的下水道堵了好几天了")
        assert "已保存" in reply[0]["text"]
        handoff = citizen.say_text("/request_human")
        assert TICKET.search(handoff), handoff
        health = httpx.get(f"{stack.base_url}/healthz", timeout=10)
        assert health.status_code == 503 and not health.json()["components"]["rasa"]["ok"]
    finally:
        os.kill(rasa_pid, signal.SIGCONT)
    shown = json.loads(stack.hotline("conversations", "show", citizen.session_id, "--json").stdout)
    assert shown["state"] == "human"
    assert "我家楼下的下水道堵了好几天了" in [m["text"] for m in shown["transcript"]]
    deadline = time.monotonic() + 30
    while httpx.get(f"{stack.base_url}/healthz", timeout=10).status_code != 200:
        assert time.monotonic() < deadline, "rasa did not come back"
        time.sleep(1)


def test_vague_question_offers_choices_and_a_choice_is_answered(citizen: Citizen) -> None:
    """A bare topic word gets "您是不是想问" buttons from Rasa; a button gets the answer."""
    replies = citizen.say("公积金")
    offered = [b for reply in replies for b in reply.get("buttons") or []]
    assert "您是不是想问" in replies[0]["text"] and len(offered) >= 2, replies
    assert all(b["payload"].startswith('/ask_faq{"faq_id":') for b in offered)
    answer = citizen.say_text(offered[0]["payload"])
    assert offered[0]["title"].rstrip("？?")[:4] in answer or "依据" in answer


def test_form_answers_are_not_taken_for_faq_questions(citizen: Citizen) -> None:
    """While the form waits for an address, a FAQ-like reply fills the address."""
    citizen.say_text("我要投诉，单位一直不给我们交公积金，问了好几次都说再等等")
    reply = citizen.say_text("公积金管理中心对面的示例区幸福路100号")
    assert "电话" in reply, reply
