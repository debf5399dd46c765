"""DraftStore: the drafts of one user under a data folder (layout in store.paths).

Locking (details in store.locking): reads (`load`, `list`, `trash`, `export_json`) never lock.
`open_for_edit` marks the draft as being edited by this process until `close(draft_id)` or
`close()` (or the end of the process). Any write by another process then fails with
DraftLocked, and so does its `open_for_edit`; it can still show the draft read-only. A write to
a draft nobody has open waits for the other processes' writes of the moment. No write is ever
lost: each one is a read-modify-write of the draft file under a lock.

Damage never spreads: a draft file that cannot be read (garbage, a folder or a broken link in
its place, no permission) is listed as damaged and refused for writing, its bytes untouched;
a folder of the data folder that cannot be used (a file named `locks` …) fails only what needs
it, saying what to do (`problems()`); any other failure of the disk is a DiskError. No OSError
leaves the store."""

from __future__ import annotations

import functools
import json
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import orjson
from pydantic import ValidationError

from assistant.models import Draft, DraftSummary
from store.atomic import dump_json, fsync_folder, move_durably, remove_stale_temp_files, write_atomic
from store.errors import (
    DiskError,
    DraftDamaged,
    DraftNotFound,
    ExportFailed,
    ImportFailed,
    NothingToUndo,
    StoreError,
    os_problem,
)
from store.index import SummaryCache
from store.locking import DraftLocks
from store.paths import DRAFT_ID_RE, Layout, backup_of, default_home, draft_id_of
from store.storage import DraftFile, StoredDraft

EXPORT_FORMAT = "report-assistant-draft"
EXPORT_VERSION = 1

P = ParamSpec("P")
R = TypeVar("R")


def _one_at_a_time(
    method: Callable[Concatenate[DraftStore, P], R],
) -> Callable[Concatenate[DraftStore, P], R]:
    """Serialise the calls of one store made from several threads (UI thread and workers),
    and turn a failure of the disk into a DiskError (a Chinese message, no OSError)."""

    @functools.wraps(method)
    def wrapper(self: DraftStore, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._mutex:
            try:
                return method(self, *args, **kwargs)
            except OSError as err:
                raise DiskError(err) from None

    return wrapper


class DraftStore:
    """Progress (the percent of the applicable questions dealt with, shown in the drafts list)
    comes with each write that changes answers, computed by the caller from the evaluation it
    has made anyway: the store stores, it never evaluates. `progress=None` keeps the stored one."""

    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        self._layout = Layout(self.home)
        self._problems = self._layout.create()  # DataFolderError if the data folder is unusable
        self._locks = DraftLocks(self._layout, self._title_of)
        self._drafts_index = SummaryCache(self._layout.drafts_index)
        self._trash_index = SummaryCache(self._layout.trash_index)
        self._mutex = threading.RLock()
        for folder in (self.home, self._layout.drafts, self._layout.trash, self._layout.views):
            remove_stale_temp_files(folder)

    def check_writable(self) -> None:
        """DataFolderError, saying what to do, when no draft can be made here (for a command to
        ask before it writes anything else)."""
        self._need("drafts")
        self._need("locks")

    def problems(self) -> list[str]:
        """What is wrong with the folders of the data folder, each with what to do (empty when
        all is well)."""
        return [problem.message for problem in self._problems.values()]

    def __enter__(self) -> DraftStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- creating ------------------------------------------------------------------------

    @_one_at_a_time
    def create(
        self,
        kind_id: str,
        title: str,
        *,
        unit: str = "",
        year: int | None = None,
        script_version: int = 0,
        seed: int | None = None,
        answers: Mapping[str, Any] | None = None,
        previous: Mapping[str, Any] | None = None,
        imported: Mapping[str, str] | None = None,
        progress: int = 0,
    ) -> str:
        """A new draft; with `answers`, already answered (each with its history entry, so each
        can be undone), all in one write: a crash or a full disk leaves no draft or the whole
        one, never an empty one. `previous`: last year's answers (a draft made from last year's);
        `imported`: the answers read from last year's report, marked until each is saved again."""
        now = _now()
        draft = Draft(
            id="",
            kind_id=kind_id,
            title=_clean_title(title),
            unit=unit,
            year=year,
            script_version=script_version,
            created_at=now,
            updated_at=now,
            previous=dict(previous or {}),
            seed=_new_seed() if seed is None else seed,
        )
        return self._add(draft, answers=answers, progress=progress, imported=imported)

    @_one_at_a_time
    def duplicate(self, draft_id: str, title: str | None = None) -> str:
        """A copy with its own id, the same answers (and progress) and an empty history."""
        stored = self._read(draft_id)
        source = stored.draft  # comes without its history
        now = _now()
        copy = source.model_copy(
            deep=True,
            update={
                "title": _clean_title(title) if title is not None else self._copy_title(source.title),
                "created_at": now,
                "updated_at": now,
            },
        )
        return self._add(copy, progress=stored.progress)

    def _copy_title(self, title: str) -> str:
        """标题（副本）, or （副本2）, （副本3）… when that one is taken: copies stay apart in the list."""
        taken = {s.title for s in self.list()}
        base = re.sub(r"（副本\d*）$", "", title)
        candidate, n = f"{base}（副本）", 1
        while candidate in taken:
            n += 1
            candidate = f"{base}（副本{n}）"
        return candidate

    # -- reading -------------------------------------------------------------------------

    @_one_at_a_time
    def load(self, draft_id: str) -> Draft:
        """The draft as last saved. Never locks: a draft another process edits can be shown."""
        return self._load(draft_id)

    @_one_at_a_time
    def trash(self) -> list[DraftSummary]:
        """Deleted drafts, most recently deleted first."""
        summaries = self._summaries(in_trash=True)
        return sorted(summaries, key=lambda s: s.deleted_at or s.updated_at, reverse=True)

    # -- editing -------------------------------------------------------------------------

    @_one_at_a_time
    def open_for_edit(self, draft_id: str) -> Draft:
        """Take the draft's lock and keep it until `close`; raises DraftLocked when another
        process has it open."""
        self._existing(draft_id)
        self._need("locks")
        self._locks.hold(draft_id)
        try:
            return self._load(draft_id)
        except StoreError:
            self._locks.release(draft_id)
            raise

    @_one_at_a_time
    def close(self, draft_id: str | None = None) -> None:
        """Release the lock of one draft, or of all drafts this store holds."""
        if draft_id is None:
            self._locks.release_all()
        else:
            self._locks.release(draft_id)

    @_one_at_a_time
    def save_answer(self, draft_id: str, question_id: str, value: Any, *, progress: int | None = None) -> None:
        """Store one answer; returns once it is on disk. None means "no answer" (as
        `clear_answer`). Saving the value the question already has changes nothing."""
        self.save_answers(draft_id, {question_id: value}, progress=progress)

    @_one_at_a_time
    def save_answers(self, draft_id: str, answers: Mapping[str, Any], *, progress: int | None = None) -> None:
        """Several answers in one write, each with its history (None clears one)."""
        json.dumps(dict(answers), allow_nan=False)  # refuse what cannot be stored, before writing

        def change(stored: StoredDraft) -> bool:
            changed = [_set_answer(stored, qid, value) for qid, value in answers.items()]
            return any(changed)

        self._edit(draft_id, change, progress)

    @_one_at_a_time
    def clear_answer(self, draft_id: str, question_id: str, *, progress: int | None = None) -> None:
        self.save_answers(draft_id, {question_id: None}, progress=progress)

    @_one_at_a_time
    def last_change(self, draft_id: str, question_id: str | None = None) -> tuple[str, Any]:
        """What `undo` would take back, without changing anything: the question (`question_id`,
        else that of the draft's last change) and the value its answer would have again (None:
        no answer). Raises NothingToUndo. (The caller evaluates it, for the progress to undo with.)"""
        for entry in reversed(self._read(draft_id).history):
            if question_id is None or entry["question_id"] == question_id:
                return entry["question_id"], entry.get("old")
        raise NothingToUndo(question_id)

    @_one_at_a_time
    def undo(self, draft_id: str, question_id: str, *, progress: int | None = None) -> Any:
        """Take back the last change of one answer and return the value it has again (None when
        it has no answer again). Repeated calls go further back. Raises NothingToUndo."""

        def change(stored: StoredDraft) -> bool:
            for i in range(len(stored.history) - 1, -1, -1):
                if stored.history[i]["question_id"] == question_id:
                    old = stored.history.pop(i).get("old")
                    break
            else:
                raise NothingToUndo(question_id)
            if old is None:
                stored.draft.answers.pop(question_id, None)
            else:
                stored.draft.answers[question_id] = old
            return True

        return self._edit(draft_id, change, progress).draft.answers.get(question_id)

    @_one_at_a_time
    def set_meta(
        self,
        draft_id: str,
        *,
        title: str | None = None,
        unit: str | None = None,
        year: int | None = None,
    ) -> None:
        """Change the title, unit or year; None leaves that one as it is."""
        wanted = {
            "title": None if title is None else _clean_title(title),
            "unit": unit,
            "year": year,
        }

        def change(stored: StoredDraft) -> bool:
            changed = False
            for name, value in wanted.items():
                if value is not None and getattr(stored.draft, name) != value:
                    setattr(stored.draft, name, value)
                    changed = True
            return changed

        self._edit(draft_id, change)

    def rename(self, draft_id: str, title: str) -> None:
        self.set_meta(draft_id, title=title)

    @_one_at_a_time
    def migrate(
        self, draft_id: str, script_version: int, set_aside: Iterable[str] = (), *, progress: int | None = None
    ) -> list[str]:
        """Bring a draft to a new version of its question script: the answers named in
        `set_aside` (those that no longer fit, as the caller found) move to `set_aside` (an older
        set-aside value of the same question moves on to "<id>#2", "#3" …; nothing is dropped).
        Returns the moved ids."""
        moved: list[str] = []
        wanted = set(set_aside)

        def change(stored: StoredDraft) -> bool:
            draft = stored.draft
            moved.extend(q for q in draft.answers if q in wanted)
            for qid in moved:
                if qid in draft.set_aside:
                    draft.set_aside[_free_key(draft.set_aside, qid)] = draft.set_aside.pop(qid)
                draft.set_aside[qid] = draft.answers.pop(qid)
            changed = bool(moved) or draft.script_version != script_version
            draft.script_version = script_version
            return changed

        self._edit(draft_id, change, progress)
        return moved

    @_one_at_a_time
    def recover(self, draft_id: str) -> Draft:
        """Put back the last good version of a damaged draft. The damaged file is kept in the
        `damaged` folder. A draft that reads fine is returned as it is."""
        path = self._existing(draft_id)
        with self._writing(draft_id):
            try:
                return self._load(draft_id)
            except DraftDamaged as damage:
                if damage.own_advice:  # no permission …: the backup is no cure
                    raise
                try:
                    good = DraftFile(backup_of(path)).read()
                    draft = good.full(path.name)
                except (FileNotFoundError, DraftDamaged):
                    raise damage from None
            self._need("damaged")
            self._set_aside(path, self._layout.damaged / f"{draft_id}-{_now():%Y%m%d-%H%M%S-%f}.json")
            good.draft.id = draft.id = draft_id
            good.deleted_at = None
            DraftFile(path).create(good)
            return draft

    @staticmethod
    def _set_aside(path: Path, kept: Path) -> None:
        """Keep a damaged file in `damaged/`: as a second name while the good version replaces
        it (the draft is never missing, even after a crash), moved when it cannot be linked (a
        folder in its place, a file system without hard links)."""
        try:
            os.link(path, kept, follow_symlinks=False)
        except OSError:
            move_durably(path, kept)
        else:
            fsync_folder(kept.parent)

    # -- trash ---------------------------------------------------------------------------

    @_one_at_a_time
    def delete(self, draft_id: str) -> None:
        """Move a draft to the trash (a damaged one too). It can be restored until purged."""
        path = self._existing(draft_id)
        with self._writing(draft_id):
            if not os.path.lexists(path):  # deleted by another process meanwhile
                raise DraftNotFound(draft_id)
            self._move(draft_id, to_trash=True)
            with suppress(DraftDamaged):  # a damaged draft goes to the trash as it is
                DraftFile(self._path(draft_id, in_trash=True)).change(_mark_deleted)
        self._locks.release(draft_id)

    @_one_at_a_time
    def restore(self, draft_id: str) -> None:
        path = self._existing(draft_id, in_trash=True)
        with self._writing(draft_id):
            if not os.path.lexists(path):  # restored or purged by another process meanwhile
                raise DraftNotFound(draft_id)
            self._move(draft_id, to_trash=False)
            with suppress(DraftDamaged):
                DraftFile(self._path(draft_id)).change(_mark_restored)

    @_one_at_a_time
    def purge(self, draft_id: str) -> None:
        """Delete a draft in the trash for good."""
        path = self._existing(draft_id, in_trash=True)
        with self._writing(draft_id):
            if not os.path.lexists(path):  # restored or purged by another process meanwhile
                raise DraftNotFound(draft_id)
            backup_of(path).unlink(missing_ok=True)
            path.unlink()
        self._remove_lock_files(draft_id)  # the draft is gone already

    # -- exchange ------------------------------------------------------------------------

    @_one_at_a_time
    def export_json(self, draft_id: str, path: Path | str) -> None:
        path = Path(path)
        draft = self._load(draft_id)
        data = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "draft": draft.model_dump(mode="json"),
        }
        try:
            write_atomic(path, dump_json(data, indent=True))
        except OSError as e:
            raise ExportFailed(path.name, f"无法写入这个位置（{os_problem(e)}）") from None

    @_one_at_a_time
    def import_json(self, path: Path | str, *, progress: int = 0) -> str:
        """Add the draft of a file written by `export_json`; it keeps its id unless that id is
        taken (then it gets a new one). Returns the id."""
        return self.import_draft(self.read_export(path), progress=progress)

    @_one_at_a_time
    def import_draft(self, draft: Draft, *, progress: int = 0) -> str:
        """Add a draft read by `read_export` (the caller evaluates it for its progress)."""
        return self._add(draft, keep_id=True, progress=progress)

    @staticmethod
    def read_export(path: Path | str) -> Draft:
        """The draft of a file written by `export_json`; ImportFailed, saying why, if it is not one."""
        path = Path(path)
        try:
            data = orjson.loads(path.read_bytes())
        except FileNotFoundError:
            raise ImportFailed(path.name, "文件不存在") from None
        except OSError:
            raise ImportFailed(path.name, "无法读取文件") from None
        except orjson.JSONDecodeError:
            raise ImportFailed(path.name, "内容不完整或不是 JSON") from None
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise ImportFailed(path.name, "这不是本程序导出的草稿文件")
        version = data.get("version")
        if not isinstance(version, int) or version > EXPORT_VERSION:
            raise ImportFailed(path.name, "这个文件来自更新版本的程序，请先升级本程序")
        try:
            return Draft.model_validate(data.get("draft"))
        except ValidationError:
            raise ImportFailed(path.name, "草稿内容不完整") from None

    # -- listing (last: the method named `list` would shadow the builtin in annotations) --

    @_one_at_a_time
    def list(self) -> list[DraftSummary]:
        """All drafts, most recently changed first. A damaged draft is listed with `damaged`
        holding the message; the others list as usual."""
        summaries = self._summaries(in_trash=False)
        return sorted(summaries, key=lambda s: s.updated_at, reverse=True)

    # -- inside --------------------------------------------------------------------------

    def _path(self, draft_id: str, *, in_trash: bool = False) -> Path:
        if not DRAFT_ID_RE.match(draft_id):
            raise DraftNotFound(draft_id)
        self._need("trash" if in_trash else "drafts")
        return self._layout.draft_file(draft_id, in_trash=in_trash)

    def _existing(self, draft_id: str, *, in_trash: bool = False) -> Path:
        """The draft's path; DraftNotFound before any lock file is made for a wrong id. A link
        in its place that cannot be followed is there (and found damaged when read)."""
        path = self._path(draft_id, in_trash=in_trash)
        if not os.path.lexists(path):
            raise DraftNotFound(draft_id)
        return path

    def _need(self, folder: str) -> None:
        """DataFolderError, saying what to do, if the folder of the data folder that an action
        needs could not be made."""
        problem = self._problems.get(folder)
        if problem is not None:
            raise problem

    @contextmanager
    def _writing(self, draft_id: str) -> Iterator[None]:
        self._need("locks")
        with self._locks.writing(draft_id):
            yield

    def _index(self, in_trash: bool) -> SummaryCache:
        return self._trash_index if in_trash else self._drafts_index

    def _read(self, draft_id: str, *, in_trash: bool = False) -> StoredDraft:
        """The draft without its history (enough for summaries, copies and carry-over)."""
        path = self._path(draft_id, in_trash=in_trash)
        with self._opening(draft_id, path, in_trash=in_trash):
            stored = DraftFile(path).read()
        stored.draft.id = draft_id  # the file name rules, even over a copied file
        return stored

    def _load(self, draft_id: str) -> Draft:
        path = self._path(draft_id)
        with self._opening(draft_id, path):
            draft = DraftFile(path).load()
        draft.id = draft_id
        return draft

    @contextmanager
    def _opening(self, draft_id: str, path: Path, *, in_trash: bool = False) -> Iterator[None]:
        """Turn a missing file into DraftNotFound, and add what is known (title, backup) to
        DraftDamaged."""
        try:
            yield
        except FileNotFoundError:
            raise DraftNotFound(draft_id) from None
        except DraftDamaged as damage:
            raise self._damaged(draft_id, path, damage, in_trash) from None

    def _damaged(self, draft_id: str, path: Path, damage: DraftDamaged, in_trash: bool) -> DraftDamaged:
        known = self._index(in_trash).last_known(draft_id)
        return DraftDamaged(
            damage.file,
            damage.reason,
            draft_id=draft_id,
            title=known.title if known else None,
            backup=not damage.own_advice and _readable(backup_of(path)),
            advice=damage.own_advice,
        )

    def _title_of(self, draft_id: str) -> str:
        for in_trash in (False, True):
            with suppress(StoreError):
                return self._read(draft_id, in_trash=in_trash).draft.title
        return draft_id

    def _edit(self, draft_id: str, change: Callable[[StoredDraft], bool], progress: int | None = None) -> StoredDraft:
        """Apply `change` to the draft under its lock; it returns False when nothing changed,
        and then nothing is written. `progress` is stored with the change (None: kept)."""
        path = self._existing(draft_id)

        def edit(stored: StoredDraft) -> bool:
            stored.draft.id = draft_id
            if not change(stored):
                return False
            stored.draft.updated_at = _now()
            if progress is not None:
                stored.progress = int(progress)
            return True

        with self._writing(draft_id), self._opening(draft_id, path):
            return DraftFile(path).change(edit)

    def _add(self, draft: Draft, *, keep_id: bool = False, answers: Mapping[str, Any] | None = None,
             progress: int = 0, imported: Mapping[str, str] | None = None) -> str:  # fmt: skip
        """Write a new draft file, with `answers` given (as `save_answers` would) and its
        progress, in one write, under the draft's own id when asked and free, else a new id."""
        self._need("drafts")
        if answers:
            json.dumps(dict(answers), allow_nan=False)  # refuse what cannot be stored, before writing
        stored = StoredDraft.of(draft)
        for question_id, value in (answers or {}).items():
            _set_answer(stored, question_id, value)
        # marked after the answers are set (setting one confirms it): only answers the draft has
        stored.draft.imported |= {k: str(v) for k, v in (imported or {}).items() if k in stored.draft.answers}
        stored.progress = int(progress)
        draft_id = draft.id if keep_id and DRAFT_ID_RE.match(draft.id) else _new_id()
        while True:
            if not self._taken(draft_id):
                with self._writing(draft_id):
                    if not self._taken(draft_id):  # again: another process may have taken it
                        stored.draft.id = draft_id
                        try:
                            DraftFile(self._path(draft_id)).create(stored)
                        except BaseException:  # a full disk …: not even the draft's lock files stay
                            self._remove_lock_files(draft_id)  # (held: a waiter then takes new ones)
                            raise
                        return draft_id
            draft_id = _new_id()

    def _remove_lock_files(self, draft_id: str) -> None:
        for lock_file in self._locks.files(draft_id):
            with suppress(OSError):  # only tidying
                lock_file.unlink()

    def _taken(self, draft_id: str) -> bool:
        # also in a folder that cannot be used, and by a link that cannot be followed
        return any(os.path.lexists(self._layout.draft_file(draft_id, in_trash=t)) for t in (False, True))

    def _move(self, draft_id: str, *, to_trash: bool) -> None:
        source = self._path(draft_id, in_trash=not to_trash)
        target = self._path(draft_id, in_trash=to_trash)
        if os.path.lexists(backup_of(source)):
            move_durably(backup_of(source), backup_of(target))
        move_durably(source, target)

    def _summaries(self, *, in_trash: bool) -> list[DraftSummary]:
        folder = self._layout.trash if in_trash else self._layout.drafts
        self._need(folder.name)
        index = self._index(in_trash)
        summaries: list[DraftSummary] = []
        with os.scandir(folder) as entries:
            for entry in entries:
                draft_id = draft_id_of(entry.name)
                if draft_id is None:
                    continue
                try:
                    st = _stat(entry)
                    summary = index.lookup(draft_id, st)
                    if summary is None:
                        summary = self._summarise(draft_id, Path(entry.path), st, in_trash)
                except FileNotFoundError:  # deleted or moved meanwhile
                    continue
                summaries.append(summary)
        index.keep_only({s.id for s in summaries})
        index.save()
        return summaries

    def _summarise(self, draft_id: str, path: Path, st: os.stat_result, in_trash: bool) -> DraftSummary:
        index = self._index(in_trash)
        try:
            stored = self._read(draft_id, in_trash=in_trash)
        except DraftNotFound:
            raise FileNotFoundError(path) from None
        except DraftDamaged as damage:
            known = index.last_known(draft_id)
            changed_at = datetime.fromtimestamp(st.st_mtime).astimezone()
            if known is not None:
                return known.model_copy(update={"updated_at": changed_at, "damaged": damage.message})
            return DraftSummary(id=draft_id, kind_id="", title=path.name, updated_at=changed_at, damaged=damage.message)
        summary = stored.summary()
        if not in_trash:  # a restore cut short by a crash may have left the mark behind
            summary.deleted_at = None
        index.remember(draft_id, st, summary)
        return summary


def _stat(entry: os.DirEntry[str]) -> os.stat_result:
    """The file's own stat; that of the link itself when it cannot be followed (the draft is
    then found damaged, and named, rather than left out)."""
    try:
        return entry.stat()
    except OSError:
        return entry.stat(follow_symlinks=False)  # FileNotFoundError if it is gone


def _now() -> datetime:
    return datetime.now().astimezone()


def _new_id() -> str:
    return secrets.token_hex(4)


def _new_seed() -> int:
    return secrets.randbelow(2**31)


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise StoreError("草稿标题不能为空。")
    return title


def _set_answer(stored: StoredDraft, question_id: str, value: Any) -> bool:
    """Set (or with None clear) one answer and record the change; False when nothing changed."""
    answers = stored.draft.answers
    old = answers.get(question_id)  # None: no answer (None is never stored)
    # an answer read from last year's report is confirmed by saving it, also unchanged
    confirmed = stored.draft.imported.pop(question_id, None) is not None
    if _same(old, value):
        return confirmed
    if value is None:
        del answers[question_id]
    else:
        answers[question_id] = value
    stored.record(question_id, old, value)
    return True


def _mark_deleted(stored: StoredDraft) -> bool:
    stored.deleted_at = _now()
    return True


def _mark_restored(stored: StoredDraft) -> bool:
    if stored.deleted_at is None:
        return False
    stored.deleted_at = None
    return True


def _same(a: Any, b: Any) -> bool:
    # Compared as stored: 1, 1.0 and True are different answers.
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _free_key(mapping: dict[str, Any], qid: str) -> str:
    n = 2
    while f"{qid}#{n}" in mapping:
        n += 1
    return f"{qid}#{n}"


def _readable(path: Path) -> bool:
    try:
        DraftFile(path).load()
    except (FileNotFoundError, DraftDamaged):
        return False
    return True
