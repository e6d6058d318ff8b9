import sys

from .photo_digests import start_for_check

start_for_check(sys.argv[1:])  # `check`: the photos are hashed while the modules below load
from .cli import main  # noqa: E402

sys.exit(main())
