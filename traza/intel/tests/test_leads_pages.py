"""The leads pages: who sees which lead, the list's filters and CSV, a lead's page, and working it from there."""

import csv
import io
from datetime import date

import pytest

from traza.intel.models import Lead
from traza.intel.tests.leads_support import make_lead
from traza.tracing.tests.pages_support import browser

Status = Lead.Status

pytestmark = pytest.mark.usefixtures("english")


def listed(response) -> list[str]:
    """The lead numbers a list page shows, in its order."""
    return [lead.number for lead in response.context["page"].object_list]


@pytest.fixture
def leads(lead_ab, lead_b, trace_a, colleague_a):
    """Agency A's leads: a strong straw buyer (with B's trace too), a ring seen in 2023, an inactive custody lead."""
    ring = make_lead(
        traces=[trace_a],
        kind=Lead.Kind.RING,
        subject="ring-7f3a",
        score=55.0,
        first_seen=date(2023, 2, 1),
        last_seen=date(2023, 9, 30),
        assigned_to=colleague_a,
    )
    gone = make_lead(traces=[trace_a], kind=Lead.Kind.CUSTODY, subject="custody-9", score=90.0, active=False)
    return {"straw": lead_ab, "ring": ring, "gone": gone, "b": lead_b}


def test_investigators_see_the_leads_of_traces_they_read_strongest_first(leads, investigator_a):
    response = browser(investigator_a).get("/intel/leads/")

    assert response.status_code == 200
    assert listed(response) == [leads["straw"].number, leads["ring"].number]  # not B's, not the inactive one
    page = response.content.decode()
    assert "Straw purchaser" in page and "Ring of buyers" in page and "Lucía Valdés" in page


def test_the_outsider_sees_only_the_leads_of_their_own_traces(leads, investigator_b):
    client = browser(investigator_b)

    assert listed(client.get("/intel/leads/")) == [leads["straw"].number, leads["b"].number]
    assert client.get(f"/intel/leads/{leads['ring'].number}/").status_code == 404
    assert client.get(f"/intel/leads/{leads['ring'].number}/close/").status_code == 405
    assert client.post(f"/intel/leads/{leads['ring'].number}/close/", {"reason": "x"}).status_code == 404
    assert Lead.objects.get(pk=leads["ring"].pk).status == Status.NEW


@pytest.mark.parametrize("who", ["officer_a", "supervisor_a", "auditor_a", "coordinator_mx"])
def test_roles_that_read_no_personal_data_get_no_leads_pages(leads, who, request):
    client = browser(request.getfixturevalue(who))

    assert client.get("/intel/leads/").status_code == 404
    assert client.get(f"/intel/leads/{leads['straw'].number}/").status_code == 404
    assert client.get("/intel/leads/leads.csv").status_code == 404


def test_an_unknown_or_malformed_lead_number_answers_404(leads, investigator_a):
    client = browser(investigator_a)

    assert client.get("/intel/leads/L9999999/").status_code == 404
    assert client.get("/intel/leads/L-1/").status_code == 404
    assert client.get(f"/intel/leads/{leads['straw'].number.lower()}/").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=ring", ["ring"]),
        ("min_score=60", ["straw"]),
        ("min_score=55", ["straw", "ring"]),
        ("min_score=+55,5", ["straw"]),  # a decimal comma
        ("status=reviewing", []),
        ("mine=on", []),
        ("recovery_state=mx-sin", ["straw", "ring"]),
        ("recovery_state=US-TX", []),  # B's trace is in Texas, but agency A may not read it
        ("seen_to=31/12/2023", ["ring"]),  # day-first, as typed in Culiacán
        ("seen_from=2024-01-01", ["straw"]),
        ("inactive=on", ["gone", "straw", "ring"]),
        ("ordering=newest", ["straw", "ring"]),
        ("kind=ring&inactive=on&min_score=10", ["ring"]),
    ],
)
def test_the_list_filters(leads, investigator_a, query, expected):
    response = browser(investigator_a).get(f"/intel/leads/?{query}")

    assert response.status_code == 200
    assert listed(response) == [leads[name].number for name in expected]


def test_assigned_to_me_lists_the_leads_of_the_viewer(leads, colleague_a):
    assert listed(browser(colleague_a).get("/intel/leads/?mine=on")) == [leads["ring"].number]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("min_score=ochenta", "min_score", "min_score: give a number from 0 to 100."),
        ("min_score=150", "min_score", "min_score: give a number from 0 to 100."),
        ("kind=straw", "kind", "kind: choose one of the kinds of lead."),
        ("seen_from=2024-13-45", "seen_from", "seen_from: 2024-13-45 is not a date"),
        ("recovery_state=Sinaloa", "recovery_state", "recovery_state: give a state code"),
        ("mine=maybe", "mine", "mine: write true or false."),
    ],
)
def test_a_filter_that_cannot_be_read_is_named_and_nothing_is_listed(leads, investigator_a, query, field, message):
    client = browser(investigator_a)
    response = client.get(f"/intel/leads/?{query}")
    download = client.get(f"/intel/leads/leads.csv?{query}")

    assert response.status_code == 400 and response.context["page"] is None
    assert message in response.context["form"].errors[field][0]
    assert download.status_code == 400 and message in download.content.decode()


def test_the_csv_has_the_leads_csv_columns_and_only_the_trace_numbers_the_viewer_reads(
    leads, investigator_a, trace_a, trace_b
):
    response = browser(investigator_a).get("/intel/leads/leads.csv?min_score=60")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["lead_id", "kind", "score", "subject", "trace_numbers", "indicators", "first_seen", "last_seen"]
    assert rows[1:] == [
        [
            leads["straw"].number,
            "straw_purchaser",
            "80.0",
            leads["straw"].subject_key,
            trace_a.number,
            "traced_guns;recovered_abroad;short_ttc",
            "2024-01-09",
            "2024-06-02",
        ]
    ]
    assert trace_b.number not in text and "GOMEZ" not in text
    from traza.audit.models import AuditEvent

    exported = AuditEvent.objects.get(action="lead.export")
    assert exported.details == {"format": "csv", "count": 1, "criteria": {"min_score": "60.0"}}


def test_a_lead_page_lists_the_readable_traces_counts_the_others_and_masks_people(
    leads, investigator_a, trace_a, trace_b, buyer
):
    response = browser(investigator_a).get(f"/intel/leads/{leads['straw'].number}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert [trace.number for trace in response.context["traces"]] == [trace_a.number]
    assert trace_a.number in page and trace_b.number not in page
    assert "1 other trace of this lead belongs to agencies whose traces you may not read." in page
    assert f'<a href="/intel/people/{buyer.key}/" class="person-ref">Person {buyer.key[:8]}</a>' in page
    assert f">{buyer.key}<" not in page and "•••••" in page  # a reference one can read aloud, not the whole key
    assert "GOMEZ" not in page.upper() and "JUAN MANUEL" not in page.upper() and "1991" not in page
    assert f'data-network-url="/intel/network/?lead={leads["straw"].number}"' in page
    assert "Take into review" in page and f"/intel/leads/{leads['straw'].number}/refer/" not in page


def test_taking_a_lead_into_review_from_its_page_shows_it_in_the_history(leads, investigator_a):
    client = browser(investigator_a)
    number = leads["straw"].number

    moved = client.post(f"/intel/leads/{number}/status/", {"status": "reviewing"})
    again = client.post(f"/intel/leads/{number}/status/", {"status": "reviewing"}, follow=True)

    assert moved.status_code == 302 and moved["Location"] == f"/intel/leads/{number}/"
    assert Lead.objects.get(pk=leads["straw"].pk).status == Status.REVIEWING
    page = again.content.decode()
    assert "Only a new lead can be taken into review" in page
    history = again.context["history"]
    assert [(row["who"], row["what"], row["detail"]) for row in history] == [
        ("investigator_a", "lead status changed", "reviewing")
    ]


def test_referring_closing_reopening_assigning_and_noting_from_the_page(leads, investigator_a, colleague_a, agency_c):
    client = browser(investigator_a)
    number, pk = leads["straw"].number, leads["straw"].pk
    client.post(f"/intel/leads/{number}/status/", {"status": "reviewing"})

    refused = client.post(f"/intel/leads/{number}/refer/", {"agency": "MXSIN0000", "case_ref": "  "})
    client.post(f"/intel/leads/{number}/refer/", {"agency": "mxsin0000", "case_ref": "FGE/SIN/0231"})
    assigned = client.post(f"/intel/leads/{number}/assign/", {"assignee": "colleague_a"})
    noted = client.post(f"/intel/leads/{number}/notes/", {"text": "Pedir videos de la tienda."})
    unclosed = client.post(f"/intel/leads/{number}/close/", {"reason": ""})
    client.post(f"/intel/leads/{number}/close/", {"reason": "Vinculado a proceso."})

    assert refused.status_code == 400
    assert refused.context["refer_form"].errors["case_ref"] == [
        "case_ref: give the case reference the lead is referred under."
    ]
    assert assigned.status_code == noted.status_code == 302
    assert unclosed.status_code == 400 and "reason: say why the lead is closed." in unclosed.content.decode()
    lead = Lead.objects.get(pk=pk)
    assert (lead.status, lead.referred_to, lead.referred_case) == (Status.CLOSED, agency_c, "FGE/SIN/0231")
    assert lead.assigned_to == colleague_a and lead.notes.get().text == "Pedir videos de la tienda."
    page = client.get(f"/intel/leads/{number}/").content.decode()
    assert "Reopen the lead" in page and "Vinculado a proceso." in page and "Pedir videos de la tienda." in page
    client.post(f"/intel/leads/{number}/status/", {"status": "reviewing"})
    assert Lead.objects.get(pk=pk).status == Status.REVIEWING


def test_a_lead_cannot_be_assigned_to_someone_outside_the_agency(leads, investigator_a, investigator_b):
    response = browser(investigator_a).post(
        f"/intel/leads/{leads['straw'].number}/assign/", {"assignee": "investigator_b"}
    )

    assert response.status_code == 400
    assert response.context["assign_form"].errors["assignee"] == [
        "assignee: choose an active investigator of your agency."
    ]
    assert Lead.objects.get(pk=leads["straw"].pk).assigned_to is None


def test_the_leads_pages_read_in_spanish(leads, investigator_a):
    investigator_a.language = "es"
    investigator_a.save(update_fields=["language"])
    client = browser(investigator_a)
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE", None)

    listing = client.get("/intel/leads/").content.decode()
    detail = client.get(f"/intel/leads/{leads['straw'].number}/").content.decode()

    assert "<h1>Pistas</h1>" in listing and "Prestanombres" in listing and "Red de compradores" in listing
    assert "Nueva" in listing and "Puntuación mínima" in listing
    assert "Tomar en revisión" in detail and "Rastreos en que se basa" in detail and "Cerrar la pista" in detail
    assert 'href="/intel/leads/"' in client.get("/").content.decode()


def test_the_menu_offers_leads_to_investigators_and_analysts_only(investigator_a, analyst, officer_a):
    from traza.core.context_processors import nav_for

    assert "/intel/leads/" in [url for url, _label in nav_for(investigator_a)]
    assert "/intel/leads/" in [url for url, _label in nav_for(analyst)]
    assert "/intel/leads/" not in [url for url, _label in nav_for(officer_a)]


def test_the_list_and_the_api_read_a_page_of_leads_in_a_fixed_number_of_queries(trace_a, buyer, investigator_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reasons = [{"code": "traced_guns", "strength": 0.5, "value": 3}]

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser(investigator_a).get(url).status_code == 200
        return len(captured)

    make_lead(traces=[trace_a], people=[buyer], reasons=reasons)
    few = queries("/intel/leads/"), queries("/api/v1/leads/")
    for number in range(6):
        make_lead(traces=[trace_a], people=[buyer], reasons=reasons, subject=f"ring-{number}", kind="ring")
    many = queries("/intel/leads/"), queries("/api/v1/leads/")

    assert many == few
