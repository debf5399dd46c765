"""How saving an answer and listing drafts scale with the number of drafts, against baselines
measured in the same run, interleaved save by save.

    python benchmarks/bench_store.py [--dir DIR ...] [--saves N]

For 10, 100 and 1,000 drafts (each the fully answered sample-3 draft, with the history an
interview leaves), a save is what the program does when Enter is pressed on an answer: the
draft's answers evaluated for its progress (as the session does on every change) and
`DraftStore.save_answer` with that progress, on a random draft. Beside it, the same change:

- the minimum durable write of the same bytes (the draft's file: write a temporary file, fsync,
  rename over the file, fsync of the folder), the floor any crash-safe store pays;
- plain TinyDB with one JSON file per draft (TinyDB's own storage: not atomic, no fsync).

Then the store alone (no evaluation) the same way, saves to a draft held open for editing, and
the time to list 1,000 drafts. fsync dominates, so run it on the disk the program will use
(--dir, repeatable; the default is the system's temporary folder). Targets: the 1,000-draft
median ≤ 1.3× the 10-draft median; listing 1,000 drafts ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
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

from store import DraftStore

COUNTS = (10, 100, 1000)
QUID = "spend_basic"
AMOUNTS = ("220.26万元", "220.25万元")  # alternated: every save changes the answer


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
    """A data folder of `count` copies of the fully answered demo draft, with the baselines' own
    copies of the same draft file."""

    def __init__(self, home: Path, sample: Path, count: int, rng: random.Random) -> None:
        from assistant.kinds import load_kind

        self.home, self.rng = home, rng
        self.store = DraftStore(home)
        self.ids = [self.store.import_json(sample) for _ in range(count)]
        self.kind = load_kind("dept-overall")
        self.answers = {d: dict(self.store.load(d).answers) for d in self.ids}  # as an open session has them
        self.turn = 0
        self.data = (home / "drafts" / f"{self.ids[0]}.json").read_bytes()
        self.floor = home.with_name(f"{home.name}-floor")
        self.floor.mkdir()
        self.tinydb = home.with_name(f"{home.name}-tinydb")
        self.tinydb.mkdir()
        document = self.store.load(self.ids[0]).model_dump(mode="json")
        for i in range(count):
            with TinyDB(self.tinydb / f"{i}.json", encoding="utf-8", ensure_ascii=False) as db:
                db.table("drafts").insert(document)

    def _value(self, draft_id: str | None = None) -> str:
        """The other amount than the draft has: every save changes it (the same value is no write)."""
        if draft_id is None:
            self.turn += 1
            return AMOUNTS[self.turn % 2]
        return AMOUNTS[1] if self.answers[draft_id].get(QUID) == AMOUNTS[0] else AMOUNTS[0]

    def real_save(self) -> None:
        """Enter on an answer: the draft evaluated with the new answer (its progress), then stored."""
        from assistant.interview import Progress
        from assistant.pipeline import evaluate

        draft_id = self.rng.choice(self.ids)
        answers = self.answers[draft_id]
        answers[QUID] = self._value(draft_id)
        progress = Progress.of(evaluate(self.kind, answers)).percent
        self.store.save_answer(draft_id, QUID, answers[QUID], progress=progress)

    def store_save(self) -> None:
        """The store alone (what this benchmark timed before)."""
        draft_id = self.rng.choice(self.ids)
        self.answers[draft_id][QUID] = value = self._value(draft_id)
        self.store.save_answer(draft_id, QUID, value)

    def durable_write(self) -> None:
        """The floor: the same bytes written crash-safely, nothing else."""
        target = self.floor / f"{self.rng.randrange(len(self.ids))}.json"
        tmp = target.with_suffix(".tmp")
        with open(tmp, "wb") as file:
            file.write(self.data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, target)
        fd = os.open(self.floor, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def tinydb_save(self) -> None:
        value = self._value()
        path = self.tinydb / f"{self.rng.randrange(len(self.ids))}.json"

        def change(d: Any) -> None:
            d["answers"][QUID] = value

        with TinyDB(path, encoding="utf-8", ensure_ascii=False) as db:
            db.table("drafts").update(change)

    def saves_while_editing(self, rounds: int) -> float:
        """Saves to one draft opened for editing, as the terminal UI does (no lock per save)."""
        draft_id = self.rng.choice(self.ids)
        self.store.open_for_edit(draft_id)

        def save() -> None:
            self.answers[draft_id][QUID] = value = self._value(draft_id)
            self.store.save_answer(draft_id, QUID, value)

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
            self.store_save()
            after_save.append(timed(self.store.list))
        return {"cold": cold * 1000, "warm": warm, "after one save": median_ms(after_save)}


def demo_sample(root: Path) -> Path:
    """The fully answered demo draft (sample 3), exported as a draft file to import copies of."""
    from assistant.workspace import ensure_demo_draft

    store = DraftStore(root / "sample-home")
    sample = root / "sample.json"
    store.export_json(ensure_demo_draft(store), sample)
    store.close()
    return sample


CONTENDERS = ("real save", "store alone", "durable write", "TinyDB, a file a draft")


def run(folder: Path, saves: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="bench-store-", dir=folder))
    rng = random.Random(1)
    try:
        print(f"\n== {root}\n   {filesystem_of(root)}; load {os.getloadavg()[0]:.2f}")
        sample = demo_sample(root)
        benches = {count: StoreBench(root / f"home-{count}", sample, count, rng) for count in COUNTS}
        samples = {(count, name): [] for count in COUNTS for name in CONTENDERS}
        for i in range(saves):  # interleaved, so that a busy moment of the disk hits all alike
            for count, bench in benches.items():
                actions = dict(zip(CONTENDERS, (bench.real_save, bench.store_save, bench.durable_write,
                                                bench.tinydb_save), strict=True))  # fmt: skip
                names = list(CONTENDERS)
                for name in names[i % 4 :] + names[: i % 4]:
                    samples[count, name].append(timed(actions[name]))
        med = {key: median_ms(values) for key, values in samples.items()}
        bench = benches[COUNTS[-1]]
        editing = bench.saves_while_editing(saves)
        lists = bench.lists()

        print(f"   one draft file: {len(bench.data) / 1024:.0f} KB (the sample-3 draft with its history)")
        heads = "   ".join(f"{n:>22}" for n in CONTENDERS)
        print(f"   {'drafts':>6}   {heads}   real ÷ durable   real ÷ TinyDB")
        for count in COUNTS:
            cells = "   ".join(f"{med[count, n]:>19.2f} ms" for n in CONTENDERS)
            print(f"   {count:>6}   {cells}   {med[count, 'real save'] / med[count, 'durable write']:>13.2f}×"
                  f"   {med[count, 'real save'] / med[count, 'TinyDB, a file a draft']:>12.2f}×")  # fmt: skip
        ratio = med[1000, "real save"] / med[10, "real save"]
        floor = med[1000, "durable write"] / med[10, "durable write"]
        print(f"   1,000 ÷ 10 drafts, real save: {ratio:.2f}× (durable write {floor:.2f}×)")
        print(f"   1,000 drafts, {saves} saves to one draft held open for editing (store alone): {editing:.2f} ms")
        print(
            f"   list 1,000 drafts: {lists['warm']:.1f} ms (warm), {lists['after one save']:.1f} ms"
            f" (just after saving an answer), {lists['cold']:.0f} ms (cold: no index yet)"
        )
        for label, ok in (
            ("1,000-draft median ≤ 1.3 × 10-draft median (real save)", ratio <= 1.3),
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
