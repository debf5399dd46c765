"""Pydantic models shared by every room: report kinds, drafts, scores, findings, the Report tree.

The Report tree knows nothing of Word or of the terminal: compose builds it, export reads it.
"""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel as _PydanticBase
from pydantic import ConfigDict, Field, PrivateAttr, field_validator, model_validator


class BaseModel(_PydanticBase):
    # validators are built on first use, not at import: the TUI draws before it validates anything
    model_config = ConfigDict(defer_build=True)


# ---------------------------------------------------------------------------
# Report kinds (loaded from prompts/<kind>.yaml)
# ---------------------------------------------------------------------------

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

# The names of question types, figure operations and check types are plain strings here: each
# vocabulary is declared once, as a registry beside the functions that implement it
# (answers.PARSERS, figures.OPERATIONS, checks.CHECKS), and the loader (kinds.py) checks a
# script's names against them. models.py imports none of those modules: they import it.


class Column(BaseModel):
    """One column of a `records` question."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    label: str
    type: str = "text"  # a question type a cell may have (answers.CELL_TYPES)
    unit: str = ""
    required: bool = True
    choices: list[str] = []  # of a `choice` column: the names a row may have (一般公共预算 …)

    @model_validator(mode="after")
    def _consistent(self) -> "Column":
        if self.type == "choice" and len(self.choices) < 2:
            raise ValueError(f"选择列 {self.id}（choice）至少要有两个选项 choices")
        return self


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    section: str
    text: str
    help: str
    example: str
    type: str  # answers.PARSERS
    label: str = ""  # short name used in messages and placeholders; defaults to the text
    unit: str = ""
    required: bool = True
    min: Decimal | None = None
    max: Decimal | None = None
    min_why: str = ""  # why an answer may not be below min (a 0 that would divide a figure): said with the refusal
    max_length: int = 2000
    choices: list[str] = []
    list_of: Literal["sentences", "names"] = "sentences"  # names (内设机构 …) split at 、，too
    columns: list[Column] = []
    when: str | None = None  # a condition on earlier answers, e.g. "has_procurement"
    default: str | None = None  # may refer to earlier answers: "{{ a.unit_name }}"
    # a macro of the kind's sentences.j2 that drafts the answer from the whole evaluation (scores,
    # figures): 存在的问题 from the points lost. Offered in the input like a default, to confirm or edit.
    draft: str | None = Field(default=None, pattern=ID_PATTERN)
    # said once when the answer is 无/暂无, which is then accepted if given again (存在的问题)
    confirm_none: str = ""
    carry_over: bool = False  # a new draft made from last year's keeps this answer (职能 …)
    last_year_of: str | None = None  # this question takes last year's answer to that one

    @model_validator(mode="after")
    def _consistent(self) -> "Question":
        if not self.label:
            self.label = self.text.rstrip("？?。").strip()
        if self.type == "choice" and len(self.choices) < 2:
            raise ValueError("选择题（choice）至少要有两个选项 choices")
        if self.type == "records" and not self.columns:
            raise ValueError("表格题（records）必须声明列 columns")
        if self.type == "money" and not self.unit:
            self.unit = "万元"
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min 大于 max")
        return self


class Section(BaseModel):
    """A part of the interview and of the report outline."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    title: str
    intro: str = ""


class Figure(BaseModel):
    """A derived figure computed from answers (see figures.py for the operations)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    label: str
    op: str  # figures.OPERATIONS
    args: list[str] = Field(min_length=1)
    # an arg that is a records answer stands for one cell of it: the `column` of the row whose
    # first column is `row` (第二季度's 累计执行数); no such row, no figure
    row: str | None = None
    column: str | None = None

    @model_validator(mode="after")
    def _cell(self) -> "Figure":
        if bool(self.row) != bool(self.column):
            raise ValueError("row（表格题的行）和 column（表格题的列）应同时写明")
        return self


class CheckSpec(BaseModel):
    """A consistency check declared by a kind (see checks.py)."""

    model_config = ConfigDict(extra="forbid")

    type: str  # checks.CHECKS
    args: list[str] = []
    threshold: Decimal | None = None
    # `sum` over a records answer: the total of this column over the rows named (first column)
    column: str | None = None
    rows: list[str] = []

    @model_validator(mode="after")
    def _rows(self) -> "CheckSpec":
        if bool(self.column) != bool(self.rows):
            raise ValueError("column（表格题的列）和 rows（计入的行）应同时写明")
        return self


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid")

    execution: Decimal = Field(default=Decimal(10), ge=0, le=100)
    # the points of each 一级指标; empty: the indicators share the rest with no weight per group
    groups: dict[str, Decimal] = Field(
        default_factory=lambda: {
            "产出指标": Decimal(50),
            "效益指标": Decimal(30),
            "满意度指标": Decimal(10),
        }
    )

    @model_validator(mode="after")
    def _hundred(self) -> "Weights":
        if self.groups and self.execution + sum(self.groups.values()) != 100:
            total = self.execution + sum(self.groups.values())
            raise ValueError(f"预算执行分值与各一级指标分值合计{total}分，应为100分")
        return self


class Deduction(BaseModel):
    """A province's rule for an indicator of the common framework (财预〔2013〕53号, rules.md §2):
    short of its target, so many points off per percentage point (在职人员控制率: 0.1 per point over
    ≤100%), instead of the general formulas. It applies to the rows whose 三级指标 names it."""

    model_config = ConfigDict(extra="forbid")

    indicator: str  # as the framework names it: 在职人员控制率, “三公经费”变动率
    per_point: Decimal = Field(gt=0)


class ScoringVariant(BaseModel):
    """A province's form of the 自评表 (rules.md §1, §7 *varies*): its weights and its columns."""

    model_config = ConfigDict(extra="forbid")

    label: str  # the option of the kind's `variant` question that selects it, word for word
    weights: Weights = Weights()
    # extended: the indicator part adds 指标性质 (≥ ≤ = 定性) and 度量单位 (as Sichuan's form)
    columns: Literal["standard", "extended"] = "standard"
    deductions: list[Deduction] | None = None  # None: the kind's


class FundSource(BaseModel):
    """A row of the funds table below 年度资金总额 (其中：当年财政拨款 …): question ids."""

    model_config = ConfigDict(extra="forbid")

    label: str
    initial: str | None = None
    budget: str | None = None
    spent: str | None = None


class FundGroup(BaseModel):
    """Rows of the 年度预算 part under one heading (按收入性质分: 一般公共预算 …)."""

    model_config = ConfigDict(extra="forbid")

    label: str
    rows: list[str] = Field(min_length=1)  # the rows' names, as the records answer writes them


class FundDetail(BaseModel):
    """年度预算 rows from a `records` answer: its first column, `key`, names the row, its columns
    `initial`, `budget` and `spent` hold 年初预算数, 全年预算数 and 全年执行数. Every row of
    every group is in the table; a row the answer leaves out is 0 (the unit has no such money)."""

    model_config = ConfigDict(extra="forbid")

    question: str
    key: str = "name"
    groups: list[FundGroup] = Field(min_length=1)


class SelfEvalSpec(BaseModel):
    """Question ids for the parts of the 自评表 that are not scores: its header and 年度总体目标
    (the project's `self_eval` and the department's `dept_self_eval` attachments)."""

    model_config = ConfigDict(extra="forbid")

    year: str | None = None  # 评价年度
    project: str | None = None  # 项目名称
    unit: str | None = None  # 部门（单位）名称
    department: str | None = None  # 主管部门
    implementer: str | None = None  # 实施单位
    date: str | None = None  # 填报日期
    expected: str | None = None  # 年度总体目标：预期目标
    actual: str | None = None  # 年度总体目标：实际完成情况


class ScoringSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["indicators", "items", "none"] = "indicators"
    weights: Weights = Weights()
    initial: str | None = None  # question id of 年初预算数
    budget: str | None = None  # question id of 全年预算数
    spent: str | None = None  # question id of 全年执行数
    sources: list[FundSource] = []
    indicators: str | None = None  # question id of the indicator table
    items: str | None = None  # question id of the assessment items (target-management kind)
    # question id of the assessor's scheme (考核细则: 考核项目 | 考核内容 | 评分标准), joined to the
    # items by name
    criteria: str | None = None
    # the title of the attached itemised table (附件1); evidence named the same is that table
    items_title: str = "考核项目自评得分表"
    # that table's words for the points column and the two groups of items
    items_points: str = "标准分"
    items_standard: str = "考核标准分项目"
    items_bonus: str = "附加分项目"
    reverse_formula: Literal["deduct", "ratio"] = "deduct"
    over_achievement_flag: Decimal = Decimal("1.2")
    over_achievement_reason: Decimal = Decimal("1.3")
    grade_labels: list[str] = ["优", "良", "中", "差"]
    check_group_weights: bool = True
    self_eval: SelfEvalSpec | None = None  # the self-evaluation table (自评表)
    detail: FundDetail | None = None  # 年度预算 by source and by kind of spending
    # the provinces' forms a unit may choose from, by the answer to the `variant` question (a
    # choice whose options are the variants' labels); without them, `weights` and the standard
    # columns. Unanswered, the first variant holds.
    variants: list[ScoringVariant] = []
    variant: str | None = None
    # rules for the framework's figures as indicators (在职人员控制率 …), a variant may have its own
    deductions: list[Deduction] = []

    @model_validator(mode="after")
    def _variants(self) -> "ScoringSpec":
        labels = [v.label for v in self.variants]
        if len(set(labels)) != len(labels):
            raise ValueError("variants 的 label 不能重复")
        if bool(self.variants) != bool(self.variant):
            raise ValueError("variants（可选的自评表格式）和 variant（选择格式的问题）应同时写明")
        if self.variants and "weights" in self.model_fields_set:
            raise ValueError("写了 variants 时，分值写在各 variant 的 weights 中，不再写 weights")
        return self

    def chosen(self, values: Mapping[str, Any]) -> ScoringVariant:
        """The variant the answers choose (the first when unanswered), or the kind's weights."""
        if not self.variants:
            return ScoringVariant(label="", weights=self.weights)
        answer = values.get(self.variant) if self.variant else None
        return next((v for v in self.variants if v.label == answer), self.variants[0])

    def deductions_for(self, values: Mapping[str, Any]) -> list[Deduction]:
        """The deduction rules that hold for these answers: the chosen variant's, or the kind's."""
        own = self.chosen(values).deductions
        return self.deductions if own is None else own


class ReportKind(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    description: str
    version: int
    order: int = 100  # place in lists (the most common kind first)
    sections: list[Section]
    questions: list[Question]
    figures: list[Figure] = []
    checks: list[CheckSpec] = []
    scoring: ScoringSpec = ScoringSpec()
    # Not from the script: the kind carries its phrase templates. The loader (kinds.py) sets the
    # folder (None: templates/<id>) and the Jinja environment it checked them with, which compose
    # renders with (made by compose for a kind built otherwise): no registry beside the kind.
    _templates: Path | None = PrivateAttr(default=None)
    _environment: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _scoring_questions(self) -> "ReportKind":
        """The questions the scoring's variants and 年度预算 rows, and the checks over a records
        column, rely on have the type and the options they need."""
        by_id = {q.id: q for q in self.questions}
        s = self.scoring
        if s.variant:
            q = by_id.get(s.variant)
            labels = [v.label for v in s.variants]
            if q is None or q.type != "choice" or q.choices != labels:
                raise ValueError(f"评分设置 variant 应是一个选择题（choice），选项依次为：{'；'.join(labels)}")
        if s.detail:
            rows = [r for g in s.detail.groups for r in g.rows]
            records_column(by_id, s.detail.question, s.detail.key, rows, "评分设置 detail")
            if by_id[s.detail.question].columns[0].id != s.detail.key:
                raise ValueError(f"评分设置 detail：表格题 {s.detail.question} 的第一列应是 key（{s.detail.key}）")
            records_column(by_id, s.detail.question, "initial", rows, "评分设置 detail")
            records_column(by_id, s.detail.question, "budget", rows, "评分设置 detail")
            records_column(by_id, s.detail.question, "spent", rows, "评分设置 detail")
        for f in self.figures:
            if f.column:
                tables = [a for a in f.args if by_id.get(a) is not None and by_id[a].type == "records"]
                if not tables:
                    raise ValueError(f"派生数字 {f.id} 写了 row 和 column，但没有引用表格题（records）")
                for arg in tables:
                    records_column(by_id, arg, f.column, [f.row or ""], f"派生数字 {f.id}")
        for c in self.checks:
            if c.column:
                for arg in c.args:
                    if by_id.get(arg) is not None and by_id[arg].type == "records":
                        records_column(by_id, arg, c.column, c.rows, f"检查 {c.type}")
        return self

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def section(self, sid: str) -> Section:
        for s in self.sections:
            if s.id == sid:
                return s
        raise KeyError(sid)


def records_column(by_id: dict[str, Question], qid: str, column: str, rows: list[str], where: str) -> None:
    """Raises ValueError unless `qid` is a table question with `column` and first-column options `rows`."""
    q = by_id.get(qid)
    if q is None or q.type != "records":
        raise ValueError(f"{where} 引用的问题“{qid}”应是表格题（records）")
    if column not in {c.id for c in q.columns}:
        raise ValueError(f"{where}：表格题 {qid} 没有列“{column}”")
    first = q.columns[0]  # the column naming a row
    unknown = [r for r in rows if first.type == "choice" and r not in first.choices]
    if unknown:
        raise ValueError(f"{where}：表格题 {qid} 的第一列“{first.label}”没有选项“{'、'.join(unknown)}”")


# ---------------------------------------------------------------------------
# Drafts (persisted by store/)
# ---------------------------------------------------------------------------


class HistoryEntry(BaseModel):
    question_id: str
    at: datetime
    old: Any = None  # None when the question had no answer before
    new: Any = None  # None when the answer was cleared


class Draft(BaseModel):
    """A user's report in progress. Answers hold the text as the user typed it (cleaned),
    keyed by question id; values are parsed again whenever needed, so nothing is lost in
    conversion and a changed question script can re-check every answer."""

    id: str
    kind_id: str
    title: str
    unit: str = ""
    year: int | None = None
    script_version: int = 0
    created_at: datetime
    updated_at: datetime
    answers: dict[str, Any] = {}
    set_aside: dict[str, Any] = {}  # answers that no longer fit the current script
    previous: dict[str, Any] = {}  # last year's answers, for growth figures (上年 values)
    # answers read from last year's report and not confirmed yet (question id → a note for the
    # user, or ""): asked again, showing what was read, until the user confirms or changes them
    imported: dict[str, str] = {}
    history: list[HistoryEntry] = []
    seed: int = 0  # chooses phrasings deterministically per draft


class DraftSummary(BaseModel):
    id: str
    kind_id: str
    title: str
    unit: str = ""
    year: int | None = None
    progress: int = 0  # percent of the applicable questions answered or skipped
    updated_at: datetime
    damaged: str | None = None  # a message when the draft file cannot be read
    deleted_at: datetime | None = None  # when it went to the trash (only in `trash()`)


# ---------------------------------------------------------------------------
# Scores and findings
# ---------------------------------------------------------------------------

Direction = Literal["≥", "≤", "=", "定性"]


class Indicator(BaseModel):
    level1: str
    level2: str
    level3: str
    direction: Direction
    target: Decimal | None = None  # None for qualitative indicators
    target_text: str  # as written in the table, e.g. "≥90%"
    actual: Decimal | None = None
    actual_text: str
    unit: str = ""
    points: Decimal
    band: Literal["达成", "部分达成", "未达成"] | None = None  # qualitative only
    claimed: Decimal | None = None  # a self-assessed score for qualitative indicators
    reason: str = ""  # 偏差原因分析及改进措施


class ScoredIndicator(BaseModel):
    indicator: Indicator
    score: Decimal  # rounded to 2 decimals
    raw: Decimal  # unrounded
    full: bool
    ratio: Decimal | None = None  # actual ÷ target, for quantitative indicators


class FundsRow(BaseModel):
    label: str
    group: str = ""  # the heading the row stands under (按收入性质分), for rows of a FundDetail
    initial: Decimal | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None


class Scorecard(BaseModel):
    execution_points: Decimal
    execution_rate: Decimal | None = None  # percent, 2 decimals
    execution_score: Decimal | None = None
    execution_raw: Decimal | None = None
    funds: list[FundsRow] = []
    indicators: list[ScoredIndicator] = []
    # assessment items (target-mgmt, comprehensive): one dict per item, the row's columns and
    # bonus, growth, content, criteria, lost (standard points not earned), evidence_docs and
    # evidence_numbers (the 附件 numbers of its evidence)
    items: list[dict[str, Any]] = []
    evidence: list[str] = []  # the items' evidence documents, each once, in the order of the items
    total: Decimal  # sum of the rounded scores, so that the table adds up
    total_raw: Decimal  # the grade is taken from this one
    max_total: Decimal  # the sum of the points given (预算执行率 and each indicator), not the kind's weights
    group_points: dict[str, Decimal] | None = None  # the chosen weights of each 一级指标 ({}: none)
    grade: str  # the grade, or "" when none is given
    grade_note: str = ""  # then why, e.g. 分值合计95分，不是100分，暂不评定等级 (said where the grade would be)
    # target-management kind: the total is standard points plus bonus points, each out of its own
    standard_points: Decimal = Decimal(0)
    standard_score: Decimal = Decimal(0)
    bonus_points: Decimal = Decimal(0)
    bonus_score: Decimal = Decimal(0)

    @property
    def graded(self) -> bool:
        return bool(self.grade)

    @property
    def whole_scores(self) -> bool:
        """Whether every score of the report is a whole number (then none is written with decimals)."""
        scores = [self.execution_score, self.total, *(si.score for si in self.indicators),
                  *(i.get("score") for i in self.items), *(i.get("lost") for i in self.items)]  # fmt: skip
        return all(s == s.to_integral_value() for s in scores if isinstance(s, Decimal))


Level = Literal["error", "warning", "hint"]
LEVEL_WORDS: dict[str, str] = {"error": "错误", "warning": "提醒", "hint": "提示"}


class Finding(BaseModel):
    level: Level
    code: str
    message: str
    question_ids: list[str] = []

    @property
    def labelled(self) -> str:
        """The message as the chat, the scorecard and the CLI show it: 【错误】…"""
        return f"【{LEVEL_WORDS[self.level]}】{self.message}"


# ---------------------------------------------------------------------------
# The Report document tree
# ---------------------------------------------------------------------------


class Heading(BaseModel):
    type: Literal["heading"] = "heading"
    level: int = Field(ge=1, le=4)  # 1 一、  2 （一）  3 1.  4 （1）
    number: str  # "一、", "（一）", "1.", "（1）"
    text: str


class Paragraph(BaseModel):
    type: Literal["paragraph"] = "paragraph"
    text: str
    indent: bool = True  # first-line indent of two characters
    align: Literal["left", "center", "right", "justify"] = "justify"


class Cell(BaseModel):
    text: str = ""
    colspan: int = Field(default=1, ge=1)
    rowspan: int = Field(default=1, ge=1)
    align: Literal["left", "center", "right"] = "center"
    bold: bool = False


class Table(BaseModel):
    """Rows hold Cells HTML-style: a position covered by a span from above or the left is
    left out of its row."""

    type: Literal["table"] = "table"
    name: str  # "indicators", "funds", "items" …
    caption: str = ""
    header_rows: int = Field(default=1, ge=0)  # rows repeated at the top of each page
    columns: int
    rows: list[list[Cell]]
    # drawn as the rest of the table before it (same columns): one form in two tables, so that
    # the second part's column headings (header_rows) repeat on each page, as a form's first rows
    # (its particulars) cannot
    continues: bool = False

    @field_validator("rows")
    @classmethod
    def _not_empty(cls, rows: list[list[Cell]]) -> list[list[Cell]]:
        if not rows:
            raise ValueError("表格不能为空")
        return rows

    def grid(self) -> list[list[Cell | None]]:
        """The rows laid out on a full grid: each Cell at its top-left position, None where a
        span covers the position."""
        grid: list[list[Cell | None]] = []
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            line: list[Cell | None] = []
            c = 0
            for cell in row:
                while (r, c) in covered:
                    line.append(None)
                    c += 1
                line.append(cell)
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if dr or dc:
                            covered.add((r + dr, c + dc))
                line.extend([None] * (cell.colspan - 1))
                c += cell.colspan
            while c < self.columns and (r, c) in covered:
                line.append(None)
                c += 1
            grid.append(line)
        return grid


Block = Annotated[Heading | Paragraph | Table, Field(discriminator="type")]


def joined_tables(blocks: list[Heading | Paragraph | Table]) -> list[Heading | Paragraph | Table]:
    """The blocks with each table that `continues` the one before it made one with it, for the
    views that draw a form as one table (Markdown, text, the preview)."""
    out: list[Heading | Paragraph | Table] = []
    for block in blocks:
        last = out[-1] if out else None
        if isinstance(block, Table) and block.continues and isinstance(last, Table) and last.columns == block.columns:
            out[-1] = last.model_copy(update={"rows": last.rows + block.rows})
        else:
            out.append(block)
    return out


class Attachment(BaseModel):
    """An attachment (附件) of the report: named in the 附件说明 below the body and, when it has
    blocks (the 自评表), laid out on pages of its own after the 落款; one without blocks is only
    named (the user attaches it separately)."""

    name: str  # as the 附件说明 lists it and the attachment's title reads
    blocks: list[Block] = []
    number: int | None = None  # set by the Report: None when it is the only one

    @property
    def label(self) -> str:
        """附件1, 附件2 …; a lone attachment is 附件 (GB/T 9704 numbers only several)."""
        return f"附件{self.number or ''}"


def number_attachments(attachments: list[Attachment]) -> None:
    """Number the attachments in their order: 1, 2 …, or none when there is only one."""
    several = len(attachments) > 1
    for n, attachment in enumerate(attachments, 1):
        attachment.number = n if several else None


class Report(BaseModel):
    title: str
    blocks: list[Block]
    unit: str = ""  # the signing unit, at the end
    date: str = ""  # 成文日期 in Arabic numerals: 2026年11月23日
    attachments: list[Attachment] = []  # a name alone is taken as an attachment without blocks

    @field_validator("attachments", mode="before")
    @classmethod
    def _names(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"name": a} if isinstance(a, str) else a for a in value]
        return value

    @model_validator(mode="after")
    def _numbered(self) -> "Report":
        number_attachments(self.attachments)
        return self

    @property
    def attachment_names(self) -> list[str]:
        return [a.name for a in self.attachments]
