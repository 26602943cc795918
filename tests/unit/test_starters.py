"""The starter library: where another manual of the repository answers a topic."""

from __future__ import annotations

import shutil

from conftest import MANUAL_YML, PROJECT, write_manual
from hsms_manuals.library import load_library
from hsms_manuals.manual import load_manual
from hsms_manuals.starters import Starters


def copy(repo, manual_id):
    shutil.copytree(PROJECT / "manuals" / manual_id, repo / "manuals" / manual_id)


def test_the_manuals_own_starter_is_asked_first(repo):
    copy(repo, "northfork-wellsite")
    copy(repo, "ridgeline-builders")
    write_manual(repo, manual_yml=MANUAL_YML + "starter:\n  manual: ridgeline-builders\n  names: []\n")
    library, _ = load_library(repo)
    manual, _ = load_manual(repo, "tiny")
    found = Starters(repo, library.topics, manual).find("control.working_alone")
    assert found is not None and found.manual == "ridgeline-builders"
    assert found.ref == "ridgeline-builders: 08-working-alone.md#before-you-work-alone"
    assert found.place.label == "Working Alone › Before you work alone"


def test_other_manuals_by_id_and_never_itself(repo):
    copy(repo, "ridgeline-builders")
    copy(repo, "northfork-wellsite")
    library, _ = load_library(repo)
    manual, _ = load_manual(repo, "ridgeline-builders")
    starters = Starters(repo, library.topics, manual)
    assert starters.find("control.working_alone").manual == "northfork-wellsite"
    assert (
        starters.find("control.vehicles").ref == "northfork-wellsite: 05-driving-and-working-alone.md#before-you-drive"
    )
    assert starters.find("no.such_topic") is None


def test_no_other_manual_no_example(repo):
    write_manual(repo)
    library, _ = load_library(repo)
    manual, _ = load_manual(repo, "tiny")
    assert Starters(repo, library.topics, manual).find("control.working_alone") is None


def test_the_starter_library_starter_comes_first_and_is_named_as_such(repo):
    copy(repo, "ridgeline-builders")
    write_manual(repo, manual_yml=MANUAL_YML + "starter:\n  id: ab-construction\n")
    library, _ = load_library(repo)
    manual, _ = load_manual(repo, "tiny")
    starters = Starters(repo, library.topics, manual)
    found = starters.find("control.working_alone")
    assert found is not None and found.manual == "starters/ab-construction"
    assert found.ref == "starters/ab-construction: 08-working-alone.md#before-you-work-alone"
    assert starters.find("no.such_topic") is None


def test_an_unknown_starter_id_falls_back_to_the_manuals(repo):
    copy(repo, "ridgeline-builders")
    write_manual(repo, manual_yml=MANUAL_YML + "starter:\n  id: no-such-starter\n")
    library, _ = load_library(repo)
    manual, _ = load_manual(repo, "tiny")
    assert Starters(repo, library.topics, manual).find("control.working_alone").manual == "ridgeline-builders"
