"""Shared fixtures for every test tier."""

pytest_plugins = ["hotstack_libs.testing.fixtures", "hotstack_libs.testing.browser"]
