"""Fixtures for the upload tests: storage in a temporary folder (the worker is in traza/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to the data dir."""
    folder = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": folder}},
    }
    return folder
