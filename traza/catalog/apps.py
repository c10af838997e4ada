from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "traza.catalog"
    label = "catalog"
