"""The suspect-guns page and API, and what the tracing agency sees on a trace of a suspect gun."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from traza.agencies.tests.factories import api_client
from traza.agencies.tests.personas import persona
from traza.intel.models import SuspectGun
from traza.intel.services.suspects import suspect_flag
from traza.intel.suspects import read_serial_list
from traza.intel.tests.test_suspects import submit_as  # noqa: F401 - fixture
from traza.tracing.tests.pages_support import browser

PAGE = "/intel/suspects/"
API = "/api/v1/suspects/"
CASE = "CI-FED/SIN/0042/2024"


@pytest.fixture(autouse=True)
def english():
    """English outside requests; a Spanish reader's page leaves no Spanish behind for the next test."""
    with translation.override("en"):
        yield


def flag(actor, text: str, case_ref: str = CASE) -> list[SuspectGun]:
    entries, _errors = read_serial_list(text)
    return suspect_flag(actor=actor, serials=entries, case_ref=case_ref)


# The page ------------------------------------------------------------------------------------------------------


def test_the_page_is_for_investigators_only(investigator_a, officer_a, analyst, supervisor_a, auditor_a):
    assert reverse("intel-suspects") == PAGE
    assert browser(investigator_a).get(PAGE).status_code == 200
    for user in (officer_a, analyst, supervisor_a, auditor_a):
        assert browser(user).get(PAGE).status_code == 404
    assert browser().get(PAGE).status_code == 302


def test_the_menu_shows_suspect_guns_to_investigators(investigator_a, officer_a):
    assert f'href="{PAGE}"' in browser(investigator_a).get("/").content.decode()
    assert f'href="{PAGE}"' not in browser(officer_a).get("/").content.decode()


def test_a_bad_line_comes_back_and_the_good_ones_are_flagged(investigator_a):
    typed = "ab-1234, Ruger\nK#9 ?, Colt\nkp95 0017;Smith & Wesson"

    page = browser(investigator_a).post(PAGE, {"serials": typed, "case_ref": CASE, "expires_on": ""})

    text = page.content.decode()
    assert page.status_code == 200
    assert sorted(SuspectGun.objects.values_list("serial_key", flat=True)) == ["AB1234", "KP950017"]
    assert "Line 2: the serial number holds characters a serial number cannot have." in text
    assert "K#9 ?, Colt</textarea>" in text
    assert f'value="{CASE}"' in text
    assert "2 guns flagged as suspect." in text


def test_a_csv_file_is_read_with_its_header(investigator_a):
    content = "serial,manufacturer\r\nRG-1,Ruger\r\nSW 22,S&W\r\n".encode("cp1252")
    upload = SimpleUploadedFile("sospechosas.csv", content, content_type="text/csv")

    page = browser(investigator_a).post(PAGE, {"file": upload, "case_ref": CASE})

    assert page.status_code == 302
    assert sorted(SuspectGun.objects.values_list("serial_key", flat=True)) == ["RG1", "SW22"]


def test_a_missing_case_keeps_the_serials_typed(investigator_a):
    page = browser(investigator_a).post(PAGE, {"serials": "AB1234\nCD-5", "case_ref": ""})

    assert page.status_code == 200
    assert "AB1234\nCD-5</textarea>" in page.content.decode()
    assert not SuspectGun.objects.exists()


def test_the_page_in_spanish(investigator_a):
    investigator_a.language = "es"
    investigator_a.save(update_fields=["language"])

    page = browser(investigator_a).post(PAGE, {"serials": "ß1", "case_ref": CASE})

    text = page.content.decode()
    assert "Armas sospechosas" in text
    assert "Línea 1: el número de serie tiene caracteres que un número de serie no puede tener." in text


def test_withdraw_from_the_page_and_another_agencys_flag_is_404(investigator_a, agency_b):
    investigator_b = persona("investigator_b", agency_b, "investigator")
    [mine] = flag(investigator_a, "AB1234")

    assert browser(investigator_b).post(f"{PAGE}{mine.pk}/withdraw/").status_code == 404
    assert browser(investigator_b).get(PAGE).content.decode().count("AB1234") == 0
    assert browser(investigator_a).post(f"{PAGE}{mine.pk}/withdraw/").status_code == 302
    mine.refresh_from_db()
    assert mine.withdrawn_at is not None


def test_the_page_lists_the_traces_that_found_a_flag(investigator_a, officer_b, submit_as):  # noqa: F811
    flag(investigator_a, "AB1234, Ruger")
    submit_as(officer_b, serial_number="AB-1234", manufacturer="Ruger")

    text = browser(investigator_a).get(PAGE).content.decode()

    assert f"by {officer_b.agency.name}, recovered" in text


# The tracing agency's view -------------------------------------------------------------------------------------


def test_the_tracing_agency_sees_whom_to_contact_and_nothing_else_of_the_case(
    investigator_a,
    officer_b,
    officer_a,
    submit_as,  # noqa: F811
):
    investigator_a.first_name, investigator_a.last_name = "Rosa", "Quintanilla"
    investigator_a.save()
    flag(investigator_a, "AB1234, Ruger")
    trace = submit_as(officer_b, serial_number="ab 1234", manufacturer="RUGER")

    page = browser(officer_b).get(f"/traces/{trace.number}/").content.decode()
    detail = api_client(officer_b).get(f"/api/v1/traces/{trace.number}/").json()

    contact = f"Suspect gun: contact {investigator_a.agency.name}, case {CASE}."
    assert contact in page
    assert "Quintanilla" not in page and "investigator_a" not in page
    assert detail["suspect_contacts"] == [
        {"agency": investigator_a.agency.name, "agency_code": investigator_a.agency.code, "case_ref": CASE}
    ]
    assert "suspect_gun" in [indicator["code"] for indicator in detail["indicators"]]
    assert browser(officer_a).get(f"/traces/{trace.number}/").status_code == 404


def test_a_trace_of_no_suspect_gun_shows_no_contact(officer_b, submit_as):  # noqa: F811
    trace = submit_as(officer_b, serial_number="AB1234", manufacturer="Ruger")

    assert "Suspect gun: contact" not in browser(officer_b).get(f"/traces/{trace.number}/").content.decode()
    assert api_client(officer_b).get(f"/api/v1/traces/{trace.number}/").json()["suspect_contacts"] == []


# The API -------------------------------------------------------------------------------------------------------


def test_the_api_flags_lists_and_withdraws(investigator_a):
    client = api_client(investigator_a)

    created = client.post(
        API,
        {
            "serials": [{"serial_number": "ab-1234", "manufacturer": "ruger"}, {"serial_number": "KP95"}],
            "case_ref": CASE,
        },
        format="json",
    )
    listed = client.get(API).json()
    withdrawn = client.post(f"{API}{created.json()[0]['id']}/withdraw/")

    assert created.status_code == 201
    assert [(flag["serial_number"], flag["make"]) for flag in created.json()] == [("ab-1234", "Ruger"), ("KP95", None)]
    assert listed["count"] == 2
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
    assert client.get(API).json()["count"] == 1
    assert client.get(API, {"status": "ended"}).json()["count"] == 1
    assert client.get(API, {"status": "soon"}).json()["error"]["fields"] == {"status": ["Use active, ended or all."]}


def test_the_api_refuses_a_list_with_a_bad_entry_whole_naming_it(investigator_a):
    answer = api_client(investigator_a).post(
        API,
        {
            "serials": [{"serial_number": "AB1234"}, {"serial_number": "AB 12 ñ"}],
            "case_ref": CASE,
            "expires_on": "2020-01-01",
        },
        format="json",
    )

    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid"
    assert answer.json()["error"]["fields"]["serials"] == [
        "Line 2: the serial number holds characters a serial number cannot have."
    ]
    assert not SuspectGun.objects.exists()


def test_the_api_names_a_wrong_expiry(investigator_a):
    answer = api_client(investigator_a).post(
        API, {"serials": [{"serial_number": "AB1234"}], "case_ref": CASE, "expires_on": "2020-01-01"}, format="json"
    )

    assert answer.status_code == 400
    assert list(answer.json()["error"]["fields"]) == ["expires_on"]


def test_the_api_is_for_investigators_and_their_agency(investigator_a, officer_a, agency_b):
    investigator_b = persona("investigator_b", agency_b, "investigator")
    [mine] = flag(investigator_a, "AB1234")

    assert api_client(officer_a).get(API).status_code == 403
    assert api_client(officer_a).post(API, {"serials": [{"serial_number": "X1"}], "case_ref": CASE}).status_code == 403
    assert api_client().get(API).status_code == 401
    assert api_client(investigator_b).get(API).json()["count"] == 0
    assert api_client(investigator_b).post(f"{API}{mine.pk}/withdraw/").status_code == 404
    assert (
        api_client(investigator_a).post(API, {"person": "x" * 32, "case_ref": CASE}, format="json").status_code == 404
    )


def test_every_gun_a_person_bought_fills_the_form_and_is_flagged_with_the_person(
    load, agency_a, investigator_a, agency_b
):
    from traza.intel.models import Person, PersonRecord
    from traza.tracing.tests.api_support import load_records, submit

    load_records(load)
    trace = submit(agency_a)
    person = Person.objects.create(key="k" * 32)
    PersonRecord.objects.create(source=PersonRecord.Source.PURCHASE, source_id=trace.purchase_id, person=person)
    investigator_b = persona("investigator_b", agency_b, "investigator")

    form = browser(investigator_a).get(PAGE, {"person": person.key}).content.decode()
    posted = browser(investigator_a).post(
        PAGE, {"serials": "RG-12345, STURM, RUGER & COMPANY, INC", "person": person.key, "case_ref": CASE}
    )

    assert "RG-12345, STURM, RUGER &amp; COMPANY, INC</textarea>" in form
    assert f'name="person" value="{person.key}"' in form
    assert posted.status_code == 302
    flagged = SuspectGun.objects.get()
    assert (flagged.person, flagged.manufacturer, flagged.make.name) == (person, "STURM, RUGER & COMPANY, INC", "Ruger")
    assert browser(investigator_b).get(PAGE, {"person": person.key}).status_code == 404
    assert browser(investigator_a).get(PAGE, {"person": "z" * 32}).status_code == 404
