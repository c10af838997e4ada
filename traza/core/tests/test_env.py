import os
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from traza.env import database_from_url, env_bool, env_int, env_list, env_path, load_dotenv


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("TRAZA_MAX_UPLOAD_MB", "250")
    assert env_int("TRAZA_MAX_UPLOAD_MB", 100) == 250


def test_env_int_falls_back_to_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("TRAZA_MAX_UPLOAD_MB", raising=False)
    assert env_int("TRAZA_MAX_UPLOAD_MB", 100) == 100
    monkeypatch.setenv("TRAZA_MAX_UPLOAD_MB", " ")
    assert env_int("TRAZA_MAX_UPLOAD_MB", 100) == 100


def test_env_int_rejects_a_bad_number_naming_the_variable(monkeypatch):
    monkeypatch.setenv("TRAZA_MAX_UPLOAD_MB", "lots")
    with pytest.raises(ImproperlyConfigured, match="TRAZA_MAX_UPLOAD_MB must be a whole number, not 'lots'"):
        env_int("TRAZA_MAX_UPLOAD_MB", 100)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("YES", True), ("1", True), ("off", False), ("", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", not expected) is expected


def test_env_bool_rejects_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SECURE_COOKIES", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SECURE_COOKIES must be true or false, not 'maybe'"):
        env_bool("SECURE_COOKIES", False)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " traza.example.org, ,localhost ")
    assert env_list("ALLOWED_HOSTS", []) == ["traza.example.org", "localhost"]


def test_env_path_resolves_a_relative_path(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRAZA_DATA_DIR", "data")
    assert env_path("TRAZA_DATA_DIR", Path("/unused")) == tmp_path.resolve() / "data"


def test_load_dotenv_reads_the_file_but_never_overrides_the_environment(monkeypatch, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nTRAZA_A='quoted value'\nTRAZA_B=from-file\n\nnot a setting\n", encoding="utf-8")
    environ = {"TRAZA_B": "from-environment"}
    monkeypatch.setattr(os, "environ", environ)
    load_dotenv(env_file)
    assert environ == {"TRAZA_A": "quoted value", "TRAZA_B": "from-environment"}


def test_load_dotenv_ignores_a_missing_file(tmp_path):
    load_dotenv(tmp_path / "missing.env")


def test_sqlite_url_with_a_relative_path_lands_in_the_data_dir(tmp_path):
    database = database_from_url("sqlite:///traza.sqlite3", data_dir=tmp_path)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "traza.sqlite3")


def test_sqlite_url_with_an_absolute_path_is_kept(tmp_path):
    database = database_from_url("sqlite:////srv/traza/db.sqlite3", data_dir=tmp_path)
    assert database["NAME"] == "/srv/traza/db.sqlite3"


def test_postgres_url_gives_every_connection_field(tmp_path):
    url = "postgres://traza:s%40cret@db.example.org:6543/traza_prod?sslmode=require"
    database = database_from_url(url, data_dir=tmp_path)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("traza_prod", "traza", "s@cret")
    assert (database["HOST"], database["PORT"]) == ("db.example.org", "6543")
    assert database["OPTIONS"] == {"sslmode": "require"}


def test_postgres_url_may_name_a_unix_socket_folder(tmp_path):
    database = database_from_url("postgresql://traza@/traza?host=/run/postgresql", data_dir=tmp_path)
    assert (database["HOST"], database["PORT"], database["OPTIONS"]) == ("/run/postgresql", "", {})


def test_an_unknown_database_scheme_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with sqlite:// or postgres://"):
        database_from_url("mysql://traza@localhost/traza", data_dir=tmp_path)
