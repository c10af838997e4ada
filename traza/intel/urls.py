"""The intel pages: people, dealers and the network around them; leads; suspect guns."""

from django.urls import include, path

urlpatterns = [
    path("", include("traza.intel.urls_people")),
    path("leads/", include("traza.intel.urls_leads")),
    path("suspects/", include("traza.intel.urls_suspects")),
]
