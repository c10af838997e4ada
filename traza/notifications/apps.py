from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "traza.notifications"
    label = "notifications"
