from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "traza.agencies"
    label = "agencies"
