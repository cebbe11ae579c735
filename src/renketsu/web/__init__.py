"""The web app (FastAPI + Jinja2) over :class:`renketsu.api.Context`; see :mod:`.app`."""

from .app import create_app, is_loopback

__all__ = ["create_app", "is_loopback"]
