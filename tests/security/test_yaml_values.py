"""Every value of manual.yml comes out as the literal text the consultant typed, in the site and the
PDF: Markdown, HTML, attr_list and Jinja syntax in a value never become markup (issue 8)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from hsms_manuals.text import esc
from sitekit import build, make_repo, page, site_files

# How a value may start (block syntax only works at the start of a line) …
STARTS = [
    "{t} Main {{: onclick=alert(1) }}",
    "# {t} heading",
    "- {t} item",
    "1. {t} first",
    "> {t} quote",
    '!!! danger "{t}"',
    "<script>alert('{t}')</script>",
    "[{t}](javascript:alert(1))",
    "=== {t}",
    "--- {t}",
    "??? note {t}",
    "+ {t}",
    "```{t}",
    "~~~ {t}",
    ": {t} definition",
    "    {t} indented",
    "| {t} |",
]
# … and what every value carries after that (inline syntax, a second line opening an admonition).
TAIL = (
    " {: onclick=alert(1) } X {: #__search } <img src=x onerror=alert(1)> <b>bold</b> "
    "[x](javascript:alert(1)) &amp; \\ back\\slash {{ 7*7 }} {% raw %} *em* _u_ `code` ~~del~~ ==mark== "
    '^sup^ :smile: $x$ @me #1\n!!! danger "Injected"\n    boom\n\n## heading'
)

# Every free-text field of manual.yml that a built page or the PDF prints (document.changes only
# appears on the published "What changed" page, built from the same esc()).
FIELDS = [
    "company.name",
    "company.industry",
    "company.address",
    "document.title",
    "document.number",
    "document.approved_by.name",
    "document.approved_by.title",
    "emergency.numbers.0.label",
    "emergency.report_incident.contact",
    "emergency.sites.0.name",
    "emergency.sites.0.address",
    "emergency.sites.0.muster_point",
    "emergency.sites.0.hospital",
    "emergency.sites.0.first_aid.0.name",
    "responsibilities.0.role",
    "responsibilities.0.duties.0",
    "forms.0.id",
    "forms.0.title",
    "forms.0.use",
    "not_applicable.control.fall_protection",
]


def hostile(i: int) -> str:
    return STARTS[i % len(STARTS)].format(t=f"F{i:02d}") + TAIL


def literal(value: str) -> str:
    """What a reader sees: the text with its blanks collapsed."""
    return " ".join(value.split())


def manual_yml() -> str:
    v = {f: json.dumps(hostile(i)) for i, f in enumerate(FIELDS)}  # JSON strings are YAML strings
    return f"""\
company:
  name: {v["company.name"]}
  province: AB
  employees: 6
  industry: {v["company.industry"]}
  address: {v["company.address"]}
certification: {{partner: esc, program: SECOR}}
document:
  title: {v["document.title"]}
  number: {v["document.number"]}
  revision: "1"
  effective: 2026-10-01
  approved_by: {{name: {v["document.approved_by.name"]}, title: {v["document.approved_by.title"]}}}
  changes: [{json.dumps(hostile(99))}]
site_url: https://manuals.example.ca/m/
emergency:
  numbers:
    - {{label: {v["emergency.numbers.0.label"]}, phone: "911"}}
  report_incident: {{contact: {v["emergency.report_incident.contact"]}, phone: "780-555-0100"}}
  sites:
    - name: {v["emergency.sites.0.name"]}
      address: {v["emergency.sites.0.address"]}
      muster_point: {v["emergency.sites.0.muster_point"]}
      hospital: {v["emergency.sites.0.hospital"]}
      phone: "780-555-0102"
      first_aid:
        - {{name: {v["emergency.sites.0.first_aid.0.name"]}, phone: "780-555-0101"}}
representative: {{name: Sam Ray, phone: "780-555-0101"}}
responsibilities:
  - role: {v["responsibilities.0.role"]}
    duties: [{v["responsibilities.0.duties.0"]}]
  - role: Owner
    duties: [Keep this manual current]
forms:
  - {{id: {v["forms.0.id"]}, title: {v["forms.0.title"]}, use: {v["forms.0.use"]}}}
not_applicable:
  control.fall_protection: {v["not_applicable.control.fall_protection"]}
"""


VARIABLES = [
    "company.name",
    "company.industry",
    "company.address",
    "document.title",
    "document.number",
    "document.approved_by.name",
    "document.approved_by.title",
]
# Each variable alone on a line (where block syntax would start), then in a table cell and in a list.
BODY = (
    "\n\n".join(f"{{{{ {v} }}}}" for v in VARIABLES)
    + "\n\n| Field | Value |\n|---|---|\n"
    + "\n".join(f"| {v} | {{{{ {v} }}}} |" for v in VARIABLES)
    + "\n\n"
    + "\n".join(f"- {{{{ {v} }}}}" for v in VARIABLES)
    + "\n\n## Blocks\n\n{{ emergency_contacts() }}\n\n{{ responsibilities() }}\n\n{{ forms_index() }}\n\n"
    "{{ crosswalk() }}\n"
)


class Seen(HTMLParser):
    """Elements, attributes and visible text of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.texts: list[str] = []
        self.scripts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in and self._in[-1] in ("script", "style") else self.texts).append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def seen(path: Path) -> Seen:
    parser = Seen()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("values"))
    mdir = root / "manuals" / "m"
    (mdir / "docs").mkdir(parents=True)
    (mdir / "manual.yml").write_text(manual_yml(), encoding="utf-8")
    pages = {
        "index.md": page("Welcome", "Read the [values](01-values.md)."),
        "01-values.md": page("Values", BODY, ("policy.statement", "policy.signed", "hazard.flha")),
    }
    for name, text in pages.items():
        (mdir / "docs" / name).write_text(text, encoding="utf-8")
    assert build(root, "m", pdf=True) == 0
    return root / "site" / "m"


def test_no_value_becomes_markup_anywhere_in_the_site(built):
    for f in site_files(built, ".html"):
        s = seen(f)
        handlers = [(tag, k) for tag, k, _ in s.attrs if k.startswith("on")]
        assert handlers == [], f  # onclick= (attr_list), onerror= (raw HTML)
        assert [v for _, k, v in s.attrs if k == "id" and v == "__search"] in ([], ["__search"]), f  # Material's own
        assert not [v for _, k, v in s.attrs if k in ("href", "src") and v.lower().startswith("javascript:")], f
        assert not [t for t in s.scripts if "alert" in t], f
        if "audit" not in f.parts:  # the guide's own "Structure not verified" notes are admonitions
            assert not [v for _, k, v in s.attrs if k == "class" and "admonition" in v], f


def test_every_value_is_printed_as_the_literal_text_typed(built):
    text = seen(built / "01-values" / "index.html").text
    for i, field in enumerate(FIELDS):
        assert literal(hostile(i)) in text, field
    # The variables a page prints three times each (paragraph, table cell, list item) print whole each time.
    for field in VARIABLES:
        assert text.count(literal(hostile(FIELDS.index(field)))) >= 3, field
    # And the blocks a value could have opened are not there.
    html = (built / "01-values" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert re.findall(r"<h[1-6]\b[^>]*>", article).count("<h1>") <= 1
    # (The emergency component's own <dl class="hsms-site"> is ours; a definition list a value opened is bare.)
    for tag in ("<blockquote", "<ol", "<dl>", "<hr", "<pre", "<b>bold", "<em>", "<code", "<del", "<mark", "<sup"):
        assert tag not in article, tag


def test_every_value_is_literal_text_in_the_pdf(built):
    reader = PdfReader(str(built / "pdf" / "m-rev-1.pdf"))
    text = " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
    for field in VARIABLES:  # printed as paragraphs of their own: one reading order
        assert literal(hostile(FIELDS.index(field))) in text, field
    for p in reader.pages:
        for annot in p.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            assert "javascript" not in str(action.get("/URI", "")).lower()
            assert action.get("/S") != "/JavaScript"


@pytest.mark.parametrize(
    "value", [hostile(i) for i in range(len(STARTS))] + ["C:\\new Ltd", "Acme \\1 Ltd", "a\u2028b"]
)
def test_esc_writes_one_line_that_no_markdown_or_jinja_syntax_survives(value):
    out = esc(value)
    assert "\n" not in out and "\r" not in out
    plain = re.sub(r"&(#[0-9]+|#x27|amp|lt|gt|quot);", "", out)
    assert not re.search(r"[&<>\"'`*_\[\]|{}\\~^=+:#$@!]", plain)  # only character references
    assert not re.match(r"[-?]|\d+[.)]", out)
