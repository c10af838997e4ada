"""/api/v1/stats/: statistics as JSON."""

from django.urls import path

from traza.stats.api.views import StatsView

urlpatterns = [path("<slug:measure_name>/", StatsView.as_view(), name="api-stats")]
