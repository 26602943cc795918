"""Fast YAML reading with line numbers found only when a problem needs one.

Parsing uses PyYAML's C loader when present. Line numbers come from composing the text once
more, the first time a problem in that file needs one (then every other problem of the file
reuses that index), so valid files (the common case) pay nothing for them and a file with
thousands of problems is still read in linear time.
"""

from __future__ import annotations

import datetime as dt
import errno
import math
import os
import re
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .text import CONTROL_CHARACTER

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


FIRST_YEAR, LAST_YEAR = 1900, 2999  # of any date hsms reads (manual.yml, --on): room for date arithmetic
YEARS_FIX = f"write a year between {FIRST_YEAR} and {LAST_YEAR}"


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """Dates only, in a sane range: a time of day (a datetime) or year 9999 would break the
    date arithmetic later, far from the line that caused it."""
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise _BadValue(
            f"impossible date '{node.value}' ({exc})", node.start_mark, "write a real calendar date as YYYY-MM-DD"
        ) from None
    if isinstance(value, dt.datetime):
        raise _BadValue(f"'{node.value}' has a time of day", node.start_mark, "write only the date, as YYYY-MM-DD")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise _BadValue(f"date '{node.value}' is out of range", node.start_mark, YEARS_FIX)
    return value


def _mapping(loader: Any, node: yaml.MappingNode) -> Any:
    """A key written twice would silently lose the first value (say, two not_applicable:
    blocks): report it where the second one starts."""
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is not None and key != "<<":
            if key in seen:
                raise _BadValue(
                    f"'{key}' appears twice in the same block (first on line {{first}}); "
                    "YAML would keep only the last one",
                    key_node.start_mark,
                    "merge the two into one entry",
                    first=seen[key],
                )
            seen[key] = key_node.start_mark.line
    return yaml.constructor.SafeConstructor.construct_yaml_map(loader, node)


# Python refuses to turn an int of more than 4,300 digits into text (and back); no value in
# our files needs a tenth of that. Counted on the written form, so hex and octal are covered.
MAX_NUMBER_CHARS = 100


def _int(loader: Any, node: yaml.ScalarNode) -> Any:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise _BadValue(
            f"a number of {len(node.value)} characters is too long",
            node.start_mark,
            f"write a number of at most {MAX_NUMBER_CHARS} digits, or put text in quotes",
        )
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


def _float(loader: Any, node: yaml.ScalarNode) -> Any:
    """.inf, .nan and 1e999 are numbers to YAML but no count, size or score can be one."""
    value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        raise _BadValue(
            f"'{node.value[:40]}' is not a finite number",
            node.start_mark,
            "write an ordinary number such as 14.5, or put text in quotes",
        )
    return value


def _str(loader: Any, node: yaml.ScalarNode) -> Any:
    """Written with escapes ("\u001b"), a control character gets past YAML's own check: no page,
    site or PDF can show one (the PDF build failed on it with no line to fix), and on a terminal
    it could hide or fake output."""
    value = yaml.constructor.SafeConstructor.construct_yaml_str(loader, node)
    if (found := CONTROL_CHARACTER.search(value)) is not None:
        raise _BadValue(
            f"holds a control character (U+{ord(found[0]):04X})",
            node.start_mark,
            "delete it (it can come in with text pasted from another program)",
        )
    return value


# YAML 1.1 reads yes/no/on/off as booleans: `province: ON` (Ontario) would become True and
# `answer: no` False. Only true/false are booleans here (as in YAML 1.2); the rest stays text.
_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)
_Loader.add_constructor("tag:yaml.org,2002:str", _str)

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
        lines = self._lines
        if lines is None:
            return self.line_offset + 1
        line = lines.line
        for key in path:
            lines = lines.child(key)
            if lines is None:
                break
            line = lines.line
        return line + self.line_offset

    @cached_property
    def _lines(self) -> _Lines | None:
        """The file's node tree as lines, composed once (the dataclass is frozen; cached_property
        stores beside the fields)."""
        try:
            node = yaml.compose(self.text, Loader=_Loader)
        except yaml.YAMLError:
            return None
        return _Lines.of(node, node.start_mark.line + 1 if node is not None else 1)


class _Lines:
    """Where each node of a YAML file is: a mapping entry by its key's text, a list item by
    its index. Built in one pass over the composed tree; a lookup costs one dict access per
    path step, so reporting N problems costs O(N), not N re-parses of the file."""

    __slots__ = ("line", "children", "is_list")

    def __init__(self, line: int, children: dict[Any, _Lines] | None = None, is_list: bool = False):
        self.line, self.children, self.is_list = line, children or {}, is_list

    @classmethod
    def of(cls, node: yaml.Node | None, line: int) -> _Lines:
        # Iterative (a deeply nested file must not hit the recursion limit). A node met again
        # through an alias (*name) shares the entries of its first visit: its lines are the
        # anchor's, and a few lines of aliases of aliases would otherwise expand to billions.
        top = cls(line)
        todo: list[tuple[yaml.Node | None, _Lines]] = [(node, top)]
        seen: dict[int, _Lines] = {}
        while todo:
            current, into = todo.pop()
            if isinstance(current, yaml.CollectionNode):
                if (first := seen.get(id(current))) is not None:
                    into.children, into.is_list = first.children, first.is_list
                    continue
                seen[id(current)] = into
            if isinstance(current, yaml.MappingNode):
                for k, v in current.value:
                    key = k.value if isinstance(k, yaml.ScalarNode) else None
                    if key is not None and key not in into.children:  # the first of a repeated key
                        child = into.children[key] = cls(k.start_mark.line + 1)
                        todo.append((v, child))
            elif isinstance(current, yaml.SequenceNode):
                into.is_list = True
                for i, item in enumerate(current.value):
                    child = into.children[i] = cls(item.start_mark.line + 1)
                    todo.append((item, child))
        return top

    def child(self, key: Any) -> _Lines | None:
        if self.is_list:
            return self.children.get(key) if isinstance(key, int) and not isinstance(key, bool) else None
        return self.children.get(str(key))


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    return next((word for test, word in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: Path, shown: str) -> bytes:
    """A regular file's bytes. A FIFO or device is refused without waiting on it: the file is
    opened non-blocking and checked with fstat before a byte is read (no race with a swap)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SourceError(shown, 0, "file not found", "create it or check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError(shown, 0, "a link that loops back on itself", "replace the link with the file") from None
        raise SourceError(shown, 0, f"cannot read file ({exc.strerror})", "check the file permissions") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # checked before wrapping: open() refuses a folder with a traceback
            raise SourceError(
                shown, 0, f"not a regular file ({file_kind(mode)})", "replace it with an ordinary file, or remove it"
            )
        with open(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError as exc:
        raise SourceError(shown, 0, f"cannot read file ({exc.strerror})", "check the file and the disk") from None
    finally:
        os.close(fd)


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 text file (a BOM is accepted) or raise a clear SourceError."""
    raw = read_bytes(path, shown)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            shown,
            line,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
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
            raise SourceError(
                shown,
                opened + line_offset,
                "YAML syntax error: a quote opened on this line is not closed",
                "end the text with the same quote mark on this line",
            ) from None
        raise SourceError(
            shown,
            line + line_offset,
            f"YAML syntax error: {exc.problem or 'invalid YAML'}",
            "fix the indentation or quoting on this line (quote text that contains ': ' or starts with a symbol)",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: no mark, only its position
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise SourceError(
            shown,
            text.count("\n", 0, exc.position) + 1 + line_offset,
            f"holds a control character (U+{code:04X}) that YAML does not allow",
            "delete it (it can come in with text pasted from another program)",
        ) from None
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
            if (
                isinstance(tok, yaml.ScalarToken)
                and not tok.plain
                and tok.end_mark.line + 1 == line
                and tok.start_mark.line < tok.end_mark.line
            ):
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
        raise SourceError(
            shown,
            1,
            "front matter is not closed",
            "end the front matter (title:, covers:, status:, owner:) with a line holding only '---'",
        )
    if fm is None:
        raise SourceError(
            shown,
            1,
            "no front matter",
            "start the page with '---', then title:, covers:, status: and owner:, then '---'",
        )
    return parse_yaml(fm, shown, line_offset=1)


def page_body(text: str) -> tuple[str, int]:
    """A page's body exactly as written after its front matter, and the file line it starts on."""
    _, lines = split_front_matter(text)
    body = text.split("\n", lines)[-1] if lines else text
    return body.replace("\r\n", "\n") if "\r" in body else body, lines + 1
