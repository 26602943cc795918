"""Fast YAML reading with line numbers found only when a problem needs one.

Parsing uses PyYAML's C loader when present. Line numbers are looked up lazily by
re-composing the text, so valid files (the common case) pay nothing for them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is ~10x faster; fall back quietly where libyaml is missing
    _SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _SafeLoader = yaml.SafeLoader


class _BadValue(yaml.MarkedYAMLError):
    """A value YAML reads but we refuse (an impossible date, a key written twice), with a fix."""

    def __init__(self, problem: str, problem_mark: Any, fix: str, first: int | None = None):
        super().__init__(problem=problem, problem_mark=problem_mark)
        self.fix = fix
        self.first = first  # 0-based line of an earlier occurrence, placed as {first} in problem


class _Loader(_SafeLoader):
    """The safe loader, except that a bad date is a located error instead of a ValueError."""


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """Dates only, in a sane range: a time of day (a datetime) or year 9999 would break the
    date arithmetic later, far from the line that caused it."""
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise _BadValue(f"impossible date '{node.value}' ({exc})", node.start_mark,
                        "write a real calendar date as YYYY-MM-DD") from None
    if isinstance(value, dt.datetime):
        raise _BadValue(f"'{node.value}' has a time of day", node.start_mark, "write only the date, as YYYY-MM-DD")
    if not 1900 <= value.year <= 2999:
        raise _BadValue(f"date '{node.value}' is out of range", node.start_mark, "write a year between 1900 and 2999")
    return value


def _mapping(loader: Any, node: yaml.MappingNode) -> Any:
    """A key written twice would silently lose the first value (say, two not_applicable:
    blocks): report it where the second one starts."""
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is not None and key != "<<":
            if key in seen:
                raise _BadValue(f"'{key}' appears twice in the same block (first on line {{first}}); "
                                "YAML would keep only the last one", key_node.start_mark,
                                "merge the two into one entry", first=seen[key])
            seen[key] = key_node.start_mark.line
    return yaml.constructor.SafeConstructor.construct_yaml_map(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)

# Same front matter rule as MkDocs (mkdocs.utils.meta): '---' line, YAML, '---' or '...' line.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:\.{3}|-{3})[ \t]*(?:\r?\n|\Z)", re.S)


class SourceError(Exception):
    """A file could not be read or parsed; ``line`` is 1-based (0 = whole file)."""

    def __init__(self, path: str, line: int, problem: str, fix: str):
        super().__init__(problem)
        self.path, self.line, self.problem, self.fix = path, line, problem, fix


@dataclass(frozen=True)
class Source:
    """Parsed YAML plus what is needed to point at a line later."""

    path: str  # as shown to the user (relative to the repository when possible)
    text: str  # the YAML text itself
    data: Any
    line_offset: int = 0  # lines before the YAML text (front matter starts after '---')

    def line_of(self, path: tuple[Any, ...]) -> int:
        """1-based line of the deepest node of ``path`` that exists in the file: the key of a
        mapping entry (so a missing field points at its parent's key), the item of a list."""
        try:
            node = yaml.compose(self.text, Loader=_Loader)
        except yaml.YAMLError:
            return self.line_offset + 1
        line = node.start_mark.line + 1 if node is not None else 1
        for key in path:
            found = _child(node, key)
            if found is None:
                break
            at, node = found
            line = at.start_mark.line + 1
        return line + self.line_offset


def _child(node: yaml.Node | None, key: Any) -> tuple[yaml.Node, yaml.Node] | None:
    """(node to point at, node to descend into) for ``key`` under ``node``."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == str(key):
                return k, v
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    return None


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 text file (a BOM is accepted) or raise a clear SourceError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(shown, 0, "file not found", "create it or check the path") from None
    except OSError as exc:
        raise SourceError(shown, 0, f"cannot read file ({exc.strerror})", "check the file permissions") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            shown, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file with UTF-8 encoding (in most editors: Save As → Encoding → UTF-8)",
        ) from None


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Source:
    try:
        data = yaml.load(text, Loader=_Loader)
    except _BadValue as exc:
        problem = str(exc.problem)
        if exc.first is not None:
            problem = problem.replace("{first}", str(exc.first + 1 + line_offset))
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise SourceError(shown, line + line_offset, problem, exc.fix) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        opened = _unclosed_quote(text, exc, line)
        if opened:
            raise SourceError(shown, opened + line_offset, "YAML syntax error: a quote opened on this line is not closed",
                              "end the text with the same quote mark on this line") from None
        raise SourceError(shown, line + line_offset, f"YAML syntax error: {exc.problem or 'invalid YAML'}",
                          "fix the indentation or quoting on this line (quote text that contains ': ' or starts with a symbol)") from None
    except yaml.YAMLError as exc:
        raise SourceError(shown, line_offset + 1, f"YAML error: {exc}", "fix the YAML syntax") from None
    return Source(shown, text, data, line_offset)


def _unclosed_quote(text: str, exc: yaml.MarkedYAMLError, line: int) -> int | None:
    """Where a forgotten closing quote was opened: YAML only notices lines later, where the
    quoted text happens to end (at the next quote mark, or at the end of the file)."""
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        return exc.context_mark.line + 1
    opened = None
    try:
        for tok in yaml.scan(text, Loader=_Loader):
            if tok.start_mark.line + 1 > line:
                break
            if (isinstance(tok, yaml.ScalarToken) and not tok.plain and tok.end_mark.line + 1 == line
                    and tok.start_mark.line < tok.end_mark.line):
                opened = tok.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return opened


def load_yaml_file(path: Path, shown: str) -> Source:
    text = read_text(path, shown)
    if not text.strip():
        raise SourceError(shown, 0, "file is empty", "fill it in (see the formats in README.md)")
    return parse_yaml(text, shown)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return (front matter YAML or None, number of lines before the body)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return None, 0
    return (m.group(1) or ""), m.group(0).count("\n")


def body_line_offset(text: str) -> int:
    """Lines before a page's body as MkDocs sees it (front matter, then blank lines it strips)."""
    fm, lines = split_front_matter(text)
    rest = text.split("\n", lines)[-1] if lines else text
    return lines + (len(rest) - len(rest.lstrip("\n")))


def load_front_matter(path: Path, shown: str) -> Source:
    """Parse a Markdown page's front matter; its lines are offset by the opening '---'."""
    return front_matter_source(read_text(path, shown), shown)


def front_matter_source(text: str, shown: str) -> Source:
    """The front matter of a page already read (see ``load_front_matter``)."""
    fm, _ = split_front_matter(text)
    if fm is None and re.match(r"-{3}[ \t]*\r?\n", text):
        raise SourceError(shown, 1, "front matter is not closed",
                          "end the front matter (title:, covers:, status:, owner:) with a line holding only '---'")
    if fm is None:
        raise SourceError(shown, 1, "no front matter",
                          "start the page with '---', then title:, covers:, status: and owner:, then '---'")
    return parse_yaml(fm, shown, line_offset=1)


def locate(path: Path, shown: str, field_path: tuple[Any, ...], front_matter: bool = False) -> int:
    """Line of a field in a file that already parsed once (used only to report a problem)."""
    try:
        src = load_front_matter(path, shown) if front_matter else load_yaml_file(path, shown)
    except SourceError:
        return 0
    return src.line_of(field_path)
