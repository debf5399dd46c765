"""The store: the only code that touches TinyDB. Drafts, answers with their history, crash-safe
files, locks between processes, trash, import/export, migrations and recovery.

    from store import DraftStore
    store = DraftStore(home)  # home: --home DIR, else $REPORT_ASSISTANT_HOME, else the
                              # user data folder (store.paths.default_home)
    store.save_answer(draft_id, "unit_name", "某某局", progress=12)  # progress: the caller's

Every error the store raises for the user is a StoreError whose str() is a Chinese sentence.
Locking rules: store.drafts; files on disk: store.paths."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.drafts import DraftStore
    from store.errors import (
        DataFolderError,
        DiskError,
        DraftDamaged,
        DraftLocked,
        DraftNotFound,
        ExportFailed,
        ImportFailed,
        NothingToUndo,
        StoreError,
    )
    from store.paths import default_home

# Loaded on first use (PEP 562): `store.errors`, `store.paths` and `store.view_cache` are light,
# and importing them must not bring in TinyDB and pydantic with store.drafts.
_WHERE = {"DraftStore": "store.drafts", "default_home": "store.paths"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE.get(name, "store.errors")), name)


__all__ = [
    "DataFolderError",
    "DiskError",
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
