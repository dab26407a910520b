"""City profile loading and ``{placeholder}`` rendering.

All city-specific facts (names, phone numbers, addresses, websites, apps) live
in one YAML profile so that deploying the bot to a real city means replacing a
single file. The corpus itself only states national rules.
"""

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from ._errors import CorpusError, PlaceholderError

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def load_city_profile(path: Path) -> dict[str, str]:
    """Read a city profile into a ``placeholder -> text`` mapping.

    Values must be non-empty scalars; numbers are kept as text so that phone
    numbers such as ``0000-12345678`` survive unchanged.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(f"cannot read city profile {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CorpusError(f"city profile {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not raw:
        raise CorpusError(f"city profile {path} must be a non-empty mapping")

    profile: dict[str, str] = {}
    problems: list[str] = []
    for key, value in raw.items():
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(f"key {key!r} must be snake_case")
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(f"{key}: value must be text, got {type(value).__name__}")
            continue
        text = str(value).strip()
        if not text:
            problems.append(f"{key}: value is empty")
            continue
        profile[key] = text
    if problems:
        raise CorpusError(f"city profile {path} is invalid:\n  " + "\n  ".join(problems))
    return profile


def placeholders_in(text: str) -> set[str]:
    """Return the placeholder names used in ``text``."""
    return set(_PLACEHOLDER.findall(text))


def render(text: str, profile: Mapping[str, str], where: str) -> str:
    """Fill every ``{placeholder}`` in ``text`` from ``profile``.

    Raises :class:`PlaceholderError` naming ``where`` (file, entry and field)
    and every missing name, because a caller must never hear a raw
    ``{gjj_hotline}``.
    """
    missing = sorted(placeholders_in(text) - profile.keys())
    if missing:
        names = ", ".join("{" + name + "}" for name in missing)
        raise PlaceholderError(f"{where}: placeholder(s) {names} not defined in the city profile")
    return _PLACEHOLDER.sub(lambda m: profile[m.group(1)], text)
