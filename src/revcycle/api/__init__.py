"""The REST API: FastAPI routers per resource, bearer/session auth, a permission on every route."""

from revcycle.api.app import create_app

__all__ = ["create_app"]
