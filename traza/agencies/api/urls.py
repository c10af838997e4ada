"""/api/v1/personal-data/: revealing a trace's personal data for a stated purpose."""

from django.urls import path

from traza.agencies.api.views import PersonalDataRevealView

urlpatterns = [
    path("personal-data/", PersonalDataRevealView.as_view(), name="api-personal-data-reveal"),
]
