"""`hotline kb edit` warns when an entry's written questions may no longer fit it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main

ANSWER = "租房提取住房公积金：请携带身份证和租房合同到{city_name}住房公积金管理中心办理。"


@pytest.fixture
def kb_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOTLINE_KB_DIR", str(tmp_path / "kb"))
    return tmp_path / "kb"


def test_changing_an_answer_names_the_written_questions_that_still_teach_the_ranker(
    kb_dir: Path,
) -> None:
    result = CliRunner().invoke(main, ["kb", "edit", "gjj-withdraw-rent", "--answer", ANSWER])
    assert result.exit_code == 0, result.output
    assert "updated gjj-withdraw-rent" in result.stdout
    assert "questions written for gjj-withdraw-rent" in result.stderr


def test_other_edits_and_entries_without_written_questions_say_nothing_more(
    kb_dir: Path,
) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["kb", "edit", "gjj-withdraw-rent", "--department", "公积金中心"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    added = runner.invoke(
        main,
        [
            "kb", "add", "--id", "unit-new-entry", "--question", "新事项怎么办理？",
            "--similar", "新事项去哪办", "--similar", "新事项要带什么",
            "--similar", "新事项多久办好",
            "--answer", "请到政务服务中心办理。", "--topic", "党务政务", "--department", "测试局",
        ],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    edited = runner.invoke(main, ["kb", "edit", "unit-new-entry", "--answer", "请到窗口办理。"])
    assert edited.exit_code == 0, edited.output
    assert edited.stderr == ""
