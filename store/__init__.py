"""The store: the only code that touches TinyDB. Drafts, answers with their history, crash-safe
files, locks between processes, trash, import/export, migrations and recovery.

    from store import DraftStore
    store = DraftStore(home, progress=percent_of)  # home: --home DIR, else
                                                   # $REPORT_ASSISTANT_HOME, else the user
                                                   # data folder (store.paths.default_home)

Every error the store raises for the user is a StoreError whose str() is a Chinese sentence.
Locking rules: store.drafts; files on disk: store.paths."""

from store.drafts import DraftStore
from store.errors import (
    DraftDamaged,
    DraftLocked,
    DraftNotFound,
    ExportFailed,
    ImportFailed,
    NothingToUndo,
    StoreError,
)
from store.paths import default_home

__all__ = [
    "DraftDamaged",
    "DraftLocked",
    "DraftNotFound",
    "DraftStore",
    "ExportFailed",
    "ImportFailed",
    "NothingToUndo",
    "StoreError",
    "default_home",
]
