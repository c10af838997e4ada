"""Fixtures for the catalog tests: the shipped catalogs loaded once per module."""

import pytest
from django.db import transaction

from traza.catalog.lookup import CatalogIndex
from traza.catalog.services import catalog_load


@pytest.fixture(scope="module")
def index(django_db_setup, django_db_blocker) -> CatalogIndex:
    """An index of the shipped catalogs; the rows are rolled back, the index keeps what it read."""
    with django_db_blocker.unblock(), transaction.atomic():
        catalog_load()
        loaded = CatalogIndex.load()
        transaction.set_rollback(True)
    return loaded
