"""Traza: firearms tracing and crime-gun intelligence."""

__version__ = "0.1.0"
