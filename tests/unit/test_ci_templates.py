"""The CI templates parse as YAML and every `hsms …` command in them exists (verbs and options)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from hsms_manuals.ci_templates import TEMPLATES, text_of, write
from hsms_manuals.cli import build_parser
from hsms_manuals.errors import UsageError

REPO = Path(__file__).resolve().parents[2]
HOOKS = REPO / ".pre-commit-hooks.yaml"
_COMMAND = re.compile(r"(?:^|[\s;(|&])(?:\.venv/bin/)?hsms\s+([^\n]*)")


COMMAND_KEYS = {"run", "script", "before_script", "entry"}  # where CI and pre-commit take commands


def _strings(node, keys: set[str] | None = None, key: str | None = None) -> list[str]:
    """Every string of a YAML tree (only those under one of ``keys``, when given)."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, keys, str(k))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v, keys, key)]
    return [node] if isinstance(node, str) and (keys is None or key in keys) else []


def _value(m: re.Match[str]) -> str:
    """A plausible value for a shell or Actions variable: a share number for CI_NODE_*, else a manual id."""
    name = m.group(0)
    return "1" if "INDEX" in name else "4" if "TOTAL" in name else "acme"


def commands(text: str) -> list[list[str]]:
    """Every `hsms …` command line of a template, as argv (shell variables become a manual id;
    redirections, pipes, `||` and the `)` of a `$(…)` end the command)."""
    out = []
    for s in _strings(yaml.safe_load(text), COMMAND_KEYS):
        for m in _COMMAND.finditer(s):
            line = re.sub(r"\$\{\{[^}]*\}\}|\$\{?\w+\}?", _value, m.group(1))
            line = re.split(r"\s(?:>|\|\||\||&&)|;|\)", line)[0]
            out.append(shlex.split(line))
    return out


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.kind)
def test_template_parses_and_its_commands_exist(template):
    text = text_of(template)
    found = commands(text)
    assert found, f"{template.source} runs no hsms command"
    parser = build_parser()
    for argv in found:
        if argv[-1] == "--files":  # pre-commit appends the changed files
            argv = argv + ["manuals/acme/docs/index.md"]
        parser.parse_args(argv)  # SystemExit (a failed test) on an unknown verb or option


def test_github_workflow_shape():
    wf = yaml.safe_load(text_of(TEMPLATES[0]))
    jobs = wf["jobs"]
    assert jobs["check"]["strategy"]["matrix"]["manual"] == "${{ fromJSON(needs.changed.outputs.manuals) }}"
    steps = " ".join(_strings(jobs["check"]["steps"]))
    assert "hsms validate" in steps and "--format markdown" in steps and "hsms build" in steps
    assert "hsms publish" in " ".join(_strings(jobs["publish"]["steps"]))
    assert "gh pr comment" in " ".join(_strings(jobs["comment"]["steps"]))


def test_pre_commit_hooks_file_names_a_real_command():
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "hsms-validate" and hook["pass_filenames"] is True
    argv = shlex.split(hook["entry"])
    assert argv[0] == "hsms"
    args = build_parser().parse_args(argv[1:] + ["manuals/acme/manual.yml", "partners/acsa.yml"])
    assert args.verb == "validate" and args.files == ["manuals/acme/manual.yml", "partners/acsa.yml"]


def test_commands_found_include_shell_variables():
    assert commands('run: .venv/bin/hsms build "$m" --site-dir _site || status=1') == [
        ["build", "acme", "--site-dir", "_site"]
    ]


def test_write_refuses_to_overwrite_and_writes_nothing(tmp_path):
    (tmp_path / ".gitlab-ci.yml").write_text("mine\n")
    with pytest.raises(UsageError, match="never overwrites"):
        write(tmp_path)
    assert not (tmp_path / ".github").exists()
    assert (tmp_path / ".gitlab-ci.yml").read_text() == "mine\n"
    written = write(tmp_path, ["github", "pre-commit"])
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        ".github/workflows/hsms.yml",
        ".pre-commit-config.yaml",
    ]
    assert (tmp_path / ".github/workflows/hsms.yml").read_text() == text_of(TEMPLATES[0])
    assert sorted(p.name for p in (tmp_path / ".github/workflows").iterdir()) == ["hsms.yml"]  # no temp file left
