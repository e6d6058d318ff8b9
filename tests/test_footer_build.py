"""The footer as the theme renders it from school.yml, in a real MkDocs build of a small school:
the hosting body and the 网站标识码 when given, nothing for a filing left out, and the school's
own text escaped (the theme's environment does not autoescape; the partial does)."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import MINIMAL

from test_build import build, site_project


def footer_of(page: Path) -> str:
    return re.search(r'<footer class="md-footer">.*?</footer>', page.read_text(encoding="utf-8"), re.S).group(0)


def test_a_government_run_site_shows_host_and_site_code_and_only_the_filings_it_has(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    school = project / "data/school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("address: 测试市测试区学府路 1 号", "address: 学府路 <b>1</b> 号")
                      + "filings:\n  icp: 沪ICP备2024000001号-2\n  site_code: 3101000001\n  host: 测试区教育局 <script>\n",
                      encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    expected = """<footer class="md-footer">
  <div class="md-footer-meta md-typeset">
    <div class="md-footer-meta__inner md-grid">
      <div class="md-copyright sp-legal">
        <p class="sp-legal__school">测试市第一小学 · 学府路 &lt;b&gt;1&lt;/b&gt; 号</p>
        <p class="sp-legal__host">主办单位：测试区教育局 &lt;script&gt;</p>
        <p class="sp-legal__filings">
          <a class="sp-legal__link" href="https://beian.miit.gov.cn/" rel="noopener">沪ICP备2024000001号-2</a>
          <span class="sp-legal__code">网站标识码：3101000001</span>
        </p>
      </div>
    </div>
  </div>
</footer>"""
    assert footer_of(tmp_path / "out/index.html") == expected
    assert footer_of(tmp_path / "out/fees/sample/index.html") == expected


def test_a_school_without_filings_shows_its_name_and_address_only(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert footer_of(tmp_path / "out/about/index.html") == """<footer class="md-footer">
  <div class="md-footer-meta md-typeset">
    <div class="md-footer-meta__inner md-grid">
      <div class="md-copyright sp-legal">
        <p class="sp-legal__school">测试市第一小学 · 测试市测试区学府路 1 号</p>
      </div>
    </div>
  </div>
</footer>"""
