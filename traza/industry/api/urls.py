"""/api/v1/queries/: the licensee queries API."""

from django.urls import path

from traza.industry.api.views import QueryAnswerView, QueryDetailView, QueryListView, QueryNoRecordView

urlpatterns = [
    path("", QueryListView.as_view(), name="api-query-list"),
    path("<int:pk>/", QueryDetailView.as_view(), name="api-query-detail"),
    path("<int:pk>/answer/", QueryAnswerView.as_view(), name="api-query-answer"),
    path("<int:pk>/no-record/", QueryNoRecordView.as_view(), name="api-query-no-record"),
]
