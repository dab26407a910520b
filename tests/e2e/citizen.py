"""A citizen on the web-chat API, with a live event-stream reader."""

from __future__ import annotations

import json
import queue
import threading
import uuid
from typing import Any

import httpx


class Citizen:
    """One web-chat session against a running gateway."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=30)
        created = self.http.post("/webchat/api/sessions")
        assert created.status_code == 201, created.text
        self.session_id: str = created.json()["session_id"]
        self.token: str = created.json()["token"]
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()

    def send(self, text: str, **extra: Any) -> httpx.Response:
        """POST one message; returns the raw response."""
        return self.http.post(
            f"/webchat/api/sessions/{self.session_id}/messages",
            json={"text": text, "client_message_id": uuid.uuid4().hex, **extra},
            headers={"Authorization": f"Bearer {self.token}"},
        )

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send a message and return the bot's replies (asserting a 200)."""
        response = self.send(text)
        assert response.status_code == 200, response.text
        replies: list[dict[str, Any]] = response.json()["replies"]
        return replies

    def say_text(self, text: str) -> str:
        """Send a message and return the replies' text joined by newlines."""
        return "\n".join(reply["text"] for reply in self.say(text))

    def listen(self) -> None:
        """Start reading the event stream in the background."""

        def run() -> None:
            url = f"{self.base_url}/webchat/api/sessions/{self.session_id}/events"
            with (
                httpx.Client(timeout=httpx.Timeout(30, read=None)) as client,
                client.stream("GET", url, params={"token": self.token}) as response,
            ):
                for line in response.iter_lines():
                    if self._stop.is_set():
                        return
                    if line.startswith("data: "):
                        self.events.put(json.loads(line[6:]))

        self._listener = threading.Thread(target=run, daemon=True)
        self._listener.start()

    def next_event(self, timeout: float = 20) -> dict[str, Any]:
        """The next asynchronous message, or fail after ``timeout`` seconds."""
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        """Stop listening and close connections."""
        self._stop.set()
        self.http.close()
