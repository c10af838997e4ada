"""Tests that cross the apps: the browser tests drive the whole site as a person would."""
