"""The agent API: auth, listing, replies reaching the event stream, hand back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from bot.cli import main
from tests.conftest import FakeRasa, agent_headers


def _hand_off(
    client: FlaskClient,
    session: dict[str, str],
    fake_rasa: FakeRasa,
    text: str = "转人工 我的电话13812345678",
) -> None:
    """The citizen writes ``text`` and Rasa (faked) hands the conversation off."""
    fake_rasa.handler = lambda body: [{"text": "转接中", "custom": {"handoff": {"reason": "t"}}}]
    client.post(
        f"/webchat/api/sessions/{session['session_id']}/messages",
        json={"text": text},
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


def _handed_off_ticket(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> dict[str, object]:
    _hand_off(
        client, session, fake_rasa, "楼下烧烤店每天开到凌晨两点，油烟和噪音吵得全家睡不着，转人工"
    )
    view = client.get(
        f"/agent/api/conversations/{session['session_id']}", headers=agent_headers()
    ).get_json()
    number = view["ticket"]
    return client.get(f"/agent/api/tickets/{number}", headers=agent_headers()).get_json()


def test_a_handoff_ticket_carries_its_classification(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    ticket = _handed_off_ticket(client, session, fake_rasa)
    classification = ticket["classification"]
    assert classification["topic_path"][0] == "环境保护"
    assert classification["department"] == "示例市生态环境局"
    assert classification["request_type"] == "投诉" and classification["urgency"] == "一般"
    assert classification["time_limit"] == "15个工作日" and classification["due_at"]
    assert classification["classified_by"] == "model"


def test_an_agent_corrects_the_classification_and_it_is_exported(
    app: Flask,
    client: FlaskClient,
    session: dict[str, str],
    fake_rasa: FakeRasa,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    number = _handed_off_ticket(client, session, fake_rasa)["number"]
    url = f"/agent/api/tickets/{number}/classification"
    corrected = client.patch(
        url,
        json={"agent": "王坐席", "topic": "政法", "topic_l2": "社会治安", "urgency": "紧急"},
        headers=agent_headers(),
    )
    assert corrected.status_code == 200, corrected.get_json()
    body = corrected.get_json()
    assert sorted(body["corrected"]) == ["topic", "topic_l2", "urgency"]
    classification = body["ticket"]["classification"]
    assert classification["topic_path"] == ["政法", "社会治安"]
    assert classification["department"] == "示例市公安局"
    assert classification["time_limit"] == "24小时"
    assert classification["classified_by"] == "王坐席"

    out = tmp_path / "corrections.yml"
    monkeypatch.setenv("DATABASE_URL", app.config["SETTINGS"].database_url)
    result = CliRunner().invoke(main, ["export", "corrections", "--out", str(out)])
    assert result.exit_code == 0, result.output
    exported = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert exported["version"] == "3.1"
    [intent] = exported["nlu"]
    assert intent["intent"] == "request_complain"
    [example] = intent["examples"]
    assert "烧烤店" in example["text"]
    assert example["metadata"] == {"topic": "政法", "topic_l2": "社会治安", "urgency": "紧急"}


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"topic": "政法"}, "agent_required"),
        ({"agent": "王坐席"}, "nothing_to_correct"),
        ({"agent": "王坐席", "topic": "天气"}, "bad_correction"),
        ({"agent": "王坐席", "urgency": "很急"}, "bad_correction"),
        ({"agent": "王坐席", "topic": "政法", "topic_l2": "环境污染"}, "bad_correction"),
        ({"agent": "王坐席", "department": "随便"}, "bad_correction"),
        ({"agent": "王坐席", "topic_l2": []}, "bad_correction"),
        ({"agent": "王坐席", "topic": 1}, "bad_correction"),
        ({"agent": "王坐席", "topic_l2": {}}, "bad_correction"),
        ({"agent": "王坐席", "urgency": None}, "bad_correction"),
        ({"agent": ["王"], "urgency": "紧急"}, "agent_required"),
    ],
)
def test_bad_corrections_are_refused_with_a_reason(
    client: FlaskClient,
    session: dict[str, str],
    fake_rasa: FakeRasa,
    body: dict[str, object],
    error: str,
) -> None:
    number = _handed_off_ticket(client, session, fake_rasa)["number"]
    response = client.patch(
        f"/agent/api/tickets/{number}/classification", json=body, headers=agent_headers()
    )
    assert response.status_code == 400 and response.get_json()["error"] == error


def test_unknown_ticket_is_404(client: FlaskClient) -> None:
    response = client.get("/agent/api/tickets/20000101999999", headers=agent_headers())
    assert response.status_code == 404 and response.get_json()["error"] == "unknown_ticket"


def test_correcting_to_the_same_topic_keeps_its_second_level(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    ticket = _handed_off_ticket(client, session, fake_rasa)
    path = ticket["classification"]["topic_path"]
    response = client.patch(
        f"/agent/api/tickets/{ticket['number']}/classification",
        json={"agent": "王坐席", "topic": path[0]},
        headers=agent_headers(),
    )
    assert response.status_code == 200
    assert response.get_json()["corrected"] == []
    assert response.get_json()["ticket"]["classification"]["topic_path"] == path


def test_ticket_view_escapes_and_masks_citizen_text(
    client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    _hand_off(client, session, fake_rasa, "<b>转人工</b> 电话13812345678")
    number = client.get(
        f"/agent/api/conversations/{session['session_id']}", headers=agent_headers()
    ).get_json()["ticket"]
    view = client.get(f"/agent/api/tickets/{number}", headers=agent_headers()).get_json()
    assert view["description"] == "<b>转人工</b> 电话138****5678"
    assert view["description_html"] == "&lt;b&gt;转人工&lt;/b&gt; 电话138****5678"
    assert all("text_html" in line for line in view["transcript"])
