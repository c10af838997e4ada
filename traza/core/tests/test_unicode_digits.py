"""Digits int() cannot read ("²" is a digit to str.isdigit()) are refused or ignored, never a 500."""

import pytest
from django.http import Http404
from django.test import Client

from traza.intel.selectors.network import _node_traces


@pytest.mark.django_db
def test_a_superscript_id_marks_nothing_by_id_and_does_not_fail(officer_a):
    client = Client()
    client.force_login(officer_a)

    assert client.post("/notifications/read/", {"id": "²"}).status_code == 302


@pytest.mark.parametrize("value", ["²|ABC123", "MX|MX-SIN|²|2026-01-02"])
def test_network_nodes_with_superscript_numbers_are_read_without_them(value):
    kind = "gun" if value.count("|") == 1 else "recovery"
    assert _node_traces(kind, value) is not None


def test_a_superscript_trace_node_is_not_found():
    with pytest.raises(Http404):
        _node_traces("gun", "²")
