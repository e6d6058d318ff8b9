"""Publishing to an S3-compatible bucket (Aliyun OSS, Tencent COS, Huawei OBS, MinIO…) with boto3.

A bucket has no atomic switch, so the order does the work:
1. assets (stylesheets, scripts, images, attachments): a page uploaded later finds them;
2. pages (HTML), deepest first, the home page last: a new page exists before a page links to it;
3. files that list pages (feeds, sitemap, search index, calendars, open data);
4. only then objects no longer in the site are deleted (an old page still being read keeps its
   old stylesheet until the new page replaced it);
5. last, the manifest (`.schoolpub/published.json`): each key's sha256 and headers.
An object is uploaded only when its content or headers changed: its ETag (the MD5 of a
single-part upload, which every upload here is) and the manifest's sha256 and headers are
compared, never modification times (every build rewrites every file).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import PublishError
from .headers import cache_control, content_type, suffix

MANIFEST = ".schoolpub/published.json"
LISTS_OF_PAGES = {"xml", "gz", "json", "ics", "csv", "txt", "atom", "rss"}
PLAIN_MD5 = re.compile(r"[0-9a-f]{32}")
WORKERS = 8


@dataclass(frozen=True)
class LocalFile:
    key: str
    relative: str  # the path in the site
    path: Path
    md5: str
    sha256: str
    content_type: str
    cache_control: str

    def manifest_entry(self) -> dict:
        return {"sha256": self.sha256, "content_type": self.content_type, "cache_control": self.cache_control}


@dataclass(frozen=True)
class Plan:
    uploads: tuple[LocalFile, ...]  # in upload order
    deletions: tuple[str, ...]
    unchanged: int


@dataclass(frozen=True)
class Target:
    client: object  # a boto3 S3 client
    bucket: str
    prefix: str  # "" or "www/"

    def key(self, relative: str) -> str:
        return self.prefix + relative


def local_files(site: Path, target: Target) -> dict[str, LocalFile]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            data = path.read_bytes()
            files[target.key(relative)] = LocalFile(
                target.key(relative), relative, path, hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest(),
                content_type(relative), cache_control(relative))
    return files


def remote_etags(target: Target) -> dict[str, str]:
    pages = target.client.get_paginator("list_objects_v2").paginate(Bucket=target.bucket, Prefix=target.prefix)
    return {item["Key"]: item["ETag"].strip('"').lower() for page in pages for item in page.get("Contents", ())}


def read_manifest(target: Target, etags: dict[str, str]) -> dict[str, dict]:
    """What the last publish recorded; {} when there is none (a first publish, or `aws s3 sync`)."""
    if target.key(MANIFEST) not in etags:
        return {}
    body = target.client.get_object(Bucket=target.bucket, Key=target.key(MANIFEST))["Body"].read()
    try:
        return json.loads(body)["objects"]
    except (ValueError, KeyError, TypeError):
        return {}  # unreadable: upload everything once


def unchanged(local: LocalFile, etag: str | None, recorded: dict | None) -> bool:
    if etag is None or recorded != local.manifest_entry():
        return False
    # A multipart or encrypted object's ETag is no MD5: the recorded sha256 decides.
    return etag == local.md5 if PLAIN_MD5.fullmatch(etag) else True


def stage(file: LocalFile) -> tuple[int, int]:
    """Files of one stage go up in parallel; stages one after the other, in this order."""
    kind = suffix(file.relative)
    if kind in ("html", "htm"):
        if file.relative == "index.html":
            return (2, 0)  # the home page, last of the pages
        return (1, -file.relative.count("/"))  # deepest pages first
    return (3, 0) if kind in LISTS_OF_PAGES else (0, 0)


def plan(local: dict[str, LocalFile], etags: dict[str, str], manifest: dict[str, dict], target: Target) -> Plan:
    changed = [file for key, file in local.items() if not unchanged(file, etags.get(key), manifest.get(key))]
    stale = sorted(key for key in etags if key not in local and key != target.key(MANIFEST))
    return Plan(tuple(sorted(changed, key=lambda file: (stage(file), file.key))), tuple(stale),
                len(local) - len(changed))


def put(target: Target, file: LocalFile) -> None:
    data = file.path.read_bytes()
    target.client.put_object(
        Bucket=target.bucket, Key=file.key, Body=data, ContentType=file.content_type,
        CacheControl=file.cache_control, ContentMD5=base64.b64encode(hashlib.md5(data).digest()).decode(),
        Metadata={"sha256": file.sha256})


def stages(uploads: tuple[LocalFile, ...]) -> list[list[LocalFile]]:
    groups: list[list[LocalFile]] = []
    for file in uploads:
        if groups and stage(groups[-1][0]) == stage(file):
            groups[-1].append(file)
        else:
            groups.append([file])
    return groups


def execute(target: Target, work: Plan, local: dict[str, LocalFile]) -> None:
    with ThreadPoolExecutor(WORKERS) as pool:
        for group in stages(work.uploads):
            list(pool.map(lambda file: put(target, file), group))  # a failure raises here: stop before the next phase
        for start in range(0, len(work.deletions), 1000):  # DeleteObjects takes 1,000 keys at most
            batch = work.deletions[start:start + 1000]
            answer = target.client.delete_objects(Bucket=target.bucket,
                                                  Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True})
            if answer.get("Errors"):
                error = answer["Errors"][0]
                raise PublishError(f"删除存储桶里的旧文件 {error.get('Key')} 失败（{error.get('Code')}）：网站已更新，"
                                   "但旧文件还在，请重新运行。")
    manifest = {"objects": {key: file.manifest_entry() for key, file in local.items()}}
    target.client.put_object(Bucket=target.bucket, Key=target.key(MANIFEST), ContentType="application/json",
                             CacheControl="no-store", Body=json.dumps(manifest, sort_keys=True).encode())


def publish(site: Path, target: Target, dry_run: bool = False) -> Plan:
    local = local_files(site, target)
    etags = remote_etags(target)
    work = plan(local, etags, read_manifest(target, etags), target)
    if not dry_run:
        execute(target, work, local)
    return work
