"""No function is left behind that nothing calls: a function of the code is named
somewhere else in the code, its templates, tests or benchmarks (decorated ones register
themselves: receivers, admin classes, memos)."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import newsdesk

SOURCE = Path(newsdesk.__file__).parent
ROOT = SOURCE.parent.parent
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _words() -> Counter:
    files = [
        *SOURCE.rglob("*.py"),
        *SOURCE.rglob("*.html"),
        *(ROOT / "tests").rglob("*.py"),
        *(ROOT / "bench").rglob("*.py"),
    ]
    return Counter(word for path in files for word in WORD.findall(path.read_text()))


def _plain_functions() -> list[tuple[Path, str]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.decorator_list:
                found.append((path, node.name))
    return found


def test_every_function_is_used_somewhere():
    functions = _plain_functions()
    assert functions
    words = _words()
    unused = [f"{path.relative_to(SOURCE)}: {name}" for path, name in functions if words[name] < 2]
    assert unused == []
