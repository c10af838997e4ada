"""Pages of the audit app: the log, for auditors."""

from django.urls import path

from traza.audit import views

urlpatterns = [
    path("", views.audit_page, name="audit-log"),
    path("export.<str:file_format>", views.audit_export, name="audit-export"),
]
