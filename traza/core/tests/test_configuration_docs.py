"""Every variable the settings read is documented in .env.example and in the README's table."""

import re
from pathlib import Path

import traza

ROOT = Path(traza.__file__).resolve().parent.parent


def _variables_read_by_settings() -> set[str]:
    source = (ROOT / "traza" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'(?:env_\w+|os\.environ\.get)\(\s*"([A-Z][A-Z0-9_]*)"', source))


def test_env_example_lists_every_setting():
    documented = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert documented == _variables_read_by_settings()


def test_readme_configuration_table_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, re.MULTILINE))
    assert documented == _variables_read_by_settings()
