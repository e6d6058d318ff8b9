"""MkDocs hook (wiring): no page may make a request to a foreign host.

Material's JavaScript bundle loads a ResizeObserver polyfill (old browsers,
including some in-app browsers) and mermaid from unpkg.com, which is blocked
or slow in mainland China. After the build, point both at files served by the
school's own site (docs/assets/vendor/). The end-to-end test fails if any
other foreign host appears, e.g. after a Material update changes these URLs.
"""
import re
from pathlib import Path
from urllib.parse import urlsplit

LOCAL_COPIES = {
    "https://unpkg.com/resize-observer-polyfill": "assets/vendor/resize-observer-polyfill.js",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "assets/vendor/mermaid-unavailable.js",
}


def on_post_build(config, **kwargs):
    # The bundle injects these as <script src>, resolved against the page URL,
    # so the replacement must be an absolute path on the site.
    base = urlsplit(config.site_url or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    site_dir = Path(config.site_dir)
    for bundle in site_dir.glob("assets/javascripts/**/*.min.js"):
        text = bundle.read_text(encoding="utf-8")
        for foreign, local in LOCAL_COPIES.items():
            text = text.replace(f'"{foreign}"', f'"{base}{local}"')
        text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
        bundle.write_text(text, encoding="utf-8")
    # Source maps are for Material's developers, not parents, and still name the CDN.
    for source_map in site_dir.glob("assets/**/*.map"):
        source_map.unlink()
