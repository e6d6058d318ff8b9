"""`schoolpub check`: every problem of every file in one run, exit code 1, and
GitHub annotations when running inside GitHub Actions."""
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write

from schoolpub import cli


def run(root: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os
    env = {**os.environ, "GITHUB_ACTIONS": "", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=60)


def test_valid_project_passes(project: Path):
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("数据检查通过：学校概况 1 份，校务公开 1 条，收费公示 1 条，荣誉榜 1 条，活动节 1 条，规章制度 1 条（用时 ")
    assert result.stderr == ""


def test_all_problems_of_all_files_in_one_run(project: Path):
    write(project, "data/affairs/sample.yml", (project / "data/affairs/sample.yml").read_text().replace(
        "published: 2025-09-01", "published: 2025-9-1"))
    fees = project / "data/fees/sample.yml"
    fees.write_text(fees.read_text().replace("amount: 400", "amount: 400元").replace("term: 第二学期", "term: 春季"))
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "data/affairs/sample.yml:8:12: 错误：[校务公开 sample › published] 发布日期：日期请写成 2025-09-01 这样的格式（现在是“2025-9-1”）。",
        "data/fees/sample.yml:6:7: 错误：[收费公示 sample › term] 学期：只能填以下之一：第一学期、第二学期、全学年（现在是“春季”）。你是不是想写“第二学期”？",
        "data/fees/sample.yml:11:13: 错误：[收费公示 sample › items 第1项 › amount] 收费标准（金额）：金额只写数字，不要带“元”、货币符号或逗号，"
        "例如 1200 或 1200.50（现在是“400元”）。单位写在 unit 字段里。",
        "共发现 3 处错误，涉及 2 个文件。网站没有生成，也不会发布。请按上面的提示修改后重新提交。",
    ]


def test_github_annotations_inside_actions(project: Path):
    path = project / "data/affairs/sample.yml"
    path.write_text(path.read_text().replace("department: 校长办公室", "departmant: 校长办公室"))
    result = run(project, "check", env_extra={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "::error file=data/affairs/sample.yml,line=9,col=1,title=校务公开 sample › departmant::"
        "不认识的字段 `departmant`。你是不是想写 `department`（发布部门）？")


@pytest.mark.parametrize("forge", ["FORGEJO_ACTIONS", "GITEA_ACTIONS"])
def test_plain_lines_only_under_forgejo_and_gitea(project: Path, forge: str):
    # Their runners set GITHUB_ACTIONS=true as well, but print `::error …` raw in the log.
    path = project / "data/affairs/sample.yml"
    path.write_text(path.read_text().replace("department: 校长办公室", "departmant: 校长办公室"))
    result = run(project, "check", env_extra={"GITHUB_ACTIONS": "true", forge: "true"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/affairs/sample.yml:9:1: 错误：[校务公开 sample › departmant] 不认识的字段 `departmant`。"
        "你是不是想写 `department`（发布部门）？",
        "共发现 1 处错误，涉及 1 个文件。网站没有生成，也不会发布。请按上面的提示修改后重新提交。",
    ]


def test_missing_school_file(project: Path):
    (project / "data/school.yml").unlink()
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "data/school.yml:1:1: 错误：[学校概况] 缺少学校概况文件 data/school.yml。请从示例学校复制一份并改成本校信息。")


def test_internal_error_is_a_chinese_message_not_a_traceback(project: Path, monkeypatch, capsys):
    def broken(data_dir, cache=None):
        raise KeyError("bug")
    monkeypatch.setattr(cli, "load_site", broken)
    monkeypatch.delenv("SCHOOLPUB_DEBUG", raising=False)
    assert cli.main(["--root", str(project), "check"]) == 3
    captured = capsys.readouterr()
    assert captured.err == "内部错误（KeyError）：检查程序自己出了问题，不是你的数据的错。请把这条消息发给网站维护人员。\n"
    assert "Traceback" not in captured.out + captured.err


def test_encoding_problems_name_the_file_and_line(project: Path):
    (project / "data/affairs/sample.yml").write_bytes("title: 开学通知\ncategory: 其他\n".encode("gbk"))
    (project / "data/affairs/big.yml").write_bytes(b"body: |\n" + b"  x\n" * 70000)
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "data/affairs/big.yml:1:1: 错误：[校务公开 big] 文件太大（273 KB，上限 256 KB）。请把长文放进 PDF 附件，或拆成几条记录。",
        "data/affairs/sample.yml:1:8: 错误：[校务公开 sample] 文件不是 UTF-8 编码。它看起来是 GBK/GB18030 编码"
        "（Windows 记事本的“ANSI”）。请在编辑器里选择“以 UTF-8 编码保存”后重新提交。",
    ]


def test_load_once_reuses_until_a_file_changes(project: Path):
    import os

    from schoolpub.loader import load_site_once
    first, _ = load_site_once(project / "data")
    assert load_site_once(project / "data")[0] is first
    path = project / "data/affairs/sample.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("校车线路", "校车新线路"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    second, problems = load_site_once(project / "data")
    assert second is not first and not problems
    assert second.of("affairs")["sample"].title == "关于2025年秋季学期校车新线路的公示"
