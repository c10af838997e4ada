from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "traza.imports"
    label = "imports"
