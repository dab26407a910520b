"""The only caller of Rasa's REST webhook.

Transport errors and error statuses become :class:`RasaUnavailable`, which the
router answers with polite fallback copy instead of failing the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.errors import RasaUnavailable


@dataclass(frozen=True, slots=True)
class RasaReply:
    """One bot utterance as Rasa's REST channel returns it."""

    text: str | None = None
    buttons: list[dict[str, str]] | None = None
    custom: dict[str, Any] = field(default_factory=dict)


class RasaClient:
    """A pooled HTTP client for one Rasa server."""

    def __init__(
        self, base_url: str, *, timeout: float, transport: httpx.BaseTransport | None = None
    ) -> None:
        self._client = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)

    def send(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[RasaReply]:
        """Send one message as ``sender`` and return Rasa's replies in order."""
        try:
            response = self._client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": metadata or {}},
            )
            response.raise_for_status()
            payload = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(f"rasa did not answer: {exc!r}") from exc
        if not isinstance(payload, list):
            raise RasaUnavailable(f"unexpected rasa payload: {payload!r}")
        return [_to_reply(item) for item in payload if isinstance(item, dict)]

    def ping(self) -> None:
        """Raise :class:`RasaUnavailable` unless Rasa has a model loaded."""
        try:
            response = self._client.get("/status", timeout=3)
            response.raise_for_status()
            if not response.json().get("model_file"):
                raise RasaUnavailable("rasa has no model loaded")
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(f"rasa status failed: {exc!r}") from exc

    def close(self) -> None:
        """Release pooled connections."""
        self._client.close()


def _to_reply(item: dict[str, Any]) -> RasaReply:
    buttons = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", b.get("title", "")))}
        for b in item.get("buttons") or []
        if isinstance(b, dict)
    ]
    custom = item.get("custom")
    return RasaReply(
        text=item.get("text"),
        buttons=buttons or None,
        custom=custom if isinstance(custom, dict) else {},
    )
