"""The gateway: a Flask app built only by :func:`create_app`.

Nothing connects at import time; the factory wires settings, the database,
Redis, the job queue, the Rasa client, the channels and the blueprints.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from bot.config import Settings
from bot.errors import BadRequest

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 64 * 1024


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the gateway.

    Args:
        config: Flask config overrides; ``SETTINGS`` may carry a ready
            :class:`Settings` (tests), otherwise it is read from the environment.
    """
    from bot import agent_api, db, health, state
    from bot.embedded import EmbeddedRedis
    from bot.rasa_client import RasaClient
    from bot.router import Router
    from channels.registry import build_channels
    from knowledge_faq import LiveKnowledgeBase

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.config.update(config or {})
    settings: Settings = app.config.get("SETTINGS") or Settings.from_env()
    if not settings.redis_url:
        # Run on its own (no `hotline run`): attach to the embedded server.
        embedded = EmbeddedRedis(settings.var_dir)
        app.extensions["embedded_redis"] = embedded
        settings = Settings(**{**settings.__dict__, "redis_url": embedded.url})
    app.config["SETTINGS"] = settings

    db.init_app(app)
    state.init_app(app)
    redis_client = app.extensions["redis"]
    app.extensions["queue"] = Queue(settings.queue_name, connection=redis_client)
    app.extensions["rasa"] = RasaClient(
        settings.rasa_url,
        timeout=settings.rasa_timeout_seconds,
        transport=app.config.get("RASA_TRANSPORT"),  # tests pass an httpx.MockTransport
    )
    app.extensions["knowledge_base"] = LiveKnowledgeBase(settings.kb_dir)
    app.extensions["router"] = Router(
        db=app.extensions["db"],
        redis_client=redis_client,
        rasa=app.extensions["rasa"],
        knowledge_base=app.extensions["knowledge_base"],
        unclear_turns_before_handoff=settings.unclear_turns_before_handoff,
    )
    app.extensions["channels"] = build_channels(redis_client)

    for channel in app.extensions["channels"].values():
        app.register_blueprint(channel.blueprint())
    app.register_blueprint(agent_api.bp)
    app.register_blueprint(health.bp)
    app.add_url_rule("/", "index", lambda: render_template("index.html"))
    _register_error_handlers(app)
    return app


def _register_error_handlers(app: Flask) -> None:
    """Every error leaves as JSON ``{"error","message"}``, never an HTML 500."""

    @app.errorhandler(BadRequest)
    def _bad_request(exc: BadRequest) -> tuple[Any, int]:
        return jsonify({"error": exc.code, "message": exc.message}), exc.status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Any, int]:
        code = (exc.name or "error").lower().replace(" ", "_")
        return jsonify({"error": code, "message": exc.description}), exc.code or 500

    @app.errorhandler(SQLAlchemyError)
    @app.errorhandler(RedisError)
    def _unavailable(exc: Exception) -> tuple[Any, int]:
        # Storage is down: nothing was accepted, so the client may safely retry.
        from bot.copy import say

        log.error("storage unavailable: %s", exc)
        return jsonify({"error": "unavailable", "message": say("error_unavailable")}), 503

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Any, int]:
        from bot.copy import say

        log.exception("unhandled error")
        return jsonify({"error": "internal", "message": say("error_internal")}), 500
