"""Kotopolku: the operating system of a Finnish municipal or regional integration service."""

__version__ = "0.1.0"
