"""Publishing to an S3-compatible bucket (PUBLISH_TARGET=s3): scripts/publish_static.sh against a
real S3 API server (moto in server mode, ThreadedMotoServer, on 127.0.0.1), which records every
request it answers: what was uploaded, in which order, and what was deleted.

Versions (publish_support.py): A the demo, B one fee amount changed, C = B after a theme update."""
from __future__ import annotations

import logging
import re

import boto3
import pytest
from botocore.config import Config
from moto.server import ThreadedMotoServer

from publish_support import Sampler, changed_files, publish, versions
from schoolpub.publish import headers

pytestmark = pytest.mark.slow
REQUEST_LINE = re.compile(r'"(GET|PUT|POST|DELETE|HEAD) (/[^ ]*) HTTP/1\.[01]" (\d+)')


class Requests(logging.Handler):
    """The server's request log (werkzeug logs one line per request)."""

    def __init__(self):
        super().__init__()
        self.lines: list[tuple[str, str, int]] = []

    def emit(self, record: logging.LogRecord) -> None:  # called under the handler's own lock
        match = REQUEST_LINE.search(record.getMessage())
        if match:
            self.lines.append((match[1], match[2], int(match[3])))

    def since(self, start: int, method: str, bucket: str) -> list[str]:
        """Keys (site paths) of the `method` requests to `bucket` from line `start` on."""
        prefix = f"/{bucket}/"
        return [path[len(prefix):].split("?")[0] for verb, path, _ in self.lines[start:]
                if verb == method and path.startswith(prefix)]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return versions(tmp_path_factory)


@pytest.fixture(scope="module")
def s3():
    """(endpoint, request log) of a real S3 API server on a free port of 127.0.0.1."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    log = Requests()
    werkzeug = logging.getLogger("werkzeug")
    werkzeug.addHandler(log)
    werkzeug.setLevel(logging.INFO)
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}", log
    werkzeug.removeHandler(log)
    server.stop()


@pytest.fixture
def bucket(s3, request):
    """(publish settings, boto3 client, bucket name, request log) for a new empty bucket."""
    endpoint, log = s3
    name = "school-" + re.sub(r"[^a-z0-9]", "-", request.node.name.lower())[:40].strip("-")
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test-key",
                          aws_secret_access_key="test-secret",
                          config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required"))
    client.create_bucket(Bucket=name)
    settings = {"PUBLISH_TARGET": "s3", "PUBLISH_S3_BUCKET": name, "PUBLISH_S3_ENDPOINT": endpoint,
                "PUBLISH_S3_ADDRESSING_STYLE": "path", "AWS_ACCESS_KEY_ID": "test-key",
                "AWS_SECRET_ACCESS_KEY": "test-secret"}
    return settings, client, name, log


def keys(client, name: str) -> set[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=name)
    return {item["Key"] for page in pages for item in page.get("Contents", ())}


def fetcher(client, name: str):
    def fetch(path: str) -> bytes | None:
        try:
            return client.get_object(Bucket=name, Key=path)["Body"].read()
        except client.exceptions.NoSuchKey:
            return None
    return fetch


def test_readers_never_see_a_page_without_its_files(bucket, sites):
    settings, client, name, _ = bucket
    assert publish(settings, sites["A"]).returncode == 0
    sampler = Sampler(fetcher(client, name))

    result = sampler.during(lambda: publish(settings, sites["C"]))

    assert result.returncode == 0, result.stderr
    known = {version: sites[version].files() for version in "AC"}
    clean = [sample for sample in sampler.samples if not sample.straddled]
    mixed = [(sample.page, {path: data is not None for path, data in sample.files.items()})
             for sample in clean if sample.version(known) is None]
    assert mixed == []
    seen = [sample.version(known) for sample in clean]
    assert "A" in seen and "C" in seen and len(clean) >= 20, seen
    # The bucket now holds exactly C (and the publisher's manifest).
    assert keys(client, name) == set(known["C"]) | {".schoolpub/published.json"}
    assert all(fetcher(client, name)(path) == (sites["C"].site / path).read_bytes() for path in known["C"])


def test_assets_go_up_before_pages_the_home_page_last_and_stale_files_go_last(bucket, sites):
    settings, client, name, log = bucket
    assert publish(settings, sites["A"]).returncode == 0
    start = len(log.lines)

    assert publish(settings, sites["C"]).returncode == 0

    puts = log.since(start, "PUT", name)
    changed, removed = changed_files(sites["A"], sites["C"])
    assert sorted(puts[:-1]) == sorted(changed) and puts[-1] == ".schoolpub/published.json"
    pages = [index for index, key in enumerate(puts) if key.endswith(".html")]
    new_stylesheet = next(key for key in changed if re.fullmatch(r"assets/stylesheets/main\.\w+\.min\.css", key))
    assert puts.index(new_stylesheet) < min(pages)
    assert puts[max(pages)] == "index.html"
    after_pages = puts[max(pages) + 1:-1]
    assert after_pages and all(key.endswith((".json", ".xml", ".gz", ".ics", ".csv", ".txt")) for key in after_pages)
    # Deleted in one batch request (POST ?delete) after every upload but the manifest.
    deleting = [index for index, (verb, path, _) in enumerate(log.lines[start:])
                if verb == "POST" and path.startswith(f"/{name}?delete")]
    assert len(deleting) == 1 and removed == {key for key in known_keys(sites["A"]) if key not in known_keys(sites["C"])}
    assert not any(fetcher(client, name)(key) for key in removed)


def known_keys(version) -> set[str]:
    return set(version.files())


def test_a_one_record_change_uploads_only_the_changed_objects(bucket, sites):
    settings, client, name, log = bucket
    assert publish(settings, sites["A"]).returncode == 0
    start = len(log.lines)

    result = publish(settings, sites["B"])

    assert result.returncode == 0, result.stderr
    changed, removed = changed_files(sites["A"], sites["B"])
    total = len(sites["B"].files())
    assert 0 < len(changed) < total / 10 and removed == set()
    assert sorted(log.since(start, "PUT", name)) == sorted([*changed, ".schoolpub/published.json"])
    assert f"上传了 {len(changed)} 个有变化的文件，删除了 0 个旧文件，{total - len(changed)} 个没有变化" in result.stdout
    # Unchanged: nothing at all is uploaded.
    start = len(log.lines)
    again = publish(settings, sites["B"])
    assert log.since(start, "PUT", name) == [".schoolpub/published.json"]
    assert f"上传了 0 个有变化的文件，删除了 0 个旧文件，{total} 个没有变化" in again.stdout


def test_every_object_has_its_type_charset_and_cache_policy(bucket, sites):
    settings, client, name, _ = bucket
    assert publish(settings, sites["A"]).returncode == 0
    for path in sites["A"].files():
        head = client.head_object(Bucket=name, Key=path)
        assert (head["ContentType"], head["CacheControl"]) == (headers.content_type(path), headers.cache_control(path))
    # The ones the old `aws s3 sync` got wrong or left out (issue 23).
    examples = {"index.html": ("text/html; charset=utf-8", "no-cache"),
                "admin/config.yml": ("text/yaml; charset=utf-8", "no-cache"),
                "calendar/fees.ics": ("text/calendar; charset=utf-8", "no-cache"),
                "data/v1/fees.csv": ("text/csv; charset=utf-8", "no-cache")}
    stylesheet = next(path for path in sites["A"].files() if path.startswith("assets/stylesheets/main."))
    examples[stylesheet] = ("text/css; charset=utf-8", "public, max-age=31536000, immutable")
    photo = next(path for path in sites["A"].files() if path.startswith("media/festivals/") and path.endswith(".jpg"))
    examples[photo] = ("image/jpeg", "public, max-age=3600")
    for path, expected in examples.items():
        head = client.head_object(Bucket=name, Key=path)
        assert (head["ContentType"], head["CacheControl"]) == expected, path


def test_a_bucket_filled_by_aws_s3_sync_gets_its_headers_fixed_once(bucket, sites):
    settings, client, name, log = bucket
    # What `aws s3 sync` left: the same bytes, a guessed type, no Cache-Control, no manifest.
    for path in sites["A"].files():
        client.put_object(Bucket=name, Key=path, Body=(sites["A"].site / path).read_bytes(),
                          ContentType="binary/octet-stream")
    start = len(log.lines)
    assert publish(settings, sites["A"]).returncode == 0
    assert len(log.since(start, "PUT", name)) == len(sites["A"].files()) + 1
    assert client.head_object(Bucket=name, Key="admin/config.yml")["ContentType"] == "text/yaml; charset=utf-8"


def test_a_missing_bucket_is_reported_in_chinese(bucket, sites):
    settings, _, name, _ = bucket
    result = publish({**settings, "PUBLISH_S3_BUCKET": "no-such-bucket"}, sites["A"])
    assert result.returncode == 1
    assert result.stderr.strip() == (f"publish_static.sh: 存储桶 no-such-bucket 不存在（{settings['PUBLISH_S3_ENDPOINT']}）："
                                      "请检查 PUBLISH_S3_BUCKET 和 PUBLISH_S3_ENDPOINT。")


def test_a_prefix_publishes_under_it_and_leaves_the_rest_alone(bucket, sites):
    settings, client, name, _ = bucket
    client.put_object(Bucket=name, Key="other/keep.txt", Body=b"not the site")
    assert publish({**settings, "PUBLISH_S3_BUCKET": f"{name}/www"}, sites["A"]).returncode == 0
    assert keys(client, name) == {f"www/{path}" for path in sites["A"].files()} | {
        "www/.schoolpub/published.json", "other/keep.txt"}
