"""/api/v1/international/: the international trace requests API."""

from django.urls import path

from traza.international.api.views import RequestAnswerView, RequestDetailView, RequestListView, RequestSendView

urlpatterns = [
    path("", RequestListView.as_view(), name="api-international-list"),
    path("<int:pk>/", RequestDetailView.as_view(), name="api-international-detail"),
    path("<int:pk>/sent/", RequestSendView.as_view(), name="api-international-send"),
    path("<int:pk>/answer/", RequestAnswerView.as_view(), name="api-international-answer"),
]
