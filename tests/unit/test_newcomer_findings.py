"""What a first-time user ran into in the terminal and the command line, each held by a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant import compose
from assistant.answers import Count, parse_answer
from assistant.compose import compose as compose_report
from assistant.formatting import tidy_punctuation
from assistant.interview import Interview
from assistant.kinds import load_kind
from assistant.pipeline import evaluate
from tests.support.common import EXAMPLE, ROOT, run_cli


def test_a_fault_in_the_echo_does_not_lose_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sentence echoed in the chat is a courtesy: a template fault there stopped the app
    before the answer was saved."""
    kind = load_kind("dept-overall")
    interview = Interview(kind, {"unit_name": "某局", "year": "2025"})

    def broken(*_: object, **__: object) -> object:
        raise TypeError("a template fault")

    monkeypatch.setattr(compose, "context", broken)
    out = interview.submit("eval_period_note", "是")
    assert out.accepted and out.store == {"eval_period_note": "是"}
    assert not [t for t in out.turns if t.kind == "echo"]


@pytest.mark.parametrize(("typed", "count", "unit"), [("4.2万户", 42000, "户"), ("1.5万人次", 15000, "人次"),
                                                      ("6512人", 6512, "人")])  # fmt: skip
def test_a_count_in_wan_is_read(typed: str, count: int, unit: str) -> None:
    """4.2万户 was refused with 请只填写个数 although the question asks 多少人（人次、户）."""
    value = parse_answer(load_kind("dept-overall").question("help_people"), typed)
    assert isinstance(value, Count) and (value, value.unit) == (count, unit)


def test_none_is_zero_where_the_question_says_so_and_refused_where_zero_is_not_allowed() -> None:
    kind = load_kind("dept-overall")
    assert parse_answer(kind.question("assets_disposed"), "无") == 0  # 没有请填0
    assert parse_answer(kind.question("procurement_count"), "没有") == 0
    with pytest.raises(Exception, match="无法识别为数字"):
        parse_answer(kind.question("staff_quota"), "无")  # 编制 must be given


def test_a_document_number_typed_in_square_brackets_takes_the_hexagonal_ones() -> None:
    assert tidy_punctuation("根据《通知》（青财绩[2026]3号）要求") == "根据《通知》（青财绩〔2026〕3号）要求"
    assert tidy_punctuation("青财绩【2025】12号") == "青财绩〔2025〕12号"
    assert tidy_punctuation("表[2]中") == "表[2]中", "only a year in brackets before 号"


def test_an_indicator_group_of_one_says_its_score_once() -> None:
    """满意度指标共1项，…自评得分9.44分，扣0.56分。…得9.44分，扣0.56分 said the score twice."""
    from tests.support.examples import example_raw

    text = "\n".join(b.text for b in compose_report(evaluate(load_kind("dept-overall"),
                                                           example_raw("dept-overall-2")), seed=0).blocks
                     if hasattr(b, "text"))  # fmt: skip
    part = next(p for p in text.split("\n") if p.startswith("满意度指标共1项"))
    assert part.count("得9.72分") == 1 and part.count("扣0.28分") == 1, part


def test_the_list_keeps_its_columns_when_a_draft_is_damaged(tmp_path: Path) -> None:
    done = run_cli("--home", str(tmp_path), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save")
    assert done.returncode == 0, done.stderr
    [draft] = (tmp_path / "drafts").glob("*.json")
    draft.unlink()
    draft.mkdir()  # a folder where the draft file was
    done = run_cli("--home", str(tmp_path), "list")
    assert done.returncode == 2
    [line] = done.stdout.splitlines()
    assert line.split("\t")[3] == "【损坏】" and len(line.split("\t")) == 5, "one line, five columns"
    assert "已损坏" in done.stderr and "其余草稿不受影响" not in done.stderr, "there is no other draft"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_disk_is_said_in_chinese() -> None:
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "assistant", "fill", "dept-overall", "--answers", str(EXAMPLE)],
                              cwd=ROOT, env=env, stdout=full, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", timeout=120)  # fmt: skip
    assert done.returncode == 2 and "磁盘空间不足" in done.stderr and "Traceback" not in done.stderr
