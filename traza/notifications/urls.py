from django.urls import path

from traza.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("read/", views.mark_read, name="notification-read"),
    path("preferences/", views.preferences, name="notification-preferences"),
]
