from django.urls import path

from traza.stats import views, views_policy

urlpatterns = [
    path("", views.dashboard, name="stats-dashboard"),
    path("chart/<slug:key>/", views.chart, name="stats-chart"),
    path("chart/<slug:key>.<str:file_format>", views.chart_download, name="stats-chart-download"),
    path("policy/", views_policy.policy, name="stats-policy"),
    path("coverage/", views.coverage, name="stats-coverage"),
    path("coverage/trace/", views.coverage_trace, name="stats-coverage-trace"),
    path("coverage/untraced.csv", views.coverage_file, name="stats-coverage-file"),
    path("custody/", views.custody, name="stats-custody"),
    path("custody/<int:pk>/close/", views.custody_close, name="stats-custody-close"),
]
