"""/traces/new/: the officer's trace form, checked by the reader files and the API use."""

import pytest

from traza.tracing.models import Trace
from traza.tracing.tests.api_support import BUYER, load_records
from traza.tracing.tests.pages_support import FORM, browser

URL = "/traces/new/"


def post(client, django_capture_on_commit_callbacks, **changes):
    """Send the form as a browser does; the trace resolves on commit, as it does outside a test."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, {**FORM, **changes})


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in():
    response = browser().get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/traces/new/")


@pytest.mark.django_db
def test_the_form_asks_in_reading_order_with_every_input_labelled(officer_a):
    html = browser(officer_a).get(URL).content.decode()

    order = ["manufacturer", "serial_number", "importer", "recovery_date", "agency_case_number", "possessor_last_name"]
    positions = [html.index(f'name="{name}"') for name in order]
    assert positions == sorted(positions)
    for name in ("manufacturer", "recovery_state", "recovery_municipality", "crime_code", "possessor_dob"):
        assert f'<label for="id_{name}"' in html
    assert html.count('class="required-text"') == 4  # make, serial, recovery date and country
    assert 'aria-required="true"' in html
    assert 'autocomplete="name"' in html


@pytest.mark.django_db
def test_the_agencys_country_and_state_come_chosen_with_the_states_municipalities(officer_a):
    html = browser(officer_a).get(URL).content.decode()

    assert '<option value="MX-SIN" selected>Sinaloa</option>' in html
    assert '<option value="25006">Culiacán</option>' in html


@pytest.mark.django_db
def test_a_request_with_errors_keeps_what_was_typed_shows_each_error_by_its_field_and_creates_nothing(
    officer_a, django_capture_on_commit_callbacks
):
    response = post(
        browser(officer_a),
        django_capture_on_commit_callbacks,
        manufacturer="Nonexistent Arms",
        recovery_date="",
        latitude="123",
        agency_case_number="CI-777",
    )

    assert response.status_code == 200
    assert not Trace.objects.exists()
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert '<a href="#id_recovery_date">Date of recovery is required.</a>' in html
    assert 'id="id_manufacturer_error"' not in html and 'id="id_recovery_date_error"' in html
    assert 'id="id_latitude_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="Nonexistent Arms"' in html and 'value="CI-777"' in html and 'value="RAMIREZ"' in html


@pytest.mark.django_db
def test_a_valid_request_lands_on_the_trace_which_has_resolved(officer_a, load, django_capture_on_commit_callbacks):
    load_records(load)

    client = browser(officer_a)
    response = post(client, django_capture_on_commit_callbacks)

    trace = Trace.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/traces/{trace.number}/"
    assert (trace.agency, trace.submitted_by, trace.channel) == (officer_a.agency, officer_a, Trace.Channel.WEB)
    assert (trace.agency_case_number, trace.recovery_municipality.code) == ("CI-CLN-2022-0042", "25006")
    page = client.get(response["Location"]).content.decode()
    assert "Completed: purchaser found" in page
    assert "dispositions.csv, line 2" in page and "record RG-12345-0" in page
    assert f"Trace {trace.number} submitted." in page
    assert not any(name in page for name in ("RAMIREZ", "PEDRO", *BUYER))


@pytest.mark.django_db
def test_a_double_click_makes_one_trace_and_a_changed_form_another(officer_a, load, django_capture_on_commit_callbacks):
    load_records(load)
    client = browser(officer_a)

    first = post(client, django_capture_on_commit_callbacks)
    again = post(client, django_capture_on_commit_callbacks)
    other = post(client, django_capture_on_commit_callbacks, serial_number="RG-99999")

    assert first["Location"] == again["Location"] != other["Location"]
    assert Trace.objects.count() == 2


@pytest.mark.django_db
def test_a_partly_obliterated_serial_marks_each_unreadable_character(officer_a, django_capture_on_commit_callbacks):
    client = browser(officer_a)

    refused = post(client, django_capture_on_commit_callbacks, serial_obliterated="partial", serial_number="RG12345")
    accepted = post(client, django_capture_on_commit_callbacks, serial_obliterated="partial", serial_number="RG-1?3?5")

    assert 'id="id_serial_number_error"' in refused.content.decode()
    assert accepted.status_code == 302
    trace = Trace.objects.get()
    assert (trace.serial_obliterated, trace.serial_key) == ("partial", "RG1?3?5")


@pytest.mark.django_db
def test_a_fully_obliterated_serial_needs_no_serial(officer_a, django_capture_on_commit_callbacks):
    response = post(browser(officer_a), django_capture_on_commit_callbacks, serial_obliterated="Y", serial_number="")

    assert response.status_code == 302
    assert Trace.objects.get().serial_obliterated == "Y"


@pytest.mark.django_db
def test_an_urgent_trace_requires_its_reason(officer_a, django_capture_on_commit_callbacks):
    client = browser(officer_a)

    refused = post(client, django_capture_on_commit_callbacks, priority="urgent", urgent_reason="")
    accepted = post(client, django_capture_on_commit_callbacks, priority="urgent", urgent_reason="Homicidio en curso")

    html = refused.content.decode()
    assert refused.status_code == 200
    assert 'id="id_urgent_reason_error"' in html
    assert '<a href="#id_urgent_reason">' in html
    assert 'value="urgent" id="id_priority_1" checked' in html
    assert accepted.status_code == 302
    assert (Trace.objects.get().priority, Trace.objects.get().urgent_reason) == ("urgent", "Homicidio en curso")


@pytest.mark.django_db
def test_the_reason_field_is_hidden_by_the_stylesheet_only_while_routine(officer_a):
    html = browser(officer_a).get(URL).content.decode()

    assert 'class="field field-urgent_reason wide"' in html
    assert 'value="routine" id="id_priority_0" checked' in html


@pytest.mark.django_db
def test_without_javascript_the_importer_stays_visible_with_a_hint(officer_a):
    html = browser(officer_a).get(URL).content.decode()

    assert 'name="importer"' in html
    assert "Only for firearms made outside the United States" in html
    assert 'hx-trigger="load, change from:#id_manufacturer"' in html


@pytest.mark.django_db
def test_after_an_error_the_importer_of_a_foreign_make_is_asked_and_not_reloaded(
    officer_a, django_capture_on_commit_callbacks
):
    response = post(browser(officer_a), django_capture_on_commit_callbacks, manufacturer="Glock", recovery_date="")

    html = response.content.decode()
    assert 'name="importer"' in html and "Glock makes firearms abroad (Austria)" in html
    assert 'hx-trigger="change from:#id_manufacturer"' in html


@pytest.mark.django_db
def test_the_trace_belongs_to_the_officers_agency_whatever_is_posted(
    officer_a, agency_b, load, django_capture_on_commit_callbacks
):
    post(browser(officer_a), django_capture_on_commit_callbacks, agency_code=agency_b.code, request_ref="X-1")

    trace = Trace.objects.get()
    assert trace.agency == officer_a.agency
    assert trace.request_ref.startswith("WEB-")


@pytest.mark.django_db
def test_an_auditor_may_not_submit(auditor_a, django_capture_on_commit_callbacks):
    client = browser(auditor_a)

    assert client.get(URL).status_code == 403
    assert post(client, django_capture_on_commit_callbacks).status_code == 403
    assert not Trace.objects.exists()


@pytest.mark.django_db
def test_the_outsiders_trace_is_their_own_agencys(officer_b, officer_a, django_capture_on_commit_callbacks):
    response = post(
        browser(officer_b),
        django_capture_on_commit_callbacks,
        recovery_country="US",
        recovery_state="US-TX",
        recovery_municipality="48141",
    )

    assert response.status_code == 302
    trace = Trace.objects.get()
    assert trace.agency == officer_b.agency
    assert browser(officer_a).get(response["Location"]).status_code == 404
