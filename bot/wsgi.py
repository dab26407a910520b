"""Gunicorn's entry point: ``gunicorn bot.wsgi:app``."""

from bot import create_app

app = create_app()
