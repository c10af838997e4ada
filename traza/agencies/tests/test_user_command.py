"""`traza user create`: an operator opens accounts; every mistake is named and exits non-zero."""

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from traza.agencies.models import User


def create(*arguments: str) -> str:
    out = io.StringIO()
    call_command("user", "create", *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password"
    path.write_text("correct horse battery staple\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_an_officer_is_created_with_the_password_from_a_file(agency_a, password_file):
    output = create(
        "--username",
        "mlopez",
        "--agency",
        "mxsin0060",
        "--role",
        "officer",
        "--password-file",
        str(password_file),
        "--language",
        "es",
    )

    user = User.objects.get(username="mlopez")
    assert (user.agency, user.role, user.language) == (agency_a, "officer", "es")
    assert user.check_password("correct horse battery staple")
    assert not user.is_staff
    assert "mlopez" in output


@pytest.mark.django_db
def test_without_a_password_the_account_is_for_api_tokens_only(agency_a):
    output = create("--username", "cad-system", "--agency", agency_a.code, "--role", "officer")

    assert not User.objects.get(username="cad-system").has_usable_password()
    assert "API" in output


@pytest.mark.django_db
def test_a_sysadmin_needs_no_agency_and_may_use_the_admin_site(db):
    create("--username", "root", "--role", "sysadmin")

    user = User.objects.get(username="root")
    assert user.agency is None
    assert user.is_staff and user.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--username", "x", "--agency", "NOPE", "--role", "officer"], "agency"),
        (["--username", "x", "--agency", "MXSIN0060", "--role", "sheriff"], "role"),
        (["--username", "x", "--role", "officer"], "agency"),
        (["--username", "officer_a", "--agency", "MXSIN0060", "--role", "officer"], "username"),
        (["--username", "x", "--agency", "MXSIN0060", "--role", "officer", "--language", "fr"], "language"),
    ],
    ids=["unknown-agency", "bad-role", "officer-without-agency", "taken-username", "unknown-language"],
)
def test_a_mistake_is_named_and_nothing_is_created(officer_a, arguments, words):
    with pytest.raises(CommandError) as error:
        create(*arguments)

    assert str(error.value).startswith(words)
    assert not User.objects.filter(username="x").exists()


@pytest.mark.django_db
def test_a_weak_password_is_refused(agency_a, tmp_path):
    weak = tmp_path / "weak"
    weak.write_text("12345\n", encoding="utf-8")

    with pytest.raises(CommandError, match="password"):
        create("--username", "x", "--agency", agency_a.code, "--role", "officer", "--password-file", str(weak))


@pytest.mark.django_db
def test_an_error_exits_non_zero_from_the_command_line(agency_a, capsys):
    # run_from_argv, as `traza user …` ends in, and not ManagementUtility.execute(): that sets Django up again,
    # which points the logging handlers at this test's captured stderr, closed once the test ends.
    argv = ["traza", "user", "create", "--username", "x", "--agency", "NOPE", "--role", "officer"]
    command = ManagementUtility(argv).fetch_command("user")

    with pytest.raises(SystemExit) as exit_status:
        command.run_from_argv(argv)

    assert exit_status.value.code != 0
    assert "agency" in capsys.readouterr().err
