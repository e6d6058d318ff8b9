#!/usr/bin/env bash
# Publishes an already built site/ to the school's own hosting (in mainland
# China GitHub Pages can be slow or unreachable). Off by default: does nothing
# unless PUBLISH_TARGET is set. Never builds: run `make site` (or
# scripts/ci_gates.sh) first; the publish workflows run it after the gates passed.
# The work is done by `python -m schoolpub.publish` (src/schoolpub/publish/).
#
#   scripts/publish_static.sh              publish site/ to PUBLISH_TARGET
#   scripts/publish_static.sh --rollback   rsync: switch `current` back to the release before it
#   scripts/publish_static.sh --list       rsync: list the releases kept on the server
#   scripts/publish_static.sh --dry-run    s3: list what would be uploaded and deleted, change nothing
#
#   PUBLISH_TARGET=rsync   rsync over ssh into a new release directory, then one atomic switch:
#                            DEST/releases/<UTC time>-<commit>/   a complete site each
#                            DEST/current -> releases/…           what nginx serves (deploy/nginx.conf)
#                          unchanged files are hard links to the previous release (--link-dest,
#                          compared by content); the last PUBLISH_KEEP_RELEASES releases are kept.
#                          The server needs rsync, a POSIX sh and GNU coreutils (mv -T).
#       PUBLISH_RSYNC_DEST            user@host:/var/www/school  (or a local directory)
#       PUBLISH_SSH_KEY_FILE          optional: private key for ssh -i
#       PUBLISH_SSH_KNOWN_HOSTS_FILE  optional: known_hosts with the server's key
#                                     (host keys are always checked)
#       PUBLISH_SSH_PORT              optional: ssh port
#       PUBLISH_KEEP_RELEASES         optional: releases kept for --rollback (default 5, at least 2)
#       PUBLISH_RELEASE_LABEL         optional: appended to the release name (default: the
#                                     first 7 characters of GITHUB_SHA, set by GitHub and Forgejo)
#   PUBLISH_TARGET=s3      to an S3-compatible bucket (Aliyun OSS, Tencent COS, Huawei OBS,
#                          MinIO…) with boto3: uploads only files whose content or headers changed
#                          (ETag/sha256, never modification times), assets first, pages after
#                          them (home page last), then feeds and indexes; deletes stale objects
#                          last; sets Content-Type (charset=utf-8 for text) and Cache-Control
#                          (src/schoolpub/publish/headers.py). No --rollback: revert and republish.
#       PUBLISH_S3_BUCKET             bucket name, optionally with a prefix: school-site or school-site/www
#       PUBLISH_S3_ENDPOINT           e.g. https://oss-cn-hangzhou.aliyuncs.com,
#                                     https://cos.ap-guangzhou.myqcloud.com
#       PUBLISH_S3_REGION             optional (default us-east-1; most S3-compatible services ignore it)
#       PUBLISH_S3_ADDRESSING_STYLE   optional: virtual (OSS needs it), path (MinIO) or auto (default)
#       AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   the bucket's access key (a key allowed only this bucket)
#
# Refuses (exit 1, a Chinese message on stderr) when a setting is missing or malformed, when
# site/index.html is missing, when data/ does not pass the check, or when the privacy scan finds
# an ID or undeclared mobile number in site/; nothing is sent then. The last line on stdout says
# what was published (release, files uploaded, time taken).
# SITE_DIR (default site), DATA_DIR (default data) and VENV (default .venv) can be overridden.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PUBLISH_TARGET:-}" ]; then
    echo "未设置 PUBLISH_TARGET：不发布到其他服务器（需要时设为 rsync 或 s3）。"
    exit 0
fi
PY=${VENV:-.venv}/bin/python
if [ ! -x "$PY" ]; then
    echo "publish_static.sh: 没有找到 $PY：请先运行 make check 或 make site 安装环境。" >&2
    exit 1
fi
exec "$PY" -m schoolpub.publish "$@"
