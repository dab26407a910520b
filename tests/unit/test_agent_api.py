"""The agent API: auth, listing, replies reaching the event stream, hand back."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import FakeRasa, agent_headers


def _hand_off(client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa) -> None:
    fake_rasa.handler = lambda body: [{"text": "转接中", "custom": {"handoff": {"reason": "t"}}}]
    client.post(
        f"/webchat/api/sessions/{session['session_id']}/messages",
        json={"text": "转人工 我的电话13812345678"},
        headers={"Authorization": f"Bearer {session['token']}"},
    )


def test_agent_api_requires_the_token(client: FlaskClient) -> None:
    """No token or a wrong token is 401 JSON."""
    assert client.get("/agent/api/conversations").status_code == 401
    wrong = client.get("/agent/api/conversations", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "unauthorized"


def test_transcript_is_masked_and_escaped(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """Agents see phones masked and an HTML-escaped copy of citizen text."""
    _hand_off(client, session, fake_rasa)
    client.post(
        f"/webchat/api/sessions/{session['session_id']}/messages",
        json={"text": "<script>alert(1)</script>"},
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    view = client.get(
        f"/agent/api/conversations/{session['session_id']}", headers=agent_headers()
    ).get_json()
    texts = [m["text"] for m in view["messages"]]
    assert "转人工 我的电话138****5678" in texts
    escaped = [m["text_html"] for m in view["messages"] if "script" in m["text"]]
    assert escaped == ["&lt;script&gt;alert(1)&lt;/script&gt;"]
    assert view["state"] == "human" and view["ticket"]


def test_reply_requires_handoff_and_reaches_the_stream(
    app: Flask, client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """An agent reply is refused before handoff, then stored and streamed."""
    url = f"/agent/api/conversations/{session['session_id']}/messages"
    assert client.post(url, json={"text": "您好"}, headers=agent_headers()).status_code == 409
    _hand_off(client, session, fake_rasa)
    assert client.post(url, json={"text": ""}, headers=agent_headers()).status_code == 400
    assert client.post(url, data="x", headers=agent_headers()).status_code == 400
    created = client.post(url, json={"text": "您好，我是人工客服"}, headers=agent_headers())
    assert created.status_code == 201

    stream = client.get(
        f"/webchat/api/sessions/{session['session_id']}/events?token={session['token']}",
        buffered=False,
    )
    assert stream.status_code == 200
    chunks = stream.response
    events = []
    for chunk in chunks:
        text = chunk.decode() if isinstance(chunk, bytes) else chunk
        if text.startswith("id:"):
            events.append(json.loads(text.split("data: ", 1)[1]))
            break
    stream.close()
    assert events[0]["text"] == "您好，我是人工客服" and events[0]["sender"] == "agent"


def test_hand_back_resumes_the_bot(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """After hand back, Rasa answers again."""
    _hand_off(client, session, fake_rasa)
    back = client.post(
        f"/agent/api/conversations/{session['session_id']}/handback", headers=agent_headers()
    )
    assert back.get_json() == {"state": "bot"}
    fake_rasa.handler = lambda body: [{"text": "我又回来了"}]
    replies = client.post(
        f"/webchat/api/sessions/{session['session_id']}/messages",
        json={"text": "你好"},
        headers={"Authorization": f"Bearer {session['token']}"},
    ).get_json()["replies"]
    assert replies == [{"text": "我又回来了", "sender": "bot"}]


def test_event_stream_rejects_bad_token(client: FlaskClient, session: dict[str, str]) -> None:
    """The stream is authenticated like the API."""
    url = f"/webchat/api/sessions/{session['session_id']}/events?token=wrong"
    assert client.get(url).status_code == 401


def test_healthz_reports_each_component(client: FlaskClient) -> None:
    """With the action server unreachable, health is 503 and says which part."""
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["components"]["redis"]["ok"] and body["components"]["db"]["ok"]
    assert body["components"]["rasa"]["ok"]
    assert body["components"]["actions"]["ok"] is False
