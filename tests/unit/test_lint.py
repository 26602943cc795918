"""Plain-language lint: what counts as prose, sentences and their lines, grades of known texts,
vague wording and the manual's own targets."""

from __future__ import annotations

import pytest

from hsms_manuals.lint import grade, lint_text, sentences, vague_phrases
from hsms_manuals.model import Quality

PAGE = """---
title: Working alone
status: draft
owner: Safety Coordinator
---

# Working alone

Call the office every two hours. Say where you are.

- Check in at the start of the shift
- Carry a charged phone. Keep it on you.

```
code is not prose. as required as required
```

| Who | Does what |
|-----|-----------|
| Supervisor | Calls back within 15 minutes |

{{ emergency_contacts() }}

!!! warning "No signal"
    Use the satellite device where possible.
"""


def test_sentences_are_the_prose_with_their_file_lines():
    found = [(s.text, s.line) for s in sentences(PAGE.split("---\n", 2)[2], 6)]
    assert found == [
        ("Call the office every two hours.", 9),
        ("Say where you are.", 9),
        ("Check in at the start of the shift", 11),
        ("Carry a charged phone.", 12),
        ("Keep it on you.", 12),
        ("Who", 18),
        ("Does what", 18),
        ("Supervisor", 20),
        ("Calls back within 15 minutes", 20),
        ("Use the satellite device where possible.", 25),
    ]


def test_vague_wording_outside_code_with_its_line_and_fix():
    found = [(f.line, f.field, f.problem, f.fix) for f in lint_text(PAGE, Quality())]
    assert found == [(25, "vague", "'where possible' is vague", "say what is done, and what is done when it cannot be")]


def test_a_long_sentence_is_reported_on_its_line():
    long = " ".join(["word"] * 31) + "."
    text = f"---\ntitle: x\nstatus: draft\nowner: y\n---\n\nShort one.\n\n{long}\n"
    found = [(f.line, f.field) for f in lint_text(text, Quality(grade=99))]
    assert found == [(9, "sentence")]
    assert lint_text(text, Quality(grade=99, sentence_words=40)) == []


def test_sentences_do_not_end_at_abbreviations_or_numbers():
    text = "Wear gloves, e.g. leather ones. Stay 3.5 m back. See s. 17 of the Act. Done."
    assert [s.text for s in sentences(text)] == [
        "Wear gloves, e.g. leather ones.",
        "Stay 3.5 m back.",
        "See s. 17 of the Act.",
        "Done.",
    ]


EASY = (
    "Stop work if it is not safe. Tell your boss right away. You can say no to unsafe work. "
    "We will not punish you for it. Your boss will check the job with you. Then you fix it together."
)
HARD = (
    "Notwithstanding organizational considerations, supervisory personnel shall systematically evaluate "
    "occupational exposures associated with hazardous atmospheric conditions, documenting corrective "
    "interventions comprehensively. Management representatives subsequently authorize modifications "
    "consistent with applicable engineering specifications and manufacturer recommendations."
)


def test_grades_of_known_texts():
    # Flesch–Kincaid with textstat 0.7.8's syllable counts (CMU dictionary): pinned in pyproject.
    assert grade(sentences(EASY)) == pytest.approx(0.26, abs=0.01)
    assert grade(sentences(HARD)) == pytest.approx(35.27, abs=0.01)


def test_grade_target_is_the_manuals_own():
    text = f"---\ntitle: x\nstatus: draft\nowner: y\n---\n\n{HARD}\n"
    found = lint_text(text, Quality(sentence_words=99))
    assert [(f.line, f.field) for f in found] == [(7, "grade")]
    assert found[0].problem == "reads at grade 35.3 (target 8 or lower)"
    assert lint_text(text, Quality(grade=36, sentence_words=99)) == []


def test_short_pages_are_not_graded():
    assert grade(sentences("Call 911. Then call the office.")) is None


@pytest.mark.parametrize(
    "quality, expected",
    [
        (Quality(), True),
        (Quality(allow=("Appropriate",)), False),
        (Quality(vague=("as required",)), False),
    ],
)
def test_vague_list_is_configurable(quality, expected):
    assert ("appropriate" in vague_phrases(quality)) is expected
    text = "---\ntitle: x\nstatus: draft\nowner: y\n---\n\nWear appropriate gloves.\n"
    assert bool(lint_text(text, quality)) is expected


# --- change notes copied from the previous revision ------------------------------------------


def _git(root, *args):
    import subprocess

    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@x", *args], cwd=root, check=True, capture_output=True
    )


def test_change_notes_identical_to_the_previous_revision(repo, capsys):
    from conftest import MANUAL_YML, write_manual
    from hsms_manuals.cli import main

    notes = "  changes: [Added the working-alone check-in procedure.]\n"
    yml = MANUAL_YML.replace('  revision: "1"\n', '  revision: "1"\n' + notes)
    write_manual(repo, manual_yml=yml)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "rev 1")
    assert main(["--root", str(repo), "lint", "tiny"]) == 0  # no earlier revision
    capsys.readouterr()
    (repo / "manuals/tiny/manual.yml").write_text(yml.replace('revision: "1"', 'revision: "2"'))
    assert main(["--root", str(repo), "lint", "tiny"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "manuals/tiny/manual.yml:11: document.changes: the same change notes as revision 1 — write what changed in "
        "revision 2, in words a worker understands"
    )
    assert main(["--root", str(repo), "validate", "tiny"]) == 0  # a warning there, never a failure
    assert "warning: manuals/tiny/manual.yml:11: document.changes: the same change notes" in capsys.readouterr().err
    (repo / "manuals/tiny/manual.yml").write_text(
        yml.replace('revision: "1"', 'revision: "2"').replace("Added the working-alone", "Changed the working-alone")
    )
    assert main(["--root", str(repo), "lint", "tiny"]) == 0
