"""Cerberus schemas for every input file, and the translation of cerberus errors into
``Problem`` lines with a way out. Each field may carry ``meta: {fix: ...}``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import cerberus
from cerberus.errors import CUSTOM, BasicErrorHandler, ValidationError
from cerberus.schema import DefinitionSchema

from .errors import Problem
from .fast_schema import NotPlain, compile_schema
from .languages import CONTROLLED_DEFAULT, KNOWN, TRANSLATION_STATUSES, known_codes
from .yamlio import Source

TOPIC_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
SLUG = r"^[a-z0-9][a-z0-9-]*$"
EVIDENCE = ["documentation", "interview", "observation"]
SCORING = ["proportional", "all_or_nothing", "criteria"]
# Canada's provinces and territories (ISO 3166-2:CA): where a company works, where a partner certifies.
PROVINCES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]
MAX_EMPLOYEES = 100_000  # a sanity bound, far above any COR employer's head count
FREQUENCIES = ["week", "month", "quarter", "year", "event"]
AUDIT_TYPES = ["certification", "maintenance", "recertification"]
WHO = ["worker", "supervisor", "manager"]
PAGE_STATUSES = ("draft", "approved")


def _text(value: Any) -> Any:
    """YAML reads 911 or 4 as numbers; phone numbers and revisions are text."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _whole_number_text(value: Any) -> Any:
    """revision: 4 → "4"; a float stays a float so the type check refuses it."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _fix(hint: str) -> dict[str, str]:
    return {"fix": hint}


STR = {"type": "string", "empty": False}
TEXT = {"type": "string", "empty": False, "coerce": _text}
DATE = {"type": "date", "meta": _fix("write the date as YYYY-MM-DD, without quotes")}
OPT_STR = {"type": "string", "nullable": True}
PERCENT = {"type": "number", "min": 0, "max": 100, "nullable": True}

TOPICS = {
    "topics": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {
            "type": "dict",
            "schema": {
                "id": {
                    **STR,
                    "required": True,
                    "regex": TOPIC_ID,
                    "meta": _fix("use lowercase dotted ids like policy.signed"),
                },
                "title": {**STR, "required": True},
                "description": {**STR, "required": True},
                # Auditors sample records for this topic, expected about this often: `hsms validate` warns
                # when a manual that keeps a records log has no record kind for it.
                "records_every": {**STR, "allowed": FREQUENCIES},
                "min_words": {
                    "type": "integer",
                    "min": 1,
                    "max": 2000,
                    "meta": _fix("the words a claimed section needs, e.g. min_words: 60 (default 40)"),
                },
                "look_for": {
                    "type": "list",
                    "schema": {
                        "type": "dict",
                        "schema": {
                            "point": {**STR, "required": True},
                            "any": {
                                "type": "list",
                                "required": True,
                                "empty": False,
                                "schema": TEXT,
                            },  # 911 is a term too
                        },
                    },
                },
            },
        },
    },
}

SIZE_RULE = {
    "type": "dict",
    "required": True,
    "schema": {
        "unit": {**STR, "required": True, "allowed": ["employees", "fte"]},
        "min": {"type": "number", "min": 0, "default": 0},
        "below": {"type": "number", "min": 0, "nullable": True, "default": None},
    },
}

PASS_RULE = {
    "overall": {"type": "number", "min": 0, "max": 100, "required": True},
    "element_min": PERCENT,
}
# Who sets a rule, when it is not the partner itself ("Alberta's rule for maintenance audits since 2023").
BASIS = {**STR, "nullable": True, "default": None}

PARTNER = {
    "id": {**STR, "required": True, "regex": SLUG},
    "name": {**STR, "required": True},
    "short_name": {**STR, "required": True},
    "kind": {**STR, "required": True, "allowed": ["certifying-partner", "legislation"]},
    "province": {**STR, "required": True, "allowed": PROVINCES},
    # Where the partner certifies (Energy Safety Canada: AB, BC and SK); default: [province].
    "provinces": {
        "type": "list",
        "empty": False,
        "nullable": True,
        "default": None,
        "schema": {"type": "string", "allowed": PROVINCES},
    },
    "active_from": {**DATE, "nullable": True},
    "active_to": {**DATE, "nullable": True},
    # The map of the partner's newer instrument, once there is one (`hsms status` flags clients
    # still measured against this one).
    "replaced_by": {
        **STR,
        "nullable": True,
        "default": None,
        "regex": SLUG,
        "meta": _fix("name the id of the partner map that replaces this one, e.g. acsa-2026"),
    },
    "instrument": {
        "type": "dict",
        "required": True,
        "schema": {
            "name": {**STR, "required": True},
            "version": {**TEXT, "required": True, "nullable": True},  # null where not public
            "effective": {**DATE, "required": True, "nullable": True},
        },
    },
    "provenance": {
        "type": "dict",
        "required": True,
        "schema": {
            "source": {**STR, "required": True},
            "verified": {"type": "boolean", "required": True},
            "notes": OPT_STR,
        },
    },
    "default_points": {"type": "number", "min": 0, "default": 10},
    "programs": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {
            "type": "dict",
            "schema": {
                "id": {**STR, "required": True},
                "name": {**STR, "required": True},
                "audit": {**STR, "required": True, "allowed": ["external", "self-assessment", "internal"]},
                "size_rule": SIZE_RULE,
                # Why this program's questions only approximate the real audit (e.g. a separate SECOR
                # instrument that is not modelled); shown in `hsms partners` and the audit guide.
                "approximated": {**STR, "nullable": True, "default": None},
            },
        },
    },
    "pass_rules": {
        "type": "dict",
        "required": True,
        "schema": {
            **PASS_RULE,
            "maintenance": {"type": "dict", "nullable": True, "schema": {**PASS_RULE, "basis": BASIS}},
        },
    },
    "elements": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {
            "type": "dict",
            "schema": {
                "id": {**TEXT, "required": True},
                "title": {**STR, "required": True},
                "verified": {"type": "boolean", "default": True},
                "note": {**STR, "nullable": True, "default": None},  # shown on the element's guide page
                "questions": {
                    "type": "list",
                    "required": True,
                    "empty": False,
                    "schema": {
                        "type": "dict",
                        "schema": {
                            "id": {**TEXT, "required": True},
                            "text": {**STR, "required": True},
                            "evidence": {
                                "type": "list",
                                "required": True,
                                "empty": False,
                                "schema": {"type": "string", "allowed": EVIDENCE},
                            },
                            "points": {"type": "number", "min": 0, "nullable": True, "default": None},
                            "programs": {"type": "list", "schema": STR},
                            # Required unless scoring is criteria (then derived from the criteria): see library._check_partner.
                            "topics": {"type": "list", "empty": False, "schema": {**STR, "regex": TOPIC_ID}},
                            "scoring": {**STR, "allowed": SCORING, "default": "proportional"},
                            "criteria": {
                                "type": "list",
                                "empty": False,
                                "schema": {
                                    "type": "dict",
                                    "schema": {
                                        "text": {**STR, "required": True},
                                        "topics": {
                                            "type": "list",
                                            "required": True,
                                            "empty": False,
                                            "schema": {**STR, "regex": TOPIC_ID},
                                        },
                                    },
                                },
                            },
                            "verified": {"type": "boolean", "default": True},
                            # Who the auditor talks to or watches for an interview/observation question.
                            "who": {"type": "list", "empty": False, "schema": {"type": "string", "allowed": WHO}},
                        },
                    },
                },
            },
        },
    },
    # What an audit samples of the records log, and the certificate length it earns.
    "records_rules": {
        "type": "dict",
        "nullable": True,
        "default": None,
        "schema": {
            "window_months": {"type": "integer", "required": True, "min": 1, "max": 36},
            "minimum_months": {"type": "integer", "required": True, "min": 0, "max": 36},
            "certificate_years": {
                "type": "list",
                "default": [],
                "schema": {
                    "type": "dict",
                    "schema": {
                        "months": {"type": "integer", "required": True, "min": 0, "max": 36},
                        "years": {"type": "integer", "required": True, "min": 1, "max": 5},
                    },
                },
            },
            "below_minimum": {**STR, "nullable": True, "default": None},
            "verified": {"type": "boolean", "default": True},
            "basis": BASIS,
        },
    },
}

PROVENANCE = {
    "type": "dict",
    "required": True,
    "schema": {
        "source": {**STR, "required": True},
        "verified": {"type": "boolean", "required": True},
        "notes": OPT_STR,
    },
}

# partners/legislation/<jurisdiction>.yml: `verified` is required everywhere, so every statement
# of the law says whether it was read in the law (or an official page) or is our best reading.
_VERIFIED = {
    "type": "boolean",
    "required": True,
    "meta": _fix("write verified: true only when read in the law or an official page"),
}
_CITED_AS = {"type": "list", "default": [], "schema": {**STR, "minlength": 3}}
LEGISLATION = {
    "jurisdiction": {**STR, "required": True, "regex": r"^[A-Z]{2}$", "meta": _fix("use the two-letter code, e.g. AB")},
    "name": {**STR, "required": True},
    "provenance": PROVENANCE,
    "instruments": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {
            "type": "dict",
            "schema": {
                "id": {**STR, "required": True, "regex": SLUG},
                "kind": {**STR, "required": True, "allowed": ["act", "regulation", "code"]},
                "title": {**STR, "required": True},
                "short": {**STR, "required": True},
                "citation": {**STR, "required": True},
                "in_force": {**DATE, "nullable": True, "default": None},
                "cited_as": _CITED_AS,
                "verified": _VERIFIED,
            },
        },
    },
    "historical": {
        "type": "list",
        "default": [],
        "schema": {
            "type": "dict",
            "schema": {
                "id": {**STR, "required": True, "regex": SLUG},
                "title": {**STR, "required": True},
                "citation": {**STR, "required": True},
                "repealed": {**DATE, "required": True},
                "replaced_by": {**STR, "nullable": True, "default": None},
                "cited_as": _CITED_AS,
                "checklist": {
                    "type": "list",
                    "default": [],
                    "schema": {
                        "type": "dict",
                        "schema": {
                            "ref": {**TEXT, "required": True},
                            "summary": {**STR, "required": True},
                            "topics": {"type": "list", "default": [], "schema": {**STR, "regex": TOPIC_ID}},
                        },
                    },
                },
                "verified": _VERIFIED,
            },
        },
    },
    "provisions": {
        "type": "list",
        "default": [],
        "schema": {
            "type": "dict",
            "schema": {
                "id": {**STR, "required": True, "regex": SLUG},
                "instrument": {**STR, "required": True},
                "ref": {**TEXT, "required": True},
                "summary": {**STR, "required": True},
                "topics": {"type": "list", "required": True, "empty": False, "schema": {**STR, "regex": TOPIC_ID}},
                "in_force": {**DATE, "nullable": True, "default": None},
                "workers": {
                    "type": "dict",
                    "nullable": True,
                    "default": None,
                    "schema": {
                        "min": {"type": "integer", "min": 1, "default": 1},
                        "below": {"type": "integer", "min": 2, "nullable": True, "default": None},
                    },
                },
                "verified": _VERIFIED,
            },
        },
    },
}

_SCORE = {"type": "number", "min": 0, "max": 100, "meta": _fix("write the score as a percentage, e.g. 78")}
# Record kinds: ids used in the records log (records/*.csv), so plain lowercase words.
RECORD_KIND = {**STR, "regex": SLUG, "meta": _fix("use lowercase letters, digits and '-', e.g. site-inspection")}

PHONE_FIX = _fix('write digits with optional spaces or dashes, in quotes, e.g. "403-555-0148"')
PHONE = {**TEXT, "required": True, "regex": r"^[0-9+()\- .]{3,20}$", "meta": PHONE_FIX}
PERSON_PHONE = {"type": "dict", "schema": {"name": {**STR, "required": True}, "phone": PHONE}}

_LANG_FIX = _fix("use a language code from this list: " + known_codes())
LANGUAGES = {
    "type": "dict",
    "nullable": True,
    "schema": {
        "controlled": {**STR, "default": CONTROLLED_DEFAULT, "allowed": list(KNOWN), "meta": _LANG_FIX},
        "translations": {
            "type": "list",
            "default": [],
            "schema": {**STR, "allowed": list(KNOWN), "meta": _LANG_FIX},
            "meta": _fix("list language codes, e.g. translations: [fr, pa]"),
        },
    },
}

MANUAL = {
    "company": {
        "type": "dict",
        "required": True,
        "schema": {
            "name": {**STR, "required": True},
            "province": {
                **STR,
                "required": True,
                "allowed": PROVINCES,
                "meta": _fix("use the two-letter code of a province or territory: " + " ".join(PROVINCES)),
            },
            "employees": {
                "type": "integer",
                "required": True,
                "min": 1,
                "max": MAX_EMPLOYEES,
                "meta": _fix(f"write the peak number of workers incl. management (1 to {MAX_EMPLOYEES}), e.g. 24"),
            },
            "fte": {
                "type": "number",
                "above": 0,
                "max": MAX_EMPLOYEES,
                "nullable": True,
                "meta": _fix(f"write annual payroll hours ÷ 2080 (more than 0, at most {MAX_EMPLOYEES}), e.g. 14.5"),
            },
            "industry": OPT_STR,
            "address": OPT_STR,
        },
    },
    "certification": {
        "type": "dict",
        "required": True,
        "schema": {
            "partner": {**STR, "required": True, "meta": _fix("use a partner id from `hsms partners`")},
            "program": {**STR, "nullable": True},
            "certificates": {
                "type": "list",
                "default": [],
                "schema": {
                    "type": "dict",
                    "schema": {
                        "program": {**STR, "required": True},
                        "issued": {**DATE, "required": True},
                        "expires": {**DATE, "required": True},
                        "number": {**TEXT, "nullable": True},
                    },
                },
            },
            "next_audit": {
                "type": "dict",
                "nullable": True,
                "schema": {
                    "type": {**STR, "required": True, "allowed": AUDIT_TYPES},
                    "planned": {**DATE, "required": True},
                },
            },
            "audits": {
                "type": "list",
                "default": [],
                "schema": {
                    "type": "dict",
                    "schema": {
                        "type": {**STR, "required": True, "allowed": AUDIT_TYPES},
                        "date": {**DATE, "required": True},
                        "overall": {**_SCORE, "required": True},
                        "elements": {
                            "type": "dict",
                            "default": {},
                            "keysrules": {"type": "string", "coerce": _text},
                            "valuesrules": _SCORE,
                        },
                    },
                },
            },
        },
    },
    "document": {
        "type": "dict",
        "required": True,
        "schema": {
            "title": {**STR, "default": "Health and Safety Manual"},
            "number": {**TEXT, "required": True},
            # A decimal number is refused: YAML reads revision: 4.10 as 4.1.
            "revision": {
                **STR,
                "coerce": _whole_number_text,
                "required": True,
                "regex": r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                "meta": _fix('write it in quotes, e.g. revision: "4" or "4.10" (unquoted 4.10 reads as 4.1)'),
            },
            "effective": {**DATE, "required": True},
            "approved_by": {
                "type": "dict",
                "required": True,
                "schema": {"name": {**STR, "required": True}, "title": {**STR, "required": True}},
            },
            "review_months": {"type": "integer", "min": 1, "max": 36, "default": 12},
            "changes": {"type": "list", "schema": STR, "default": []},
            "page_size": {**STR, "allowed": ["Letter", "A4"], "default": "Letter"},
        },
    },
    # Printed into every page (canonical link) and the PDF footer: a plain web address only.
    "site_url": {
        **STR,
        "nullable": True,
        "regex": r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/+-]*)?$",
        "meta": _fix("write the manual's web address, e.g. https://manuals.example.ca/ridgeline-builders/"),
    },
    "emergency": {
        "type": "dict",
        "required": True,
        "schema": {
            "numbers": {
                "type": "list",
                "required": True,
                "empty": False,
                "schema": {"type": "dict", "schema": {"label": {**STR, "required": True}, "phone": PHONE}},
            },
            "report_incident": {
                "type": "dict",
                "required": True,
                "schema": {"contact": {**STR, "required": True}, "phone": PHONE},
            },
            "sites": {
                "type": "list",
                "required": True,
                "empty": False,
                "schema": {
                    "type": "dict",
                    "schema": {
                        "name": {**STR, "required": True},
                        "address": OPT_STR,
                        "muster_point": {**STR, "required": True},
                        "first_aid": {"type": "list", "required": True, "empty": False, "schema": PERSON_PHONE},
                        "hospital": {
                            **STR,
                            "required": True,
                            "meta": {
                                "add": "add 'hospital:' with the nearest hospital or "
                                "medical centre and its address, so an injured worker is taken to the right place"
                            },
                        },
                        "phone": {
                            **PHONE,
                            "meta": {
                                **PHONE_FIX,
                                "add": "add 'phone:' with the number that reaches this site "
                                '(site office, trailer or the lead\'s cell), in quotes, e.g. phone: "403-555-0150"',
                            },
                        },
                    },
                },
            },
        },
    },
    # A joint health and safety committee (Alberta: 20+ workers) and a representative (5 to 19).
    "committee": {
        "type": "dict",
        "nullable": True,
        "schema": {
            "members": {
                "type": "list",
                "default": [],
                "schema": {
                    "type": "dict",
                    "schema": {
                        "name": {**STR, "required": True},
                        "represents": {**STR, "required": True, "allowed": ["workers", "employer"]},
                    },
                },
            },
            "terms_of_reference": {
                **STR,
                "regex": r"^[^#\s]+\.md#[^#\s]+$",
                "meta": _fix("write the page and heading id, e.g. 09-committee.md#terms-of-reference"),
            },
        },
    },
    "representative": {"type": "dict", "nullable": True, "schema": {"name": {**STR, "required": True}, "phone": PHONE}},
    "responsibilities": {
        "type": "list",
        "default": [],
        "schema": {
            "type": "dict",
            "schema": {
                "role": {**STR, "required": True},
                "duties": {"type": "list", "required": True, "empty": False, "schema": STR},
            },
        },
    },
    "forms": {
        "type": "list",
        "default": [],
        "schema": {
            "type": "dict",
            "schema": {
                "id": {**TEXT, "required": True},
                "title": {**STR, "required": True},
                "use": {**STR, "required": True},
                # The form's file under manuals/<id>/forms/ (checked in forms.py): a PDF, Word or Excel file, or Markdown.
                "file": {
                    **STR,
                    "nullable": True,
                    "meta": _fix("write the path from the manual folder, e.g. file: forms/F-01-flha.md"),
                },
            },
        },
    },
    # The company's logo, an image of docs/: the phone's home-screen icons and the site's header logo.
    "logo": {
        **STR,
        "nullable": True,
        "meta": _fix("write the path relative to docs/, e.g. logo: img/logo.png (PNG, JPEG, WebP or SVG)"),
    },
    # Written by `hsms new`: the starter-library starter it came from (id). Manuals started by
    # older versions from another manual name it (manual) and that company's names, which
    # approved pages must not keep.
    "starter": {
        "type": "dict",
        "nullable": True,
        "schema": {
            "id": STR,
            "manual": STR,
            "names": {"type": "list", "default": [], "schema": STR},
        },
    },
    # Files of docs/ to publish although no page links to them or their type is not an image
    # or form (see assets.py); paths relative to docs/.
    "publish_files": {
        "type": "list",
        "default": [],
        "schema": STR,
        "meta": _fix("list paths relative to docs/, e.g. publish_files: [forms/contacts.csv]"),
    },
    # Plain-language targets of `hsms lint` (see lint.py); every key optional.
    "quality": {
        "type": "dict",
        "nullable": True,
        "schema": {
            "grade": {
                "type": "number",
                "min": 1,
                "max": 20,
                "meta": _fix("write the highest Flesch–Kincaid grade a page may read at, e.g. grade: 8"),
            },
            "sentence_words": {
                "type": "integer",
                "min": 8,
                "max": 200,
                "meta": _fix("write the most words a sentence may have, e.g. sentence_words: 30"),
            },
            "vague": {"type": "list", "schema": STR},
            "allow": {"type": "list", "schema": STR},
        },
    },
    "not_applicable": {
        "type": "dict",
        "default": {},
        "keysrules": {"type": "string", "regex": TOPIC_ID},
        "valuesrules": {"type": "string", "nullable": True},
    },
    # The controlled language and the translations (languages.py; README "Languages").
    "languages": LANGUAGES,
    # The kinds of records the company keeps (rows of records/*.csv name one of them).
    "records": {
        "type": "list",
        "default": [],
        "schema": {
            "type": "dict",
            "schema": {
                "kind": {**RECORD_KIND, "required": True},
                "title": {**STR, "required": True},
                "every": {**STR, "required": True, "allowed": FREQUENCIES},
                "topics": {"type": "list", "required": True, "empty": False, "schema": {**STR, "regex": TOPIC_ID}},
                "form": {**TEXT, "nullable": True},
                "per_site": {"type": "boolean", "default": False},
                "owner": {**STR, "nullable": True},
            },
        },
    },
}

PAGE = {
    "title": {**TEXT, "required": True},
    # A list of topic ids (whole-page claims) or a mapping topic id → heading id(s): read by manual.claims_from.
    "covers": {
        "type": ["list", "dict"],
        "default": [],
        "meta": _fix("write covers as 'topic.id: heading-id' lines (or a list of topic ids on a short page)"),
    },
    "status": {**STR, "required": True, "allowed": list(PAGE_STATUSES)},
    "owner": {
        **STR,
        "required": True,
        "meta": _fix("name the role that keeps this page current, e.g. owner: Safety Coordinator"),
    },
    # What search engines and link previews show; default: the page's first paragraph.
    "description": {
        **STR,
        "nullable": True,
        "maxlength": 300,
        "meta": _fix("write one or two plain sentences (at most 300 characters)"),
    },
}


def plain_page(data: Any) -> dict[str, Any] | None:
    """The normalised front matter of a page that is plainly valid against ``PAGE``, without
    cerberus (which costs most of `validate`'s time, and a valid page needs none of its
    messages); None for anything else, which ``Schema(PAGE)`` then checks and explains."""
    if type(data) is not dict or not data.keys() <= PAGE.keys():
        return None
    title, status, owner, covers = data.get("title"), data.get("status"), data.get("owner"), data.get("covers", [])
    if (
        type(title) is not str
        or not title
        or status not in PAGE_STATUSES
        or type(owner) is not str
        or not owner
        or type(covers) not in (list, dict)
    ):
        return None
    doc = {"title": title, "covers": covers, "status": status, "owner": owner}
    if "description" in data:  # kept, and checked as PAGE checks it (text of at most 300 characters, or null)
        description = data["description"]
        if description is not None and (type(description) is not str or not description or len(description) > 300):
            return None
        doc["description"] = description
    return doc


# A translated page (docs/x.<lang>.md). It never carries what makes a page count: covers:,
# status: approved, owner: are the controlled page's alone.
_NOT_IN_TRANSLATION = (
    "remove it: only the controlled page's {} counts — a translation never counts for coverage or approval"
)
TRANSLATION = {
    "title": {**TEXT, "required": True},
    "translation": {
        "type": "dict",
        "required": True,
        "schema": {
            "status": {**STR, "required": True, "allowed": list(TRANSLATION_STATUSES)},
            "reviewed_by": {**STR, "nullable": True, "default": None},
        },
        "meta": _fix(
            "write translation: {status: draft} (to be checked by a fluent speaker) or "
            "{status: reviewed, reviewed_by: NAME}"
        ),
    },
    # Written by `hsms translate mark` or `hsms translate import`, never by hand.
    "translated_from": {
        "type": "dict",
        "nullable": True,
        "default": None,
        "schema": {
            "revision": {**STR, "coerce": _whole_number_text, "required": True},
            "digest": {
                **STR,
                "required": True,
                "regex": r"^sha256:[0-9a-f]{64}$",
                "meta": _fix("do not edit it: run `hsms translate mark MANUAL PAGE` after checking the translation"),
            },
        },
    },
    "covers": {"readonly": True, "meta": _fix(_NOT_IN_TRANSLATION.format("covers:"))},
    "status": {
        "readonly": True,
        "meta": _fix(_NOT_IN_TRANSLATION.format("status:") + "; write translation: {status: draft}"),
    },
    "owner": {"readonly": True, "meta": _fix(_NOT_IN_TRANSLATION.format("owner:"))},
}


class _Validator(cerberus.Validator):
    """cerberus counts true/false as integers (bool is an int in Python); we don't: `employees: yes` is a mistake."""

    types_mapping = {**cerberus.Validator.types_mapping, "integer": cerberus.TypeDefinition("integer", (int,), (bool,))}

    def _error(self, *args: Any) -> None:
        """cerberus 1.3 re-sorts the whole error list, and the schema error tree's node, each time
        it adds an error: quadratic, so a manual.yml with thousands of mistakes took minutes. This
        is cerberus' own bulk path (the other signatures end up here) without those sorts: we sort
        the problems ourselves, once, and nothing reads the schema error tree (validation itself
        only consults the document error tree, whose nodes hold one field's errors each)."""
        if len(args) == 1:
            self._errors.extend(args[0])
            for error in args[0]:
                self.document_error_tree.add(error)
                self.error_handler.emit(error)
        else:
            super()._error(*args)

    def _validate_above(self, constraint: float, field: str, value: Any) -> None:
        """A number strictly greater than the constraint ('min' allows the bound itself).

        The rule's arguments are validated against this schema:
        {'type': 'number'}"""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not value > constraint:
            self._error(field, f"must be more than {constraint}")


class _CheckedSchema(DefinitionSchema):
    """One of this package's schemas, which are constants: the tests check each against
    cerberus' rules (``check_definition``), so a run does not check it again. The check costs
    4–60 ms a schema, about 150 ms of every `hsms` start.

    cerberus 1.3 also copies the root schema for every document it normalises, and copying a
    ``DefinitionSchema`` re-checks (and re-hashes) the whole schema each time: most of the cost
    of validating a small page. The copy it needs is only read and updated field by field, so a
    plain dict copy of the checked schema does the same work."""

    def validate(self, schema: Any = None) -> None:
        """Checked by the tests, nested rules included (cerberus does not check the schemas of the
        child validators it builds, so nothing checks a rule at run time)."""

    def copy(self) -> dict[str, Any]:
        return self.schema.copy()


def check_definition(schema: dict[str, Any]) -> None:
    """Check one of our schemas against cerberus' rules and ours; raises cerberus.SchemaError.
    For the tests: a run trusts the schemas (see ``_CheckedSchema``)."""
    DefinitionSchema(_Validator(), schema)


class Schema:
    """One reusable cerberus validator (building a validator costs more than using one)."""

    def __init__(self, schema: dict[str, Any], allow_unknown: bool = False):
        self._validator = _Validator(allow_unknown=allow_unknown)
        self._validator.schema = _CheckedSchema(self._validator, schema)
        self._messages = BasicErrorHandler()
        # A plainly valid document needs none of cerberus' work (see fast_schema).
        self._fast = None if allow_unknown else compile_schema(schema)

    def check(self, source: Source) -> tuple[dict[str, Any] | None, list[Problem]]:
        """Validate and normalise; on failure return every problem, with its line."""
        if not isinstance(source.data, dict):
            got = "nothing" if source.data is None else type(source.data).__name__
            return None, [
                Problem(
                    source.path,
                    source.line_offset + 1,
                    "",
                    f"expected a mapping of fields, found {got}",
                    "write 'field: value' lines (see the formats in README.md)",
                )
            ]
        if self._fast is not None:
            try:
                return self._fast(source.data), []
            except NotPlain:
                pass
        v = self._validator
        if v.validate(source.data):
            return v.document, []
        return None, [self._problem(source, e) for e in _leaves(v._errors)]

    def _problem(self, source: Source, err: ValidationError) -> Problem:
        field = ".".join(str(p) for p in err.document_path)
        line = source.line_of(err.document_path)
        message = self._messages._format_message(err.field, err)
        if err.rule == "type" and isinstance(err.constraint, (list, tuple)):  # not "must be of ['list', 'dict'] type"
            message = "must be " + " or ".join(_TYPE_WORDS.get(str(c), str(c)) for c in err.constraint)
        return Problem(source.path, line, field, message, _fix_for(err, self._validator))


_TYPE_WORDS = {"list": "a list", "dict": "a mapping (field: value lines)", "string": "text", "number": "a number"}


def _leaves(errors: list[ValidationError]) -> Iterator[ValidationError]:
    for e in errors:
        if e.is_group_error:
            yield from _leaves(e.child_errors)
        else:
            yield e


def _fix_for(err: ValidationError, validator: cerberus.Validator) -> str:
    # A custom error's schema path ends at the field's parent (a rule's ends at the rule).
    where = err.schema_path + (err.field,) if err.code == CUSTOM.code else err.schema_path[:-1]
    rules = err.schema_path and _rules_at(validator.schema, where) or {}
    meta = (rules.get("meta") or {}) if isinstance(rules, dict) else {}
    hint = meta.get("fix")
    if err.code == CUSTOM.code:  # our own rules (above): the field's hint, or the formats
        return hint or "see the formats in README.md"
    if hint and err.rule not in (None, "required"):
        return hint
    if err.rule == "required" and meta.get("add"):
        return meta["add"]
    match err.rule:
        case "required":
            return f"add '{err.field}:' (see the formats in README.md)"
        case None:
            return "remove it or correct the spelling of the field name"
        case "allowed":
            return "use one of: " + ", ".join(map(str, err.constraint))
        case "type":
            kind = err.constraint if isinstance(err.constraint, str) else " or ".join(err.constraint)
            if kind == "string" and isinstance(err.value, dict):  # `- Duty: check the ladder` is a mapping in YAML
                return "put the text in quotes: YAML reads 'words: more words' as a field"
            return hint or {
                "dict": "write 'field: value' lines indented under it",
                "list": "write a list: one '- item' per line, or [a, b]",
                "date": "write the date as YYYY-MM-DD, without quotes",
                "integer": "write a whole number, e.g. 12",
                "boolean": "write true or false",
            }.get(kind, f"write a {kind} value")
        case "empty":
            return "fill it in or remove the field"
        case "regex":
            return hint or f"match the pattern {err.constraint}"
        case "min" | "max":
            return f"use a value {'at least' if err.rule == 'min' else 'at most'} {err.constraint}"
        case "nullable":
            return "give it a value"
        case _:
            return "see the formats in README.md"


def _rules_at(schema: Any, path: tuple[Any, ...]) -> Any:
    node = schema
    for key in path:
        try:
            node = node[key]
        except (KeyError, TypeError, IndexError):
            return {}
    return node
