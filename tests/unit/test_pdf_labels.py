"""pdf.labels: every fixed word hsms prints on paper, in the language being printed (English unless
a translated edition is printing), filled with plain values that are never read as placeholders."""

from __future__ import annotations

import threading

import pytest

from hsms_manuals.pdf.labels import LABELS, label, printing_in


def test_english_unless_a_language_is_being_printed():
    assert label("contents") == "Contents"
    with printing_in("fr"):
        assert label("contents") == "Table des matières"
        with printing_in("pa"):
            assert label("emergency.title") == "ਐਮਰਜੈਂਸੀ ਵਿੱਚ"
        assert label("emergency.title") == "En cas d’urgence"  # the outer language again
    assert label("contents") == "Contents"


def test_a_language_without_a_catalogue_prints_english():
    with printing_in("xx"):
        assert label("history.title") == "Revision history"


def test_the_language_is_restored_after_an_error():
    with pytest.raises(RuntimeError), printing_in("fr"):
        raise RuntimeError("the PDF failed")
    assert label("contents") == "Contents"


def test_each_thread_prints_in_its_own_language():
    seen: dict[str, str] = {}

    def other() -> None:
        seen["other"] = label("contents")

    with printing_in("fr"):
        t = threading.Thread(target=other)
        t.start()
        t.join()
        seen["this"] = label("contents")
    assert seen == {"other": "Contents", "this": "Table des matières"}


def test_values_are_filled_as_plain_text_never_as_placeholders_or_markup():
    reason = "{date} {0.__class__} <b>bold</b>"
    assert (
        label("history.replaced", date="2026-01-02", reason=reason)
        == "Replaced on 2026-01-02: {date} {0.__class__} <b>bold</b>"
    )
    with printing_in("fr"):
        assert label("history.replaced", date="2026-01-02", reason=reason).endswith(reason)


def test_an_unknown_label_is_a_programming_error_and_labels_are_words():
    with pytest.raises(KeyError):
        label("no.such.label")
    assert all(isinstance(v, str) and v and "<" not in v for v in LABELS.values())  # words, not markup
