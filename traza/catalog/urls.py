"""Pages of the catalog app: the reference catalogs, to browse and search; the markings review queue."""

from django.urls import path

from traza.catalog import views

urlpatterns = [
    path("", views.makes_page, name="catalog"),
    path("calibers/", views.calibers_page, name="catalog-calibers"),
    path("crime-codes/", views.crime_codes_page, name="catalog-crime-codes"),
    path("markings/", views.markings_page, name="catalog-markings"),
    path("markings/map/", views.marking_map, name="catalog-marking-map"),
]
