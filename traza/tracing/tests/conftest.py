"""Fixtures of the engine scenarios: the licensees of the small world, and a trace submitted and resolved."""

import pytest
from django.utils import timezone

from traza.tracing.models import Trace
from traza.tracing.services import trace_submit
from traza.tracing.tests.world import licensee_rows
from traza.tracing.validation import TraceRequestReader


@pytest.fixture
def world(load):
    assert load("licensees", licensee_rows()).rows_rejected == 0
    return load


@pytest.fixture
def submit(agency_a, catalog, django_capture_on_commit_callbacks):
    counter = iter(range(1, 10_000))

    def submit(agency=agency_a, **fields) -> Trace:
        values = {
            "request_ref": f"REF-{next(counter)}",
            "agency_code": agency.code,
            "recovery_date": "2022-05-01",
            "recovery_country": "MX",
            "recovery_state": "MX-SIN",
            **fields,
        }
        reader = TraceRequestReader(catalog=catalog, agencies={agency.code: agency.pk}, today=timezone.localdate())
        data = reader.read(1, values)
        assert not isinstance(data, list), [str(error.message) for error in data]
        with django_capture_on_commit_callbacks(execute=True):
            trace, _created = trace_submit(actor=None, agency=agency, data=data, channel=Trace.Channel.API)
        trace.refresh_from_db()
        return trace

    return submit
