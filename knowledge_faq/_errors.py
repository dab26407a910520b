"""Exceptions raised while loading the knowledge base.

Corpus and city-profile mistakes are authoring errors, so they must stop the
bot at start-up with a message that names the file, the entry and the field,
instead of surfacing later as a half-rendered answer read out to a caller.
"""


class CorpusError(ValueError):
    """The corpus or the city profile is malformed or inconsistent."""


class PlaceholderError(CorpusError):
    """An entry uses a ``{placeholder}`` that the city profile does not define."""
