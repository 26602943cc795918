"""status_report: `hsms status` rows in every state a client manual can be in (passing, below pass
and overdue, not measured, published history unreadable, changed since publishing, on an older
instrument), as text, Markdown (escaped) and JSON. The rows' figures come from
portfolio_status (tests/unit/test_portfolio_status.py); here they are given."""

from __future__ import annotations

import datetime as dt
import json

from hsms_manuals.portfolio_status import ClientStatus, Instrument, PortfolioStatus, Published
from hsms_manuals.status_report import FORMATS, as_dict, as_markdown, as_text

D = dt.date
CLIENTS = (
    ClientStatus(
        "ridgeline",
        "Ridgeline Builders",
        "ACSA",
        "COR",
        100.0,
        True,
        "4",
        D(2026, 9, 1),
        D(2027, 9, 1),
        False,
        0,
        0,
        Published("4", D(2026, 9, 1), False),
        None,
        Instrument("2023", None, None),
    ),
    ClientStatus(
        "northfork",
        "Northfork <b>",
        "ESC",
        "SECOR",
        72.34,
        False,
        "2",
        D(2025, 1, 1),
        D(2026, 1, 1),
        True,
        3,
        2,
        Published("1", None, True),
        None,
        Instrument(None, "esc-2026", "2026"),
    ),
    ClientStatus("broken", error="manual.yml: line 3: <script> | *bad*"),
    ClientStatus(
        "unread", "U", "ACSA", "COR", 90.0, True, "1", D(2026, 1, 1), D(2027, 1, 1), published_error="git: *x*"
    ),
    ClientStatus("maybe", "M", "ACSA", None, 85.0, True, "1*", published=Published("1*", D(2026, 1, 1), None)),
)
STATUS = PortfolioStatus(D(2026, 12, 1), "gh-pages", CLIENTS)
CLOSING = (
    "5 manual(s) on 2026-12-01: 2 below pass or not measured, 1 overdue for review, 3 with unpublished "
    "changes or never published, 1 on an older instrument"
)


def test_text_is_an_aligned_table_then_the_reasons_then_the_totals():
    assert as_text(STATUS).split("\n") == [
        "Manual     Partner    Answered          Rev  Effective   Next review         Published          Problems  "
        "Drafts  Instrument",
        "ridgeline  ACSA COR   100.0% pass       4    2026-09-01  2027-09-01          4 (same)           0         "
        "0       2023 (newest)",
        "northfork  ESC SECOR  72.3% BELOW PASS  2    2025-01-01  2026-01-01 OVERDUE  1 (changed since)  3         "
        "2       version not public → newer: 2026 (esc-2026)",
        "broken     —          not measured      —    —           —                   never              0         "
        "0       —",
        "unread     ACSA COR   90.0% pass        1    2026-01-01  2027-01-01          unreadable         0         "
        "0       —",
        "maybe      ACSA       85.0% pass        1*   —           —                   1* (?)             0         "
        "0       —",
        "broken: not measured — manual.yml: line 3: <script> | *bad*",
        "unread: published revisions unreadable — git: *x*",
        CLOSING,
    ]


def test_markdown_flags_what_needs_attention_and_escapes_every_value():
    assert as_markdown(STATUS).split("\n") == [
        "### Manuals — status on 2026-12-01",
        "",
        "| Manual | Partner | Answered | Rev | Effective | Next review | Published | Problems | Drafts | Instrument |",
        "|---|---|---|---|---|---|---|---|---|---|",
        "| ridgeline | ACSA COR | 100.0% pass | 4 | 2026-09-01 | 2027-09-01 | 4 (same) | 0 | 0 | 2023 (newest) |",
        "| northfork | ESC SECOR | 72.3% **BELOW PASS** | 2 | 2025-01-01 | 2026-01-01 **OVERDUE** | "
        "1 **(changed since)** | 3 | 2 | version not public **→ newer&#58; 2026 (esc-2026)** |",
        "| broken | — | **not measured** | — | — | — | **never** | 0 | 0 | — |",
        "| unread | ACSA COR | 90.0% pass | 1 | 2026-01-01 | 2027-01-01 | **unreadable** | 0 | 0 | — |",
        "| maybe | ACSA | 85.0% pass | 1&#42; | — | — | 1&#42; (?) | 0 | 0 | — |",
        "",
        "- `broken`: not measured — manual.yml&#58; line 3&#58; &lt;script&gt; &#124; &#42;bad&#42;",
        "- `unread`: published revisions unreadable — git&#58; &#42;x&#42;",
        "",
        CLOSING + ".",
        "**2 manual(s) need attention** (overdue for review or below the partner's pass rules).",
    ]


def test_a_portfolio_without_alerts_says_nothing_about_attention():
    calm = PortfolioStatus(D(2026, 12, 1), "gh-pages", CLIENTS[:1])
    assert STATUS.alerts == 2 and calm.alerts == 0
    md = as_markdown(calm).split("\n")
    assert md[-1] == (
        "1 manual(s) on 2026-12-01: 0 below pass or not measured, 0 overdue for review, 0 with "
        "unpublished changes or never published, 0 on an older instrument."
    )
    assert not any(line.startswith("- `") for line in md)


def test_json_for_tools_keeps_raw_values():
    data = json.loads(FORMATS["json"](STATUS))
    assert (data["on"], data["branch"], data["alerts"]) == ("2026-12-01", "gh-pages", 2)
    assert data["manuals"][1] == {
        "manual": "northfork",
        "company": "Northfork <b>",
        "partner": "ESC",
        "program": "SECOR",
        "answered": 72.3,
        "passes": False,
        "revision": "2",
        "effective": "2025-01-01",
        "next_review": "2026-01-01",
        "overdue": True,
        "problems": 3,
        "drafts": 2,
        "translations": {"count": 0, "stale": 0},
        "published": {"revision": "1", "effective": None, "differs": True},
        "published_error": None,
        "instrument": {"version": None, "newest_map": "esc-2026", "newest_version": "2026", "drifting": True},
        "error": None,
        "alert": True,
    }
    broken = as_dict(STATUS)["manuals"][2]
    assert (broken["answered"], broken["passes"], broken["published"], broken["instrument"], broken["alert"]) == (
        None,
        None,
        None,
        None,
        True,
    )
    assert broken["error"] == "manual.yml: line 3: <script> | *bad*"


def test_stale_translations_are_a_note_under_the_table_in_every_format():
    s = PortfolioStatus(D(2026, 12, 1), "gh-pages", (ClientStatus("ridgeline", translations=6, stale_translations=2),))
    note = "2 of 6 translated page(s) out of date — `hsms validate ridgeline` lists them"
    text = as_text(s).splitlines()
    assert f"ridgeline: {note}" in text and text[-1].endswith(", 2 translated page(s) out of date")
    assert f"- `ridgeline`: {note}" in as_markdown(s).splitlines()
    assert as_dict(s)["manuals"][0]["translations"] == {"count": 6, "stale": 2}
    fresh = PortfolioStatus(s.on, s.branch, (ClientStatus("ridgeline", translations=6),))
    assert "out of date" not in as_text(fresh)  # nothing said when every translation is current
