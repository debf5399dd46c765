"""A new draft for the next year from last year's report (`report-assistant new KIND --from F`,
and the TUI's new-draft dialog with a path): read, carried over, each answer marked imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.errors import UserError
from assistant.models import ReportKind
from assistant.review.document import ReadError, read_document
from assistant.review.last_year import LastYear, read_last_year


@dataclass
class Seeded:
    draft_id: str
    kind: ReportKind
    last_year: LastYear
    year: int
    unit: str
    other_kind: str  # the title of another kind the report seems to be, or ""
    imported: list[str]  # the draft's answers taken from the report, by question id (上年总收入 …)


def read_for(kind: ReportKind, path: str | Path) -> tuple[LastYear, str]:
    """Last year's answers of `kind` from the report at `path`, and the title of another kind when
    the report's own title names one (a project report given for a department-wide draft)."""
    from assistant.kinds import available_kinds

    document = read_document(path)
    if document.empty:
        raise ReadError(f"{path} 中没有文字，无法从中读取上年的内容。")
    read = read_last_year(document, kind)
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        "\n".join(r) for t in document.tables for r in t.rows
    )
    # a report names its kind (部门整体支出绩效自评, 项目支出绩效自评表 …): the kind it names most
    named = {k.title: text.count(k.title.removesuffix("报告")) for k in available_kinds()[0]}
    other = max(named, key=lambda t: named[t])
    return read, other if named[other] and not named[kind.title] else ""


def new_from_report(store: object, kind_id: str, path: str | Path, *, year: int | None = None,
                    title: str | None = None) -> Seeded:  # fmt: skip
    """Make the draft (through workspace.new_draft, the one way) for the year after the report's,
    or `year`. Raises a UserError when the report cannot be read or names no year."""
    from assistant.kinds import load_kind
    from assistant.workspace import new_draft

    kind = load_kind(kind_id)
    read, other = read_for(kind, path)
    if year is None:
        if read.year is None:
            raise UserError(
                f"无法从 {path} 中读出报告的年度，请指定新草稿的年度（命令行加 --year，例如 --year 2026）。"
            )
        year = read.year + 1
    from assistant.answers import read_year

    year = read_year(str(year))  # the one check of a year (not one not yet begun …): an AnswerError says why
    unit = read.answers.get("unit_name", "")
    name = title or f"{unit}{year}年度{kind.title}"
    draft_id = new_draft(store, kind.id, name, unit=unit, year=year, last_year=read)  # type: ignore[arg-type]
    imported = [q.id for q in kind.questions if q.id in store.load(draft_id).imported]  # type: ignore[attr-defined]
    return Seeded(draft_id, kind, read, year, unit, other, imported)
