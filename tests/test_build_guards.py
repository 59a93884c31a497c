"""Build-time holes of issue 19 (and issue 18 item 6), each tried on a copy of the project with the
real strict build: a page runs no code at build time, no file leaves the repository by a link, the
theme's output carries no script that is not written in a template, and every refusal is one line
naming the source (file and line), with no traceback.

More cases of the same kind are bad-data fixtures 70-82 (tests/fixtures/bad-data)."""

from __future__ import annotations

import os
import pathlib
import re

import jinja2
import pytest

from helpers import build, copy_project
from macros import macros as page_macros

SSTI = (
    "{{{{ law('ecommerce-2' if cycler.__init__.__globals__.os.system('touch {marker}') "
    "is not none else 'x') }}}}"
)


def _build(tmp_path: pathlib.Path, config: pathlib.Path):
    proc = build(
        tmp_path / "site", config=config, data_dir=config.parent / "data", env={"WQ_DOWNLOADS": "false"}
    )
    return proc, proc.stdout + proc.stderr


def _problems(output: str) -> list[str]:
    """The lines that report a problem (MkDocs' ERROR lines and the indented lines under them)."""
    lines = output.splitlines()
    return [line for line in lines if line.startswith(("ERROR", "  ")) and "Error reading page" not in line]


def _one_clean_line(proc, output: str, needle: str) -> str:
    assert proc.returncode != 0, output[-2000:]
    assert "Traceback" not in output and "Macro Rendering Error" not in output, output[-3000:]
    found = [line for line in _problems(output) if needle in line]
    assert len(found) == 1, f"{needle!r} must be reported on one line:\n{output[-3000:]}"
    return found[0]


def _append(path: pathlib.Path, text: str) -> int:
    """Append `text` on a line of its own; returns that line's number."""
    source = path.read_text(encoding="utf-8")
    path.write_text(source + "\n" + text + "\n", encoding="utf-8")
    return source.count("\n") + 2


@pytest.mark.build
def test_ssti_payload_fails_the_build_and_runs_nothing(tmp_path):
    config = copy_project(tmp_path / "project")
    marker = tmp_path / "marker"
    line = _append(tmp_path / "project/docs/about.md", SSTI.format(marker=marker))
    proc, output = _build(tmp_path, config)
    assert not marker.exists(), "the payload ran a command on the build machine"
    problem = _one_clean_line(proc, output, "docs/about.md")
    assert f"docs/about.md: line {line}: " in problem and "cycler.__init__" in problem, problem
    assert "not a literal" in problem


@pytest.mark.build
def test_a_refused_macro_call_names_its_one_line_and_no_traceback(tmp_path):
    """{{ law(['consumer-44']) }} on a page with many law() calls: the message names its line only."""
    config = copy_project(tmp_path / "project")
    page = tmp_path / "project/docs/guides/laws.md"
    line = _append(page, "{{ law(['consumer-44']) }}")
    proc, output = _build(tmp_path, config)
    problem = _one_clean_line(proc, output, "docs/guides/laws.md")
    assert re.search(rf"docs/guides/laws\.md: line {line}: law\(\['consumer-44'\]\): ids are text", problem)
    assert not re.search(r"line \d+, \d+", problem), problem


@pytest.mark.build
def test_an_unknown_id_names_the_line_of_its_call(tmp_path):
    """A refusal made while Jinja renders (an id the data lacks) also names its own line."""
    config = copy_project(tmp_path / "project")
    line = _append(tmp_path / "project/docs/guides/laws.md", '{{ law("consumer-4400") }}')
    proc, output = _build(tmp_path, config)
    problem = _one_clean_line(proc, output, "consumer-4400")
    assert f'docs/guides/laws.md: line {line}: law("consumer-4400"): unknown law id' in problem, problem


def test_pages_render_in_jinja_sandbox():
    """The second wall: even an expression the page check let through could not reach Python."""

    class Plugin:  # the part of mkdocs-macros' plugin that _sandbox uses
        _env = jinja2.Environment(undefined=jinja2.StrictUndefined)

        @property
        def env(self):
            return self._env

    plugin = Plugin()
    plugin._env.globals["law"] = lambda law_id: law_id
    jinja = page_macros._sandbox(plugin)
    assert plugin.env is jinja and jinja.undefined is jinja2.StrictUndefined
    payload = "{{ law('x' if cycler.__init__.__globals__.os.environ is not none else 'y') }}"
    with pytest.raises(jinja2.exceptions.SecurityError):
        jinja.from_string(payload).render(cycler=jinja2.utils.Cycler)
    assert jinja.from_string("{{ law('ecommerce-59') }}").render() == "ecommerce-59"


@pytest.mark.build
@pytest.mark.parametrize("where", ["docs/assets/wq/passwd.txt", "data/passwd.yml", "overrides/passwd.html"])
def test_a_symbolic_link_fails_the_build_with_its_path(tmp_path, where):
    config = copy_project(tmp_path / "project")
    os.symlink("/etc/passwd", tmp_path / "project" / where)
    proc, output = _build(tmp_path, config)
    problem = _one_clean_line(proc, output, where)
    assert "is a symbolic link (to /etc/passwd)" in problem, problem
    assert not list((tmp_path / "site").rglob("passwd*")), "the linked file was published"


@pytest.mark.build
def test_a_script_in_the_themes_output_that_no_template_holds_fails_the_build(tmp_path):
    """overrides/main.html printing a value that holds a script (as Material prints `subtitle`):
    the script is in every page's <head>, written by no template, and the build fails."""
    config = copy_project(tmp_path / "project")
    main = tmp_path / "project/overrides/main.html"
    main.write_text(
        main.read_text(encoding="utf-8")
        + '\n{% block extrahead %}{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}{% endblock %}\n',
        encoding="utf-8",
    )
    proc, output = _build(tmp_path, config)
    assert proc.returncode != 0, output[-2000:]
    assert "Traceback" not in output, output[-3000:]
    refused = [line for line in _problems(output) if "not one of the theme's inline scripts" in line]
    assert len(refused) >= 50 and any(line.startswith("  docs/about.md") for line in refused), refused[:3]
