from django.apps import AppConfig


class InternationalConfig(AppConfig):
    name = "traza.international"
    label = "international"
