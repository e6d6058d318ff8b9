"""The engine's output directory, whatever engine built it (MkDocs, ProperDocs, Zensical).

`schoolpub finish` changes it in place (finish.py: the theme's CDN URLs pointed at the
site's own copies, the HTML fixes); `schoolpub scan` only reads it (scan.py: the privacy
gate, link safety, dead links and anchors). Both are pure functions over a directory,
so the gates never depend on an engine running a hook.
"""
