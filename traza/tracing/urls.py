"""Pages about traces."""

from django.urls import path

from traza.tracing.views import detail, submit, suggest
from traza.tracing.views.home import home
from traza.tracing.views.list import trace_list_case_file, trace_list_csv, trace_list_page
from traza.tracing.views.sheet_check import sheet_check_page

urlpatterns = [
    path("", home, name="home"),
    path("traces/", trace_list_page, name="trace-list"),
    path("traces/traces.csv", trace_list_csv, name="trace-list-csv"),
    path("traces/case-file.<str:file_format>", trace_list_case_file, name="trace-list-case-file"),
    path("traces/new/", submit.submit, name="trace-submit"),
    path("traces/new/suggest/makes/", suggest.makes, name="trace-suggest-makes"),
    path("traces/new/suggest/models/", suggest.models, name="trace-suggest-models"),
    path("traces/new/suggest/calibres/", suggest.calibers, name="trace-suggest-calibers"),
    path("traces/new/suggest/importer/", suggest.importer, name="trace-suggest-importer"),
    path("traces/new/suggest/states/", suggest.states, name="trace-suggest-states"),
    path("traces/new/suggest/municipalities/", suggest.municipalities, name="trace-suggest-municipalities"),
    path("traces/verify/", sheet_check_page, name="trace-sheet-check"),
    path("traces/<str:number>/", detail.detail, name="trace-detail"),
    path("traces/<str:number>/print/", detail.print_sheet, name="trace-print"),
    path("traces/<str:number>/sheet.pdf", detail.print_sheet_pdf, name="trace-print-pdf"),
    path("traces/<str:number>/status/", detail.status, name="trace-status"),
    path("traces/<str:number>/cancel/", detail.cancel, name="trace-cancel"),
]
