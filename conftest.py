"""Shared fixtures for every test tier."""

pytest_plugins = ["hotstack_tools.testing.fixtures", "hotstack_tools.testing.browser"]
