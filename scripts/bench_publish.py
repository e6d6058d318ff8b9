"""Times scripts/publish_static.sh on the demo school against real servers on 127.0.0.1 (the ones
the tests start: sshd + rsync, and an S3 API server), and counts what each publish sent:

    .venv/bin/python scripts/bench_publish.py

A full publish to an empty destination, then the demo with one fee amount changed (one record),
then the same site again. Builds the two versions first (about half a minute); needs Debian's
openssh-server and rsync (scripts/install_ci_tools.sh) and the dev requirements (moto).
"""
from __future__ import annotations

import logging
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "src")]

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

from publish_support import build_versions, changed_files, publish, start_sshd, Version  # noqa: E402

PUTS = []


class CountPuts(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if '"PUT /' in record.getMessage():
            PUTS.append(record.getMessage())


def timed(env: dict, version: Version) -> tuple[float, str]:
    started = time.monotonic()
    result = publish(env, version)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return time.monotonic() - started, result.stdout.strip()


def run_all(label: str, env: dict, sites: dict[str, Version], counted) -> None:
    for step, version in (("full (empty destination)", "A"), ("one record changed", "B"), ("nothing changed", "B")):
        before = counted()
        seconds, output = timed(env, sites[version])
        print(f"| {label} | {step} | {seconds:.1f} s | {counted(output) - before if before is not None else ''}"
              f" | {output.split('：', 1)[1][:90]}… |")


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    build_versions(root)
    sites = {name: Version(name, root / name / "site", root / ("B" if name == "C" else name) / "project/data")
             for name in "AB"}
    changed, _ = changed_files(sites["A"], sites["B"])
    print(f"demo: {len(sites['A'].files())} files; one fee amount changed → {len(changed)} files differ: "
          f"{', '.join(sorted(changed))}\n")
    print("| target | publish | time | objects sent | publisher's report |\n|---|---|---|---|---|")
    sshd_run = start_sshd(root / "sshd")
    sshd = next(sshd_run)

    def rsync_count(output: str | None = None):
        match = re.search(r"上传了 (\d+) 个文件", output or "")
        return int(match[1]) if match else 0

    run_all("rsync over ssh", sshd.settings(root / "www"), sites, rsync_count)
    sshd_run.close()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    logging.getLogger("werkzeug").addHandler(CountPuts())
    logging.getLogger("werkzeug").setLevel(logging.INFO)
    host, port = server.get_host_and_port()
    boto3.client("s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1", aws_access_key_id="k",
                 aws_secret_access_key="s", config=Config(s3={"addressing_style": "path"})).create_bucket(Bucket="bench")
    env = {"PUBLISH_TARGET": "s3", "PUBLISH_S3_BUCKET": "bench", "PUBLISH_S3_ENDPOINT": f"http://{host}:{port}",
           "PUBLISH_S3_ADDRESSING_STYLE": "path", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}
    run_all("S3 (moto server), PUT requests incl. manifest", env, sites, lambda output=None: len(PUTS))
    server.stop()
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
