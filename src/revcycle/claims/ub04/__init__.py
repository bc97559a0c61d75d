"""The UB-04 (CMS-1450) institutional claim form: `render_ub04(claims, out, background=True)`."""

from revcycle.claims.ub04.layout import LOCATORS, locator, service_cell
from revcycle.claims.ub04.render import render_ub04

__all__ = ["LOCATORS", "locator", "render_ub04", "service_cell"]
