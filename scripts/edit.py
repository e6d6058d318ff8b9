"""`make edit`: the browser editor on a staff computer, reachable from this computer only.

Starts the live preview (scripts/serve.py) and Decap CMS's local backend (decap-server,
which writes straight into data/ of this folder), both bound to 127.0.0.1, prints
the address to open in Chinese, and stops both on Ctrl-C (or when either exits).
The backend runs behind a guard (tools/decap/guarded-server.js): it answers the
preview's own pages only and writes only into the folders the editor config names.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from schoolpub.cms import local_backend  # noqa: E402 - after the path of this checkout's package

HOST, PREVIEW_PORT, BACKEND_PORT = local_backend.HOST, 8000, 8081
# The admin page is opened from the preview; its requests carry the preview's origin.
PREVIEW_ORIGINS = [f"http://{HOST}:{PREVIEW_PORT}", f"http://localhost:{PREVIEW_PORT}"]


def backend_command() -> tuple[list[str], dict[str, str]]:
    # MODE=fs: saves write the files in data/ directly; committing them is a separate step
    return local_backend.command(ROOT, BACKEND_PORT, PREVIEW_ORIGINS, mode="fs")


def preview_command() -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # scripts/serve.py: render, then the engine's live preview, rendered again when data/ changes
    return [sys.executable, str(ROOT / "scripts" / "serve.py"), "--dev-addr", f"{HOST}:{PREVIEW_PORT}"], env


def main() -> int:
    children = []
    try:
        for command, env in (backend_command(), preview_command()):
            children.append(subprocess.Popen(command, cwd=ROOT, env=env))
        print(f"\n网页编辑器已启动，只有这台电脑能打开：\n"
              f"  编辑内容：http://{HOST}:{PREVIEW_PORT}/admin/ （点“登录”即可，不需要密码）\n"
              f"  预览网站：http://{HOST}:{PREVIEW_PORT}/\n"
              f"保存后文件写在 data/ 里，预览会自动更新（第一次生成网站需要一两分钟）。按 Ctrl-C 停止。\n", flush=True)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print("编辑器的一个组成部分意外退出了（见上面的信息），已全部停止。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n已停止网页编辑器。")
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    sys.exit(main())
