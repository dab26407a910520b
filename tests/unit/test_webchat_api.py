"""The web-chat API on real Redis and SQLite, with Rasa replaced by a fake."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.models import Message
from tests.conftest import FakeRasa, agent_headers


def _post(client: FlaskClient, session: dict[str, str], body: Any, token: str | None = None):
    return client.post(
        f"/webchat/api/sessions/{session['session_id']}/messages",
        data=body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token or session['token']}"},
    )


def test_create_session_returns_id_and_token(client: FlaskClient) -> None:
    """A session is created with a 201 and both fields."""
    response = client.post("/webchat/api/sessions")
    assert response.status_code == 201
    body = response.get_json()
    assert len(body["session_id"]) == 32 and len(body["token"]) > 20


def test_message_round_trip_and_persistence(
    app: Flask, client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """A message reaches Rasa as the conversation id and both sides are stored."""
    fake_rasa.handler = lambda body: [
        {"text": "你好", "buttons": [{"title": "转人工", "payload": "/request_human"}]}
    ]
    response = _post(client, session, {"text": "  你好  "})
    assert response.status_code == 200
    assert response.get_json()["replies"] == [
        {
            "text": "你好",
            "sender": "bot",
            "buttons": [{"title": "转人工", "payload": "/request_human"}],
        }
    ]
    assert fake_rasa.calls[0]["sender"] == session["session_id"]
    assert fake_rasa.calls[0]["message"] == "你好"
    with app.extensions["db"].session() as s:
        rows = s.query(Message).order_by(Message.id).all()
        assert [(m.direction, m.sender, m.text) for m in rows] == [
            ("in", "citizen", "你好"),
            ("out", "bot", "你好"),
        ]


@pytest.mark.parametrize(
    ("body", "token", "status", "error"),
    [
        ({"text": ""}, None, 400, "empty_text"),
        ({"text": "   \n "}, None, 400, "empty_text"),
        ({"text": "字" * 2001}, None, 413, "text_too_long"),
        ("not json at all", None, 400, "not_json"),
        ({"message": "hi"}, None, 400, "text_required"),
        ({"text": 42}, None, 400, "text_required"),
        (["text"], None, 400, "text_required"),
        ({"text": "你好"}, "wrong-token", 401, "unauthorized"),
    ],
)
def test_bad_input_gets_clear_4xx(
    client: FlaskClient,
    session: dict[str, str],
    fake_rasa: FakeRasa,
    body: Any,
    token: str | None,
    status: int,
    error: str,
) -> None:
    """Malformed or unauthorised messages are refused with a JSON reason."""
    response = _post(client, session, body, token)
    assert response.status_code == status
    assert response.get_json()["error"] == error
    assert response.get_json()["message"]
    assert fake_rasa.calls == []


def test_exactly_2000_characters_is_accepted(client: FlaskClient, session: dict[str, str]) -> None:
    """The limit is inclusive."""
    assert _post(client, session, {"text": "字" * 2000}).status_code == 200


def test_missing_token_and_unknown_session(client: FlaskClient, session: dict[str, str]) -> None:
    """No token is 401; a session that does not exist is 404."""
    url = f"/webchat/api/sessions/{session['session_id']}/messages"
    assert client.post(url, json={"text": "hi"}).status_code == 401
    response = client.post(
        "/webchat/api/sessions/doesnotexist/messages",
        json={"text": "hi"},
        headers={"Authorization": "Bearer x"},
    )
    assert response.status_code == 404
    assert response.get_json()["error"] == "unknown_session"


def test_unknown_route_and_method_are_json(client: FlaskClient) -> None:
    """Even routing errors answer in JSON."""
    assert client.get("/nope").get_json()["error"] == "not_found"
    assert client.get("/webchat/api/sessions").status_code == 405


def test_retry_with_same_client_id_is_not_processed_twice(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """A client retry gets the first replies and Rasa sees the message once."""
    body = {"text": "我要反映小区停车的问题", "client_message_id": "m-1"}
    first = _post(client, session, body).get_json()
    second = _post(client, session, body).get_json()
    assert len(fake_rasa.calls) == 1
    assert second["duplicate"] is True
    assert second["replies"] == first["replies"]


def test_rasa_down_is_polite_and_keeps_the_message(
    app: Flask, client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """With Rasa down the citizen is answered politely and can reach a human."""
    fake_rasa.down = True
    reply = _post(client, session, {"text": "我家门口的路灯坏了"}).get_json()["replies"][0]
    assert "已保存" in reply["text"]
    assert reply["buttons"][0]["payload"] == "/request_human"
    with app.extensions["db"].session() as s:
        assert s.query(Message).filter_by(direction="in").one().text == "我家门口的路灯坏了"
    handoff = _post(client, session, {"text": "/request_human"}).get_json()["replies"][0]
    assert "工单号：" in handoff["text"]
    conversations = client.get("/agent/api/conversations", headers=agent_headers()).get_json()
    assert [c["id"] for c in conversations["conversations"]] == [session["session_id"]]


def test_emergency_skips_rasa(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """An emergency is answered by the gateway at once, with no ticket and no Rasa call."""
    reply = _post(client, session, {"text": "救命！厨房着火了"}).get_json()["replies"]
    assert len(reply) == 1 and "119" in reply[0]["text"] and reply[0]["sender"] == "system"
    assert fake_rasa.calls == []


def test_handoff_payload_silences_the_bot(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """After Rasa asks for a handoff, the bot stays silent in that conversation."""
    fake_rasa.handler = lambda body: [
        {"text": "好的，正在为您转接人工客服。", "custom": {"handoff": {"reason": "requested"}}}
    ]
    replies = _post(client, session, {"text": "转人工"}).get_json()["replies"]
    assert replies[0]["text"].startswith("好的")
    assert "工单号：" in replies[1]["text"]
    assert _post(client, session, {"text": "还在吗"}).get_json()["replies"] == []
    assert len(fake_rasa.calls) == 1


def test_two_unclear_replies_in_a_row_hand_off(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """The gateway counts replies marked unclear and hands off at two in a row."""
    unclear = [{"text": "没太理解"}, {"custom": {"unclear": True}}]
    fake_rasa.handler = lambda body: (
        unclear if body["message"] != "你好" else [{"text": "您好", "sender": "bot"}]
    )
    assert _post(client, session, {"text": "嗯哼"}).get_json()["replies"] == [
        {"text": "没太理解", "sender": "bot"}
    ]
    assert _post(client, session, {"text": "你好"}).get_json()["replies"] == [
        {"text": "您好", "sender": "bot"}
    ]
    assert _post(client, session, {"text": "嗯哼"}).get_json()["replies"] == [
        {"text": "没太理解", "sender": "bot"}
    ]
    replies = _post(client, session, {"text": "哼嗯"}).get_json()["replies"]
    assert "转接人工" in replies[0]["text"] and "工单号：" in replies[1]["text"]


def test_confident_faq_is_answered_by_the_gateway(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """A question the knowledge base answers confidently never waits for Rasa."""
    replies = _post(client, session, {"text": "租房子能取公积金吗"}).get_json()["replies"]
    assert "公积金" in replies[0]["text"] and "依据" in replies[0]["text"]
    assert fake_rasa.calls == []


def test_faq_fast_path_waits_while_the_bot_expects_an_answer(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """While a form question is open, even FAQ-like text goes to Rasa."""
    fake_rasa.handler = lambda body: [{"text": "请告诉我地点"}, {"custom": {"awaiting": "address"}}]
    _post(client, session, {"text": "我要反映问题"})
    _post(client, session, {"text": "租房子能取公积金吗"})
    assert [call["message"] for call in fake_rasa.calls] == ["我要反映问题", "租房子能取公积金吗"]
    fake_rasa.handler = lambda body: [{"text": "好的"}]
    _post(client, session, {"text": "示例区幸福路"})  # the form moved on: no awaiting marker
    replies = _post(client, session, {"text": "租房子能取公积金吗"}).get_json()["replies"]
    assert "依据" in replies[0]["text"] and len(fake_rasa.calls) == 3
