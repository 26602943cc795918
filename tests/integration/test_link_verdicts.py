"""validate = everything the build checks, for links: over a corpus of link, anchor and draft
cases, `hsms validate`'s verdict equals the strict build's, and the build reports hsms lines
(file:line: link: problem — fix), never MkDocs' own repeated warnings."""

from __future__ import annotations

import pytest

from hsms_manuals.cli import main
from sitekit import build, default_pages, make_repo, page, write_manual

STEPS = page(
    "Procedures",
    "## Steps\n\nDo this.\n\n## Steps\n\nAgain.\n\n## Lock out { #lockout }\n\nLock it.\n\n"
    'Note the gate.\n{: #gate-note }\n\n<div id="raw-box">Box</div>\n',
)

# name → (text added to 02-hazards.md, extra pages, expected problem or None)
CASES = {
    "page and heading": ("[s](03-steps.md#steps)", {}, None),
    "repeated heading": ("[s](03-steps.md#steps_1)", {}, None),
    "explicit heading id": ("[s](03-steps.md#lockout)", {}, None),
    "attr_list id on a paragraph": ("[s](03-steps.md#gate-note)", {}, None),
    "html id": ("[s](03-steps.md#raw-box)", {}, None),
    "same-page heading": ("[s](#field-level-hazard-assessment)", {}, None),
    "audit guide": ("[guide](audit/index.md)", {}, None),
    "web address": ("[w](https://example.com/x.md)", {}, None),
    "link in code": ("```\n[s](nowhere.md)\n```\n\n`[s](gone.md)`", {}, None),
    "image": ("![map](img/map.png)", {"img/map.png": "png"}, None),
    "draft with a broken link": ("", {"04-draft.md": page("Draft", "[x](nowhere.md)", status="draft")}, None),
    "missing page": (
        "[s](03-step.md)",
        {},
        "link: '03-step.md' is not a page of this manual — did you mean 03-steps.md?",
    ),
    "draft page": (
        "[d](04-draft.md)",
        {"04-draft.md": page("Draft", "Soon.", status="draft")},
        "link: '04-draft.md' is a draft (status: draft), so it is not published — approve that page, or "
        "remove the link",
    ),
    "missing anchor": (
        "[s](03-steps.md#stepz)",
        {},
        "link: '03-steps.md#stepz': no heading or id '#stepz' on 03-steps.md — did you mean #steps?",
    ),
    "missing same-page anchor": (
        "[s](#nowhere)",
        {},
        "link: '#nowhere': no heading or id '#nowhere' on this page — use one of: #field-level-hazard-assessment",
    ),
    "missing image": (
        "![map](img/mapp.png)",
        {"img/map.png": "png"},
        "link: 'img/mapp.png' is not a published file of docs/ — did you mean img/map.png?",
    ),
    "absolute link": (
        "[p](/01-policy.md)",
        {},
        "link: '/01-policy.md' is an absolute address — write the link relative to this page, e.g. 02-policy.md",
    ),
    "outside docs": (
        "[m](../manual.yml)",
        {},
        "link: '../manual.yml' points outside the manual's docs/ folder — link only to pages and files in docs/",
    ),
    "folder": (
        "[f](sub/)",
        {"sub/index.md": page("Sub", "Sub page.")},
        "link: 'sub/' is a folder, not a page — link to the page itself, e.g. sub/index.md",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_validate_and_the_strict_build_agree(tmp_path, capsys, case):
    added, extra, expected = CASES[case]
    root = make_repo(tmp_path)
    pages = default_pages() | {"03-steps.md": STEPS} | extra
    pages["02-hazards.md"] = pages["02-hazards.md"] + "\n" + added + "\n"
    write_manual(root, "m", pages=pages)
    validated = main(["--root", str(root), "validate", "m"])
    v_err = capsys.readouterr().err
    built = build(root, "m")
    b_err = capsys.readouterr().err
    assert (validated == 0) == (built == 0), (v_err, b_err)
    if expected is None:
        assert (validated, built) == (0, 0), (v_err, b_err)
        return
    line = next(i for i, t in enumerate(pages["02-hazards.md"].splitlines(), 1) if added.splitlines()[0] in t)
    assert f"manuals/m/docs/02-hazards.md:{line}: {expected}" in v_err.splitlines()
    assert f"manuals/m/docs/02-hazards.md:{line}: {expected}" in b_err  # the same hsms line from the build
    assert "WARNING" not in b_err and "which is not found" not in b_err and "Doc file" not in b_err


def test_every_link_problem_of_every_page_at_once(tmp_path, capsys):
    root = make_repo(tmp_path)
    pages = default_pages()
    pages["01-policy.md"] += "\n[a](nope.md) [b](02-hazards.md#nope)\n"
    pages["02-hazards.md"] += "\n[c](gone.md)\n"
    write_manual(root, "m", pages=pages)
    assert main(["--root", str(root), "validate", "m"]) == 1
    err = capsys.readouterr().err
    policy, hazards = (len(pages[name].splitlines()) for name in ("01-policy.md", "02-hazards.md"))  # the last lines
    assert [line.split(": link: ")[0] for line in err.splitlines() if ": link: " in line] == [
        f"manuals/m/docs/01-policy.md:{policy}",
        f"manuals/m/docs/01-policy.md:{policy}",
        f"manuals/m/docs/02-hazards.md:{hazards}",
    ]
