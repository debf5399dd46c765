"""The report's paragraphs are tidied once per text (compose.py keeps what tidy_punctuation
gave): a report composed with what is kept is the one composed afresh, over many edits."""

from __future__ import annotations

import random

import pytest

from assistant import compose as compose_module
from assistant.compose import compose
from assistant.models import ReportKind
from assistant.pipeline import evaluate

# what people type around Chinese text: ASCII punctuation, brackets, doubled marks, a 文号
PIECES = ["，", ",", ".", ";", ":", "?", "!", "。。", "，。", "(说明)", "（附）", " ", "95%", "30", "青财绩[2026]3号",
          "资金", "项目", "完成", "\n"]  # fmt: skip


def _edited(raw: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The answers with a few text answers changed as a user might (what no longer parses is
    asked again: its report then has a placeholder, composed like any other)."""
    answers = dict(raw)
    texts = [k for k, v in answers.items() if isinstance(v, str) and len(v) > 4]
    for qid in rng.sample(texts, k=min(3, len(texts))):
        text = answers[qid]
        cut = rng.randrange(len(text) + 1)
        answers[qid] = text[:cut] + "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4))) + text[cut:]
    return answers


def test_a_report_composed_with_the_tidied_texts_kept_is_the_fresh_one(
    kind: ReportKind, example_raw: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(16)
    answers = dict(example_raw)
    for _ in range(25):
        answers = _edited(answers, rng)
        ev = evaluate(kind, answers)
        kept = compose(ev, seed=3)
        with monkeypatch.context() as m:
            m.setattr(compose_module, "_TIDIED", {})  # nothing kept: every text tidied again
            fresh = compose(ev, seed=3)
        assert kept.model_dump() == fresh.model_dump()


def test_paragraphs_composed_before_are_not_tidied_again(
    kind: ReportKind, example_raw: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = compose_module.tidy_punctuation

    def counted(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(compose_module, "tidy_punctuation", counted)
    monkeypatch.setattr(compose_module, "_TIDIED", {})
    ev = evaluate(kind, example_raw)
    first = compose(ev)
    tidied = len(calls)
    assert tidied > 50  # (the example's report: its paragraphs, headings, title, unit and date)
    answers = dict(example_raw, unit_name=example_raw["unit_name"] + "工会")
    second = compose(evaluate(kind, answers))
    again = calls[tidied:]
    assert 0 < len(again) < tidied / 4, "only the texts that changed with the unit's name"
    assert second.unit != first.unit


def test_what_is_kept_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compose_module, "_TIDIED", {})
    monkeypatch.setattr(compose_module, "_TIDIED_MAX", 10)
    for i in range(35):
        assert compose_module._tidy(f"第{i}段,说明.") == f"第{i}段，说明。"
    assert len(compose_module._TIDIED) <= 10
