"""Security headers on every answer, no inline script in the layout, and `traza check --deploy` clean
under production settings."""

import os
import re
import subprocess
import sys

import pytest
from django.test import Client

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Qe2-production-grade-secret-key-for-the-deploy-check-0123456789",
    "SECURE_COOKIES": "true",
    "ALLOWED_HOSTS": "traza.example.org",
}


@pytest.mark.django_db
def test_pages_carry_the_security_headers(officer_a):
    client = Client()
    client.force_login(officer_a)

    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_layout_has_no_inline_script(client):
    page = client.get("/accounts/login/").content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "an inline <script> block"
    assert not re.search(r"\son[a-z]+=", page), "an inline event handler"


@pytest.mark.django_db
def test_the_api_docs_run_no_inline_script(client):
    page = client.get("/api/v1/docs/").content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "script-src 'self';" in client.get("/api/v1/docs/")["Content-Security-Policy"]


def test_the_deploy_check_is_clean_under_production_settings(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in {"DEBUG", "TRAZA_TESTING", "SECRET_KEY"}}
    env.update(PRODUCTION, TRAZA_ENV_FILE=os.devnull, TRAZA_DATA_DIR=str(tmp_path))

    result = subprocess.run(
        [sys.executable, "-m", "traza", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_send_hsts_and_redirect_to_https(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in {"DEBUG", "TRAZA_TESTING", "SECRET_KEY"}}
    env.update(PRODUCTION, TRAZA_ENV_FILE=os.devnull, TRAZA_DATA_DIR=str(tmp_path), TRAZA_PROXIES="1")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    env["DJANGO_SETTINGS_MODULE"] = "traza.settings"

    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)

    assert result.stdout.split(" ", 3)[:3] == ["31536000", "True", "True"], result.stderr
    assert "HTTP_X_FORWARDED_PROTO" in result.stdout


@pytest.mark.django_db
def test_forms_are_refused_without_the_csrf_token(supervisor_a, investigator_a):
    for user, url in ((supervisor_a, "/agency/invite/"), (investigator_a, "/personal-data/reveal/")):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        assert client.post(url, {"username": "x", "role": "officer"}).status_code == 403
    assert (
        Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 403
    )
