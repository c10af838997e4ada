"""A pytest plugin loaded before Django's settings (`-p traza.testing` in pyproject.toml).

Tests never read a developer's .env, may run with the development secret key, and speak English unless a
test asks for Spanish (users of Mexican agencies still get Spanish pages: that follows the user).
"""

import os

os.environ.setdefault("TRAZA_TESTING", "true")
os.environ.setdefault("TRAZA_ENV_FILE", "/dev/null")
os.environ.setdefault("TRAZA_LANGUAGE", "en")
