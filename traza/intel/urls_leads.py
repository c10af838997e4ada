"""/intel/leads/: the list of leads (and its leads.csv), one lead, and the actions of its life cycle."""

from django.urls import path

from traza.intel.views import leads

urlpatterns = [
    path("", leads.lead_list_page, name="intel-leads"),
    path("leads.csv", leads.lead_list_csv, name="intel-leads-csv"),
    path("<str:number>/", leads.lead_page, name="intel-lead"),
    path("<str:number>/assign/", leads.assign, name="intel-lead-assign"),
    path("<str:number>/status/", leads.status, name="intel-lead-status"),
    path("<str:number>/refer/", leads.refer, name="intel-lead-refer"),
    path("<str:number>/close/", leads.close, name="intel-lead-close"),
    path("<str:number>/notes/", leads.note, name="intel-lead-note"),
]
