"""Pages about traces."""

from django.urls import path

from traza.tracing.views.home import home

urlpatterns = [
    path("", home, name="home"),
]
