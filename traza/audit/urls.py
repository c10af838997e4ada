"""Pages of the audit app: the log, for auditors."""

from django.urls import path

from traza.audit import views

urlpatterns = [
    path("", views.audit_page, name="audit-log"),
    path("export.csv", views.audit_export, name="audit-export"),
]
