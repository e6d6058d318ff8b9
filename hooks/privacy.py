"""MkDocs hook (wiring): the output scan, the last gate before publishing.

Placeholder wired in first; the scanner itself lives in schoolpub.privacy.
"""
