"""/api/v1/uploads/: the uploads API."""

from django.urls import path

from traza.imports.api.views import UploadDetailView, UploadErrorsView, UploadListView

urlpatterns = [
    path("uploads/", UploadListView.as_view(), name="api-upload-list"),
    path("uploads/<int:pk>/", UploadDetailView.as_view(), name="api-upload-detail"),
    path("uploads/<int:pk>/errors/", UploadErrorsView.as_view(), name="api-upload-errors"),
]
