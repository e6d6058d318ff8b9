"""Whether to add GitHub's workflow commands (`::error`, `::warning`) to the log.

GitHub Actions turns those lines into annotations on the changed YAML lines. Forgejo and
Gitea Actions set GITHUB_ACTIONS=true too (for compatibility) but show such a line raw in
the log, a second, escaped copy of every message (`%0A`…): there the plain lines are all.
"""
from __future__ import annotations

import os


def github_annotations() -> bool:
    env = os.environ
    on_other_forge = env.get("FORGEJO_ACTIONS") == "true" or env.get("GITEA_ACTIONS") == "true"
    return env.get("GITHUB_ACTIONS") == "true" and not on_other_forge
