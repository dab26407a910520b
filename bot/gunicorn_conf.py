"""Gunicorn settings for the gateway.

Threads, not processes, carry the long-lived event streams (SSE), so a
handful of workers with many threads each serves chats and streams alike.
"""

import os

bind = f"127.0.0.1:{os.environ.get('GATEWAY_PORT', '8000')}"
workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GATEWAY_THREADS", "32"))
timeout = 120
graceful_timeout = 5
accesslog = "-" if os.environ.get("GATEWAY_ACCESS_LOG") else None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Gunicorn 27's control socket defaults to one path per user, which two
# gateways on one machine (a test stack beside `make run`) would fight over.
control_socket_disable = True
