"""``GET /healthz``: each component reported on its own; 503 if any is down."""

from __future__ import annotations

from typing import Any

import httpx
from flask import Blueprint, Response, current_app, jsonify

from bot.db import get_db
from bot.state import get_redis

bp = Blueprint("health", __name__)


def _check(probe: Any) -> dict[str, Any]:
    try:
        probe()
    except Exception as exc:  # noqa: BLE001 - a health check reports any failure
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"ok": True}


def _actions_ping() -> None:
    url = current_app.config["SETTINGS"].actions_url
    httpx.get(f"{url}/health", timeout=3).raise_for_status()


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report rasa, actions, redis and db separately."""
    components = {
        "rasa": _check(current_app.extensions["rasa"].ping),
        "actions": _check(_actions_ping),
        "redis": _check(get_redis().ping),
        "db": _check(get_db().ping),
    }
    healthy = all(c["ok"] for c in components.values())
    body = {"status": "ok" if healthy else "degraded", "components": components}
    return jsonify(body), 200 if healthy else 503
