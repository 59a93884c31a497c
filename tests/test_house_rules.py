"""House rules on the whole tree (CONTRIBUTING): ruff clean, no Python function over 50 lines,
no JavaScript file of the site over 250 lines. Each failure names the file (and function)."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUFF = pathlib.Path(sys.executable).parent / "ruff"
MAX_FUNCTION = 50  # lines, decorators and docstring included
MAX_SCRIPT = 250  # lines of one browser script
PYTHON = ["macros", "hooks.py", "bench", "scripts", "tests"]
SCRIPTS = ["docs/assets/wq", "macros/js"]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RUFF), *args, "."], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_ruff_check_is_clean():
    proc = _ruff("check", "--no-cache", "--output-format", "concise")
    assert proc.returncode == 0, f"ruff check .:\n{proc.stdout}{proc.stderr}"


def test_ruff_format_is_clean():
    proc = _ruff("format", "--check", "--no-cache")
    assert proc.returncode == 0, f"ruff format --check . (run `ruff format .`):\n{proc.stdout}{proc.stderr}"


def python_files() -> list[pathlib.Path]:
    files = []
    for name in PYTHON:
        path = ROOT / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [f for f in files if "fixtures" not in f.relative_to(ROOT).parts]


def long_functions(source: str, filename: str) -> list[str]:
    """'file: name() is N lines' for every function or method longer than MAX_FUNCTION."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = node.end_lineno - start + 1
            if length > MAX_FUNCTION:
                found.append(f"{filename}:{node.lineno}: {node.name}() is {length} lines")
    return found


def test_no_python_function_is_over_50_lines():
    found = []
    for path in python_files():
        found += long_functions(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert not found, f"functions over {MAX_FUNCTION} lines (split them):\n" + "\n".join(found)


def test_no_browser_script_is_over_250_lines():
    found = []
    for folder in SCRIPTS:
        for path in sorted((ROOT / folder).rglob("*.js")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_SCRIPT and not path.name.endswith(".min.js"):
                found.append(f"{path.relative_to(ROOT).as_posix()}: {lines} lines")
    heading = f"browser scripts over {MAX_SCRIPT} lines (split into a new wq-*.js):"
    assert not found, "\n".join([heading, *found])


def test_the_length_check_sees_a_long_function():
    body = "\n".join(f"    x = {n}" for n in range(MAX_FUNCTION))
    assert long_functions(f"def f():\n{body}\n", "t.py") == ["t.py:1: f() is 51 lines"]
    method = "class C:\n    def g(self):\n" + "\n".join(f"        x = {n}" for n in range(MAX_FUNCTION))
    assert long_functions(method, "t.py") == ["t.py:2: g() is 51 lines"]
    assert not long_functions("def f():\n    return 1\n", "t.py")
