#!/usr/bin/env bash
# The build caches (photo renditions, cleaned PDFs, record pages, QR codes, the
# output scan's clean list: every entry named by content hash and pipeline
# fingerprint, see README "Ten years of a school") kept on a Forgejo/Gitea runner
# between runs, in a directory of the runner machine that the job container mounts.
#
#   ci_runner_cache.sh report DIR   publish: DIR is the cache the build writes
#                                   (SCHOOLPUB_PHOTO_CACHE); says whether it is the
#                                   runner's directory (warm) or a fresh one (cold)
#   ci_runner_cache.sh seed DIR     pull requests: DIR is the runner's cache mounted
#                                   read-only; its entries are copied into .cache/photos/
#                                   so the check is warm, and nothing the pull request
#                                   builds goes back (the clean list must come from a
#                                   trusted build)
#
# A missing DIR is not an error: the runner did not allow the mount (its
# valid_volumes), and the build starts cold. Plain log lines, exit 0 unless the
# copy itself fails.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
dir=${2:-}
[ -n "$mode" ] && [ -n "$dir" ] || { echo "usage: ci_runner_cache.sh report|seed DIR" >&2; exit 2; }

entries() { find "$1" -type f 2>/dev/null | wc -l; }

if [ ! -d "$dir" ]; then
    echo "构建缓存：运行器没有提供 $dir（运行器设置 valid_volumes，见 deploy/FORGEJO.zh-CN.md），这次从头生成，照片较多时较慢。"
    exit 0
fi

case "$mode" in
report)
    echo "构建缓存：使用运行器上的缓存 $dir（已有 $(entries "$dir") 个文件）。"
    ;;
seed)
    mkdir -p .cache/photos
    cp -a "$dir/." .cache/photos/ || { echo "构建缓存：从 $dir 复制失败。" >&2; exit 1; }
    echo "构建缓存：从 $dir 复制了 $(entries .cache/photos) 个文件（只读，这次检查的结果不会写回）。"
    ;;
*)
    echo "usage: ci_runner_cache.sh report|seed DIR" >&2
    exit 2
    ;;
esac
