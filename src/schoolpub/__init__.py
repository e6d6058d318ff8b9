"""schoolpub: school transparency and campus-culture data → a static website.

Nothing in this package imports MkDocs: the wiring (macros.py, hooks) does.
"""
__version__ = "0.1.0"
