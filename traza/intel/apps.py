from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "traza.intel"
    label = "intel"
