"""What the sub-commands do (the parser is in cli.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answer_files import AnswersFile, answers_file, typed_answers
from assistant.compose import compose
from assistant.errors import CommandError, UserError, os_reason
from assistant.export.paths import ExportError, safe_output_path
from assistant.export.text import table_to_text
from assistant.export.writer import write_report
from assistant.kinds import load_kind
from assistant.models import Finding, Report, ReportKind, Scorecard
from assistant.pipeline import Evaluation, evaluate
from assistant.tables import BUILDERS
from assistant.textclean import clean_title
from assistant.wording import pending
from assistant.workspace import import_draft, new_draft, open_store, seed_for

if TYPE_CHECKING:
    from store import DraftStore


def fill(args: argparse.Namespace) -> int:
    kind = load_kind(args.kind)
    try:
        raw, ev, report = compose_answers(
            kind, answers_file(Path(args.answers)), str(args.answers), table=Path(args.table) if args.table else None
        )
    except UnusableAnswers as err:
        print(err.message, file=sys.stderr)
        return 2
    if args.save:  # a data folder that cannot be used is said before anything is written
        store = open_store(args.home)
        store.check_writable()
    if args.out:
        _write(report, args.out, force=args.force)
    print_summary(ev)
    if args.save:
        draft_id = save_draft(store, raw, ev, report, title=args.title)
        print(f"已保存为草稿：{draft_id}")
    return 0


class UnusableAnswers(UserError):
    """An answers file with answers that cannot be used: a line for each, under a heading."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"答案文件 {source} 中有{len(problems)}处无法使用的答案：\n" + "\n".join(problems))
        self.problems = problems


KIND_KEY = "kind"  # an answers file may name its kind (batch needs it; fill checks it)


def named_kind(data: Mapping[str, Any]) -> str | None:
    """The kind an answers file names on a `kind:` line (no kind asks a question of that id)."""
    value = data.get(KIND_KEY)
    return None if value is None else str(value).strip()


def without_kind(data: Mapping[str, Any]) -> Mapping[str, Any]:
    if KIND_KEY not in data:
        return data
    lines = getattr(data, "lines", {})
    return AnswersFile({k: v for k, v in data.items() if k != KIND_KEY}, lines)


def compose_answers(
    kind: ReportKind,
    data: Mapping[str, Any],
    source: str,
    *,
    table: Path | None = None,
    say: Callable[[str], object] = print,
) -> tuple[
    dict[str, str], Evaluation, Report
]:  # fmt: skip
    """An answers file's report, the one way (fill and batch): its answers as typed, their
    evaluation and the composed report, or UnusableAnswers naming every answer that cannot be
    used. A `kind:` line naming another kind than the one asked for is one of them. `table`: a
    workbook or CSV file whose indicator table (and funds rows) fill what the answers do not give;
    what was taken from it is told through `say`."""
    named = named_kind(data)
    raw, problems = typed_answers(kind, without_kind(data))
    if table is not None:
        _take_table(kind, raw, table, say)
    if named is not None and named != kind.id:
        problems.insert(0, f"  {KIND_KEY}：文件写的报告类型是“{named}”，与要生成的“{kind.id}”不一致")
    ev = evaluate(kind, raw)
    problems += [f"  {qid}（{kind.question(qid).label}）：{msg}" for qid, msg in ev.invalid.items()]
    if problems:
        raise UnusableAnswers(source, problems)
    unit = str(ev.values.get("unit_name", ""))
    return raw, ev, compose(ev, seed=seed_for(kind.id, unit))  # the seed the saved draft gets


def save_draft(store: DraftStore, raw: dict[str, str], ev: Evaluation, report: Report, *, title: str | None) -> str:
    """The draft with all its answers in one write: a kill or a full disk leaves none or all."""
    year = ev.values.get("year")
    unit = str(ev.values.get("unit_name", ""))
    title = clean_title(title or "") or report.title
    return new_draft(store, ev.kind.id, title, unit=unit, year=year if isinstance(year, int) else None,
                     answers=raw, evaluation=ev)  # fmt: skip


def _take_table(kind: ReportKind, raw: dict[str, str], path: Path, say: Callable[[str], object] = print) -> None:
    """The indicator table of a workbook or CSV file as the indicators answer, and the funds rows
    of its sheet as the funds answers, each unless the answers file gives it (it wins); a table
    that cannot be read stops the command (exit 2)."""
    from assistant.importing.funds import funds_answers
    from assistant.importing.sheet import indicators_text
    from assistant.importing.workbook import read_indicator_file

    question = next((q for q in kind.questions if q.type == "indicators"), None)
    if question is None:
        raise CommandError(f"“{kind.title}”按考核项目评分，没有绩效指标表，不能使用 --table。")
    table = read_indicator_file(path.expanduser())  # read in any case: a wrong path or file is said

    def given(qid: str) -> bool:  # a blank line of a template (indicators:) gives nothing
        return bool(str(raw.get(qid, "")).strip())

    if given(question.id):
        say(f"答案文件中已有“{question.label}”，以答案文件为准，没有使用 {path.name} 中的指标。")
    else:
        raw[question.id] = indicators_text(table.rows)
        say(f"已从{table.where}读入{len(table.rows)}个指标。")
    funds = funds_answers(kind, table.unit, table.funds)
    taken = {qid: text for qid, text in funds.items() if not given(qid)}
    raw.update(taken)
    if taken:
        kept = f"（另有{len(funds) - len(taken)}项以答案文件为准）" if len(taken) < len(funds) else ""
        say(f"并读入资金数据{len(taken)}项{kept}。")


def _write(report: Report, out: str, *, force: bool) -> None:
    try:
        if not force and Path(out).expanduser().is_file():  # is_file itself fails on a name too long
            raise CommandError(f"文件 {out} 已存在，没有覆盖。如要替换它，请加上 --force。")
        path = write_report(report, out, force=force)
    except ExportError as err:
        raise CommandError(str(err)) from None
    except OSError as err:
        raise CommandError(f"无法写入 {out}：{os_reason(err)}。") from None
    print(f"报告已写入：{path}")


def print_summary(ev: Evaluation) -> None:
    if ev.scorecard is not None:
        print_scorecard(ev.scorecard, ev.kind.scoring.mode)
    print_missing(ev)
    print_findings(ev.findings)


def print_missing(ev: Evaluation) -> None:
    missing = ev.unanswered_required()
    if missing:
        print(f"\n尚未回答的必答问题（报告中显示为{pending()}）：{len(missing)}个")
        for q in missing:
            print(f"  {q.id}（{q.label}）")


def print_scorecard(card: Scorecard, mode: str) -> None:
    print("\n评分表")
    names = ("funds", "indicators") if mode == "indicators" else ("items",)
    for name in names:
        table = BUILDERS[name](card)
        print(table.caption)
        print("\n".join(table_to_text(table)))
        print()


def print_findings(findings: list[Finding]) -> None:
    if not findings:
        print("一致性检查：未发现问题。")
        return
    print(f"一致性检查：{len(findings)}条")
    for f in findings:
        print(f"  {f.labelled}")


def list_drafts(home: str | None) -> int:
    """Every draft that can be read; a damaged one marked and named, with what to do on stderr,
    as is anything wrong with the data folder (status 2 then: something needs the user)."""
    store = open_store(home)
    drafts = store.list()
    problems = store.problems()
    if not drafts and not problems:
        print("还没有草稿。运行 report-assistant 开始写第一份报告。")
        return 0
    for d in drafts:  # one line a draft, five columns: the damage is told below, not in a column
        state = "【损坏】" if d.damaged else f"{d.progress}%"
        when = d.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{d.id}\t{d.title}\t{d.kind_id}\t{state}\t{when}")
    damaged = [d for d in drafts if d.damaged]
    if damaged:
        rest = "其余草稿不受影响。" if len(damaged) < len(drafts) else ""
        print(f"有{len(damaged)}份草稿的文件已损坏（标为【损坏】），{rest}{RECOVER_HINT}", file=sys.stderr)
        for d in damaged:
            print(f"  {d.id}：{d.damaged}", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 2 if damaged or problems else 0


# the store's message says whether a good copy is there; this says where to go back to it
RECOVER_HINT = (
    "要恢复，请运行 report-assistant，在草稿列表中选中它并按 Enter：有完好的备份时可回到上一次保存的版本，"
    "损坏的文件另存在数据文件夹的 damaged 文件夹中，不会删除。"
)


def export_draft(home: str | None, draft_id: str, out: str, *, force: bool) -> int:
    """Writes the draft's report, then says what is unanswered and what the checks found (as
    fill does): a report with open placeholders or errors is still written, for review, but not
    silently."""
    from store import DraftDamaged

    try:
        draft = open_store(home).load(draft_id)
    except DraftDamaged as err:
        raise CommandError(f"{err}{RECOVER_HINT if err.backup else ''}") from None
    ev = evaluate(load_kind(draft.kind_id), draft.answers)
    _write(compose(ev, seed=draft.seed), out, force=force)
    print_missing(ev)
    print_findings(ev.findings)
    return 0


def export_json(home: str | None, draft_id: str, out: str, *, force: bool) -> int:
    """The draft as the store keeps it (answers, last year's, what was set aside, the history),
    for a backup or another computer; `import-json` reads it back."""
    from store import DraftDamaged

    try:
        if not force and Path(out).expanduser().is_file():
            raise CommandError(f"文件 {out} 已存在，没有覆盖。如要替换它，请加上 --force。")
        target = safe_output_path(out, force=True, suffixes=(".json",))
    except ExportError as err:
        raise CommandError(str(err)) from None
    except OSError as err:  # (is_file on a name too long for the file system)
        raise CommandError(f"无法写入 {out}：{os_reason(err)}。") from None
    try:
        open_store(home).export_json(draft_id, target)
    except DraftDamaged as err:
        raise CommandError(f"{err}{RECOVER_HINT if err.backup else ''}") from None
    print(f"草稿已导出到：{target}")
    return 0


def import_json(home: str | None, file: str) -> int:
    """A draft file written by `export-json`, added as a draft (with its own id, or a new one
    when that is taken here)."""
    store = open_store(home)
    store.check_writable()
    draft_id = import_draft(store, Path(file).expanduser())
    draft = store.load(draft_id)
    print(f"已导入草稿：{draft_id}\t{draft.title}")
    return 0
