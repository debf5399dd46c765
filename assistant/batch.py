"""`report-assistant batch`: the reports of a whole folder of answers files in one process.

Each answers file becomes a report the way `fill` makes one (commands.compose_answers), written
atomically into the output folder under the answers file's name. A journal in the output folder
(STATE_NAME, one JSON line per report written) records the digest of the answers, of the kind's
files and of the program each report was made from, so that a second run skips the units whose
report would come out the same (unless --force) and knows which files in the folder it wrote.
A summary (SUMMARY_NAME, CSV in UTF-8 with a BOM, which Excel opens as UTF-8) lists every unit:
its figures, or why it failed, or that it was skipped. A bad file fails alone; the run goes on.

With --table DIR, a workbook or CSV file in DIR with the answers file's name (青山县水利局.yaml ↔
青山县水利局.xlsx) gives the unit's indicator table and funds rows where its answers do not, as
`fill --table` does; the table's digest is part of what decides that a report is unchanged.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import signal
import sys
import tempfile
import unicodedata
from array import array
from collections.abc import Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TextIO

import orjson

from assistant.errors import CommandError, UserError, os_reason

if TYPE_CHECKING:
    from store import DraftStore

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
FORMATS = ("docx", "md", "txt", "xlsx")  # what `fill` writes (by suffix)
SUMMARY_NAME = "汇总.csv"
STATE_NAME = ".report-assistant-batch.jsonl"
DONE, SKIPPED, FAILED = "已生成", "未变，跳过", "失败"
COLUMNS = ("答案文件", "单位", "报告类型", "总分", "等级", "预算执行率", "错误", "提醒", "提示",
           "未答必答题", "输出文件", "状态", "原因", "指标表")  # fmt: skip
TABLE_SUFFIXES = (".xlsx", ".csv")  # what --table reads (importing/workbook.py)


@dataclass(frozen=True)
class Options:
    folder: Path
    out: Path
    kind: str | None = None
    formats: tuple[str, ...] = ("docx",)
    force: bool = False
    save: bool = False
    home: str | None = None
    jobs: int = 1
    tables: Path | None = None  # --table: the folder of the units' indicator tables


@dataclass(frozen=True)
class Unit:
    """One answers file to make a report of; `name` is the report's file name without suffix."""

    index: int
    source: Path
    name: str
    answers_sha: str  # of the file's bytes when the run looked at it
    table: Path | None = None  # its indicator table (--table), when the folder has one of its name
    table_sha: str | None = None


@dataclass
class Row:
    """A line of the summary; `state` is what the journal keeps for a report written."""

    file: str
    status: str
    unit: str = ""
    kind: str = ""
    total: str = ""
    grade: str = ""
    execution_rate: str = ""
    errors: int | str = ""
    warnings: int | str = ""
    hints: int | str = ""
    unanswered: int | str = ""
    outputs: list[str] = field(default_factory=list)
    reason: str = ""
    table: str = ""
    state: dict[str, Any] | None = None

    def cells(self) -> list[str]:
        return [self.file, self.unit, self.kind, self.total, self.grade, self.execution_rate, str(self.errors),
                str(self.warnings), str(self.hints), str(self.unanswered), "、".join(self.outputs), self.status,
                self.reason, self.table]  # fmt: skip


# ---------------------------------------------------------------------------
# The folder: which files are answers files, which names collide
# ---------------------------------------------------------------------------


def is_answers_name(name: str) -> bool:
    """An answers file by its name: .yaml, .yml or .json, not hidden, not an Office lock file."""
    return name.lower().endswith(ANSWER_SUFFIXES) and not name.startswith((".", "~$"))


def scan(folder: Path) -> tuple[list[str], int]:
    """The names of the answers files of `folder` (not its sub-folders) in name order, and how
    many other files it holds. One pass of scandir: a folder of 10,000 files is read in
    milliseconds. Names, not paths: they are all the run keeps of each unit until its turn."""
    found: list[str] = []
    others = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if not entry.is_file():
                        continue
                except OSError:
                    continue
                if is_answers_name(entry.name):
                    found.append(entry.name)
                else:
                    others += 1
    except OSError as err:
        raise CommandError(f"无法读取答案文件夹 {folder}：{os_reason(err)}。") from None
    return sorted(found), others


def scan_tables(folder: Path) -> tuple[dict[str, Path], dict[str, str]]:
    """The indicator tables of `folder` by the name of the unit they belong to, and for a name
    with two of them (a.xlsx and a.csv) why neither is used."""
    found: dict[str, list[Path]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.lower().endswith(TABLE_SUFFIXES) and not entry.name.startswith((".", "~$")):
                    with contextlib.suppress(OSError):
                        if entry.is_file():
                            found.setdefault(name_key(Path(entry.name).stem), []).append(Path(entry.path))
    except OSError as err:
        raise CommandError(f"无法读取指标表文件夹 {folder}：{os_reason(err)}。") from None
    tables = {key: paths[0] for key, paths in found.items() if len(paths) == 1}
    clashes = {
        key: f"指标表文件夹中有{'、'.join(sorted(p.name for p in paths))}，不知用哪一个；请只留一个"
        for key, paths in found.items()
        if len(paths) > 1
    }
    return tables, clashes


def name_key(name: str) -> str:
    """Names that are one file on Windows or macOS (case, composed or decomposed characters)."""
    return unicodedata.normalize("NFC", name).casefold()


def collisions(names: list[str]) -> dict[str, str]:
    """Files that would write the same report (a.yaml and A.json): the reason for each, by name."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name_key(Path(name).stem), []).append(name)
    reasons: dict[str, str] = {}
    for group in groups.values():
        if len(group) > 1:
            listed = "、".join(group)
            for name in group:
                stem = Path(name).stem
                reasons[name] = f"{listed}会写出同名的报告“{stem}”，都没有生成；请改名，让每个单位的文件名不同"
    return reasons


def file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# The journal in the output folder
# ---------------------------------------------------------------------------


class Journal:
    """The journal as read at the start of a run: where in the file the last good line of each
    report name is (a line cut short by a kill, or not ours, is passed over). Each entry is read
    when its unit's turn comes, so that what the run holds per unit is a name and two numbers."""

    def __init__(self, out: Path) -> None:
        self.where: dict[str, tuple[int, int]] = {}
        self._file: BinaryIO | None = None
        try:
            self._file = (out / STATE_NAME).open("rb")
            self.where = journal_lines(self._file)
        except OSError:  # none yet, or unreadable (a damaged disk): as no journal, every unit made
            self.close()

    def get(self, key: str) -> dict[str, Any] | None:
        at = self.where.get(key)
        if at is None or self._file is None:
            return None
        try:
            self._file.seek(at[0])
            entry = orjson.loads(self._file.read(at[1]))
        except (OSError, orjson.JSONDecodeError):
            return None
        return entry if isinstance(entry, dict) else None

    def close(self) -> None:
        """Closed before the journal is replaced at the end: Windows does not replace an open file."""
        if self._file is not None:
            self._file.close()
            self._file = None


def journal_lines(file: BinaryIO) -> dict[str, tuple[int, int]]:
    """The offset and length of the last good line of each report name in an open journal."""
    where: dict[str, tuple[int, int]] = {}
    offset = 0
    file.seek(0)
    for line in file:
        with contextlib.suppress(orjson.JSONDecodeError):
            entry = orjson.loads(line)
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                where[name_key(entry["name"])] = (offset, len(line))
        offset += len(line)
    return where


def compact_journal(out: Path) -> None:
    """The journal rewritten with one line a report name, the last (it grows by a line a report
    during a run), streamed from the old file to the new one."""
    from store.atomic import write_atomic

    try:
        source = (out / STATE_NAME).open("rb")
    except FileNotFoundError:
        return

    def lines() -> Iterator[bytes]:
        with source:  # closed once read, before the new journal replaces it (Windows needs that)
            for offset, length in sorted(journal_lines(source).values()):
                source.seek(offset)
                yield source.read(length).rstrip(b"\r\n") + b"\n"

    try:
        write_atomic(out / STATE_NAME, lines())
    finally:
        source.close()


# ---------------------------------------------------------------------------
# One unit
# ---------------------------------------------------------------------------


class Changed(UserError):
    """The answers file changed while its report was being made."""


def _answers_of(unit: Unit) -> Mapping[str, Any]:
    """The unit's answers. (Indicator tables from a workbook beside the answers file, matched by
    name, would be read here and added when the Excel import lands.)"""
    from assistant.answer_files import answers_file

    return answers_file(unit.source)


def _quiet(message: str) -> None:
    """What `fill --table` tells of the table taken: in a batch the summary's 指标表 column says it."""


def _check_unchanged(unit: Unit, when: str) -> None:
    for path, sha, what in ((unit.source, unit.answers_sha, "答案文件"), (unit.table, unit.table_sha, "指标表")):
        if path is None:
            continue
        try:
            same = file_sha(path) == sha
        except OSError:
            same = False
        if not same:
            raise Changed(f"{what}在{when}被修改或删除；请在改好后重新运行")


def make_unit(unit: Unit, options: Options, state: Mapping[str, Any] | None) -> Row:
    """The unit's report written in every format asked, or a failed row with the reason; never
    raises for what is wrong with the file."""
    try:
        return _make(unit, options, state)
    except UserError as err:
        return Row(unit.source.name, FAILED, reason=err.message.strip())
    except Exception as err:  # a fault of ours: the others still go on, the log is kept
        from assistant.crashlog import write_crash_log

        log = write_crash_log(options.home, err)
        where = f"，错误记录已写入 {log}，请发给开发者" if log else ""
        return Row(unit.source.name, FAILED, reason=f"程序内部错误{where}")


def _make(unit: Unit, options: Options, state: Mapping[str, Any] | None) -> Row:
    from assistant.commands import compose_answers, named_kind, save_draft
    from assistant.export.paths import ExportError
    from assistant.export.writer import write_report
    from assistant.fingerprint import kind_digest, program_digest
    from assistant.kinds import load_kind

    data = _answers_of(unit)
    kind_id = options.kind or named_kind(data)
    if not kind_id:
        raise CommandError(
            "文件没有写报告类型：请在文件中加一行“kind: 报告类型编号”（见 report-assistant kinds），或运行时加 --kind"
        )
    kind = load_kind(kind_id)
    raw, ev, report = compose_answers(kind, data, unit.source.name, table=unit.table, say=_quiet)
    outputs = [f"{unit.name}.{fmt}" for fmt in options.formats]
    ours = set(state.get("owned", state.get("outputs", []))) if state else set()  # what batch wrote before
    for name in outputs:  # a file the user put there is not replaced unless --force
        if not options.force and name not in ours and (options.out / name).exists():
            raise CommandError(f"输出文件夹中已有 {name}，不是本命令生成的，没有覆盖；如要替换，请加上 --force")
    _check_unchanged(unit, "读取之后")
    try:
        for name in outputs:
            write_report(report, options.out / name, force=True)
    except ExportError as err:
        raise CommandError(str(err)) from None
    except OSError as err:
        raise CommandError(f"无法写入 {options.out}：{os_reason(err)}") from None
    _check_unchanged(unit, "生成报告期间")  # the report written is of the earlier text: not recorded
    made = {"answers_sha": unit.answers_sha, "table_sha": unit.table_sha, "kind": kind.id,
            "kind_sha": kind_digest(kind.id), "program": program_digest()}  # fmt: skip
    same = state is not None and all(state.get(k) == v for k, v in made.items())
    # the draft of the same answers, table, kind and program is kept while it is there; a report
    # made of anything else gets a draft of its own (the old one stays, as the user left it)
    draft = state.get("draft") if same and state else None
    if options.save and not _draft_there(options, draft):
        draft = save_draft(_store(options.home), raw, ev, report, title=None)
    card = ev.scorecard
    levels = [f.level for f in ev.findings]
    row = Row(
        unit.source.name,
        DONE,
        unit=str(ev.values.get("unit_name", "")),
        kind=kind.id,
        total="" if card is None else str(card.total),
        grade="" if card is None else card.grade,
        execution_rate="" if card is None or card.execution_rate is None else f"{card.execution_rate}%",
        errors=levels.count("error"),
        warnings=levels.count("warning"),
        hints=levels.count("hint"),
        unanswered=len(ev.unanswered_required()),
        outputs=outputs,
        table=unit.table.name if unit.table else "",
    )
    row.state = {
        "name": unit.name,
        "file": unit.source.name,
        **made,
        # the files of these answers: those of an earlier run of the same still are
        "outputs": sorted(set(outputs) | set(state.get("outputs", []) if same and state else [])),
        "owned": sorted(ours | set(outputs)),  # every file of this name batch wrote (it may replace them)
        "draft": draft,
        "row": {k: v for k, v in asdict(row).items() if k not in ("state", "status", "reason")},
    }
    return row


def skipped(unit: Unit, options: Options, state: Mapping[str, Any] | None) -> Row | None:
    """The unit's row from its last run when its report would come out the same: the same
    answers, the same kind's files, the same program, every file asked for still there."""
    from assistant.fingerprint import kind_digest, program_digest

    if options.force or not state or state.get("answers_sha") != unit.answers_sha:
        return None
    if state.get("table_sha") != unit.table_sha:  # another table, a table added or taken away
        return None
    kind = state.get("kind")
    if not isinstance(kind, str) or (options.kind and options.kind != kind) or state.get("program") != program_digest():
        return None
    wanted = [f"{unit.name}.{fmt}" for fmt in options.formats]
    if not set(wanted) <= set(state.get("outputs", [])) or not all((options.out / n).is_file() for n in wanted):
        return None
    if options.save and not _draft_there(options, state.get("draft")):
        return None
    try:
        if state.get("kind_sha") != kind_digest(kind):
            return None
    except OSError:  # a kind this version does not have: made again, and told why there
        return None
    fields = {k: v for k, v in state.get("row", {}).items() if k in Row.__dataclass_fields__}
    fields["file"] = unit.source.name  # the file as it is named now (a.yaml renamed a.yml)
    return replace(Row(unit.source.name, SKIPPED), **fields, status=SKIPPED)  # its journal line stays


def _store(home: str | None) -> DraftStore:
    """The data folder's store. Opened for each use, not kept: REPORT_ASSISTANT_HOME may name
    another folder by the next run in the same process."""
    from assistant.workspace import open_store

    return open_store(home)


def _is_folder(path: Path) -> bool:
    """is_dir without its OSError (a name too long, a loop of links): such a path is no folder."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _draft_there(options: Options, draft: object) -> bool:
    """Whether the draft a unit was saved as is still in the data folder (not deleted, not damaged)."""
    if not isinstance(draft, str) or not draft:
        return False
    try:
        _store(options.home).load(draft)
    except UserError:
        return False
    return True


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(
        dict.fromkeys(f.strip().lower().lstrip(".") for f in text.replace("，", ",").split(",") if f.strip())
    )
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        raise CommandError(f"--format 的取值“{text}”无效：可以是 {'、'.join(FORMATS)} 中的一个或几个，用逗号分开。")
    return formats


def check_out_folder(out: Path) -> None:
    """The output folder made when missing (not its parents) and tried with a file, before any
    report: a folder that cannot be written is said once, not for every unit."""
    try:
        out.mkdir(exist_ok=True)
        fd = os.open(out / f".write-test-{os.getpid()}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.unlink(out / f".write-test-{os.getpid()}")
    except FileNotFoundError:
        raise CommandError(f"无法使用输出文件夹 {out}：它所在的文件夹不存在，请先建好。") from None
    except OSError as err:
        raise CommandError(f"无法写入输出文件夹 {out}：{os_reason(err)}。请换一个文件夹，或检查它的权限。") from None


class Progress:
    """One line redrawn on a terminal; a line a unit otherwise (a log, a pipe)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.tty = stream.isatty()
        self.counts = {DONE: 0, SKIPPED: 0, FAILED: 0}

    def step(self, row: Row) -> None:
        self.done += 1
        self.counts[row.status] += 1
        where = f"[{self.done}/{self.total}]"
        if self.tty:
            if row.status == FAILED:
                self._clear()
                print(f"{where} {row.file}：{FAILED}：{_one_line(row.reason)}", file=self.stream)
            width = 30
            filled = width * self.done // max(self.total, 1)
            c = self.counts
            line = f"\r{'█' * filled}{'░' * (width - filled)} {where} 已生成{c[DONE]} 跳过{c[SKIPPED]} 失败{c[FAILED]}"
            self.stream.write(line)
            self.stream.flush()
        else:
            said = f"{FAILED}：{_one_line(row.reason)}" if row.status == FAILED else row.status
            print(f"{where} {row.file}：{said}", file=self.stream, flush=True)

    def _clear(self) -> None:
        self.stream.write("\r\x1b[K")

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class Summary:
    """The summary's rows, kept in a temporary file as each unit is done rather than in memory
    (the run's memory stays flat in the number of units), written out in file order at the end."""

    def __init__(self, count: int) -> None:
        self._spool: IO[bytes]
        try:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (open for the run; close() ends it)
        except OSError:  # no usable temporary folder: the rows are kept in memory
            self._spool = io.BytesIO()
        self._where = array("q", [-1]) * count  # each file's row: offset in the spool, length
        self._size = array("q", [0]) * count
        self._text = io.StringIO()
        self._writer = csv.writer(self._text, lineterminator="\r\n")  # Excel's own line ends

    def add(self, index: int, row: Row) -> None:
        line = self._line(row.cells())
        self._where[index] = self._spool.seek(0, io.SEEK_END)
        self._size[index] = len(line)
        self._spool.write(line)

    def _line(self, cells: list[str] | tuple[str, ...]) -> bytes:
        self._text.seek(0)
        self._text.truncate()
        self._writer.writerow(cells)
        return self._text.getvalue().encode("utf-8")

    def pieces(self) -> Iterator[bytes]:
        """The CSV file in UTF-8 with a BOM (which Excel needs to read it as UTF-8)."""
        yield b"\xef\xbb\xbf" + self._line(COLUMNS)
        for offset, size in zip(self._where, self._size, strict=True):
            if offset >= 0:
                self._spool.seek(offset)
                yield self._spool.read(size)

    def close(self) -> None:
        self._spool.close()


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's: it lets started units finish


class _Stop:
    """Ctrl+C asks the run to stop after the units started (a report is never cut in two, and
    every report written is recorded); a second Ctrl+C stops at once."""

    def __init__(self) -> None:
        self.asked = False
        self._previous: Any = None

    def __enter__(self) -> _Stop:
        with contextlib.suppress(ValueError):  # not the main thread: Ctrl+C as Python does it
            self._previous = signal.signal(signal.SIGINT, self._ask)
        return self

    def _ask(self, signum: int, frame: Any) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _prepared(names: list[str], options: Options, tables: Mapping[str, Path], clashes: Mapping[str, str],
              journal: Journal) -> Iterator[tuple[int, Unit | Row]]:  # fmt: skip
    """Each answers file in turn, as a unit to make or as its row already (it cannot be read, it
    collides with another, or its report is unchanged since the last run)."""
    for index, name in enumerate(names):
        path = options.folder / name
        try:
            sha = file_sha(path)
        except OSError as err:
            yield index, Row(name, FAILED, reason=f"无法读取：{os_reason(err)}")
            continue
        table = tables.get(name_key(path.stem))
        reason = clashes.get(name)
        try:
            table_sha = file_sha(table) if table else None
        except OSError as err:
            reason, table_sha = reason or f"无法读取指标表 {table.name if table else ''}：{os_reason(err)}", None
        if reason:
            yield index, Row(name, FAILED, reason=reason)
            continue
        unit = Unit(index, path, path.stem, sha, table, table_sha)
        yield index, skipped(unit, options, journal.get(name_key(unit.name))) or unit


def _results(prepared: Iterator[tuple[int, Unit | Row]], options: Options, journal: Journal,
             stop: _Stop) -> Iterator[tuple[int, Row]]:  # fmt: skip
    """Each file's row, as it is done (in order with one job; as they finish with several)."""
    if options.jobs <= 1:
        for index, item in prepared:
            if stop.asked:
                return
            yield index, item if isinstance(item, Row) else make_unit(item, options, journal.get(name_key(item.name)))
        return
    # a few units in flight per process, not all of them: memory stays flat in their number
    with ProcessPoolExecutor(max_workers=options.jobs, initializer=_ignore_interrupt) as pool:
        pending: dict[Future[Row], int] = {}
        while True:
            while not stop.asked and len(pending) < 2 * options.jobs:
                index, item = next(prepared, (-1, None))
                if item is None:
                    break
                if isinstance(item, Row):
                    yield index, item
                else:
                    pending[pool.submit(make_unit, item, options, journal.get(name_key(item.name)))] = index
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield pending.pop(future), future.result()


def run(options: Options, *, progress_stream: TextIO | None = None) -> int:
    """The whole run; 0 when every unit has its report, 2 when any failed, 130 on Ctrl+C (after
    the summary of what was done is written)."""
    # absolute and without "..": each report's path is checked as a user's file name would be
    options = replace(options, out=Path(os.path.abspath(options.out)))
    folder, out = options.folder, options.out
    if not _is_folder(folder):
        raise CommandError(f"答案文件夹 {folder} 不存在或不是文件夹。")
    check_out_folder(out)
    if options.save:  # a data folder that cannot be used is said before anything is written
        from assistant.workspace import open_store

        open_store(options.home).check_writable()
    names, others = scan(folder)
    if not names:
        raise CommandError(f"文件夹 {folder} 中没有答案文件（.yaml、.yml 或 .json）。")
    clashes = collisions(names)
    tables: dict[str, Path] = {}
    if options.tables is not None:
        if not _is_folder(options.tables):
            raise CommandError(f"指标表文件夹 {options.tables} 不存在或不是文件夹（--table 给出放指标表的文件夹）。")
        tables, table_clashes = scan_tables(options.tables)
        keys = {name: name_key(Path(name).stem) for name in names}
        clashes.update({n: table_clashes[k] for n, k in keys.items() if k in table_clashes})
        if options.tables.resolve() == folder.resolve():  # the tables beside the answers are not "other files"
            others -= sum(1 for k in keys.values() if k in tables)
    progress = Progress(len(names), progress_stream or sys.stderr)
    log = _open_log(out)
    journal = Journal(out)  # (after the log: an output folder that cannot be written leaves nothing open)
    summary = Summary(len(names))
    try:
        with _Stop() as stop:
            try:
                prepared = _prepared(names, options, tables, clashes, journal)
                for index, row in _results(prepared, options, journal, stop):
                    if row.state is not None:  # a line a report, at once: a kill loses no report's record
                        log.write(orjson.dumps(row.state) + b"\n")
                        log.flush()
                    summary.add(index, row)
                    progress.step(row)
            except KeyboardInterrupt:  # a second Ctrl+C: what is recorded stays
                stop.asked = True
            finally:
                log.close()
                journal.close()
                progress.finish()
        _finish(out, summary)
    finally:
        summary.close()
    counts = progress.counts
    print(f"共{len(names)}个答案文件：生成{counts[DONE]}份，未变跳过{counts[SKIPPED]}份，失败{counts[FAILED]}份。")
    if others:
        print(f"文件夹中另有{others}个文件不是答案文件（.yaml、.yml、.json），没有处理。")
    print(f"汇总表：{out / SUMMARY_NAME}")
    if stop.asked:
        print(f"已中断：已完成的{counts[DONE]}份报告都已保存，汇总表列出了已处理的文件。", file=sys.stderr)
        return 130
    if counts[FAILED]:
        print(f"有{counts[FAILED]}个文件没有生成报告，原因见上方和汇总表的“原因”一栏。", file=sys.stderr)
        return 2
    return 0


def _open_log(out: Path) -> Any:
    """The journal, to add a line a report to; a line cut short by a kill is ended first, or the
    next line would be glued to it and lost as well."""
    try:
        log = (out / STATE_NAME).open("ab")
        try:
            if log.tell():
                with (out / STATE_NAME).open("rb") as file:
                    file.seek(-1, io.SEEK_END)
                    if file.read(1) != b"\n":
                        log.write(b"\n")
        except OSError:
            log.close()
            raise
        return log
    except OSError as err:
        raise CommandError(f"无法写入输出文件夹 {out}：{os_reason(err)}。") from None


def _finish(out: Path, summary: Summary) -> None:
    """The summary, then the journal compacted to one line a report; atomically, each. A journal
    that cannot be compacted now (another program has it open) is still good, only longer."""
    from store.atomic import write_atomic

    try:
        write_atomic(out / SUMMARY_NAME, summary.pieces())
    except OSError as err:
        raise CommandError(f"无法写入汇总表 {out / SUMMARY_NAME}：{os_reason(err)}。") from None
    with contextlib.suppress(OSError):
        compact_journal(out)
