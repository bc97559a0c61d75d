"""Spec only (data/spec.json); typed models live in the shared package named in guides/__init__.py."""
