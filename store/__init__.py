"""The store: the only code that touches TinyDB. Drafts, answers with their history, crash-safe
files, locking between processes, trash, import/export and migrations.

    from store import DraftStore
    store = DraftStore(home)            # home: --home DIR, else $REPORT_ASSISTANT_HOME, else
                                        # the user data folder (store.paths.default_home)

See store.drafts for the locking rules and store.paths for the files.
"""

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
