"""FAQ retrieval at scale: index build time, ask() latency, memory and hot reload.

Measures the ``knowledge_faq`` package on this machine, in one run:

1. For corpus sizes 500 and 20,000 entries (``--sizes``): the index build time
   (``KnowledgeBase.load`` on a temporary corpus directory in a fresh
   process, so no cache helps it; up to 1,000 entries the median of two more
   builds in the same process is reported too, as "rebuild"), the latency
   p50/p99 of ``ask`` over ``--queries`` calls (default 2,000), and the memory
   the loaded index holds: process RSS growth from just before to just after
   the first build (jieba, OpenCC and the lexicon are warmed up first, so only
   the index counts), the build's RSS peak, and tracemalloc's current/peak of
   a separate traced build. Every size runs in its own fresh subprocess so the
   figures do not mix.
2. Hot reload: a ``LiveKnowledgeBase`` on a temporary kb directory with the
   500-entry corpus; a new, distinctive entry is appended to a corpus file
   (written aside, then renamed into place) and ``ask(new question)`` is
   called every 10 ms until it answers with the new ``faq_id``. The time from
   the rename to that first correct answer is reported (median and max of
   ``--reload-repeats``, default 5).

Corpora: the real corpus (``knowledge_faq/corpus/*.yaml``, read once as raw
YAML; a file that does not validate on its own, e.g. mid-edit, is skipped
with a warning) is copied into a temporary corpus directory and topped up
with synthetic entries made by seeded recombination: each one combines a
fictional place name, a noun drawn from jieba's dictionary (weighted by
frequency ** 0.75, so the vocabulary keeps growing as real text does), a
service word, sometimes a number, and fragments of real questions (question
frames, tails of real questions, a real similar question). Each has 4 similar questions, an
answer of at most 300 characters, the topic and department of the real entry
it was derived from. The packaged city profile fills the placeholders. The
repository's corpus is never written.

Queries (the same list for every size): the real corpus's similar questions,
paraphrase-like mutations of them (politeness, typos, swapped characters,
synonyms, extra context) and about 10% out-of-scope strings.

Targets (issue): p99 <= 5 ms at 20,000 entries; build <= 10 s; hot reload <= 1 s.

Usage::

    .venv/bin/python bench/faq_retrieval.py [--json out.json]
    .venv/bin/python bench/faq_retrieval.py --sizes 500 --reload-repeats 3

Progress goes to stderr, the table to stdout. The whole run takes about ten
minutes here, most of it the 20,000-entry step (generating the corpus, its
build, 2,000 asks and the traced build); its build peaks at about 0.6 GB. A
watchdog thread in each measuring subprocess samples its RSS every few
milliseconds (that also gives the build's RSS peak) and stops it once it
exceeds ``--max-rss-gb``, so an index too large for this machine is reported
as a failure (with the figures measured so far) instead of pushing the
machine into OOM.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge_faq import DEFAULT_CITY_PROFILE, DEFAULT_CORPUS_DIR, TOPICS, KnowledgeBase
from knowledge_faq._config import MAX_ANSWER_CHARS
from knowledge_faq._normalize import normalize

SEED = 12345
TARGET_P99_MS = 5.0
TARGET_P99_AT = 20_000
TARGET_BUILD_S = 10.0
TARGET_RELOAD_S = 1.0
RELOAD_SIZE = 500
RELOAD_POLL_S = 0.010
RELOAD_TIMEOUT_S = 60.0
SYNTHETIC_PER_FILE = 1_000
MULTI_BUILD_MAX = 1_000  # sizes up to this get the median of 3 builds
# Nouns are drawn with probability ~ frequency ** 0.75 (the usual smoothing of
# unigram sampling): frequent words recur, rare ones keep arriving, so the
# vocabulary keeps growing with the corpus instead of saturating.
NOUN_FREQ_POWER = 0.75
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")

# --- Synthetic vocabulary ------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Space-separated words of a literal (keeps long word lists readable)."""
    return tuple(text.split())


# Fictional place names: two syllables + an administrative suffix.
PLACE_SYLLABLES = _words(
    "东湖 西山 南岭 北塘 青石 柳溪 桃源 梅林 松岗 枫桥 竹园 兰亭 荷塘 杏花 "
    "金沙 银滩 玉泉 翠屏 碧水 丹霞 紫荆 白鹭 黄龙 红旗 新华 光明 和平 友谊 "
    "长乐 永安 太平 福田 瑞丰 宝山 龙湾 凤凰 麒麟 鹤鸣 雁塔 鸿运 星河 月湖"
)
PLACE_SUFFIXES = ("区", "县", "镇", "乡", "街道", "社区", "新区", "开发区", "村", "园区")

# Service words that turn a noun into something the hotline is asked about.
SERVICE_WORDS = _words(
    "补贴 证明 许可 备案 登记 年检 审批 资格认定 投诉 预约 变更 注销 续期 退费 "
    "申领 核验 补办 迁移 报销 减免 申报 检测 维修 安装 改造 整治 巡查 押金 "
    "补偿 救助 服务点 办事处 窗口 热线 培训 考试 名额 指标 配额 收费标准"
)

# Generic question frames, as callers end their questions.
FRAMES = (
    "怎么办理",
    "需要什么材料",
    "在哪里办理",
    "可以网上办吗",
    "要多长时间",
    "收费标准是多少",
    "找哪个部门",
    "有什么条件",
    "过期了怎么办",
    "流程是什么",
    "能委托别人办吗",
    "进度怎么查",
    "政策有变化吗",
    "去哪里投诉",
    "电话是多少",
    "需要本人到场吗",
    "外地人能办吗",
    "周末能办吗",
    "办不下来怎么办",
    "每年要办几次",
    "线上线下都能办吗",
    "有没有办理期限",
    "被拒了怎么申诉",
    "最晚什么时候办",
    "能加急吗",
    "老人能代办吗",
    "要不要预约",
    "手机上怎么申请",
)

NUMBER_FORMS = ("{n}号楼", "{n}路公交", "{y}年", "第{n}批", "{n}号线", "{n}期")

# --- Queries -------------------------------------------------------------------

OUT_OF_SCOPE = (
    "今天天气怎么样",
    "帮我订一张去北京的机票",
    "附近有什么好吃的火锅店",
    "明天股票会涨吗",
    "你是机器人吗",
    "给我讲个笑话",
    "世界杯冠军是谁",
    "怎么做红烧肉",
    "推荐一部好看的电影",
    "我的快递到哪了",
    "手机屏幕碎了去哪修",
    "猫咪不吃饭怎么办",
    "周末去哪里玩比较好",
    "怎么学好英语",
    "电脑开不了机",
    "帮我写一首诗",
    "月亮离地球多远",
    "哪个牌子的空调好",
    "减肥吃什么好",
    "篮球比赛几点开始",
    "失眠了怎么办",
    "打游戏老是输",
    "今年流行什么发型",
    "怎么养多肉植物",
    "高铁上能带榴莲吗",
    "咖啡喝多了心慌",
    "微信密码忘了",
    "想买一辆二手自行车",
    "钢琴考级难不难",
    "外卖送错了",
    "明天会下雨吗",
    "宇宙有多大",
    "帮我算一下三加五",
    "唱首歌听听",
    "今天星期几",
    "最近有什么新闻",
    "小狗一直叫怎么办",
    "哪里能买到便宜的机票",
    "晚饭吃什么",
    "给我推荐本小说",
)
POLITE_PREFIXES = ("你好，请问", "我想问一下，", "麻烦问下，", "您好，", "打扰一下，", "咨询一下，")
POLITE_SUFFIXES = ("呢", "啊", "？谢谢", "，急", "呀", "？？")
CONTEXT_PREFIXES = ("我是外地户口，", "我在外省上班，", "帮我家老人问下，", "刚来这个城市，")
SYNONYM_SWAPS = (
    ("驾驶证", "驾照"),
    ("公积金", "住房公积金"),
    ("提取", "取出来"),
    ("孩子", "小孩"),
    ("丢失", "丢了"),
    ("购房", "买房"),
    ("缴纳", "交"),
    ("查询", "查"),
    ("费用", "多少钱"),
    ("养老金", "退休金"),
    ("异地", "外地"),
)


def log(message: str) -> None:
    """Progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile of ``samples``."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


# --- Real corpus ---------------------------------------------------------------


def read_real_corpus(scratch: Path) -> dict[str, list[dict[str, Any]]]:
    """Snapshot the packaged corpus as raw YAML entries, per file.

    Each file is read once (other people may be editing it) and kept only if
    it loads on its own; the union is then checked once more for duplicates.
    """
    files: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(DEFAULT_CORPUS_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        probe = scratch / "probe" / path.stem
        probe.mkdir(parents=True)
        (probe / path.name).write_text(text, encoding="utf-8")
        try:
            KnowledgeBase.load(corpus_dir=probe, city_profile=DEFAULT_CITY_PROFILE)
        except Exception as exc:  # noqa: BLE001 - any failure means "skip this file"
            log(f"warning: skipping real corpus file {path.name}: {str(exc)[:200]}")
            continue
        data = yaml.safe_load(text) or []
        files[path.name] = [e for e in data if isinstance(e, dict)]
    shutil.rmtree(scratch / "probe")
    whole = scratch / "probe-all"
    write_corpus(whole, files, [])
    KnowledgeBase.load(corpus_dir=whole, city_profile=DEFAULT_CITY_PROFILE)
    shutil.rmtree(whole)
    return files


def render(text: str, profile: dict[str, str]) -> str:
    """Fill ``{placeholders}`` the way the loader does."""
    return _PLACEHOLDER.sub(lambda m: profile[m.group(1)], text)


def load_profile() -> dict[str, str]:
    """The packaged city profile as text values."""
    raw = yaml.safe_load(DEFAULT_CITY_PROFILE.read_text(encoding="utf-8"))
    return {str(k): str(v).strip() for k, v in raw.items()}


# --- Synthetic entries ---------------------------------------------------------


def jieba_nouns() -> tuple[list[str], list[float]]:
    """Nouns (2-4 Chinese characters) from jieba's dictionary, with their frequencies."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words: list[str] = []
    weights: list[float] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[2] not in ("n", "vn", "nz"):
            continue
        word, freq = parts[0], int(parts[1])
        if 2 <= len(word) <= 4 and freq >= 20 and _CJK.match(word):
            words.append(word)
            weights.append(float(freq) ** NOUN_FREQ_POWER)
    return words, weights


def question_tails(questions: Iterable[str]) -> list[str]:
    """Second halves of real questions, cut at a word boundary (e.g. 提取住房公积金)."""
    import jieba

    jieba.setLogLevel(60)
    tails: set[str] = set()
    for question in questions:
        words = [w for w in jieba.lcut(question.rstrip("？?。"), HMM=False) if w.strip()]
        if len(words) >= 3:
            tails.add("".join(words[len(words) // 2 :]))
    return sorted(tails)


class Synthesizer:
    """Deterministic (seeded) recombination of real entries into new ones."""

    def __init__(self, real: list[dict[str, Any]], profile: dict[str, str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.real = real
        self.profile = profile
        self.places = [a + s for a in PLACE_SYLLABLES for s in PLACE_SUFFIXES]
        self.nouns, noun_weights = jieba_nouns()
        self.noun_cum = list(_accumulate(noun_weights))
        self.tails = question_tails(
            q for e in real for q in [e["question"], *e["similar_questions"]]
        )
        self.seen_keys: set[tuple[str, str, str, str]] = set()
        self.seen_variants: set[str] = {
            normalize(render(q, profile))
            for e in real
            for q in [e["question"], *e["similar_questions"]]
        }

    def _number(self) -> str:
        if self.rng.random() >= 0.3:
            return ""
        form = self.rng.choice(NUMBER_FORMS)
        return form.format(n=self.rng.randint(1, 400), y=self.rng.randint(2015, 2026))

    def entry(self, index: int) -> dict[str, Any]:
        """One new entry (retries internally until its questions are unique)."""
        rng = self.rng
        while True:
            base = rng.choice(self.real)
            place = rng.choice(self.places)
            noun = rng.choices(self.nouns, cum_weights=self.noun_cum)[0]
            service = rng.choice(SERVICE_WORDS)
            number = self._number()
            key = (place, noun, service, number)
            if key in self.seen_keys:
                continue
            subject = f"{number}{noun}{service}"
            frames = rng.sample(FRAMES, 3)
            real_similar = rng.choice(base["similar_questions"])
            questions = [
                f"{place}{subject}{frames[0]}？",
                f"{place}的{subject}{frames[1]}",
                f"{subject}{frames[2]}，我在{place}",
                f"{place}{subject}：{real_similar}",
                f"{place}{subject}{rng.choice(self.tails)}",
            ]
            normalized = {normalize(render(q, self.profile)) for q in questions}
            if len(normalized) < len(questions) or normalized & self.seen_variants:
                continue
            self.seen_keys.add(key)
            self.seen_variants |= normalized
            break
        prefix = f"{place}{noun}{service}："
        answer = prefix + base["answer"].strip()
        if len(render(answer, self.profile)) > MAX_ANSWER_CHARS:
            answer = render(answer, self.profile)[: MAX_ANSWER_CHARS - 1] + "。"
        entry: dict[str, Any] = {
            "id": f"syn-{index:05d}",
            "question": questions[0],
            "similar_questions": questions[1:],
            "answer": answer,
            "topic": base["topic"] if base["topic"] in TOPICS else sorted(TOPICS)[0],
            "department": base["department"],
            "keywords": [noun + service, noun, place],
        }
        for optional in ("source_policy", "valid_from"):
            if base.get(optional):
                entry[optional] = base[optional]
        return entry


def _accumulate(values: list[float]) -> Iterable[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


class _PlainDumper(yaml.SafeDumper):
    """Safe YAML without anchors/aliases (shared date objects would get them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_corpus(
    corpus_dir: Path, real: dict[str, list[dict[str, Any]]], synthetic: list[dict[str, Any]]
) -> None:
    """Write the real files' entries and the synthetic ones (1,000 per file) as YAML."""
    corpus_dir.mkdir(parents=True, exist_ok=True)

    def dump(path: Path, entries: list[dict[str, Any]]) -> None:
        text = yaml.dump(
            entries, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=10_000
        )
        path.write_text(text, encoding="utf-8")

    for name, entries in real.items():
        dump(corpus_dir / name, entries)
    for start in range(0, len(synthetic), SYNTHETIC_PER_FILE):
        chunk = synthetic[start : start + SYNTHETIC_PER_FILE]
        dump(corpus_dir / f"synthetic_{start // SYNTHETIC_PER_FILE:03d}.yaml", chunk)


def build_corpus(
    target: Path, real: dict[str, list[dict[str, Any]]], size: int, seed: int
) -> dict[str, int]:
    """A corpus of ``size`` entries: the real ones plus synthetic ones."""
    real_entries = [e for entries in real.values() for e in entries]
    synth = Synthesizer(real_entries, load_profile(), seed)
    extra = max(0, size - len(real_entries))
    synthetic = []
    for i in range(extra):
        synthetic.append(synth.entry(i))
        if (i + 1) % 5_000 == 0:
            log(f"  generated {i + 1}/{extra} synthetic entries")
    write_corpus(target / "corpus", real, synthetic)
    shutil.copy2(DEFAULT_CITY_PROFILE, target / "city_profile.yaml")
    return {"real": len(real_entries), "synthetic": extra}


# --- Queries -------------------------------------------------------------------


def mutate(question: str, rng: random.Random) -> str:
    """A paraphrase-like variant: politeness, a typo, a swap, a synonym, context."""
    text = question.rstrip("？?")
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice(POLITE_PREFIXES) + text + rng.choice(POLITE_SUFFIXES)
    if kind == 1 and len(text) > 4:  # dropped character
        i = rng.randrange(1, len(text) - 1)
        return text[:i] + text[i + 1 :]
    if kind == 2 and len(text) > 4:  # swapped neighbours
        i = rng.randrange(0, len(text) - 2)
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 3:
        swaps = [(a, b) for a, b in SYNONYM_SWAPS if a in text] + [
            (b, a) for a, b in SYNONYM_SWAPS if b in text
        ]
        if swaps:
            a, b = rng.choice(swaps)
            return text.replace(a, b, 1)
    if kind == 4:
        return rng.choice(CONTEXT_PREFIXES) + text
    return text + rng.choice(POLITE_SUFFIXES)


def build_queries(
    real: dict[str, list[dict[str, Any]]], count: int, seed: int
) -> list[tuple[str, str | None]]:
    """``count`` (question, expected faq_id or None) pairs, about 10% out of scope."""
    rng = random.Random(seed)
    profile = load_profile()
    in_scope: list[tuple[str, str | None]] = []
    for entries in real.values():
        for entry in entries:
            for question in entry["similar_questions"]:
                rendered = render(question, profile)
                in_scope.append((rendered, entry["id"]))
                in_scope.append((mutate(rendered, rng), entry["id"]))
    out_of_scope: list[tuple[str, str | None]] = [(q, None) for q in OUT_OF_SCOPE]
    out_of_scope += [(mutate(q, rng), None) for q in OUT_OF_SCOPE]
    n_out = max(1, count // 10)
    n_in = count - n_out
    queries = [
        in_scope[i % len(in_scope)] for i in rng.sample(range(max(n_in, len(in_scope))), n_in)
    ]
    queries += [out_of_scope[i % len(out_of_scope)] for i in range(n_out)]
    rng.shuffle(queries)
    return queries


# --- Child: measure one size -----------------------------------------------------


def total_ram_gb() -> float:
    """Physical memory of this machine."""
    import psutil

    return float(psutil.virtual_memory().total) / 2**30


def default_rss_ceiling_gb() -> float:
    """Memory available now, minus headroom for the rest of the machine."""
    import psutil

    return round(max(1.0, psutil.virtual_memory().available / 2**30 - 3.0), 1)


def rss_bytes() -> int:
    """Current resident set size of this process."""
    import psutil

    return int(psutil.Process().memory_info().rss)


class RssSampler(threading.Thread):
    """Samples this process's RSS in the background; kills it above a ceiling.

    ``ru_maxrss`` cannot isolate the build (jieba's start-up peaks higher than
    a small index), so the build's peak comes from these samples.
    """

    def __init__(self, ceiling_bytes: int, on_exceed: Any, interval: float = 0.005) -> None:
        super().__init__(daemon=True)
        import psutil

        self._process = psutil.Process()
        self._ceiling = ceiling_bytes
        self._on_exceed = on_exceed
        self._interval = interval
        self.peak = 0
        self.baseline = 0

    def reset_peak(self) -> None:
        """Start a new peak window."""
        self.peak = rss_bytes()

    def run(self) -> None:
        while True:
            rss = int(self._process.memory_info().rss)
            self.peak = max(self.peak, rss)
            if self._ceiling and rss > self._ceiling:
                self._on_exceed(rss)
            time.sleep(self._interval)


def warm_up() -> None:
    """Load jieba, OpenCC and the lexicon so they are not counted as index memory."""
    from knowledge_faq._tokenize import analyze

    analyze(normalize("你好，租房怎么提取住房公积金？"))


def child_size(spec: dict[str, Any], sampler: RssSampler, result: dict[str, Any]) -> None:
    """Build, query and measure one corpus (runs in a fresh subprocess).

    Fills ``result`` phase by phase, so that figures measured before a failure
    (or before the RSS watchdog stops the process) are still reported.
    """
    from knowledge_faq._load import load_corpus
    from knowledge_faq._profile import load_city_profile

    corpus = Path(spec["kb_dir"]) / "corpus"
    profile = Path(spec["kb_dir"]) / "city_profile.yaml"
    size = spec["size"]
    queries: list[tuple[str, str | None]] = [(q, e) for q, e in spec["queries"]]
    result.update(size=size, real_entries=spec["real"], synthetic_entries=spec["synthetic"])
    warm_up()
    gc.collect()
    rss_before = rss_bytes()
    sampler.reset_peak()
    sampler.baseline = rss_before

    builds = 3 if size <= MULTI_BUILD_MAX else 1
    times = []
    log(f"[{size}] building {size} entries (build 1/{builds})...")
    started = time.perf_counter()
    kb = KnowledgeBase.load(corpus_dir=corpus, city_profile=profile)
    times.append(time.perf_counter() - started)
    gc.collect()
    index = getattr(kb, "_index", None)  # private: only to report the index's shape
    result.update(
        entries=len(kb),
        variants=len(index) if index is not None else -1,
        vocabulary=len(getattr(index, "_vocab", ())),
        rss_growth_mb=round((rss_bytes() - rss_before) / 2**20, 1),
        build_peak_rss_growth_mb=round((sampler.peak - rss_before) / 2**20, 1),
        build_s=round(times[0], 2),
        build_s_all=[round(times[0], 2)],
        builds=1,
    )
    del index
    log(f"[{size}] built in {times[0]:.1f} s: {result['variants']} variants, "
        f"vocabulary {result['vocabulary']}, RSS +{result['rss_growth_mb']:.0f} MB")  # fmt: skip
    for i in range(1, builds):
        log(f"[{size}] building {size} entries (build {i + 1}/{builds})...")
        started = time.perf_counter()
        kb = KnowledgeBase.load(corpus_dir=corpus, city_profile=profile)
        times.append(time.perf_counter() - started)
    result.update(builds=builds, build_s_all=[round(t, 2) for t in times])
    if len(times) > 1:
        result["rebuild_s"] = round(statistics.median(times[1:]), 2)
    # Share of the build spent reading, validating and rendering the YAML
    # (the rest is indexing): one more, untimed-by-build, corpus load.
    started = time.perf_counter()
    load_corpus(corpus, load_city_profile(profile))
    result["yaml_validate_s"] = round(time.perf_counter() - started, 2)

    log(f"[{size}] asking {len(queries)} questions...")
    for question, _ in queries[:50]:
        kb.ask(question)  # warm-up
    latencies: list[float] = []
    decisions = {"answer": 0, "suggest": 0, "none": 0}
    correct = in_scope = wrong_out = 0
    progress_every = max(1, len(queries) // 10)
    for i, (question, expected) in enumerate(queries):
        t0 = time.perf_counter_ns()
        answer = kb.ask(question)
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
        decisions[answer.decision] += 1
        if expected is None:
            wrong_out += answer.decision == "answer"
        else:
            in_scope += 1
            correct += answer.decision == "answer" and answer.faq_id == expected
        if (i + 1) % progress_every == 0 and size > MULTI_BUILD_MAX:
            log(f"[{size}]   {i + 1}/{len(queries)} asked, p50 so far "
                f"{percentile(latencies, 50):.1f} ms")  # fmt: skip
    result.update(
        queries=len(latencies),
        p50_ms=round(percentile(latencies, 50), 2),
        p99_ms=round(percentile(latencies, 99), 2),
        max_ms=round(max(latencies), 2),
        decisions=decisions,
        in_scope_answered_correctly=round(correct / max(in_scope, 1), 3),
        out_of_scope_answered=round(wrong_out / max(len(latencies) - in_scope, 1), 3),
    )
    del kb
    gc.collect()
    if spec["tracemalloc"]:
        log(f"[{size}] traced build (tracemalloc, slower)...")
        tracemalloc.start()
        kb = KnowledgeBase.load(corpus_dir=corpus, city_profile=profile)
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["tracemalloc_current_mb"] = round(current / 2**20, 1)
        result["tracemalloc_peak_mb"] = round(peak / 2**20, 1)
        del kb


# --- Child: hot reload -----------------------------------------------------------


def reload_entry(k: int) -> tuple[str, str, str]:
    """A distinctive new entry (id, question, YAML text) for reload trial ``k``."""
    entry_id = f"bench-reload-firefly-{k}"
    question = f"星河湾萤火虫观测站第{k}期夜间观测活动怎么报名？"
    entry = {
        "id": entry_id,
        "question": question,
        "similar_questions": [
            f"萤火虫观测站第{k}期夜观在哪里报名",
            f"第{k}期萤火虫夜间观测活动报名入口",
            f"想带孩子参加第{k}期萤火虫观测怎么报",
        ],
        "answer": f"第{k}期萤火虫夜间观测活动请通过{{city_app}}报名，名额有限，先到先得。",
        "topic": "教育文体",
        "department": "{city_name}文化和旅游局",
    }
    text = "\n" + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000)
    return entry_id, question, text


def child_reload(spec: dict[str, Any]) -> dict[str, Any]:
    """Hot-reload trials on a LiveKnowledgeBase (runs in a fresh subprocess)."""
    from knowledge_faq import LiveKnowledgeBase

    kb_dir = Path(spec["kb_dir"])
    target = kb_dir / "corpus" / spec["file"]
    log(f"[reload] loading LiveKnowledgeBase ({spec['size']} entries)...")
    live = LiveKnowledgeBase(kb_dir)
    live.ask("租房怎么提取住房公积金")
    size_at_start = len(live)
    delays: list[float] = []
    polls: list[int] = []
    for k in range(1, spec["repeats"] + 1):
        entry_id, question, addition = reload_entry(k)
        assert live.ask(question).faq_id != entry_id
        time.sleep(0.3)  # let the reload check interval pass
        new_text = target.read_text(encoding="utf-8") + addition
        staging = target.with_name(f".{target.name}.part")
        staging.write_text(new_text, encoding="utf-8")
        os.replace(staging, target)
        written = time.perf_counter()
        n = 0
        while True:
            n += 1
            if live.ask(question).faq_id == entry_id:
                delays.append(time.perf_counter() - written)
                break
            if time.perf_counter() - written > RELOAD_TIMEOUT_S:
                delays.append(float("inf"))
                break
            time.sleep(RELOAD_POLL_S)
        polls.append(n)
        log(f"[reload] trial {k}: {delays[-1] * 1000:.0f} ms ({n} asks)")
    return {
        "size": size_at_start,
        "repeats": len(delays),
        "median_s": round(statistics.median(delays), 3),
        "max_s": round(max(delays), 3),
        "all_s": [round(d, 3) for d in delays],
        "asks_until_correct": polls,
        "reloads": live.reloads,
    }


# --- Parent --------------------------------------------------------------------


def run_child(mode: str, spec: dict[str, Any], scratch: Path, args: argparse.Namespace) -> Any:
    """Run one measurement in a fresh interpreter; return its result or an error."""
    spec_path = scratch / f"spec-{mode}-{spec['size']}.json"
    out_path = scratch / f"out-{mode}-{spec['size']}.json"
    spec_path.write_text(json.dumps({**spec, "out": str(out_path)}, ensure_ascii=False))
    command = [sys.executable, str(Path(__file__).resolve()), f"--child-{mode}", str(spec_path)]
    command += ["--max-rss-gb", str(args.max_rss_gb)]
    started = time.perf_counter()
    try:
        proc = subprocess.run(command, timeout=args.timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout:.0f} s"}
    if out_path.exists():
        return json.loads(out_path.read_text())
    elapsed = time.perf_counter() - started
    return {"error": f"subprocess failed (exit {proc.returncode}) after {elapsed:.0f} s"}


def child_main(mode: str, spec_path: Path, max_rss_gb: float) -> None:
    """Entry point of a measuring subprocess."""
    spec = json.loads(spec_path.read_text())
    out = Path(spec["out"])
    result: dict[str, Any] = {}
    started = time.perf_counter()

    def fail(error: str) -> None:
        log(f"[{spec['size']}] {error}")
        out.write_text(json.dumps({**result, "error": error}, ensure_ascii=False))

    def too_big(rss: int) -> None:
        growth = (rss - sampler.baseline) / 2**30
        fail(
            f"stopped {time.perf_counter() - started:.0f} s in: process RSS reached "
            f"{rss / 2**30:.1f} GB (+{growth:.1f} GB since before the build; "
            f"--max-rss-gb {max_rss_gb:g})"
        )
        os._exit(3)

    sampler = RssSampler(int(max_rss_gb * 2**30), too_big)
    sampler.start()
    try:
        if mode == "size":
            child_size(spec, sampler, result)
        else:
            result.update(child_reload(spec))
    except MemoryError as exc:
        fail(f"MemoryError: {exc}")
        return
    out.write_text(json.dumps(result, ensure_ascii=False))


def cell(row: dict[str, Any], key: str, width: int, spec: str) -> str:
    """One table cell, "-" when the figure was not measured."""
    value = row.get(key)
    return f"{value:>{width}{spec}}" if value is not None else f"{'-':>{width}}"


def verdict(value: float | None, limit: float) -> str:
    """'ok' or 'MISS' against a ``<=`` target."""
    if value is None:
        return "n/a"
    return "ok" if value <= limit else "MISS"


def print_report(
    sizes: list[dict[str, Any]], reload: dict[str, Any] | None, machine: dict[str, Any]
) -> None:
    """The table on stdout."""
    print()
    print("FAQ retrieval benchmark (knowledge_faq), one run on this machine")
    print(
        f"  {machine['cpus']} CPUs, {machine['ram_gb']} GB RAM, Python {machine['python']}; "
        f"load average (1/5/15 min) {machine['load_start']} at start, "
        f"{machine['load_end']} at end"
    )
    print()
    header = (
        f"{'entries':>8} {'variants':>9} {'vocab':>7} {'build s':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'RSS +MB':>8} {'peak +MB':>9} {'tm cur/peak MB':>15}"
    )
    print(header)
    print("-" * len(header))
    for row in sizes:
        traced = (
            f"{row['tracemalloc_current_mb']:.0f}/{row['tracemalloc_peak_mb']:.0f}"
            if "tracemalloc_current_mb" in row
            else "-"
        )
        print(
            f"{row.get('entries', row['size']):>8} {cell(row, 'variants', 9, 'd')} "
            f"{cell(row, 'vocabulary', 7, 'd')} {cell(row, 'build_s', 8, '.2f')} "
            f"{cell(row, 'p50_ms', 7, '.2f')} {cell(row, 'p99_ms', 7, '.2f')} "
            f"{cell(row, 'max_ms', 7, '.1f')} {cell(row, 'rss_growth_mb', 8, '.1f')} "
            f"{cell(row, 'build_peak_rss_growth_mb', 9, '.1f')} {traced:>15}"
        )
    print()
    print("  build s: KnowledgeBase.load (YAML + validation + rendering + index);")
    print("    the first build in a fresh process (no cache helps it).")
    for row in sizes:
        if row.get("rebuild_s") is not None:
            print(f"  {row['size']} entries: rebuild in the same process "
                  f"(corpus analysis cached) {row['rebuild_s']:.2f} s")  # fmt: skip
    print("  p50/p99/max: ask() latency over the query list (same list for every size).")
    print("  RSS +MB: resident memory growth from the load (kept alive, after gc);")
    print("  peak +MB: growth of the peak RSS during the first build (5 ms samples);")
    print("  tm cur/peak: tracemalloc current/peak of a separate traced build.")
    for row in sizes:
        print(
            f"  {row['size']} entries ({row.get('real_entries', '?')} real + "
            f"{row.get('synthetic_entries', '?')} synthetic):"
        )
        if "yaml_validate_s" in row:
            print(
                f"    of the build, reading + validating + rendering the YAML alone takes "
                f"{row['yaml_validate_s']:.2f} s"
            )
        if "decisions" in row:
            d = row["decisions"]
            print(
                f"    {row['queries']} asks: answer/suggest/none {d['answer']}/{d['suggest']}/"
                f"{d['none']}; in-scope answered with the right entry "
                f"{row['in_scope_answered_correctly']:.0%}, out-of-scope answered "
                f"{row['out_of_scope_answered']:.0%}"
            )
        if "error" in row:
            print(f"    FAILED: {row['error']}")
    print()
    print("Targets")
    by_size = {row["size"]: row for row in sizes}
    large = by_size.get(TARGET_P99_AT)
    if large is not None:
        p99 = large.get("p99_ms")
        shown = f"{p99:.2f} ms" if p99 is not None else "not measured (see above)"
        print(
            f"  p99 <= {TARGET_P99_MS:g} ms at {TARGET_P99_AT} entries: "
            f"{shown}  [{verdict(p99, TARGET_P99_MS)}]"
        )
    for row in sizes:
        build = row.get("build_s")
        shown = f"{build:.2f} s" if build is not None else "not measured (see above)"
        print(
            f"  build <= {TARGET_BUILD_S:g} s at {row['size']} entries: "
            f"{shown}  [{verdict(build, TARGET_BUILD_S)}]"
        )
    if reload is not None:
        if "error" in reload:
            print(f"  hot reload <= {TARGET_RELOAD_S:g} s: FAILED: {reload['error']}")
        else:
            print(
                f"  hot reload <= {TARGET_RELOAD_S:g} s ({reload['size']} entries, "
                f"{reload['repeats']} trials): median {reload['median_s']:.3f} s, "
                f"max {reload['max_s']:.3f} s  [{verdict(reload['max_s'], TARGET_RELOAD_S)}]"
            )
            print(f"    all trials (s): {reload['all_s']}; ask() calls until correct: "
                  f"{reload['asks_until_correct']}")  # fmt: skip


def main() -> None:
    """Parse arguments, generate corpora, run the measurements, print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[500, 20_000], help="corpus sizes (entries)"
    )
    parser.add_argument("--queries", type=int, default=2_000, help="ask() calls per size")
    parser.add_argument("--reload-repeats", type=int, default=5, help="hot-reload trials")
    parser.add_argument("--no-reload", action="store_true", help="skip the hot-reload part")
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the extra traced build per size"
    )
    parser.add_argument("--seed", type=int, default=SEED, help="seed for corpora and queries")
    parser.add_argument(
        "--max-rss-gb",
        type=float,
        default=default_rss_ceiling_gb(),
        help="stop a measuring subprocess whose RSS exceeds this "
        "(default: memory available at start minus 3 GB; 0: never)",
    )
    parser.add_argument(
        "--timeout", type=float, default=3_600.0, help="seconds allowed per measuring subprocess"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child-size", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-reload", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_size:
        child_main("size", args.child_size, args.max_rss_gb)
        return
    if args.child_reload:
        child_main("reload", args.child_reload, args.max_rss_gb)
        return

    sizes: list[dict[str, Any]] = []
    reload: dict[str, Any] | None = None
    machine: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "ram_gb": round(total_ram_gb(), 1),
        "python": sys.version.split()[0],
        "load_start": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory(prefix="faq-bench-") as tmp:
        scratch = Path(tmp)
        log("reading the real corpus...")
        real = read_real_corpus(scratch)
        n_real = sum(len(v) for v in real.values())
        log(f"  {n_real} real entries in {len(real)} files")
        queries = build_queries(real, args.queries, args.seed)
        for size in args.sizes:
            log(f"generating a {size}-entry corpus...")
            kb_dir = scratch / f"kb-{size}"
            counts = build_corpus(kb_dir, real, size, args.seed)
            spec = {
                "size": size,
                "kb_dir": str(kb_dir),
                "queries": queries,
                "tracemalloc": not args.no_tracemalloc,
                **counts,
            }
            sizes.append({"size": size, **run_child("size", spec, scratch, args)})
            shutil.rmtree(kb_dir, ignore_errors=True)
        if not args.no_reload:
            log(f"generating a {RELOAD_SIZE}-entry corpus for the hot-reload trials...")
            kb_dir = scratch / "kb-reload"
            build_corpus(kb_dir, real, RELOAD_SIZE, args.seed)
            spec = {
                "size": RELOAD_SIZE,
                "kb_dir": str(kb_dir),
                "file": sorted(real)[0],
                "repeats": args.reload_repeats,
            }
            reload = run_child("reload", spec, scratch, args)

    machine["load_end"] = [round(x, 2) for x in os.getloadavg()]
    print_report(sizes, reload, machine)
    if args.json:
        result = {
            "machine": machine,
            "seed": args.seed,
            "sizes": sizes,
            "hot_reload": reload,
            "targets": {
                "p99_ms_max": TARGET_P99_MS,
                "p99_at_entries": TARGET_P99_AT,
                "build_s_max": TARGET_BUILD_S,
                "hot_reload_s_max": TARGET_RELOAD_S,
            },
        }
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
