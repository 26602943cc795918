from hsms_manuals.suggest import close, did_you_mean


def test_close_ids_best_first():
    topics = ["control.working_alone", "control.ppe", "control.violence"]
    assert close("control.workng_alone", topics) == ["control.working_alone"]
    assert did_you_mean("control.workng_alone", topics, "use a topic id") == "did you mean control.working_alone?"


def test_nothing_close_keeps_the_usual_fix():
    assert (
        did_you_mean("zzz", ["acsa", "esc", "bccsa"], "use one of: acsa, bccsa, esc") == "use one of: acsa, bccsa, esc"
    )


def test_case_does_not_hide_a_match():
    assert close("ACSA", ["acsa", "esc"]) == ["acsa"]
    assert did_you_mean("corr", ["COR", "SECOR"], "x") == "did you mean COR?"


def test_a_shared_area_is_not_a_match():
    topics = ["control.ppe", "policy.signed", "control.working_alone"]
    assert close("control.nope", topics) == []
    assert close("policy.nope", topics) == []
    assert close("hazard.working_alone", topics) == ["control.working_alone"]


def test_file_names_are_not_topic_ids():
    assert close("99-missing.md", ["index.md", "01-policy.md"]) == []
    assert close("03-step.md", ["03-steps.md", "index.md"]) == ["03-steps.md"]
    assert close("img/mapp.png", ["img/map.png"]) == ["img/map.png"]
