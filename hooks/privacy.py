"""MkDocs hook (wiring): the output scan, the last gate before publishing.

The data checks already refuse ID and mobile numbers in data/, but a page in
docs/, a template or a future export could still carry one. After the build,
every generated text file is scanned; on a find the build fails and the output
is deleted, so not even a plain `mkdocs build` leaves a leaking site behind.
"""
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from schoolpub import privacy
from schoolpub.loader import load_site_once
from schoolpub.media import cache_dir_of


def on_post_build(config, **kwargs):
    site, _ = load_site_once(Path(config.config_file_path).parent / "data")
    public = [phone.number for phone in site.school.phones] if site.school else []
    # files found clean before (same bytes, same scanner, same phones) are not scanned again
    leaks = privacy.scan_site(config.site_dir, public, cache_dir=cache_dir_of(Path(config.config_file_path).parent))
    if leaks:
        shutil.rmtree(config.site_dir, ignore_errors=True)
        report = "\n".join(leak.human() for leak in leaks[:20])
        raise PluginError(f"生成的网站里发现个人信息，已删除这次生成的网站，不会发布：\n{report}\n"
                          f"共 {len(leaks)} 处。请删除这些号码后重新生成。")
