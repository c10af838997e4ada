"""Pages of the imports app: the agency's uploads."""

from django.urls import path

from traza.imports import views

urlpatterns = [
    path("", views.upload_list_page, name="upload-list"),
    path("new/", views.upload_create_page, name="upload-create"),
    path("blank/<slug:kind>.xlsx", views.upload_blank_sheet, name="upload-blank-sheet"),
    path("<int:pk>/", views.upload_detail_page, name="upload-detail"),
    path("<int:pk>/progress/", views.upload_progress_fragment, name="upload-progress"),
    path("<int:pk>/errors.csv", views.upload_errors_download, name="upload-errors"),
    path("<int:pk>/errors.xlsx", views.upload_errors_download, {"xlsx": True}, name="upload-errors-xlsx"),
]
