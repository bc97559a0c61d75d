"""The CMS-1500 (02/12) paper claim: `render_cms1500(claims, out, background=True)`."""

from revcycle.claims.cms1500.layout import BOX_BY_KEY, LINES_PER_PAGE, Alignment, box, service_cell
from revcycle.claims.cms1500.render import render_cms1500

__all__ = ["BOX_BY_KEY", "LINES_PER_PAGE", "Alignment", "box", "render_cms1500", "service_cell"]
