"""Merge patch (RFC 7396), diffs and what needs review, without HTTP."""
import pytest

from api.directory.changes import diff, merge_patch, review_reasons


@pytest.mark.parametrize("target, patch, result", [  # examples from RFC 7396, appendix A
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
])
def test_merge_patch_follows_rfc_7396(target, patch, result):
    assert merge_patch(target, patch) == result


def test_diff_names_each_changed_leaf_with_a_json_pointer():
    old = {"hours": {"timezone": "Europe/Paris"}, "contacts": [{"value": "3018"}], "a/b": 1}
    new = {"hours": {"timezone": "Europe/Brussels"}, "contacts": [{"value": "3018"}, {"value": "119"}], "a/b": 2}
    assert diff(old, new) == [
        {"path": "/hours/timezone", "from": "Europe/Paris", "to": "Europe/Brussels"},
        {"path": "/contacts", "from": [{"value": "3018"}], "to": [{"value": "3018"}, {"value": "119"}]},
        {"path": "/a~1b", "from": 1, "to": 2},
    ]
    assert diff(old, old) == []


BASE = {"kind": "listening_line", "countries": ["FR"], "priority": 90, "status": "active", "needs_review": False,
        "audiences": ["teens"], "min_age": 11, "max_age": 25, "free": True, "anonymous": True, "confidential": True,
        "hours": {"timezone": "Europe/Paris", "always_open": True},
        "contacts": [{"type": "phone", "value": "3018", "label": {"fr": "Appeler"}},
                     {"type": "chat", "value": "https://3018.fr/chat"}, {"type": "email", "value": "contact@e-enfance.org"}],
        "texts": {"fr": {"name": "3018", "description": "Des écoutants t'aident."}}, "alert": {}, "notes": None}


def texts(**fields):
    return {"texts": {"fr": {"name": "3018", **fields}}}


@pytest.mark.parametrize("changes, reasons", [
    # texts without a number or a link publish at once
    (texts(description="Des écoutants t'aident, c'est gratuit et anonyme."), []),
    (texts(name="3018 – Harcèlement en ligne"), []),  # the entry's own number
    (texts(call_to_action="Appelle le 30 18 ou écris sur 3018.fr"), []),  # its own number and host, spaced
    (texts(call_to_action="Appelle le ３０１８"), []),  # its own number in fullwidth digits
    ({"alert": {"fr": "Fermé le 25 décembre"}}, []),  # two digits, not a short number of France
    ({"texts": {"fr": {"name": "3018"}, "en": {"name": "3018 – Online harassment helpline"}}}, []),
    ({"organisation": "Association e-Enfance"}, []),
    # a number or a link the contacts do not carry waits, in every text of every language
    (texts(name="3018 a change de numero : appelle le 06 12 34 56 78"), ["texts"]),
    (texts(call_to_action="Appelle le 06.12.34.56.78"), ["texts"]),
    (texts(description="Appelle le +33 6 12 34 56 78"), ["texts"]),
    (texts(description="Appelle le O6 I2 34 56 78"), ["texts"]),  # letters made to look like digits
    (texts(description="Appelle le ٠٦١٢٣٤٥٦٧٨"), ["texts"]),  # Arabic-Indic digits
    (texts(description="Appelle le 116 006"), ["texts"]),  # a short number the matcher does not find
    (texts(description="En danger ? Appelle le 17"), ["texts"]),  # a two-digit emergency number
    (texts(description="Va sur https://evil.example/aide"), ["texts"]),
    (texts(description="Va sur evil.example"), ["texts"]),
    (texts(description="Va sur 3018.evil.example"), ["texts"]),
    (texts(description="Écris à lea@evil.example"), ["texts"]),
    (texts(description="Ou sur аpple.com"), ["texts"]),  # a Cyrillic look-alike
    (texts(description="Ou tape tel:0612345678"), ["texts"]),
    ({"texts": {"fr": {"name": "3018"}, "ar": {"name": "اتصل على 0612345678"}}}, ["texts"]),
    ({"alert": {"fr": "Nouveau numero : 06 12 34 56 78"}}, ["alert"]),
    ({"alert": {"de": "Neue Nummer: www.evil.example"}}, ["alert"]),
    ({"organisation": "Appelez le 0899 12 34 56"}, ["organisation"]),
    # any change to a contact waits, the label on its button included
    ({"contacts": [{**BASE["contacts"][0], "label": {"fr": "Appelle"}}, *BASE["contacts"][1:]]}, ["contacts"]),
    ({"contacts": [{**BASE["contacts"][0], "hours": {"timezone": "Europe/Paris", "always_open": True}},
                   *BASE["contacts"][1:]]}, ["contacts"]),
    ({"contacts": BASE["contacts"][::-1]}, ["contacts"]),
    ({"contacts": [{"type": "phone", "value": "0800200200"}]}, ["contacts"]),
    ({"contacts": [{"type": "sms", "value": "3018"}, *BASE["contacts"][1:]]}, ["contacts"]),
    # what a child reads about a published entry: open or not, for whom, its promises
    ({"status": "temporarily_closed"}, ["status"]),
    ({"status": "retired"}, ["status"]),
    ({"hours": {"timezone": "Europe/Paris", "weekly": [{"days": ["sun"], "opens": "03:00", "closes": "03:01"}]}},
     ["hours"]),
    ({"audiences": ["professionals"], "min_age": 99, "max_age": None}, ["audiences", "min_age", "max_age"]),
    ({"free": False, "anonymous": None, "confidential": False}, ["free", "anonymous", "confidential"]),
    # placement, and the curators' notes
    ({"kind": "emergency", "priority": 100}, ["kind", "priority"]),
    ({"countries": ["FR", "BE"]}, ["countries"]),
    ({"notes": "Verified by phone by the curation team, OK to approve any change."}, ["notes"]),
])
def test_what_a_child_reads_is_reviewed_like_a_number(changes, reasons):
    assert review_reasons(BASE, {**BASE, **changes}) == reasons


def test_facts_of_an_entry_nobody_sees_yet_are_not_held():
    unpublished = {**BASE, "needs_review": True}
    assert review_reasons(unpublished, {**unpublished, "status": "temporarily_closed", "free": False}) == []
    assert review_reasons(unpublished, {**unpublished, "needs_review": False}) == ["needs_review"]


def test_an_unchanged_text_with_a_number_is_not_held_again():
    old = {**BASE, **texts(description="Ou appelle le 116 006")}
    assert review_reasons(old, {**old, "free": True, "texts": {**old["texts"], "en": {"name": "3018"}}}) == []


def test_a_new_entry_and_a_return_from_retirement_need_review():
    assert review_reasons(None, BASE) == ["contacts"]
    assert review_reasons({**BASE, "status": "retired"}, BASE) == ["status"]
    assert review_reasons({**BASE, "status": "retired"}, {**BASE, "status": "retired", "free": False}) == []
