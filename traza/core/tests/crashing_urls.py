"""Traza's URLs plus pages that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from traza.urls import urlpatterns as traza_urlpatterns


def crash(request):
    raise RuntimeError("a failure the user must not see")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("test-crash/", crash), path("test-forbidden/", forbidden), *traza_urlpatterns]
