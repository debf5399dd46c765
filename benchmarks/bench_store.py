"""How saving an answer and listing drafts scale with the number of drafts.

    python benchmarks/bench_store.py [--dir DIR ...] [--saves N]

For 10, 100 and 1,000 drafts of 200 answers each (with the history an interview leaves): the
median time of `DraftStore.save_answer` on random drafts (each save taking the draft's locks
for itself), beside plain TinyDB keeping all drafts in one JSON file doing the same updates
(the baseline); saves to a draft held open for editing, as the terminal UI does; then the time
to list 1,000 drafts.
fsync dominates, so run it on the disk the program will use (--dir, repeatable; the default is
the system's temporary folder). Targets: ≤ 5 ms median at 1,000 drafts and ≤ 1.3× the 10-draft
median; listing 1,000 drafts ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb import TinyDB
from tinydb.table import Table

from store import DraftStore

COUNTS = (10, 100, 1000)
ANSWERS = 200
BASELINE_SAVES = {10: 100, 100: 40, 1000: 10}  # the baseline gets slow: fewer samples
PHRASE = "本项目年度绩效目标完成情况良好，资金使用规范，"


def answer_text(rng: random.Random) -> str:
    """Mostly short answers (figures, names), some paragraphs, as in a real report."""
    if rng.random() < 0.7:
        return str(rng.randrange(1, 100_000))
    return PHRASE * rng.randrange(1, 8)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def filesystem_of(path: Path) -> str:
    """The device and type of the file system holding `path` (from /proc/mounts on Linux)."""
    best, found = "", "file system unknown"
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return found
    resolved = str(path.resolve())
    for line in mounts:
        device, mount, fstype, *_ = line.split()
        inside = resolved == mount or resolved.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, found = mount, f"{device} ({fstype}) mounted on {mount}"
    return found


class StoreBench:
    def __init__(self, home: Path, rng: random.Random) -> None:
        self.home = home
        self.rng = rng
        self.store = DraftStore(home)
        # a draft with every answer given once, as an interview leaves it
        first = self.store.create("project", "2025年度某某项目支出绩效自评报告", unit="某某局")
        self.store.save_answers(first, {f"q{i:03d}": answer_text(rng) for i in range(ANSWERS)})
        self.sample = home.with_name(f"{home.name}-sample.json")
        self.store.export_json(first, self.sample)
        self.ids = [first]

    def grow_to(self, count: int) -> None:
        while len(self.ids) < count:
            self.ids.append(self.store.import_json(self.sample))

    def save_one(self) -> None:
        qid = f"q{self.rng.randrange(ANSWERS):03d}"
        self.store.save_answer(self.rng.choice(self.ids), qid, answer_text(self.rng))

    def saves_while_editing(self, rounds: int) -> float:
        """Saves to one draft opened for editing, as the terminal UI does (no lock per save)."""
        draft_id = self.rng.choice(self.ids)
        self.store.open_for_edit(draft_id)

        def save() -> None:
            qid = f"q{self.rng.randrange(ANSWERS):03d}"
            self.store.save_answer(draft_id, qid, answer_text(self.rng))

        median = median_ms([timed(save) for _ in range(rounds)])
        self.store.close(draft_id)
        return median

    def lists(self) -> dict[str, float]:
        cold = timed(DraftStore(self.home).list)  # a new process, no index yet
        time.sleep(1.1)  # entries checked within a second of a file's change are checked again
        self.store.list()
        warm = median_ms([timed(self.store.list) for _ in range(7)])
        after_save = []
        for _ in range(7):
            self.save_one()
            after_save.append(timed(self.store.list))
        return {"cold": cold * 1000, "warm": warm, "after one save": median_ms(after_save)}

    def draft_document(self) -> dict[str, Any]:
        return self.store.load(self.ids[0]).model_dump(mode="json")

    def file_size(self) -> int:
        return (self.home / "drafts" / f"{self.ids[0]}.json").stat().st_size


def baseline(root: Path, doc: dict[str, Any], rng: random.Random) -> dict[int, float]:
    """Plain TinyDB: every draft a document of one table in one JSON file."""

    def update(table: Table, count: int) -> None:
        qid, value = f"q{rng.randrange(ANSWERS):03d}", answer_text(rng)

        def change(d: Any) -> None:
            d["answers"][qid] = value

        table.update(change, doc_ids=[rng.randrange(1, count + 1)])

    medians: dict[int, float] = {}
    for count in COUNTS:
        path = root / f"baseline-{count}.json"
        with TinyDB(path, encoding="utf-8", ensure_ascii=False) as db:
            table = db.table("drafts")
            table.insert_multiple(dict(doc, id=str(i)) for i in range(count))
            medians[count] = median_ms(
                [timed(lambda t=table, c=count: update(t, c)) for _ in range(BASELINE_SAVES[count])]
            )
        path.unlink()
    return medians


def run(folder: Path, saves: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="bench-store-", dir=folder))
    rng = random.Random(1)
    try:
        print(f"\n== {root}\n   {filesystem_of(root)}")
        benches = {count: StoreBench(root / f"home-{count}", rng) for count in COUNTS}
        samples: dict[int, list[float]] = {count: [] for count in COUNTS}
        for count, bench in benches.items():
            bench.grow_to(count)
        for _ in range(saves):  # interleaved, so that a busy moment of the disk hits all alike
            for count, bench in benches.items():
                samples[count].append(timed(bench.save_one))
        ours = {count: median_ms(samples[count]) for count in COUNTS}
        bench = benches[COUNTS[-1]]
        editing = bench.saves_while_editing(saves)
        lists = bench.lists()
        base = baseline(root, bench.draft_document(), rng)

        print(f"   one draft file: {bench.file_size() / 1024:.0f} KB ({ANSWERS} answers + history)")
        print("   drafts   save_answer median   plain TinyDB, one file   TinyDB ÷ ours")
        for count in COUNTS:
            print(
                f"   {count:>6}   {ours[count]:>15.2f} ms   {base[count]:>19.2f} ms"
                f"   {base[count] / ours[count]:>12.1f}×"
            )
        print(
            f"   1,000 drafts, {saves} saves to one draft held open for editing (its history grows): {editing:.2f} ms"
        )
        ratio = ours[1000] / ours[10]
        print(f"   1,000 ÷ 10 drafts: ours {ratio:.2f}×, plain TinyDB {base[1000] / base[10]:.1f}×")
        print(
            f"   list 1,000 drafts: {lists['warm']:.1f} ms (warm), {lists['after one save']:.1f} ms"
            f" (just after saving an answer), {lists['cold']:.0f} ms (cold: no index yet)"
        )
        for label, ok in (
            ("median at 1,000 drafts ≤ 5 ms", ours[1000] <= 5),
            ("1,000-draft median ≤ 1.3 × 10-draft median", ratio <= 1.3),
            ("listing 1,000 drafts ≤ 100 ms", lists["warm"] <= 100),
        ):
            print(f"   [{'ok' if ok else 'MISSED'}] {label}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark of the draft store.")
    parser.add_argument("--dir", action="append", type=Path, help="a folder on the disk to test")
    parser.add_argument("--saves", type=int, default=200, help="timed saves per draft count")
    args = parser.parse_args()
    started = time.perf_counter()
    for folder in args.dir or [Path(tempfile.gettempdir())]:
        run(folder, args.saves)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
