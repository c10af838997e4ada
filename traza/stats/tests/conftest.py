"""The statistics' tests use the engine's small world (licensees, books) and its submit fixture."""

from traza.tracing.tests.conftest import submit, world  # noqa: F401 - fixtures, used by name
