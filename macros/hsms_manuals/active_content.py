"""What would run in a reader's browser: refused in pages (with ``file:line``) and, as a backstop,
in every built page's HTML and in SVG files.

Pages are Markdown written by client staff. Raw HTML is allowed for layout, but not what executes
or takes over the page: ``<script>``, frames, plug-ins, forms, style sheets and ``style=``
(they can hide or cover the emergency numbers, and load outside files), ``on…=`` event handlers
(also through attr_list ``{: onclick=… }``), ``javascript:``/``vbscript:``/``data:`` addresses
(``data:image/…`` pictures excepted), elements whose content browsers read differently from other
parsers (``<noscript>``, ``<template>``, ``<xmp>`` …: the classic way to smuggle a script past a
checker) and SVG elements that rewrite links or embed HTML. One rule table serves the three checks."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.parsers import expat

# element → why it is refused (said to the page author)
_TAGS = {
    "script": "it runs code in the reader's browser",
    "iframe": "it shows another web page inside this one",
    "frame": "it shows another web page inside this one",
    "frameset": "it shows other web pages inside this one",
    "portal": "it shows another web page inside this one",
    "fencedframe": "it shows another web page inside this one",
    "object": "it runs plug-in content",
    "embed": "it runs plug-in content",
    "applet": "it runs plug-in content",
    "form": "a form can collect workers' passwords or personal data",
    "input": "a form field can collect workers' passwords or personal data",
    "button": "a form button can send workers' data elsewhere",
    "select": "a form field can collect workers' data",
    "textarea": "a form field can collect workers' data",
    "style": "a style sheet can hide or cover the emergency numbers and load outside files",
    "link": "it loads outside files into the page",
    "meta": "it can send the reader to another site",
    "base": "it sends every link of the page elsewhere",
    "noscript": "browsers read its content differently from any checker",
    "template": "browsers read its content differently from any checker",
    "xmp": "browsers read its content differently from any checker",
    "plaintext": "browsers read its content differently from any checker",
    "noembed": "browsers read its content differently from any checker",
    "noframes": "browsers read its content differently from any checker",
    "title": "browsers read its content differently from any checker",
    "foreignobject": "it puts HTML inside a drawing, out of reach of the checks",
    "animate": "an animation can turn a link into code",
    "set": "an animation can turn a link into code",
    "animatemotion": "an animation can turn a link into code",
    "animatetransform": "an animation can turn a link into code",
    "handler": "it runs code in the reader's browser",
    "listener": "it runs code in the reader's browser",
}
# Ids the theme and hsms look elements up by. A page element under one comes first in the page,
# so it is found instead: a page's <div id="__config"> replaced Material's settings (and turned on
# its tooltips, which render a title as HTML: script on the site's origin). Material's ids all
# start with "__" (__config, __drawer, __search, __toc, __nav_…); hsms's are listed (a test holds
# every id of overrides/ to this rule).
THEME_ID_PREFIX = "__"
# Classes the theme acts on by itself: Material loads mermaid.js from unpkg.com for a pre.mermaid.
_THEME_CLASSES = frozenset({"mermaid"})
HSMS_IDS = frozenset({"hsms-sos", "hsms-offline", "hsms-superseded", "hsms-trace-title"})
_BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
# Attributes whose addresses the browser fetches by itself, with no tap (``href`` only on the
# elements that draw it, url(…) only in presentation attributes): from another site, they would
# load on every reader's phone (a tracker; a picture swapped after approval; missing offline and
# in the PDF, which prints no such address).
_DRAWN = frozenset({"src", "srcset", "imagesrcset", "data", "poster", "background", "ping", "lowsrc", "dynsrc"})
_DRAWN_HREF = frozenset({"image", "use", "feimage", "link", "script"})
# SVG presentation attributes that take an address: they are CSS (escapes and all). Only these:
# an alt or a title that says "image(s)" or "url(…)" is words.
CSS_ADDRESS_ATTRIBUTES = frozenset(
    {"fill", "stroke", "mask", "clip-path", "filter", "marker", "marker-start", "marker-mid", "marker-end", "cursor"}
)
_URL_FUNCTION = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]+)", re.I)
_IMAGE_FUNCTION = re.compile(r"(?:image-set|image|cross-fade|src)\(", re.I)
_WEB = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # a scheme, or another host (//host/x)
_PICTURES = re.compile(r"^data:image/(png|jpeg|gif|webp)[;,]")  # inert wherever they are shown
_URL_BLANKS = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a scheme ("java\tscript:")


@dataclass(frozen=True)
class Finding:
    """One piece of active content: where (line in the text checked, 0 = unknown) and why."""

    line: int
    field: str  # "html", "attr_list", "link"
    problem: str
    fix: str


def bad_url(value: str) -> str | None:
    """The refused scheme a URL uses ("javascript:"), after undoing the usual disguises."""
    plain = _URL_BLANKS.sub("", html.unescape(value).replace("\\", "")).lower()
    for scheme in _BAD_SCHEMES:
        if plain.startswith(scheme) and not (scheme == "data:" and _PICTURES.match(plain)):
            return scheme
    return None


def tag_finding(tag: str, line: int) -> Finding | None:
    why = _TAGS.get(tag.lower().rpartition(":")[2])
    if why is None:
        return None
    return Finding(
        line, "html", f"<{tag.lower()}> is not allowed in a page ({why})", "remove it; write the content in Markdown"
    )


def from_the_web(value: str) -> bool:
    """Whether an address leaves the site: a scheme other than data: (refused on its own), or
    another host ("//host", written with either slash, as browsers read them)."""
    plain = _URL_BLANKS.sub("", html.unescape(value)).replace("\\", "/")
    return bool(_WEB.match(plain)) and not plain.lower().startswith("data:")


def drawn_from_the_web(key: str, value: str, tag: str = "") -> str | None:
    """The first address of attribute ``key`` (of element ``tag``) the browser would fetch from
    another site by itself."""
    found: list[str] = []
    if key in _DRAWN:  # srcset: "a.png 1x, b.png 2x"; ping: space-separated (every token is checked)
        found = [t for t in re.split(r"[\s,]+", value) if t] if key in ("srcset", "imagesrcset", "ping") else [value]
    elif key == "href" and tag.lower().rpartition(":")[2] in _DRAWN_HREF:
        found = [value]
    elif key in CSS_ADDRESS_ATTRIBUTES:
        css = css_unescape(value)  # "\75 rl(\68ttp://…)" is url(http://…)
        if _IMAGE_FUNCTION.search(css):  # image-set("…" 1x) takes addresses without url()
            return css.strip()
        found = _URL_FUNCTION.findall(css)
    return next((a.strip() for a in found if from_the_web(a)), None)


def _drawn_finding(address: str, line: int, field: str) -> Finding:
    return Finding(
        line,
        field,
        f"'{address}' is drawn from outside the manual (each reader's browser would fetch it by "
        "itself; it is missing offline and in the PDF)",
        "put the file in docs/ and show it from there, e.g. ![Muster point](images/muster.png)",
    )


def reserved_id(value: str) -> bool:
    """Whether an id (or an element name) is one the theme or hsms looks elements up by."""
    value = value.strip()
    return value.startswith(THEME_ID_PREFIX) or value.lower() in HSMS_IDS


def attr_findings(name: str, value: str | None, line: int, field: str = "html", tag: str = "") -> Iterator[Finding]:
    """``tag``: the element's name, when known ("" in attr_list)."""
    key = name.lower().rpartition(":")[2]
    if key in ("id", "name") and value and reserved_id(value):
        yield Finding(
            line,
            field,
            f"the {key} '{value.strip()}' is the theme's own (the page would take over its settings or controls)",
            f"use another {key} (the theme's start with __); a heading's id comes from its words: reword it",
        )
    elif key == "class" and value and _THEME_CLASSES & set(value.lower().split()):
        yield Finding(
            line,
            field,
            "the class 'mermaid' is not allowed in a page (the theme would load and run a diagram "
            "script from another web site)",
            "remove the class; show the diagram as a picture in docs/",
        )
    elif key.startswith("data-md-"):
        yield Finding(
            line,
            field,
            f"'{name}=' is not allowed in a page (it belongs to the theme, which would treat the element as its own)",
            "remove the attribute",
        )
    elif key == "name" and tag.lower() == "img":
        yield Finding(
            line,
            field,
            "'name=' on a picture is not allowed in a page (it replaces the page's own functions of that name)",
            "remove it; give the picture an id if a link needs one",
        )
    elif key.startswith("on"):
        yield Finding(
            line,
            field,
            f"'{name}=' is not allowed in a page (an event handler runs code in the reader's browser)",
            "remove the attribute",
        )
    elif key == "style":
        yield Finding(
            line,
            field,
            "'style=' is not allowed in a page (a style can hide or cover the emergency "
            "numbers and load outside files)",
            "remove it; use Markdown formatting",
        )
    elif key == "srcdoc":
        yield Finding(line, field, "'srcdoc=' is not allowed in a page (it holds a whole web page)", "remove it")
    elif value and (scheme := bad_url(value)):
        yield Finding(
            line,
            field,
            f"a '{scheme}' address is not allowed in a page (it runs code or shows content the checks cannot see)",
            "link to a page of the manual or an https:// address; put pictures in docs/",
        )
    elif value and (address := drawn_from_the_web(key, value, tag)):
        yield _drawn_finding(address, line, field)


# --- the page's Markdown source (hsms validate) ------------------------------------------------------

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1")
# attr_list: { … } or {: … } (after a heading, a paragraph, a link or an image)
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*)\}")
_ATTR_ID = re.compile(r"""(?:^|\s)#([^\s=#.'"{}]+)""")
_ATTR_CLASS = re.compile(r"""(?:^|\s)\.([^\s=#.'"{}]+)""")
_ATTR_PAIR = re.compile(r"""([^\s=#.'"{}]+)\s*=\s*("[^"]*"|'[^']*'|[^\s}]+)""")
# Markdown link and image targets: [text](url …) and reference definitions [id]: url
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]]+)\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.M)  # (id, address)
# Pictures: ![alt](address …), and ![alt][id], ![id][] or ![id] with [id]: address
_INLINE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REF_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?!\()")


def _prefix(line: str) -> tuple[int, int]:
    """(how many '>' quote markers, columns of indentation outside them) before a line's text."""
    lead = line[: len(line) - len(line.lstrip(" \t>"))]
    return lead.count(">"), len(lead.split(">")[0].expandtabs(4))


def _without_code(body: str) -> list[str]:
    """The body's lines with fenced code blocks and code spans blanked (Markdown prints them as
    text, so anything in them is harmless). A fence holds only the lines of its own container, as
    Python-Markdown (superfences) reads it: a fence opened in a blockquote ends with the quote, and
    an indented fence (in a list item; 4 spaces at the top level is an indented code block showing
    ``` as text) holds only lines indented as much — so ``    ```⏎<script>`` or ``> ```⏎<script>``
    cannot hide the script from the check."""
    lines = body.split("\n")
    if "`" not in body and "~~~" not in body:  # most pages: nothing to blank
        return lines
    out: list[str] = []
    fence = ""
    quotes, indent = 0, 0  # the open fence's container
    for line in lines:
        m = _FENCE.match(line) if ("`" in line or "~" in line) else None
        if fence and line.strip():
            q, i = _prefix(line)
            if q < quotes or (q == quotes and i < indent):
                fence = ""  # its container ended: this line is read as a page line again
        if fence:
            if m and m[1][0] == fence[0] and len(m[1]) >= len(fence) and not line[m.end() :].strip():
                fence = ""
            out.append("")
        elif m:
            fence = m[1]
            quotes, indent = _prefix(line)
            out.append("")
        else:
            out.append(_CODE_SPAN.sub(lambda c: " " * len(c[0]), line) if "`" in line else line)
    return out


class _SourceHTML(HTMLParser):
    """Raw HTML tags written in Markdown, with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if f := tag_finding(tag, line):
            self.findings.append(f)
        for name, value in attrs:
            self.findings += attr_findings(name, value, line, tag=tag)

    def handle_comment(self, data: str) -> None:
        if _suspect_comment(data):
            self.findings.append(Finding(self.getpos()[0], "html", _COMMENT_FINDING, "remove the comment"))


# A comment as browsers read it: from <!-- to the first --> or --!>. Python's parser ends one
# elsewhere ("-- >" ends it, "--!>" does not), so each parser's comments are held to the rule:
# a comment with markup or "--" in it is refused, wherever either parser says it ends.
_BROWSER_COMMENT = re.compile(r"<!--(.*?)(?:--!?>|\Z)", re.S)
_COMMENT_FINDING = (
    "an HTML comment holding markup or '--' is not allowed in a page (parsers disagree on where "
    "it ends, and what follows could run)"
)


def _suspect_comment(data: str) -> bool:
    return "--" in data or "<" in data or ">" in data


def source_findings(body: str) -> list[Finding]:
    """Active content written in a page's Markdown body; lines are the body's."""
    lines = _without_code(body)
    text = "\n".join(lines)
    out: list[Finding] = []
    if "<" in body:
        parser = _SourceHTML()
        parser.feed(text)
        parser.close()
        out = parser.findings
        for m in _BROWSER_COMMENT.finditer(text) if "<!--" in text else ():
            if _suspect_comment(m[1]):
                out.append(Finding(text.count("\n", 0, m.start()) + 1, "html", _COMMENT_FINDING, "remove the comment"))
    defs = _REF_DEF.finditer(text) if "]:" in text else ()
    webrefs = {m[1].casefold(): m[2] for m in defs if from_the_web(m[2])}  # [id]: https://… for ![x][id]
    for n, line in enumerate(lines, 1):
        if "{" in line and ("=" in line or "#" in line or "." in line):
            for m in _ATTR_LIST.finditer(line):
                for shorthand in _ATTR_ID.finditer(m[1]):  # {: #id }
                    out += attr_findings("id", shorthand[1], n, "attr_list")
                for shorthand in _ATTR_CLASS.finditer(m[1]):  # {: .class }
                    out += attr_findings("class", shorthand[1], n, "attr_list")
                for pair in _ATTR_PAIR.finditer(m[1]):
                    value = pair[2][1:-1] if pair[2][:1] in "\"'" else pair[2]
                    out += attr_findings(pair[1], value, n, "attr_list")
        if "![" in line:
            shown = _INLINE_IMAGE.findall(line)
            shown += [webrefs.get((m[2] or m[1]).casefold(), "") for m in _REF_IMAGE.finditer(line)]
            out += [_drawn_finding(a, n, "link") for a in dict.fromkeys(shown) if a and from_the_web(a)]
        if ":" not in line and "&" not in line:  # every refused address has a scheme (maybe as &#58;)
            continue
        for target in _INLINE_LINK.findall(line) + [m[2] for m in [_REF_DEF.match(line)] if m]:
            if scheme := bad_url(target):
                out.append(
                    Finding(
                        n,
                        "link",
                        f"a '{scheme}' address is not allowed in a page (it runs code or "
                        "shows content the checks cannot see)",
                        "link to a page of the manual or an https:// address; put pictures in docs/",
                    )
                )
    return sorted(set(out), key=lambda f: (f.line, f.problem))


# --- the built page's HTML (the plugin's backstop) ---------------------------------------------------

_MARKDOWN_STYLE = re.compile(r"^text-align: (left|right|center);$")  # Markdown's own aligned table cells


def html_findings(page_html: str) -> list[Finding]:
    """Active content in a built page's HTML, parsed as browsers parse it (tinyhtml5, WHATWG)."""
    import tinyhtml5  # the parser WeasyPrint uses; only the build needs it

    out: list[Finding] = []
    for element in tinyhtml5.parse(page_html, namespace_html_elements=False).iter():
        if not isinstance(element.tag, str):  # a comment
            continue
        tag = element.tag.rpartition("}")[2]
        if f := tag_finding(tag, 0):
            out.append(f)
        for name, value in element.attrib.items():
            name = name.rpartition("}")[2]
            if name.lower() == "style" and _MARKDOWN_STYLE.match(value):
                continue
            out += attr_findings(name, value, 0, tag=tag)
    return list(dict.fromkeys(out))


# --- SVG files in docs/ ------------------------------------------------------------------------------------

_SVG_TAGS = ("script", "foreignobject", "handler", "listener", "iframe", "object", "embed")  # <style>, <title> are fine
_ANIMATIONS = ("animate", "set", "animatemotion", "animatetransform")  # refused when they rewrite a link or a handler
_XHTML = "http://www.w3.org/1999/xhtml"  # HTML inside a drawing (a <meta> refresh runs there too)
_ENTITIES = re.compile(r"<!ENTITY|<!DOCTYPE[^>]*\[", re.I)
_SVG_REFUSED = [  # (pattern over the whole file, problem)
    (_ENTITIES, "declares entities (they can hide code or blow up in size)"),
    (re.compile(r"<\?xml-stylesheet", re.I), "loads an outside style sheet"),
]
# What makes CSS fetch a file (but a url(#id) inside the drawing), looked for in every style
# text and attribute value once XML references and CSS escapes are undone (\75 rl( is url().
_CSS_FETCH = re.compile(r"@import|(?:url|src|image-set|image|cross-fade)\(\s*['\"]?\s*(?!#)", re.I)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(.))", re.S)


def css_unescape(text: str) -> str:
    """CSS text with its escapes undone, as a browser reads it."""

    def one(m: re.Match[str]) -> str:
        if m[1] is None:
            return m[2]
        code = int(m[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _CSS_ESCAPE.sub(one, text) if "\\" in text else text


def svg_findings(text: str) -> list[Finding]:
    """Scripts, event handlers and references to outside files in an SVG drawing (a browser runs
    an SVG's scripts when the drawing is opened on its own)."""

    def line(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    out: list[Finding] = []
    fix = "save the drawing without scripts, links or outside images (e.g. Inkscape: Save As → Plain SVG)"
    for pattern, problem in _SVG_REFUSED:
        if m := pattern.search(text):
            out.append(Finding(line(m.start()), "svg", f"the drawing {problem}", fix))
    if _ENTITIES.search(text):
        return out  # refused as written: entities are never expanded here (they can blow up in size)
    try:
        drawing = _SvgParts(text)
    except expat.ExpatError as exc:
        # A browser shows a broken drawing up to the error (running what came before it); the
        # checks below need the elements an XML parser sees, so it is refused whole.
        why = expat.ErrorString(exc.code)
        broken = f"the drawing cannot be read as XML: {why}"
        return [*out, Finding(exc.lineno, "svg", broken, "save it again from the drawing program as a plain SVG")]
    styles = "the drawing loads an outside file from its styles"
    out += [Finding(n, "svg", styles, fix) for n, data in drawing.texts if _CSS_FETCH.search(css_unescape(data))]
    for n, space, name, attrs in drawing.elements:
        if space == _XHTML:
            out.append(Finding(n, "svg", f"the drawing has HTML in it (<{name}>)", fix))
        if name in _SVG_TAGS:
            out.append(Finding(n, "svg", f"the drawing has <{name}> ({_TAGS[name]})", fix))
        target = attrs.get("attributename", "").strip().lower().rpartition(":")[2]
        if name in _ANIMATIONS and (target == "href" or target.startswith("on")):
            out.append(Finding(n, "svg", f"the drawing has <{name}> ({_TAGS[name]})", fix))
        for key, value in attrs.items():
            if key.startswith("on"):
                out.append(Finding(n, "svg", f"the drawing has an event handler '{key}=' (it runs code)", fix))
            elif key in ("href", "src") and not (value.startswith("#") or _PICTURES.match(value.strip().lower())):
                out.append(Finding(n, "svg", f"the drawing refers to '{value[:80]}' outside itself", fix))
            elif bad_url(value):
                out.append(Finding(n, "svg", f"the drawing holds a '{bad_url(value)}' address (it runs code)", fix))
            elif (key == "style" or key in CSS_ADDRESS_ATTRIBUTES) and _CSS_FETCH.search(css_unescape(value)):
                out.append(Finding(n, "svg", styles, fix))
    return sorted(set(out), key=lambda f: (f.line, f.problem))


class _SvgParts:
    """The elements (line, namespace, local name, attributes by lower-case local name) and the
    style sheets (line, text) of a drawing, as an XML parser reads it — as the browser does: text in
    comments is not markup (a pattern over the text took ``<!-- <x a=" -->`` for the start of a
    tag and missed the script after it), and XML references are undone. Namespaces are resolved,
    so a prefix hides nothing (``<x:script xmlns:x=…svg>`` is a script); an unbound prefix is a
    broken drawing, for the browser too. Raises ExpatError for a broken drawing."""

    def __init__(self, text: str):
        self.elements: list[tuple[int, str, str, dict[str, str]]] = []
        self.texts: list[tuple[int, str]] = []  # the texts of <style> elements (CSS)
        # For each open element, the pieces of its text if it is a <style> (the parser hands text
        # over in pieces, split at each reference: "@", "i", "mport" for "@&#x69;mport"), else None.
        self._open: list[list[str] | None] = []
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._text
        self._parser.Parse(text, True)

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        space, _, name = tag.rpartition(" ")
        values = {key.rpartition(" ")[2].lower(): value for key, value in attrs.items()}
        self.elements.append((self._parser.CurrentLineNumber, space, name.lower(), values))
        self._open.append([] if name.lower() == "style" else None)

    def _end(self, tag: str) -> None:
        if (pieces := self._open.pop()) is not None:
            self.texts.append((self._parser.CurrentLineNumber, "".join(pieces)))

    def _text(self, data: str) -> None:
        if self._open and (pieces := self._open[-1]) is not None:
            pieces.append(data)
