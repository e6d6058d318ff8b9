"""The publishing settings, read from the environment (repository variables and secrets in CI),
each refused in Chinese when missing or malformed, before anything is scanned or sent."""
from __future__ import annotations

import re
from collections.abc import Mapping

from . import PublishError
from .releases import Destination, destination

DEFAULT_KEEP = 5
ADDRESSING_STYLES = ("virtual", "path", "auto")


def rsync_destination(env: Mapping[str, str]) -> Destination:
    text = env.get("PUBLISH_RSYNC_DEST", "")
    if not text:
        raise PublishError("PUBLISH_TARGET=rsync 需要 PUBLISH_RSYNC_DEST（例如 deploy@www.example.edu.cn:/var/www/school）。")
    ssh = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"]  # host keys are always checked
    if env.get("PUBLISH_SSH_KEY_FILE"):
        ssh += ["-i", env["PUBLISH_SSH_KEY_FILE"], "-o", "IdentitiesOnly=yes"]
    if env.get("PUBLISH_SSH_KNOWN_HOSTS_FILE"):
        ssh += ["-o", f"UserKnownHostsFile={env['PUBLISH_SSH_KNOWN_HOSTS_FILE']}"]
    if env.get("PUBLISH_SSH_PORT"):
        if not env["PUBLISH_SSH_PORT"].isdigit():
            raise PublishError(f"PUBLISH_SSH_PORT={env['PUBLISH_SSH_PORT']} 无效：要写端口号，例如 22。")
        ssh += ["-p", env["PUBLISH_SSH_PORT"]]
    return destination(text, tuple(ssh))


def keep_releases(env: Mapping[str, str]) -> int:
    text = env.get("PUBLISH_KEEP_RELEASES", "") or str(DEFAULT_KEEP)
    if not text.isdigit() or int(text) < 2:
        raise PublishError(f"PUBLISH_KEEP_RELEASES={text} 无效：要写一个不小于 2 的整数（保留的版本数，默认 {DEFAULT_KEEP}），"
                           "至少要留一个可以回退的版本。")
    return int(text)


def release_label(env: Mapping[str, str]) -> str:
    """The commit the release was built from, when CI says (GitHub and Forgejo both set GITHUB_SHA)."""
    label = env.get("PUBLISH_RELEASE_LABEL") or env.get("GITHUB_SHA", "")[:7]
    return re.sub(r"[^0-9A-Za-z]", "", label)[:40]


def bucket_settings(env: Mapping[str, str]) -> dict[str, str]:
    bucket, endpoint = env.get("PUBLISH_S3_BUCKET", ""), env.get("PUBLISH_S3_ENDPOINT", "")
    if not bucket:
        raise PublishError("PUBLISH_TARGET=s3 需要 PUBLISH_S3_BUCKET（存储桶名称）。")
    if not endpoint:
        raise PublishError("PUBLISH_TARGET=s3 需要 PUBLISH_S3_ENDPOINT（例如 https://oss-cn-hangzhou.aliyuncs.com）。")
    if not env.get("AWS_ACCESS_KEY_ID") or not env.get("AWS_SECRET_ACCESS_KEY"):
        raise PublishError("PUBLISH_TARGET=s3 需要 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY（存储桶的访问密钥）。")
    style = env.get("PUBLISH_S3_ADDRESSING_STYLE", "") or "auto"
    if style not in ADDRESSING_STYLES:
        raise PublishError(f"PUBLISH_S3_ADDRESSING_STYLE={style} 无效：只能是 virtual、path 或 auto。")
    name, _, prefix = bucket.strip("/").partition("/")
    return {"bucket": name, "prefix": f"{prefix.strip('/')}/" if prefix.strip("/") else "", "endpoint": endpoint,
            "region": env.get("PUBLISH_S3_REGION", "") or "us-east-1", "addressing_style": style}
