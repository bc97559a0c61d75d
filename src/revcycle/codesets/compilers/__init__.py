"""Compilers for the build step (`python -m revcycle.codesets.build`): compile public sources into the compact store shipped in `codesets/data/`.

Run `python -m revcycle.codesets.build` (or `make data`). Only this package reads the raw
sources (the shared corpus, the simple-icd-10-cm package data); the runtime reads only the
compiled files. Output is deterministic (sorted keys, gzip mtime 0) so a rebuild reproduces
the committed bytes.
"""
