"""The named personas every app's tests use (STYLE.md, Tests); traza/conftest.py makes them fixtures.

Agency A (Culiacán police) and agency C (Sinaloa state prosecutor) share an agreement when the
`sharing_ac` fixture is used; agency B (El Paso police) never shares with anyone. The analyst
works at Mexico's tracing centre (`analyst_us` at the United States' one), the coordinator at Mexico's
federal prosecutor.
Import the fixtures by name into a conftest.py.
"""

import pytest


def persona(username: str, agency, role: str):
    from traza.agencies.tests.factories import UserFactory

    return UserFactory(username=username, agency=agency, role=role)


@pytest.fixture
def officer_a(agency_a):
    """An officer of agency A: submits traces and reads their results."""
    return persona("officer_a", agency_a, "officer")


@pytest.fixture
def supervisor_a(agency_a):
    """Agency A's administrator: sees every trace of the agency, whoever submitted it."""
    return persona("supervisor_a", agency_a, "agency_admin")


@pytest.fixture
def auditor_a(agency_a):
    """An auditor placed at agency A: reads, never submits or withdraws."""
    return persona("auditor_a", agency_a, "auditor")


@pytest.fixture
def officer_b(agency_b):
    """An officer of agency B: must see nothing of agency A's."""
    return persona("officer_b", agency_b, "officer")


@pytest.fixture
def sysadmin(db):
    """The system administrator: no agency, so no traces through the API."""
    return persona("sysadmin", None, "sysadmin")


def _agency(code: str, name: str, *, country: str = "MX", region: str = "MX-SIN", level: str = "state", **extra):
    from traza.agencies.models import Agency

    defaults = {"name": name, "country_id": country, "level": level, "kind": "prosecutor", "region_id": region}
    return Agency.objects.get_or_create(code=code, defaults={**defaults, **extra})[0]


@pytest.fixture
def agency_c(catalog):
    """Sinaloa's state prosecutor: shares traces with agency A when `sharing_ac` is used."""
    return _agency("MXSIN0000", "Fiscalía General del Estado de Sinaloa")


@pytest.fixture
def centre(catalog):
    """The national tracing centre, where analysts work the licensee queries of Mexico's traces."""
    return _agency("MXCNR0000", "Centro Nacional de Rastreo", level="federal", tracing_centre=True)


@pytest.fixture
def federal(catalog):
    """Mexico's federal prosecutor, home of the country coordinator."""
    return _agency("MXFGR0000", "Fiscalía General de la República", level="federal")


@pytest.fixture
def sharing_ac(agency_a, agency_c, coordinator_mx, supervisor_a, supervisor_c):
    """A Sinaloa agreement that agencies A and C have joined."""
    from traza.agencies.services.sharing import sharing_agreement_create, sharing_join

    agreement = sharing_agreement_create(actor=coordinator_mx, name="Sinaloa", country_id="MX")
    sharing_join(actor=supervisor_a, agency=agency_a, agreement=agreement)
    sharing_join(actor=supervisor_c, agency=agency_c, agreement=agreement)
    return agreement


@pytest.fixture
def investigator_a(agency_a):
    """An investigator of agency A: reads personal data after stating a purpose."""
    return persona("investigator_a", agency_a, "investigator")


@pytest.fixture
def officer_c(agency_c):
    """An officer of agency C, agency A's sharing partner (with `sharing_ac`)."""
    return persona("officer_c", agency_c, "officer")


@pytest.fixture
def supervisor_c(agency_c):
    """Agency C's administrator."""
    return persona("supervisor_c", agency_c, "agency_admin")


@pytest.fixture
def analyst(centre):
    """An analyst of Mexico's tracing centre: reads the Mexican agencies' traces that question a licensee."""
    return persona("analyst", centre, "analyst")


@pytest.fixture
def centre_us(catalog):
    """The United States' tracing centre: serves US agencies' traces, never Mexico's."""
    extra = {"kind": "other", "tracing_centre": True}
    return _agency("USNTC0000", "National Tracing Center", country="US", region="US-WV", level="federal", **extra)


@pytest.fixture
def analyst_us(centre_us):
    """An analyst of the US tracing centre: must read, work and reveal nothing of a Mexican agency's trace."""
    return persona("analyst_us", centre_us, "analyst")


@pytest.fixture
def coordinator_mx(federal):
    """Mexico's country coordinator: approves Mexican agencies, sets Mexico's access policy."""
    return persona("coordinator_mx", federal, "coordinator")


@pytest.fixture
def licensee(db):
    """A Texas dealer with paper records."""
    from traza.industry.models import Licensee

    return Licensee.objects.get_or_create(
        rds_key="57406336",
        defaults={"region": "5", "district": "74", "sequence": "06336", "license_name": "BORDER GUNS AND PAWN"},
    )[0]


@pytest.fixture
def industry(licensee):
    """The dealer's responder: sees the queries addressed to its licence, nothing else."""
    from traza.agencies.tests.factories import UserFactory

    return UserFactory(username="industry", agency=None, role="industry", licensee_rds=licensee.rds_key)
