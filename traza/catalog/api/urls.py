"""/api/v1/catalog/: read-only look-ups of the reference catalogs, and the markings review queue."""

from django.urls import path

from traza.catalog.api.markings import MarkingAliasView, MarkingListView
from traza.catalog.api.views import (
    CaliberListView,
    CrimeCodeListView,
    MakeListView,
    MunicipalityListView,
    RegionListView,
)

urlpatterns = [
    path("catalog/makes/", MakeListView.as_view(), name="api-catalog-makes"),
    path("catalog/calibers/", CaliberListView.as_view(), name="api-catalog-calibers"),
    path("catalog/crime-codes/", CrimeCodeListView.as_view(), name="api-catalog-crime-codes"),
    path("catalog/regions/", RegionListView.as_view(), name="api-catalog-regions"),
    path("catalog/municipalities/", MunicipalityListView.as_view(), name="api-catalog-municipalities"),
    path("catalog/markings/", MarkingListView.as_view(), name="api-catalog-markings"),
    path("catalog/markings/aliases/", MarkingAliasView.as_view(), name="api-catalog-marking-aliases"),
]
