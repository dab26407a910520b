"""All of the gateway's own exceptions, as one shallow tree.

Third-party errors are mapped onto these at the boundary (the Rasa client,
the channel modules) so callers catch one family and log with context.
"""

from __future__ import annotations


class IntakeError(Exception):
    """Base class of every error the gateway raises on purpose."""


class ChannelError(IntakeError):
    """A channel could not accept or understand an inbound request."""


class SignatureInvalid(ChannelError):
    """The request's signature or token does not match."""


class PayloadUnsupported(ChannelError):
    """The payload is well-formed but of a kind we do not handle."""


class BadRequest(ChannelError):
    """The request is malformed; ``code`` and ``message`` go back to the caller."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class DeliveryError(IntakeError):
    """An outbound message could not be handed to its channel."""


class RasaUnavailable(IntakeError):
    """Rasa did not answer in time or answered with an error."""


class NotFound(IntakeError):
    """A conversation, ticket or message does not exist."""
