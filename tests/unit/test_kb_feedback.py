"""有帮助/没帮助 feedback on answers, and the gaps operators read."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from bot.models import KbEvent
from bot.services.kb_feedback import feedback_buttons, list_gaps, parse_feedback
from tests.conftest import FakeRasa


def _post(client: FlaskClient, session: dict[str, str], text: str) -> list[dict]:
    response = client.post(
        f"/webchat/api/sessions/{session['session_id']}/messages",
        json={"text": text},
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    assert response.status_code == 200
    return response.get_json()["replies"]


def test_payload_round_trip() -> None:
    """Button payloads parse back; anything else is not feedback."""
    helpful, unhelpful = (b["payload"] for b in feedback_buttons("gjj-withdraw-rent"))
    assert parse_feedback(helpful) == parse_feedback(helpful)
    assert parse_feedback(helpful).helpful and not parse_feedback(unhelpful).helpful
    assert parse_feedback('/faq_feedback{"faq_id":"<script>","helpful":true}') is None
    assert parse_feedback("有帮助") is None


def test_answers_carry_feedback_buttons_and_clicks_are_recorded(
    app: Flask, client: FlaskClient, session: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """An answer offers the buttons; 没帮助 is recorded per entry and offers a human."""
    answer = _post(client, session, "租房子能取公积金吗")[0]
    titles = [b["title"] for b in answer["buttons"]]
    assert titles == ["有帮助", "没帮助"] and "有帮助吗" in answer["text"]

    unhelpful = answer["buttons"][1]["payload"]
    reply = _post(client, session, unhelpful)[0]
    assert reply["buttons"][0]["payload"] == "/request_human"
    assert _post(client, session, answer["buttons"][0]["payload"])[0]["text"].startswith("感谢")
    assert fake_rasa.calls == []

    with app.extensions["db"].session() as s:
        kinds = [(e.kind, e.faq_id, e.question) for e in s.query(KbEvent).order_by(KbEvent.id)]
        faq_id = answer["buttons"][1]["payload"].split('"')[3]
        assert kinds == [
            ("unhelpful", faq_id, "租房子能取公积金吗"),
            ("helpful", faq_id, "租房子能取公积金吗"),
        ]
        from datetime import UTC, datetime, timedelta

        gaps = list_gaps(s, since=datetime.now(UTC) - timedelta(days=1))
        assert [(g.kind, g.question, g.count) for g in gaps] == [
            ("unhelpful", "租房子能取公积金吗", 1)
        ]
