"""The triage taxonomy: request types, urgencies, emergency lines, topics and routing.

Everything a city changes when it deploys lives in one YAML file
(``triage.yaml`` beside this module, or the file ``HOTLINE_TRIAGE_CONFIG``
names). It is validated as a whole when loaded, so a typo in a department
or a time limit stops start-up instead of misrouting work orders.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_TRIAGE_CONFIG = Path(__file__).with_name("triage.yaml")
EMERGENCY_LINE_NAMES = ("110", "119", "120", "122")


class TaxonomyError(ValueError):
    """The triage configuration is malformed; the message names what and where."""


@dataclass(frozen=True, slots=True)
class Topic:
    """A first-level topic: its default department and its second-level categories."""

    name: str
    department: str
    level2: dict[str, str]  # second-level name -> department (the default when not routed)


@dataclass(frozen=True, slots=True)
class SlaProfile:
    """Time limits: working days per request type, or hours for an urgency."""

    timezone: str
    working_days: dict[str, int]
    hours: dict[str, float]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The validated triage configuration."""

    request_types: tuple[str, ...]
    urgencies: tuple[str, ...]
    emergency_lines: dict[str, str]
    topics: dict[str, Topic]
    sla: SlaProfile
    rasa_intents: dict[str, str]  # request type -> Rasa intent name

    def department_for(self, topic: str, level2: str | None = None) -> str:
        """The department a work order on ``topic`` (and ``level2``) goes to.

        Raises ``KeyError`` for a topic the taxonomy does not have; an
        unknown second level falls back to the topic's department.
        """
        entry = self.topics[topic]
        if level2 is not None and level2 in entry.level2:
            return entry.level2[level2]
        return entry.department

    def topic_path(self, topic: str, level2: str | None = None) -> list[str]:
        """``[topic]`` or ``[topic, level2]`` when the second level belongs to it."""
        if level2 is not None and level2 in self.topics[topic].level2:
            return [topic, level2]
        return [topic]


def _names(raw: Any, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) and v for v in raw):
        raise TaxonomyError(f"{key}: expected a non-empty list of names")
    if len(set(raw)) != len(raw):
        raise TaxonomyError(f"{key}: names must be unique")
    return tuple(raw)


def _topics(raw: Any) -> dict[str, Topic]:
    if not isinstance(raw, dict) or not raw:
        raise TaxonomyError("topics: expected a mapping of first-level topics")
    topics = {}
    for name, body in raw.items():
        where = f"topics.{name}"
        if not isinstance(body, dict) or not isinstance(body.get("department"), str):
            raise TaxonomyError(f"{where}: needs a 'department'")
        level2 = body.get("level2") or {}
        if not isinstance(level2, dict):
            raise TaxonomyError(f"{where}.level2: expected a mapping of second-level names")
        routed = {}
        for sub, department in level2.items():
            if department is not None and not (isinstance(department, str) and department):
                raise TaxonomyError(f"{where}.level2.{sub}: department must be text or empty")
            routed[str(sub)] = department or body["department"]
        topics[str(name)] = Topic(str(name), body["department"], routed)
    return topics


def _sla(raw: Any, request_types: tuple[str, ...], urgencies: tuple[str, ...]) -> SlaProfile:
    if not isinstance(raw, dict):
        raise TaxonomyError("sla: expected a mapping")
    days = raw.get("working_days") or {}
    hours = raw.get("hours") or {}
    missing = [t for t in request_types if t not in days]
    if missing:
        raise TaxonomyError(f"sla.working_days: no limit for {', '.join(missing)}")
    for key, table, allowed in (("working_days", days, request_types), ("hours", hours, urgencies)):
        for name, value in table.items():
            if name not in allowed:
                raise TaxonomyError(f"sla.{key}: unknown name {name!r}")
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise TaxonomyError(f"sla.{key}.{name}: must be a positive number")
    return SlaProfile(
        timezone=str(raw.get("timezone") or "Asia/Shanghai"),
        working_days={k: int(v) for k, v in days.items()},
        hours={k: float(v) for k, v in hours.items()},
    )


def parse_taxonomy(data: Any) -> Taxonomy:
    """Validate a parsed configuration document into a :class:`Taxonomy`."""
    if not isinstance(data, dict):
        raise TaxonomyError("the triage configuration must be a mapping")
    request_types = _names(data.get("request_types"), "request_types")
    urgencies = _names(data.get("urgencies"), "urgencies")
    lines = data.get("emergency_lines")
    if not isinstance(lines, dict) or set(map(str, lines)) != set(EMERGENCY_LINE_NAMES):
        raise TaxonomyError(f"emergency_lines: expected exactly {', '.join(EMERGENCY_LINE_NAMES)}")
    intents = data.get("rasa_intents")
    if not isinstance(intents, dict) or set(intents) != set(request_types):
        raise TaxonomyError("rasa_intents: expected one intent name per request type")
    if not all(
        isinstance(v, str) and re.fullmatch(r"[a-z][a-z0-9_]*", v) for v in intents.values()
    ):
        raise TaxonomyError("rasa_intents: intent names are lower_snake_case")
    return Taxonomy(
        rasa_intents={str(k): str(v) for k, v in intents.items()},
        request_types=request_types,
        urgencies=urgencies,
        emergency_lines={str(k): str(v) for k, v in lines.items()},
        topics=_topics(data.get("topics")),
        sla=_sla(data.get("sla"), request_types, urgencies),
    )


@lru_cache(maxsize=4)
def _load(path: Path) -> Taxonomy:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"{path}: cannot read the triage configuration: {exc}") from exc
    try:
        return parse_taxonomy(data)
    except TaxonomyError as exc:
        raise TaxonomyError(f"{path}: {exc}") from exc


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy from ``path``, ``$HOTLINE_TRIAGE_CONFIG`` or the bundled default."""
    chosen = path or Path(os.environ.get("HOTLINE_TRIAGE_CONFIG") or DEFAULT_TRIAGE_CONFIG)
    return _load(chosen.resolve())
