import os
import subprocess
import sys

SETUP_DJANGO = "import django; django.setup(); print('settings loaded')"


def _load_settings(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    """Load traza.settings in a fresh interpreter with only the given Traza variables set."""
    env = {name: value for name, value in os.environ.items() if name not in {"SECRET_KEY", "DEBUG", "TRAZA_TESTING"}}
    env.update(DJANGO_SETTINGS_MODULE="traza.settings", TRAZA_ENV_FILE=os.devnull, **variables)
    return subprocess.run(
        [sys.executable, "-c", SETUP_DJANGO], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _load_settings(tmp_path, DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key(tmp_path):
    result = _load_settings(tmp_path, DEBUG="false", SECRET_KEY="a-long-random-production-key")
    assert result.returncode == 0, result.stderr
    assert "settings loaded" in result.stdout


def test_development_starts_with_the_default_key(tmp_path):
    result = _load_settings(tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path):
    result = _load_settings(tmp_path, DEBUG="true", TRAZA_WEB_WORKERS="two")
    assert result.returncode != 0
    assert "TRAZA_WEB_WORKERS must be a whole number, not 'two'" in result.stderr
