"""/intel/people/, /intel/dealers/, /intel/network/: the pages linking people, dealers and traces."""

from django.urls import path

from traza.intel.views import dealers, network, people

urlpatterns = [
    path("people/<str:key>/", people.person_page, name="intel-person"),
    path("people/<str:key>/reveal/", people.person_reveal_view, name="intel-person-reveal"),
    path("dealers/<str:rds>/", dealers.dealer_page, name="intel-dealer"),
    path("network/", network.network, name="intel-network"),
    path("traces/<str:number>/related/", people.trace_related, name="intel-trace-related"),
]
