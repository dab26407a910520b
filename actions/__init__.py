"""Custom actions for Rasa, served by the rasa_sdk action server (main venv).

One module per area; each action's ``name()`` matches ``domain.yml`` and its
``run()`` delegates to ``knowledge_faq`` or ``bot.services``.
"""
