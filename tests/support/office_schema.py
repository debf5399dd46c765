"""The Office schema check every file the program writes must pass, for any test to call:

    from tests.support.office_schema import assert_valid_office_file
    assert_valid_office_file(path)            # a .docx now; an .xlsx or .pptx alike

The validator is openxml-audit: pure Python, it carries the schemas of Microsoft's Open XML SDK
(the rules Word and Excel apply when they open a file and offer to repair it) and checks the
package, its relationships, every XML part against the schema of its content type, and the
links between parts (a pStyle naming a style that does not exist). It is run at the
Microsoft 365 level, strict, with no cap on the number of errors. LibreOffice forgives most of
what it finds; Word does not.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from openxml_audit import FileFormat, OpenXmlValidator, ValidationError

FORMAT = FileFormat.MICROSOFT_365


@dataclass(frozen=True)
class Violation:
    """One finding: the part (/word/styles.xml), the path of the element inside it, the element
    (or attribute) concerned, and the validator's description."""

    part: str
    path: str
    node: str
    description: str

    def __str__(self) -> str:
        return f"{self.part or '(package)'} {self.path or '/'} <{self.node or '?'}>: {self.description}"


@functools.cache
def _validator() -> OpenXmlValidator:
    # built once per process: loading the schemas takes about 0.3 s, a file then 20–150 ms
    return OpenXmlValidator(file_format=FORMAT, max_errors=0, strict=True)


def _violation(error: ValidationError) -> Violation:
    return Violation(error.part_uri, error.path, error.node or "", error.description)


def office_violations(path: str | Path) -> list[Violation]:
    """Every schema, package and cross-part violation of the Office file at `path`."""
    return [_violation(e) for e in _validator().validate(Path(path)).errors]


def assert_valid_office_file(path: str | Path) -> None:
    """Fail, naming each violation's part, path and element, unless `path` passes the schema."""
    found = office_violations(path)
    if found:
        lines = "\n".join(f"  {v}" for v in found)
        raise AssertionError(f"{Path(path).name}: {len(found)} Office schema violation(s) ({FORMAT.value}):\n{lines}")
