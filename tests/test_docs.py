"""The documentation runs: every example in ``docs/*.md`` and in the package's docstrings.

Conventions (written down at the top of ``docs/reference.md``):

- A ```` ```python ```` block written as a ``>>>`` session is run by :mod:`doctest` (``ELLIPSIS`` and
  ``NORMALIZE_WHITESPACE`` on), so the output it shows is checked; a block without ``>>>`` is
  executed as it stands (it asserts what it promises).
- A ```` ```console ```` block holds ``$ govtables …`` commands, each followed by the output it
  prints (standard output and error); they run through :func:`govtables.cli.main` and the output is
  compared like a doctest's (``...`` elides). A command ending ``; echo $?`` also shows its exit
  status on the last line.
- Blocks of one file run in order in one namespace, with the repository root as the working
  directory. Other blocks (```` ```sh ````, ```` ```text ````, ```` ```sql ```` …) are not run.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import pkgutil
import re
import shlex
from pathlib import Path

import pytest

import govtables
from govtables.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_ECHO_STATUS = re.compile(r";\s*echo \$\?\s*$")


def blocks(path: Path) -> list[tuple[str, int, str]]:
    """(language, line of the block's first code line, code) of every fenced block of a file."""
    text = path.read_text(encoding="utf-8")
    return [
        (match.group(1), text.count("\n", 0, match.start(2)) + 1, match.group(2))
        for match in _FENCE.finditer(text)
    ]


def run_python(block: str, namespace: dict, name: str, line: int) -> None:
    if ">>>" not in block:
        exec(compile(block, f"{name}:{line}", "exec"), namespace)
        return
    test = doctest.DocTestParser().get_doctest(block, namespace, name, name, line - 1)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    output: list[str] = []
    runner.run(test, out=output.append, clear_globs=False)
    namespace.update(test.globs)  # a DocTest runs in a copy of the namespace it was given
    if runner.failures:
        pytest.fail("".join(output), pytrace=False)


def console_commands(block: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    pairs: list[tuple[str, list[str]]] = []
    for text in block.splitlines():
        if text.startswith("$ "):
            pairs.append((text[2:], []))
        elif pairs:
            pairs[-1][1].append(text)
    return [(command, "\n".join(out).rstrip() + "\n") for command, out in pairs]


def run_console(block: str, name: str, line: int) -> None:
    checker = doctest.OutputChecker()
    for command, expected in console_commands(block):
        echo = bool(_ECHO_STATUS.search(command))
        argv = shlex.split(_ECHO_STATUS.sub("", command))
        assert argv[0] == "govtables", f"{name}:{line}: only govtables commands are run: {command}"
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            status = main(argv[1:])
        got = captured.getvalue().rstrip() + ("\n" + str(status) if echo else "")
        got = "\n".join(line.rstrip() for line in got.splitlines()).rstrip() + "\n"
        if not checker.check_output(expected, got, FLAGS):
            pytest.fail(f"{name}:{line}: $ {command}\n--- expected\n{expected}--- got\n{got}", pytrace=False)


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_doc_examples_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": f"docs.{path.stem}"}
    for language, line, code in blocks(path):
        name = f"docs/{path.name}"
        if language == "python":
            run_python(code, namespace, name, line)
        elif language == "console":
            run_console(code, name, line)


def _modules() -> list[str]:
    """Every module of the package (optional extras are imported only where used, so all import)."""
    return ["govtables", *(info.name for info in pkgutil.walk_packages(govtables.__path__, "govtables."))]


@pytest.mark.parametrize("module", _modules())
def test_docstring_examples_run(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(module), optionflags=FLAGS, report=True)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {module} failed (see above)"


def test_every_doc_block_is_in_a_known_language() -> None:
    """A typo in a fence (```pyhton) would silently skip a block."""
    known = {"python", "console", "sh", "text", "toml", "sql", "json", "html"}
    for path in DOCS:
        for language, line, _ in blocks(path):
            assert language in known, f"docs/{path.name}:{line}: unknown block language {language!r}"
