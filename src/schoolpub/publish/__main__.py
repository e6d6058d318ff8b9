"""`python -m schoolpub.publish [--rollback | --list | --dry-run]`: see scripts/publish_static.sh
for the settings (environment variables) and what each target does."""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from . import PublishError, bucket, releases, settings
from .gate import site_is_publishable

PREFIX = "publish_static.sh: "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/publish_static.sh", description="把生成好的 site/ 发布到学校自己的服务器或存储桶。")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--rollback", action="store_true", help="rsync：把 current 切回上一个版本（不上传）")
    action.add_argument("--list", action="store_true", help="rsync：列出服务器上保留的版本")
    action.add_argument("--dry-run", action="store_true", help="s3：只列出会上传和删除的文件，不改动存储桶")
    args = parser.parse_args(argv)
    env = os.environ
    try:
        target = env.get("PUBLISH_TARGET", "")
        if target == "rsync":
            message = to_server(args, env)
        elif target == "s3":
            message = to_bucket(args, env)
        else:
            raise PublishError(f"PUBLISH_TARGET={target} 无效：只能是 rsync 或 s3。")
    except PublishError as error:
        print(PREFIX + str(error), file=sys.stderr)
        return 1
    print(message)
    return 0


def took(started: float) -> str:
    return f"（用时 {time.monotonic() - started:.1f} 秒）。"


def site_paths(env: Mapping[str, str]) -> tuple[Path, Path]:
    return Path(env.get("SITE_DIR", "") or "site"), Path(env.get("DATA_DIR", "") or "data")


def to_server(args: argparse.Namespace, env: Mapping[str, str]) -> str:
    dest = settings.rsync_destination(env)
    if args.dry_run:
        raise PublishError("--dry-run 只适用于 PUBLISH_TARGET=s3。")
    if args.list:
        return listing(dest)
    if args.rollback:
        left, now = releases.rollback(dest)
        return f"已回退：{dest} 的 current 从 {left} 切回 {now}。"
    started = time.monotonic()
    keep = settings.keep_releases(env)
    site, data = site_paths(env)
    pages = site_is_publishable(site, data)
    done = releases.publish(site, dest, keep, settings.release_label(env))
    removed = f"，删除了更早的 {len(done.removed)} 个" if done.removed else ""
    return (f"已发布到 {dest}：版本 {done.release}（{pages} 个页面），current 已切换。"
            f"上传了 {done.uploaded} 个文件，其余 {done.files - done.uploaded} 个与上一版相同、没有重复上传；"
            f"保留最近 {keep} 个版本{removed}。出问题时可运行 scripts/publish_static.sh --rollback 切回上一版" + took(started))


def listing(dest: releases.Destination) -> str:
    now = releases.state(dest)
    if not now.releases:
        return f"{dest} 上还没有发布过的版本。"
    lines = [f"{name}{'  ← current（正在使用）' if name == now.current else ''}" for name in now.releases]
    return f"{dest} 上保留的版本（从旧到新）：\n" + "\n".join(lines)


def to_bucket(args: argparse.Namespace, env: Mapping[str, str]) -> str:
    config = settings.bucket_settings(env)
    if args.rollback or args.list:
        raise PublishError("存储桶没有保留旧版本，不能 --rollback 或 --list：请在仓库里撤销有问题的修改（git revert），"
                           "重新生成网站后再发布。")
    started = time.monotonic()
    site, data = site_paths(env)
    pages = site_is_publishable(site, data)
    target = bucket.Target(client(config), config["bucket"], config["prefix"])
    where = f"存储桶 {config['bucket']}{'/' + config['prefix'].rstrip('/') if config['prefix'] else ''}（{config['endpoint']}）"
    try:
        work = bucket.publish(site, target, dry_run=args.dry_run)
    except Exception as error:  # boto3's errors: translated, never a traceback
        raise PublishError(explain(error, config)) from error
    if args.dry_run:
        names = [f"上传 {file.key}" for file in work.uploads] + [f"删除 {key}" for key in work.deletions]
        return "\n".join([*names, f"试运行，没有改动{where}：会上传 {len(work.uploads)} 个、删除 "
                                  f"{len(work.deletions)} 个，{work.unchanged} 个没有变化。"])
    return (f"已发布到{where}（{pages} 个页面）：上传了 {len(work.uploads)} 个有变化的文件，"
            f"删除了 {len(work.deletions)} 个旧文件，{work.unchanged} 个没有变化、没有重复上传" + took(started))


def client(config: dict[str, str]):
    import boto3  # here: publishing by rsync does not need it
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=config["endpoint"], region_name=config["region"], config=Config(
        s3={"addressing_style": config["addressing_style"]},
        # botocore ≥ 1.36 adds CRC checksums to every upload by default, which several
        # S3-compatible services reject; send them only where the API requires them.
        request_checksum_calculation="when_required", response_checksum_validation="when_required",
        retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=10, read_timeout=120))


def explain(error: Exception, config: dict[str, str]) -> str:
    from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

    if isinstance(error, PublishError):
        return str(error)
    stopped = "没有发布完：请修正后重新运行（已经上传的新文件不会让旧页面出错）。"
    if isinstance(error, EndpointConnectionError):
        return f"无法连接存储服务 {config['endpoint']}：请检查 PUBLISH_S3_ENDPOINT 和网络。{stopped}"
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        if code == "NoSuchBucket":
            return f"存储桶 {config['bucket']} 不存在（{config['endpoint']}）：请检查 PUBLISH_S3_BUCKET 和 PUBLISH_S3_ENDPOINT。"
        if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "Forbidden", "403"):
            return (f"存储桶 {config['bucket']} 拒绝访问（{code}）：请检查 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY，"
                    f"以及这个密钥能否读写、删除这个存储桶里的文件。{stopped}")
        return f"存储服务返回错误 {code}：{error.response.get('Error', {}).get('Message', '')}。{stopped}"
    if isinstance(error, BotoCoreError):
        return f"访问存储桶失败：{error}。{stopped}"
    raise error  # a bug here, not a setting: let it show


if __name__ == "__main__":
    sys.exit(main())
