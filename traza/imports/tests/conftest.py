"""Fixtures for the upload tests: storage in a temporary folder, and the worker."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to the data dir."""
    folder = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": folder}},
    }
    return folder


@pytest.fixture
def run_worker():
    """Run what `traza worker` would: every queued task, then return."""

    def run() -> None:
        call_command("worker", until_idle=True, verbosity=0)

    return run
