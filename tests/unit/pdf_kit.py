"""The sample printed manual the pdf tests share (test_pdf_print, test_pdf_print_html, test_pdf_weasy):
four sections with links, an admonition, nested lists, a long table, an image and code, and an
audit crosswalk with every status. No files but a 1x1 PNG under the ``base_url`` folder."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from hsms_manuals.pdf import CrosswalkRow, PrintDocument, PrintSection

COMPANY = "Ridgeline Builders Ltd."
TABLE_HEADER = ("Task step", "Hazard found", "Control used", "Who checks")
# A 1x1 PNG, so the image test needs no imaging library.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


POLICY = """<h1 id="health-and-safety-policy">Health and Safety Policy</h1>
<p>We keep every worker safe. See <a href="../02-hazard-assessment/#records">hazard records</a>
and the <a href="https://www.alberta.ca/ohs">OHS Act</a>.</p>
<div class="admonition warning">
<p class="admonition-title">Stop work authority</p>
<p>Any worker may stop work that is unsafe, e.g. guardrails under 3′ 6″.</p>
</div>
<h2 id="records">Policy records<a class="headerlink" href="#records" title="Permanent link">&para;</a></h2>
<p>Signed copies are kept for three years. <a href="#records">Back to records</a>.</p>
<aside class="md-source-file">Last update: yesterday</aside>
<p class="hsms-no-print">Screen-only hint</p>
"""


NESTED_LIST = """<h2 id="steps">Assessment steps</h2>
<ul>
<li>Identify tasks
<ul><li>Nested item alpha</li><li>Nested item beta
<ol><li>Deep item gamma</li></ol></li></ul></li>
<li>Rate each hazard</li>
</ul>
"""


def long_table(rows: int = 80) -> str:
    head = "".join(f"<th>{h}</th>" for h in TABLE_HEADER)
    body = "\n".join("<tr>" + "".join(f"<td>row-{r}-col-{c}</td>" for c in range(4)) + "</tr>" for r in range(rows))
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


HAZARD = f"""<h1 id="hazard-assessment">Hazard Assessment</h1>
<p>Intro to hazards.</p>
{NESTED_LIST}
<h2 id="records">Hazard records</h2>
{long_table()}
"""


CONTROLS = """<h2 id="hierarchy">Hierarchy of controls</h2>
<p>Eliminate → substitute → engineer ✓ ☐ ⚠ ≤ ⋮ ◦. Back to the
<a href="../../01-policy/">policy</a>.</p>
<pre><code>LOTO-TAG 1234 &lt;lock&gt;</code></pre>
"""


EMERGENCY = """<h2 id="muster">Muster point</h2>
<p>Meet at the front gate.</p>
<p><img alt="Site map" src="../img/map.png"></p>
"""


SECTIONS = (
    PrintSection("p-01-policy", "Health and Safety Policy", POLICY, 1, "01-policy/"),
    PrintSection("p-02-hazard-assessment", "Hazard Assessment", HAZARD, 1, "02-hazard-assessment/"),
    PrintSection("p-02-controls", "Hazard Controls", CONTROLS, 2, "02-hazard-assessment/controls/"),
    PrintSection("p-04-emergency", "Emergency Response", EMERGENCY, 1, "04-emergency/"),
)


def crosswalk() -> tuple[CrosswalkRow, ...]:
    def row(q, status, anchors=(), note=""):
        titles = tuple(s.title for a in anchors for s in SECTIONS if s.anchor == a)
        element = "1 Management Commitment" if q.startswith("1.") else "6 Hazard Control"
        return CrosswalkRow(element, q, f"Paraphrase of question {q}", status, anchors, titles, note)

    return (
        row("1.1", "answered", ("p-01-policy",)),
        row("1.2", "answered", ("p-01-policy", "p-04-emergency")),
        row("1.3", "partial", ("p-01-policy",)),
        row("1.4", "missing"),
        row("1.5", "field_evidence", note="Needs field evidence: interview"),
        row("6.1", "answered", ("p-02-hazard-assessment",)),
        row("6.2", "answered", ("p-02-controls",)),
        row("6.3", "not_applicable", note="No work above 1.2 m"),
        row("6.4", "answered", ("p-04-emergency",)),
        row("6.9", "field_evidence", ("p-02-controls",), "Needs field evidence: observation"),
    )


def make_doc(tmp_path: Path, **changes) -> PrintDocument:
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True, exist_ok=True)
    (site / "img" / "map.png").write_bytes(PNG)
    fields = dict(
        company=COMPANY,
        title="Health and Safety Manual",
        number="DOC-1",
        revision="3",
        effective="2026-09-01",
        approved_by_name="Dana Kowalski",
        approved_by_title="President",
        partner="Alberta Construction Safety Association",
        program="COR",
        site_url="https://manuals.example.ca/ridgeline/",
        sections=SECTIONS,
        crosswalk=crosswalk(),
        base_url=str(site),
    )
    fields.update(changes)
    return PrintDocument(**fields)


def hostile_emergency():
    from hsms_manuals.model import Emergency, Phone, Site

    return Emergency(
        numbers=(Phone("Fire <b>now</b>", "911"), Phone("Line & co", "1-866-415-8690")),
        report_incident=Phone("Safety <i>lead</i>", "403-555-0148"),
        sites=(
            Site(
                "Yard <script>",
                'Gate "A"',
                (Phone("Pat", "403-555-0162"), Phone("Lee", "403-555-0163")),
                "1 Main St",
                "General Hospital",
            ),
        ),
    )


def last_contents_page(texts: list[str]) -> int:
    """0-based index of the last page whose running header says "Contents"."""
    return max(i for i, text in enumerate(texts) if "Contents" in text)


def contents_number(texts: list[str], title: str) -> int:
    pattern = re.compile(re.escape(title) + r"(?: *\.){3,} *(\d+)")  # title . . . . 12
    for text in texts[1 : last_contents_page(texts) + 1]:
        if m := pattern.search(text):
            return int(m[1])
    raise AssertionError(f"{title!r} not in the contents")


def first_page_with(texts: list[str], needle: str, after: int) -> int:
    """1-based number of the first page after index ``after`` that shows ``needle``."""
    return next(i + 1 for i, text in enumerate(texts) if i > after and needle in text)
