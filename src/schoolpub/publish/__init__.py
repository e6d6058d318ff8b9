"""Publishing a built site/ to the school's own hosting, so parents never see a half-published
site: `python -m schoolpub.publish` (called by scripts/publish_static.sh).

- releases.py: rsync over ssh into a new release directory, then one atomic symlink switch.
- bucket.py: an S3-compatible bucket, uploading only what changed, assets before pages.
- headers.py: the Content-Type and Cache-Control of every file (bucket and deploy/nginx.conf).
"""


class PublishError(Exception):
    """A reason not to publish (or not to go on), in Chinese for the school's web maintainer."""
