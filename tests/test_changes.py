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


BASE = {"kind": "listening_line", "countries": ["FR"], "priority": 90, "status": "active",
        "contacts": [{"type": "phone", "value": "3018", "label": {"fr": "Appeler"}}], "texts": {"fr": {"name": "3018"}}}


@pytest.mark.parametrize("changes, reasons", [
    ({"texts": {"fr": {"name": "3018 – gratuit"}}}, []),
    ({"contacts": [{"type": "phone", "value": "3018", "label": {"fr": "Appelle"}}]}, []),
    ({"status": "temporarily_closed"}, []),
    ({"contacts": [{"type": "phone", "value": "0800200200"}]}, ["contacts"]),
    ({"contacts": [{"type": "sms", "value": "3018"}]}, ["contacts"]),
    ({"contacts": BASE["contacts"] + [{"type": "chat", "value": "https://3018.fr"}]}, ["contacts"]),
    ({"kind": "emergency", "priority": 100}, ["kind", "priority"]),
    ({"countries": ["FR", "BE"]}, ["countries"]),
])
def test_contacts_and_placement_need_review_text_does_not(changes, reasons):
    assert review_reasons(BASE, {**BASE, **changes}) == reasons


def test_a_new_entry_and_a_return_from_retirement_need_review():
    assert review_reasons(None, BASE) == ["contacts"]
    assert review_reasons({**BASE, "status": "retired"}, BASE) == ["status"]
