"""What the browser tests share: a site built from the shipped content, served on a loopback port
by Python's static file server, and headless Debian chromium driven by Selenium.

Not a test module itself (unittest discovery loads `test_*.py` only).
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# MINAOSHI_BINARY names another build of minaoshi (a release build, say).
MINAOSHI = os.environ.get("MINAOSHI_BINARY") or os.path.join(ROOT, ".build/debug/minaoshi")
NOW = "2026-11-27"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedSite:
    """A built site on http://127.0.0.1:<port>/. `page_size` (documents per list page) is set in a
    copy of the project's minaoshi.yml, so that lists of the small shipped corpus have a page 2.
    `root` is the project built (the shipped one unless a test made another)."""

    def __init__(self, page_size=None, root=ROOT):
        self.tmp = tempfile.mkdtemp(prefix="minaoshi-browser-")
        if page_size is not None:
            project = os.path.join(self.tmp, "project")
            os.makedirs(project)
            for folder in ("content", "templates"):
                shutil.copytree(os.path.join(root, folder), os.path.join(project, folder))
            with open(os.path.join(root, "minaoshi.yml"), encoding="utf-8") as source:
                settings = source.read()
            with open(os.path.join(project, "minaoshi.yml"), "w", encoding="utf-8") as target:
                target.write(settings.rstrip("\n") + f"\npage_size: {page_size}\n")
            root = project
        self.folder = os.path.join(self.tmp, "site")
        port = free_port()
        self.base = f"http://127.0.0.1:{port}/"
        subprocess.run([MINAOSHI, "build", "--root", root, "--output", self.folder, "--base-url", self.base, "--now", NOW],
                       check=True, capture_output=True)
        self.server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                        "--directory", self.folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base, timeout=1)
                break
            except OSError:
                time.sleep(0.1)

    def close(self):
        self.server.terminate()
        self.server.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def chromium(width=1280, height=900):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", "--hide-scrollbars"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    # The console, where chromium reports what the Content-Security-Policy refused.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
