from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "traza.core"
    label = "core"
