"""/api/v1/leads/: the leads API (list, one lead, and the actions of its life cycle)."""

from django.urls import path

from traza.intel.api import leads

urlpatterns = [
    path("", leads.LeadListView.as_view(), name="api-lead-list"),
    path("<str:number>/", leads.LeadDetailView.as_view(), name="api-lead-detail"),
    path("<str:number>/assign/", leads.LeadAssignView.as_view(), name="api-lead-assign"),
    path("<str:number>/status/", leads.LeadStatusView.as_view(), name="api-lead-status"),
    path("<str:number>/refer/", leads.LeadReferView.as_view(), name="api-lead-refer"),
    path("<str:number>/close/", leads.LeadCloseView.as_view(), name="api-lead-close"),
    path("<str:number>/notes/", leads.LeadNotesView.as_view(), name="api-lead-notes"),
]
