"""One thing the check found: where it is, what the report says, what it should say."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from assistant.review.document import Para

PREVIEW = 14  # characters of a paragraph that name it


@dataclass(frozen=True)
class Slip:
    code: str  # share, growth, rate, score, total, grade, sum, twice, precision, blank, measure, layout
    where: str
    says: str
    should: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def line(self) -> str:
        return f"{self.where}：写的是“{self.says}”，应为“{self.should}”。"


def para_where(index: int, para: Para) -> str:
    """第12段“2025年度我会总收入228.63万…”: the paragraph by its number and first words."""
    text = " ".join(para.text.split())
    head = text[:PREVIEW] + ("…" if len(text) > PREVIEW else "")
    return f"第{index}段“{head}”"


def cell_where(table: int, row: int, column: str, label: str = "") -> str:
    """表2第5行“得分”列（职工维权满意率）."""
    named = f"（{label}）" if label else ""
    return f"表{table}第{row}行“{column}”列{named}"
