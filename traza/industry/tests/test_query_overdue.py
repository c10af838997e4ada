"""LicenseeQuery.is_overdue: an open query past its due time, and nothing else."""

from datetime import UTC, datetime, timedelta

from traza.industry.models import LicenseeQuery

DUE = datetime(2026, 3, 9, 17, 0, tzinfo=UTC)


def query(status: str) -> LicenseeQuery:
    return LicenseeQuery(licensee_rds="9-86-019-01-3J-04471", status=status, due_at=DUE)


def test_an_open_query_is_overdue_once_its_due_time_has_passed():
    assert query(LicenseeQuery.Status.OPEN).is_overdue(DUE + timedelta(minutes=1))
    assert not query(LicenseeQuery.Status.OPEN).is_overdue(DUE - timedelta(minutes=1))


def test_an_answered_or_closed_query_is_never_overdue():
    late = DUE + timedelta(days=30)
    for status in LicenseeQuery.Status.values:
        if status != LicenseeQuery.Status.OPEN:
            assert not query(status).is_overdue(late)


def test_without_a_time_it_asks_about_this_moment():
    assert query(LicenseeQuery.Status.OPEN).is_overdue()
