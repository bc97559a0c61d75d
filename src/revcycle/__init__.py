"""revcycle — the US healthcare revenue cycle, from the provider's note to the posted claim."""

__version__ = "0.1.0"
