"""What every app's tests share: throw-away file folders, static files without collectstatic, skips.

pytest-django reads traza/settings.py before this file is imported, so the environment has to come
from outside: `make test` sets TRAZA_TESTING=true and TRAZA_ENV_FILE=/dev/null (the developer's .env
is not read) and runs the suite once on SQLite and once on PostgreSQL through scripts/with-postgres.
"""

import shutil

import pytest


@pytest.fixture(autouse=True, scope="session")
def _test_files_and_static(django_test_environment, tmp_path_factory):
    """Uploaded and collected files go to a temporary folder; pages render without `collectstatic`."""
    from django.test.utils import override_settings

    data_dir = tmp_path_factory.mktemp("traza-data")
    (data_dir / "static").mkdir()
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": data_dir / "files"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        DATA_DIR=data_dir, MEDIA_ROOT=data_dir / "files", STATIC_ROOT=data_dir / "static", STORAGES=storages
    ):
        yield


@pytest.fixture(autouse=True)
def _language_restored():
    """A request activates its reader's language in the test's thread and leaves it there: give each test the
    language the one before it started with, so a Spanish page in one test does not turn the next one's Spanish."""
    from django.utils import translation

    language = translation.get_language()
    yield
    translation.activate(language)


def pytest_collection_modifyitems(config, items):
    """Skip `postgres` tests on SQLite, and `browser` tests where Chromium is not installed."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    has_chromium = shutil.which("chromium") is not None
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: run it through scripts/with-postgres"))
        if "browser" in item.keywords and not has_chromium:
            item.add_marker(pytest.mark.skip(reason="needs Chromium: apt-get install chromium (make test does)"))
