"""/api/v1/traces/: the traces API."""

from django.urls import path

from traza.tracing.api.views import TraceCancelView, TraceDetailView, TraceListView

urlpatterns = [
    path("traces/", TraceListView.as_view(), name="api-trace-list"),
    path("traces/<str:number>/", TraceDetailView.as_view(), name="api-trace-detail"),
    path("traces/<str:number>/cancel/", TraceCancelView.as_view(), name="api-trace-cancel"),
]
