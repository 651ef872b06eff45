"""The one thing the generator checks in the hand-written Package.swift: that it declares the generated
modules of the overlay's groups, in the same order."""

from __future__ import annotations

import re
from typing import List

DECLARATION = re.compile(r"let ecsAPIModules\s*=\s*\[(?P<names>[^\]]*)\]")


def check_manifest(path: str, modules: List[str]) -> List[str]:
    """Problems with Package.swift's `ecsAPIModules` (empty when it lists exactly `modules`)."""
    with open(path, encoding="utf-8") as handle:
        match = DECLARATION.search(handle.read())
    if match is None:
        return ["Package.swift declares no `let ecsAPIModules = [...]`; list the overlay's group modules there"]
    declared = re.findall(r'"([^"]+)"', match.group("names"))
    if declared != modules:
        return [f"Package.swift's ecsAPIModules is {declared}, but the overlay's groups are {modules}: make them agree"]
    return []
