"""Interview and observation preparation: per element, the questions an auditor checks by
talking to people or watching work, who they will talk to, and what to have ready — the
sections of the manual to brief people on and the records to have at hand. Only approved pages
are named (drafts never leak). Rendered as a page of the site's audit guide and as a file of
the audit pack."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .answers import answer_topics
from .audit_model import RecordKind, Who
from .model import Element, Evidence, Form, Manual, Partner, Program, Question, Topic
from .text import esc

# Who an auditor talks to when the map does not say: interviews sample workers and their
# supervisors; an observation watches workers at their work.
DEFAULT_WHO = {Evidence.INTERVIEW: (Who.WORKER, Who.SUPERVISOR), Evidence.OBSERVATION: (Who.WORKER,)}
FIELD = (Evidence.INTERVIEW, Evidence.OBSERVATION)


@dataclass(frozen=True)
class Prep:
    question: Question
    methods: tuple[Evidence, ...]  # interview and/or observation
    who: tuple[Who, ...]
    who_is_default: bool
    pages: tuple[str, ...]  # approved pages answering its topics, in manual order
    records: tuple[tuple[RecordKind, Form | None], ...]  # kinds keeping its records, with their form
    unanswered: tuple[Topic, ...]  # topics no approved page answers (and not N/A)


@dataclass(frozen=True)
class ElementPrep:
    element: Element
    questions: tuple[Prep, ...]


def who_of(q: Question) -> tuple[tuple[Who, ...], bool]:
    """The map's ``who:``, or the default of its evidence methods (and whether it is the default)."""
    if q.who:
        return q.who, False
    found: list[Who] = []
    for method in q.evidence:
        found += [w for w in DEFAULT_WHO.get(method, ()) if w not in found]
    return tuple(found), True


def preparation(manual: Manual, partner: Partner, program: Program, topics: Mapping[str, Topic]) -> list[ElementPrep]:
    # topic → the approved pages whose claimed sections answer it (a thin claim is no answer)
    pages = {
        t: list(dict.fromkeys(p.page for p in a.answered_in))
        for t, a in answer_topics(manual, topics).items()
        if a.answered_in
    }
    forms = {f.id: f for f in manual.forms}
    out = []
    for el in partner.elements:
        preps = []
        for q in el.questions:
            methods = tuple(m for m in q.evidence if m in FIELD)
            if program.id not in q.programs or not methods:
                continue
            who, default = who_of(q)
            live = [t for t in q.topics if t not in manual.not_applicable]
            if q.topics and not live:
                continue  # every topic not applicable: nothing to prepare
            answering = tuple(dict.fromkeys(src for t in live for src in pages.get(t, ())))
            kinds = tuple(
                (k, forms.get(k.form) if k.form else None) for k in manual.record_kinds if set(k.topics) & set(live)
            )
            unanswered = tuple(topics[t] for t in live if t not in pages and t in topics)
            preps.append(Prep(q, methods, who, default, answering, kinds, unanswered))
        if preps:
            out.append(ElementPrep(el, tuple(preps)))
    return out


def who_words(prep: Prep) -> str:
    words = ", ".join(w.plural for w in prep.who)
    if prep.who_is_default:
        words += (
            " (the usual people for "
            + " and ".join({"interview": "interviews", "observation": "observations"}[m.value] for m in prep.methods)
            + ")"
        )
    return words


def render(preps: list[ElementPrep], page_text: Callable[[str], str], title_of: Callable[[str], str]) -> str:
    """Markdown of the preparation. ``page_text(src)`` writes a reference to a page (a link on
    the site, the title in the pack)."""
    out: list[str] = []
    for ep in preps:
        out += [f"## {esc(ep.element.label)}", ""]
        for p in ep.questions:
            q = p.question
            how = " and ".join("interview" if m is Evidence.INTERVIEW else "observation" for m in p.methods)
            out += [
                f"### {esc(q.id)}",
                "",
                esc(q.text),
                "",
                f"- **How:** {how}",
                f"- **Who the auditor talks to:** {esc(who_words(p))}",
            ]
            if Evidence.OBSERVATION in p.methods:
                out.append(
                    "- **On the site tour:** the auditor looks for this at work; fix what does not match "
                    "the manual before the audit"
                )
            if p.pages:
                out.append("- **Brief them on:** " + ", ".join(page_text(src) for src in p.pages))
            if p.records:
                out.append(
                    "- **Have these records ready:** "
                    + "; ".join(esc(k.title) + (f" ({esc(f.id)} {esc(f.title)})" if f else "") for k, f in p.records)
                )
            if p.unanswered:
                out.append("- **Not in the manual yet:** " + esc("; ".join(t.title for t in p.unanswered)))
            out.append("")
    return "\n".join(out)


def intro(manual: Manual, partner: Partner, program: Program) -> str:
    return (
        f"What the {esc(partner.short_name)} auditor checks by talking to people or watching work "
        f"(program {esc(program.id)}), who they will talk to, and what to have ready. People answer "
        "in their own words: brief them on the sections named, and have the records at hand. "
        '"Usual people" means the partner map does not say, so hsms names who is usually asked.'
    )
