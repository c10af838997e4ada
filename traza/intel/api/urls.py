from django.urls import include, path

urlpatterns = [
    path("leads/", include("traza.intel.api.urls_leads")),
    path("suspects/", include("traza.intel.api.urls_suspects")),
]
