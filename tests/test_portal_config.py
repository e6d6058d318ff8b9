"""portal.yml: read through the same strict YAML gate as school data; every mistake a Chinese
message at file:line:column with its key, and no config at all until every one is fixed."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from schoolpub.portal.config import load_config


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "portal.yml").write_text(text, encoding="utf-8")
    loaded = load_config(tmp_path / "portal.yml")
    assert loaded.config is None
    return [problem.human() for problem in loaded.problems.sorted()]


def test_a_good_config_with_defaults_and_a_local_build(tmp_path):
    (tmp_path / "portal.yml").write_text(
        "district: 示例区教育局\n"
        "schools:\n"
        "  - id: syxx\n    name: 示例市实验小学\n    site: https://syxx.example.edu.cn\n"
        "  - id: di-er-xiao\n    name: 示例市第二小学\n    site: http://127.0.0.1:8000/b\n    path: ../b/site\n"
        "caps:\n  - item: 课后服务费\n    max_amount: 300\n    unit: 元/生·学期\n    basis: 示发改价格〔2022〕35号\n",
        encoding="utf-8")
    loaded = load_config(tmp_path / "portal.yml")
    assert not loaded.problems
    first, second = loaded.config.schools
    assert (first.site, second.site) == ("https://syxx.example.edu.cn/", "http://127.0.0.1:8000/b/")
    assert (loaded.local_dir(first), loaded.local_dir(second)) == (None, (tmp_path.parent / "b/site").resolve())
    limits = loaded.config.limits
    assert (limits.connect_timeout, limits.read_timeout, limits.deadline, limits.max_kb, limits.retries,
            limits.workers) == (5, 10, 30, 5120, 2, 8)
    assert loaded.config.caps[0].max_amount == Decimal("300")


def test_every_mistake_is_reported_at_its_line(tmp_path):
    assert problems(tmp_path, """\
district: 示例区教育局
schools:
  - id: syxx
    name: 示例市实验小学
    site: https://syxx.example.edu.cn
  - id: erxiao
    name: 二小
    site: http://erxiao.example.edu.cn/
    pth: ../erxiao/site
  - id: San_Xiao
    name: 三小
    site: javascript:alert(1)
limits:
  connect_timeout: 0
  max_kb: 10MB
caps:
  - item: 课后服务费
    max_amount: 300元
""") == [
        "portal.yml:8:11: 错误：[schools[1].site] 学校网址：要以 https:// 开头（现在是“http://erxiao.example.edu.cn/”）："
        "门户只从加密连接读取收费数据。",
        "portal.yml:9:5: 错误：[schools[1].pth] 不认识的字段 `pth`。你是不是想写 `path`（本地生成目录）？",
        "portal.yml:10:9: 错误：[schools[2].id] 学校编号：只能用小写英文字母、数字和连字符，不超过 40 个字符，"
        "例如 syxx 或 di-er-xiao（现在是“San_Xiao”）。",
        "portal.yml:12:11: 错误：[schools[2].site] 学校网址：链接地址不安全：“javascript:alert(1)”点开会运行脚本。"
        "只允许 http、https、mailto、tel 或站内相对地址。请改成以 https:// 开头的完整网址（例如 https://www.example.edu.cn/），"
        "或者删掉这个链接、只留文字。",
        "portal.yml:14:20: 错误：[limits.connect_timeout] 连接超时（秒）：不能小于 1（现在是 0）。",
        "portal.yml:15:11: 错误：[limits.max_kb] 每个数据文件大小上限（KB）：这里要写一个整数，例如 12（现在是“10MB”）。",
        "portal.yml:17:5: 错误：[caps[0]] 缺少必填项 `basis`（依据文件）。规定这个上限的文件名称和文号。",
        "portal.yml:18:17: 错误：[caps[0].max_amount] 最高金额（元）：金额只写数字，不要带“元”、货币符号或逗号，"
        "例如 1200 或 1200.50（现在是“300元”）。单位写在 unit 字段里。",
    ]


def test_no_password_in_an_address_and_none_repeated(tmp_path):
    assert problems(tmp_path, """\
district: 示例区教育局
schools:
  - id: syxx
    name: 示例市实验小学
    site: https://syxx.example.edu.cn/
    repository: https://ci:secret@git.example.edu.cn/syxx/site.git
  - id: erxiao
    name: 示例市第二小学
    site: https://admin:secret@erxiao.example.edu.cn/
""") == ["portal.yml:6:17: 错误：[schools[0].repository] 学校网站仓库：仓库地址里不能写账号或密码（这里不再重复显示）："
         "访问令牌放在 CI 的密钥里。如果这个密码是真的，请尽快更换。",
         "portal.yml:9:11: 错误：[schools[1].site] 学校网址：网址里不能写账号或密码（这里不再重复显示）。门户只读取公开的数据。"]


def test_a_repeated_school_id_is_reported_at_the_second_one(tmp_path):
    assert problems(tmp_path, """\
district: 示例区教育局
schools:
  - id: syxx
    name: 示例市实验小学
    site: https://syxx.example.edu.cn/
  - name: 示例市实验小学（东校区）
    id: syxx
    site: https://east.syxx.example.edu.cn/
""") == ["portal.yml:7:9: 错误：[schools[1].id] 学校编号“syxx”和第 1 所学校重复了：每所学校的编号必须不同。"]


def test_yaml_traps_and_a_missing_file(tmp_path):
    assert problems(tmp_path, "district: 示例区\nschools:\n  - id: a\n    id: b\n") == [
        "portal.yml:4:5: 错误：字段 `id` 重复了（第 3 行已经写过）。YAML 只会保留最后一个，前面的内容会悄悄丢失。"
        "请删掉多余的一个或把两处合并。"]
    assert problems(tmp_path, "- 示例区\n") == [
        "portal.yml:1:1: 错误：门户配置文件应该是一组“字段: 值”，至少写 district 和 schools。"]
    missing = load_config(tmp_path / "nowhere.yml")
    assert [problem.human() for problem in missing.problems.sorted()] == [
        "nowhere.yml:1:1: 错误：找不到门户配置文件 nowhere.yml：请在这里建立它，写上区县名称和学校列表（district、schools）。"]
