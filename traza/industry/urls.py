"""Pages about licensee queries (under /queries/)."""

from django.urls import path

from traza.industry import views

urlpatterns = [
    path("", views.query_list, name="query-list"),
    path("<int:pk>/", views.query_page, name="query-detail"),
    path("<int:pk>/answer/", views.answer, name="query-answer"),
    path("<int:pk>/no-record/", views.no_record, name="query-no-record"),
    path("records/", views.records, name="query-records"),
    path("records/<int:pk>/", views.records_page, name="query-records-detail"),
    path("records/<int:pk>/errors.csv", views.records_errors, name="query-records-errors"),
]
