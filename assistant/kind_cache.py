"""Each report kind as loaded and checked, kept between runs: a start reads one file instead of
parsing the question script, validating it into pydantic models, checking its references and
compiling its templates and expressions (most of `load_kind`'s time, paid on every `fill`).

The cache is an optimisation only. Its key is the content of everything the loaded kind follows
from (the kind's script and templates, the shared templates, the program's own modules, the
Python and pydantic versions), so any change makes a new entry; an entry that cannot be read
(cut short, from another version, damaged) is passed over and written again, and a cache folder
that cannot be written is not used. Deleting it changes nothing but time.

The entries are pickles in the user's own cache folder (as the compiled templates beside them
are Python bytecode): whoever can write there can already run code as the user.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.models import ReportKind

_PACKAGE = Path(__file__).resolve().parent


def cache_root() -> Path:
    """The program's cache folder (also the compiled templates')."""
    from platformdirs import user_cache_dir

    return Path(os.environ.get("REPORT_ASSISTANT_CACHE") or user_cache_dir("report-assistant"))


def _key(kind_id: str, prompts: Path, templates: Path) -> str:
    import pydantic

    from assistant.fingerprint import files_digest, kind_digest

    code = files_digest(_PACKAGE.glob("*.py"), _PACKAGE)  # the models, loader, parsers and checks
    versions = f"{sys.version_info[:3]} {pydantic.VERSION} {pickle.HIGHEST_PROTOCOL}"
    files = f"{kind_digest(kind_id, prompts, templates)} {prompts} {templates} {code}"
    return hashlib.sha256(f"{files} {versions}".encode()).hexdigest()[:24]


def _path(kind_id: str, key: str) -> Path:
    return cache_root() / "kinds" / f"{kind_id}-{key}.sha256.pickle"  # (entries with their digest)


def load(kind_id: str, prompts: Path, templates: Path) -> tuple[ReportKind | None, str | None]:
    """The cached kind of the script in `prompts` with its templates in `templates`, if there is
    a good entry, and the key to store it under otherwise (None: the kind's files cannot be read,
    so the loader says why)."""
    from assistant.models import ReportKind

    try:
        key = _key(kind_id, prompts, templates)
    except OSError:
        return None, None
    try:
        data = _path(kind_id, key).read_bytes()
        # its SHA-256 first: damage that still unpickles (a character of a question changed) is not taken
        if hashlib.sha256(data[32:]).digest() != data[:32]:
            return None, key
        kind = pickle.loads(data[32:])
    except Exception:  # none yet, cut short, damaged, or of classes that have changed
        return None, key
    return (kind, key) if isinstance(kind, ReportKind) and kind.id == kind_id else (None, key)


def store(kind: ReportKind, key: str) -> None:
    """Keep the kind (without its Jinja environment, made again when first rendered: its template
    folder is part of the key); silently
    nothing when the cache folder cannot be written."""
    from store.atomic import PRIVATE, write_atomic

    entry = kind.model_copy()
    entry._environment = None
    path = _path(kind.id, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(path, hashlib.sha256(data).digest() + data, durable=False, mode=PRIVATE)
    except (OSError, pickle.PicklingError):
        return
