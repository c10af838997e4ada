"""A pytest plugin loaded before Django's settings (`-p traza.testing` in pyproject.toml).

Tests never read a developer's .env and may run with the development secret key.
"""

import os

os.environ.setdefault("TRAZA_TESTING", "true")
os.environ.setdefault("TRAZA_ENV_FILE", "/dev/null")
