"""A knowledge base that follows its files: edits take effect within a second.

The knowledge base is data, not a model: operators change YAML files (by hand
or with ``hotline kb``), and every process that answers questions picks the
change up on its own, without retraining Rasa or restarting anything.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from ._config import DEFAULT_CITY_PROFILE, DEFAULT_CORPUS_DIR
from ._errors import CorpusError
from ._kb import KnowledgeBase
from ._models import Answer, FaqEntry

log = logging.getLogger(__name__)

RELOAD_CHECK_SECONDS = 0.25
CORPUS_SUBDIR = "corpus"
PROFILE_NAME = "city_profile.yaml"


def kb_paths(kb_dir: Path) -> tuple[Path, Path]:
    """The corpus directory and city profile inside a live knowledge-base directory."""
    return kb_dir / CORPUS_SUBDIR, kb_dir / PROFILE_NAME


def ensure_kb_dir(kb_dir: Path) -> Path:
    """Seed ``kb_dir`` from the packaged corpus the first time; return it.

    The copy is built aside and renamed into place, so processes starting at
    the same moment never see a half-copied directory.
    """
    if (kb_dir / CORPUS_SUBDIR).is_dir():
        return kb_dir
    kb_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kb-seed-", dir=kb_dir.parent))
    shutil.copytree(DEFAULT_CORPUS_DIR, staging / CORPUS_SUBDIR)
    shutil.copy2(DEFAULT_CITY_PROFILE, staging / PROFILE_NAME)
    try:
        os.rename(staging, kb_dir)
    except OSError:  # another process seeded it first (or kb_dir exists empty)
        if not (kb_dir / CORPUS_SUBDIR).is_dir():
            kb_dir.mkdir(exist_ok=True)
            os.rename(staging / CORPUS_SUBDIR, kb_dir / CORPUS_SUBDIR)
            if not (kb_dir / PROFILE_NAME).exists():
                os.rename(staging / PROFILE_NAME, kb_dir / PROFILE_NAME)
        shutil.rmtree(staging, ignore_errors=True)
    return kb_dir


def _fingerprint(kb_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: cheap to read, changes on any edit."""
    corpus, profile = kb_paths(kb_dir)
    files = [profile, *sorted(corpus.glob("*.y*ml"))]
    out = []
    for path in files:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        out.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


class LiveKnowledgeBase:
    """Answers from the newest valid version of a knowledge-base directory.

    At most every ``check_seconds`` a call looks at the files' fingerprint (and
    the date, so an entry that expires at midnight stops being served). On a
    change it reloads; a corpus that fails validation is reported and the
    previous version keeps serving.
    """

    def __init__(self, kb_dir: Path, *, check_seconds: float = RELOAD_CHECK_SECONDS) -> None:
        self.kb_dir = ensure_kb_dir(kb_dir)
        self._check_seconds = check_seconds
        self._lock = threading.Lock()
        self._fingerprint = _fingerprint(self.kb_dir)
        self._kb = self._load()
        self._checked_at = time.monotonic()
        self.reloads = 0

    def _load(self) -> KnowledgeBase:
        corpus, profile = kb_paths(self.kb_dir)
        return KnowledgeBase.load(corpus_dir=corpus, city_profile=profile)

    @property
    def current(self) -> KnowledgeBase:
        """The version to answer from, reloaded first if the files changed."""
        now = time.monotonic()
        if now - self._checked_at >= self._check_seconds and self._lock.acquire(blocking=False):
            try:
                self._checked_at = now
                self._reload_if_changed()
            finally:
                self._lock.release()
        return self._kb

    def _reload_if_changed(self) -> None:
        fingerprint = _fingerprint(self.kb_dir)
        if fingerprint == self._fingerprint and self._kb.today == date.today():
            return
        try:
            fresh = self._load()
        except CorpusError as exc:
            log.error("knowledge base %s not reloaded, keeping the last good one: %s",
                      self.kb_dir, exc)  # fmt: skip
            self._fingerprint = fingerprint  # do not retry until it changes again
            return
        self._kb, self._fingerprint = fresh, fingerprint
        self.reloads += 1
        log.info("knowledge base reloaded: %d entries", len(fresh))

    def ask(self, question: str) -> Answer:
        """See :meth:`KnowledgeBase.ask`."""
        return self.current.ask(question)

    def answer_for(self, faq_id: str) -> Answer:
        """See :meth:`KnowledgeBase.answer_for`."""
        return self.current.answer_for(faq_id)

    def get(self, faq_id: str) -> FaqEntry | None:
        """See :meth:`KnowledgeBase.get`."""
        return self.current.get(faq_id)

    def __len__(self) -> int:
        return len(self.current)
