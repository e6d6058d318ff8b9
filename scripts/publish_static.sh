#!/usr/bin/env bash
# Publishes an already built site/ to the school's own hosting (in mainland
# China GitHub Pages can be slow or unreachable). Off by default: does nothing
# unless PUBLISH_TARGET is set. Never builds: run `make site` (or
# scripts/ci_gates.sh) first; publish.yml runs it after the gates passed.
#
#   PUBLISH_TARGET=rsync   rsync -az --delete over ssh to the school's server
#       PUBLISH_RSYNC_DEST            user@host:/var/www/school/  (or a local directory)
#       PUBLISH_SSH_KEY_FILE          optional: private key for ssh -i
#       PUBLISH_SSH_KNOWN_HOSTS_FILE  optional: known_hosts with the server's key
#                                     (host keys are always checked)
#       PUBLISH_SSH_PORT              optional: ssh port
#   PUBLISH_TARGET=s3      `aws s3 sync --delete` to an S3-compatible bucket
#                          (Aliyun OSS, Tencent COS, Huawei OBS, Qiniu Kodo, MinIO, …)
#       PUBLISH_S3_BUCKET             bucket name, optionally with a prefix: school-site or school-site/www
#       PUBLISH_S3_ENDPOINT           e.g. https://oss-cn-hangzhou.aliyuncs.com,
#                                     https://cos.ap-guangzhou.myqcloud.com
#       PUBLISH_S3_REGION             optional (default us-east-1; most S3-compatible services ignore it)
#       PUBLISH_S3_ADDRESSING_STYLE   optional: virtual (OSS needs it) or path (MinIO); default: the CLI's
#       AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   the bucket's access key (a key allowed only this bucket)
#
# Refuses (exit 1) when site/index.html is missing, when the privacy scan finds
# an ID or undeclared mobile number in site/, or when a setting is missing.
# SITE_DIR (default site) and VENV (default .venv) can be overridden.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    echo "publish_static.sh: $1" >&2
    exit 1
}

TARGET=${PUBLISH_TARGET:-}
if [ -z "$TARGET" ]; then
    echo "未设置 PUBLISH_TARGET：不发布到其他服务器（需要时设为 rsync 或 s3）。"
    exit 0
fi
case "$TARGET" in
    rsync | s3) ;;
    *) fail "PUBLISH_TARGET=$TARGET 无效：只能是 rsync 或 s3。" ;;
esac

SITE=${SITE_DIR:-site}
PY=${VENV:-.venv}/bin/python
[ -f "$SITE/index.html" ] || fail "没有找到 $SITE/index.html：网站还没有生成（先运行 make site），不发布。"
[ -x "$PY" ] || fail "没有找到 $PY：请先运行 make check 或 make site 安装环境。"

# The last gate: the same output scan as the build (hooks/privacy.py), on
# exactly the files about to be published, with the school's declared phones.
"$PY" -c '
import sys
from pathlib import Path
from schoolpub import privacy
from schoolpub.loader import load_site

site_dir, data_dir = Path(sys.argv[1]), Path(sys.argv[2])
school, problems = load_site(data_dir)
if problems or not school.school:
    print("data/ 没有通过检查，不发布：请先运行 make check。", file=sys.stderr)
    sys.exit(1)
leaks = privacy.scan_site(site_dir, [phone.number for phone in school.school.phones])
for leak in leaks[:20]:
    print(leak.human(), file=sys.stderr)
if leaks:
    print(f"网站里发现 {len(leaks)} 处个人信息，不发布。", file=sys.stderr)
    sys.exit(1)
' "$SITE" data || fail "隐私检查没有通过，没有发布。"

pages=$(find "$SITE" -name '*.html' | wc -l)

case "$TARGET" in
rsync)
    DEST=${PUBLISH_RSYNC_DEST:-}
    [ -n "$DEST" ] || fail "PUBLISH_TARGET=rsync 需要 PUBLISH_RSYNC_DEST（例如 deploy@www.example.edu.cn:/var/www/school/）。"
    # --delete removes whatever else is in the destination: refuse a destination
    # that is a whole home directory or the file system root.
    path_part=${DEST#*:}
    [ "$DEST" != "$path_part" ] || path_part=$DEST
    case "$path_part" in
        "" | / | /. | . | ./ | "~" | "~/") fail "PUBLISH_RSYNC_DEST=$DEST 太宽：--delete 会删掉那里的其他文件。请写网站专用的目录。" ;;
    esac
    command -v rsync >/dev/null 2>&1 || fail "没有安装 rsync。"
    ssh_command=(ssh -o BatchMode=yes -o StrictHostKeyChecking=yes)
    [ -z "${PUBLISH_SSH_KEY_FILE:-}" ] || ssh_command+=(-i "$PUBLISH_SSH_KEY_FILE" -o IdentitiesOnly=yes)
    [ -z "${PUBLISH_SSH_KNOWN_HOSTS_FILE:-}" ] || ssh_command+=(-o "UserKnownHostsFile=$PUBLISH_SSH_KNOWN_HOSTS_FILE")
    [ -z "${PUBLISH_SSH_PORT:-}" ] || ssh_command+=(-p "$PUBLISH_SSH_PORT")
    # Files land in place only at the end (--delay-updates), readable by the web server.
    rsync -az --delete --delay-updates --chmod=D755,F644 -e "${ssh_command[*]}" "$SITE/" "$DEST" \
        || fail "rsync 失败，没有发布完（已发布的旧网站可能只更新了一部分，请重新运行）。"
    echo "已发布到 $DEST（$pages 个页面）。"
    ;;
s3)
    BUCKET=${PUBLISH_S3_BUCKET:-}
    ENDPOINT=${PUBLISH_S3_ENDPOINT:-}
    [ -n "$BUCKET" ] || fail "PUBLISH_TARGET=s3 需要 PUBLISH_S3_BUCKET（存储桶名称）。"
    [ -n "$ENDPOINT" ] || fail "PUBLISH_TARGET=s3 需要 PUBLISH_S3_ENDPOINT（例如 https://oss-cn-hangzhou.aliyuncs.com）。"
    [ -n "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${AWS_SECRET_ACCESS_KEY:-}" ] \
        || fail "PUBLISH_TARGET=s3 需要 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY（存储桶的访问密钥）。"
    command -v aws >/dev/null 2>&1 || fail "没有安装 aws 命令行工具（AWS CLI）。"
    export AWS_DEFAULT_REGION=${PUBLISH_S3_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}
    # AWS CLI ≥ 2.23 adds CRC checksums to every upload by default, which several
    # S3-compatible services reject; send them only where the API requires them.
    export AWS_REQUEST_CHECKSUM_CALCULATION=when_required
    export AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
    if [ -n "${PUBLISH_S3_ADDRESSING_STYLE:-}" ]; then
        case "$PUBLISH_S3_ADDRESSING_STYLE" in
            virtual | path | auto) ;;
            *) fail "PUBLISH_S3_ADDRESSING_STYLE=$PUBLISH_S3_ADDRESSING_STYLE 无效：只能是 virtual、path 或 auto。" ;;
        esac
        config=$(mktemp)
        trap 'rm -f "$config"' EXIT
        printf '[default]\ns3 =\n    addressing_style = %s\n' "$PUBLISH_S3_ADDRESSING_STYLE" >"$config"
        export AWS_CONFIG_FILE=$config
    fi
    aws s3 sync "$SITE/" "s3://${BUCKET%/}/" --delete --endpoint-url "$ENDPOINT" --no-progress --only-show-errors \
        || fail "上传到存储桶失败，没有发布完（请重新运行）。"
    echo "已发布到存储桶 $BUCKET（$ENDPOINT，$pages 个页面）。"
    ;;
esac
