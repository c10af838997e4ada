"""The `traza` command as an operator runs it."""

import os
import subprocess
import sys


def traza(*arguments: str, **settings: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in {"DEBUG", "TRAZA_TESTING", "SECRET_KEY"}}
    env.update(TRAZA_ENV_FILE=os.devnull, **settings)
    return subprocess.run(
        [sys.executable, "-m", "traza", *arguments], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_dashed_command_runs_its_management_command(tmp_path):
    result = traza("demo-data", "--help", DEBUG="true", TRAZA_DATA_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "--size" in result.stdout


def test_production_without_a_secret_key_stops_with_the_reason_and_no_traceback(tmp_path):
    result = traza("migrate", TRAZA_DATA_DIR=str(tmp_path))

    assert result.returncode == 2
    assert result.stderr.startswith("traza: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "traza.sqlite3").exists()


def test_a_wrong_setting_is_named(tmp_path):
    result = traza("check", DEBUG="maybe", TRAZA_DATA_DIR=str(tmp_path))

    assert result.returncode == 2
    assert "DEBUG must be true or false" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_on_a_dashed_command_shows_its_usage_under_the_dashed_name(tmp_path):
    for arguments in (["help", "demo-data"], ["help", "demo_data"], ["demo-data", "--help"]):
        result = traza(*arguments, DEBUG="true", TRAZA_DATA_DIR=str(tmp_path))

        assert result.returncode == 0, result.stderr
        assert "usage: traza demo-data" in result.stdout


def test_help_lists_the_commands_by_their_dashed_names(tmp_path):
    listed = traza("help", DEBUG="true", TRAZA_DATA_DIR=str(tmp_path))
    names = traza("help", "--commands", DEBUG="true", TRAZA_DATA_DIR=str(tmp_path))

    assert listed.returncode == names.returncode == 0, listed.stderr + names.stderr
    assert "    demo-data\n" in listed.stdout and "    verify-sheet\n" in listed.stdout
    assert "_" not in names.stdout
    assert {"demo-data", "migrate", "user"} <= set(names.stdout.split())


def test_an_unknown_command_is_named_as_typed_with_the_nearest_one(tmp_path):
    for arguments in (["help", "Demo-dta"], ["demo_dta"]):
        result = traza(*arguments, DEBUG="true", TRAZA_DATA_DIR=str(tmp_path), TRAZA_LANGUAGE="en")

        assert result.returncode == 1
        assert "Did you mean demo-data?" in result.stderr
        assert "Traceback" not in result.stderr
