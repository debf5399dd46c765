"""The check's findings as the command line prints them: one line each, or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.review.check import check_file
from assistant.review.document import ReadError

FOUND = 3  # exit status when something is found (0: nothing, 2: the file cannot be read)


def print_check(path: str | Path, output: str = "text") -> int:
    document, slips = check_file(path)
    if document.empty:
        raise ReadError(f"{path} 中没有文字，没有可检查的内容。")
    if output == "json":
        print(json.dumps({"file": str(path), "findings": [s.as_dict() for s in slips]}, ensure_ascii=False, indent=2))
    elif slips:
        print(f"{path}：发现{len(slips)}处问题。")
        for n, slip in enumerate(slips, 1):
            print(f"{n}. {slip.line()}")
    else:
        print(f"{path}：未发现问题。")
    return FOUND if slips else 0
