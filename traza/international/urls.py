"""Pages of international trace requests (under /international/)."""

from django.urls import path

from traza.international import views

urlpatterns = [
    path("", views.request_list_page, name="international-list"),
    path("requests.csv", views.request_list_csv, name="international-list-csv"),
    path("<int:pk>/", views.request_page, name="international-detail"),
    path("<int:pk>/print/", views.print_sheet, name="international-print"),
    path("<int:pk>/sent/", views.send, name="international-send"),
    path("<int:pk>/answer/", views.answer, name="international-answer"),
]
