"""Scores and findings: the indicator table, the total and grade, the consistency warnings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable

from assistant.checks import scorecard_complete
from assistant.formatting import pct, plain_number, score_style
from assistant.models import Scorecard
from assistant.pipeline import Evaluation
from assistant.tui.widgets.keybar import KeyBar
from assistant.tui.widgets.prose import Prose
from assistant.tui.widgets.titlebar import TitleBar


class ScorecardScreen(Screen[None]):
    BINDINGS = [Binding("escape,f3", "app.pop_screen", "返回")]

    def __init__(self, evaluation: Evaluation) -> None:
        super().__init__()
        self.evaluation = evaluation

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="scorecard"):
            yield Prose(self._summary(), id="score-summary")
            yield DataTable(id="score-table", cursor_type="row", zebra_stripes=True)
            yield Prose(self._findings(), id="findings")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "评分与检查"
        table = self.query_one(DataTable)
        card = self.evaluation.scorecard
        if card is None or not (card.indicators or card.items):
            table.display = False
            return
        if card.indicators:
            # five narrow columns and the name: fits 80 columns (二级 is in the report's table)
            table.add_columns("类别", "指标", "目标", "实际", "分值", "得分")
            scored = score_style(card)  # the report's one precision: 3.50 beside 5.52, as the tables write it
            for s in card.indicators:
                i = s.indicator
                table.add_row(*_cells(i.level1.removesuffix("指标"), i.level3, i.target_text, i.actual_text,
                                      plain_number(i.points), scored(s.score)))  # fmt: skip
        else:
            table.add_columns("考核项目", "类别", "分值", "自评得分")
            for item in card.items:
                score = item.get("score")
                table.add_row(*_cells(str(item.get("name", "")), "附加分" if item.get("bonus") else "考核分",
                                      plain_number(item["points"]),
                                      score_style(card)(score) if score is not None else "—"))  # fmt: skip

    def _summary(self) -> str:
        card = self.evaluation.scorecard
        if card is None and self.evaluation.kind.scoring.mode == "none":
            return "这类报告不计算得分；下面是一致性检查的结果。"
        if card is None or not scorecard_complete(self.evaluation.kind, card):
            return "绩效指标或预算数据还没有填完，暂不能计算总分和等级；下面是目前的检查结果。"
        lines = [_total_line(card)]
        if card.execution_rate is not None:
            lines.append(f"预算执行率：{pct(card.execution_rate)}，得分 {score_style(card)(card.execution_score or 0)}"
                         f" / {plain_number(card.execution_points)}")  # fmt: skip
        missing = [q.label for q in self.evaluation.unanswered_required()]
        if missing:
            lines.append(f"尚有{len(missing)}个必答问题未回答，得分可能不完整。")
        return "\n".join(lines)

    def _findings(self) -> str:
        findings = self.evaluation.findings
        if not findings:
            return "一致性检查：未发现问题。"
        return "一致性检查：\n" + "\n".join(f.labelled for f in findings)


def _total_line(card: Scorecard) -> str:
    """The total out of the points actually given, and the grade or why there is none; for
    assessment items (no grades), the self-assessed total as standard plus bonus points."""
    if card.items:
        return _items_line(card)
    grade = f"评价等级：{card.grade}" if card.graded else card.grade_note
    return f"总分：{score_style(card)(card.total)} / {plain_number(card.max_total)}　　{grade}"


def _items_line(card: Scorecard) -> str:
    n, s = plain_number, score_style(card)
    if not card.bonus_points:
        return f"自评得分{s(card.total)}分（满分{n(card.standard_points)}分）"
    return (f"自评得分{s(card.total)}分（考核标准分{s(card.standard_score)}分，满分{n(card.standard_points)}分；"
            f"附加分{s(card.bonus_score)}分，满分{n(card.bonus_points)}分）")  # fmt: skip


def _cells(*values: str) -> list[Text]:
    """A DataTable reads a str cell as markup: what the user typed ([注] …) is shown as typed."""
    return [Text(v) for v in values]
