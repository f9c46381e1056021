"""What the browser tests of `minaoshi serve` share: a copy of the shipped project (content,
templates, minaoshi.yml) whose base template declares `default-src 'self'` as its
Content-Security-Policy (so that a test also proves serve's additions need no inline script or
style), `minaoshi serve` started on it on a free loopback port and waited for until it prints
`Serving `, and headless Debian chromium driven by Selenium.

Not a test module itself (unittest discovery loads `test_*.py` only).
"""
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from browser_site import MINAOSHI, NOW, ROOT, free_port

CSP = """<meta http-equiv="Content-Security-Policy" content="default-src 'self'">"""


class ServedProject:
    """`minaoshi serve` on a copy of the shipped project, in a temporary folder named with `prefix`;
    `base` is its address, `output` the lines it printed so far."""

    def __init__(self, prefix, startup_seconds=120):
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.project = os.path.join(self.tmp, "project")
        os.makedirs(self.project)
        for name in ("content", "templates"):
            shutil.copytree(os.path.join(ROOT, name), os.path.join(self.project, name))
        shutil.copy(os.path.join(ROOT, "minaoshi.yml"), self.project)
        base = os.path.join(self.project, "templates/base.mustache")
        with open(base, encoding="utf-8") as f:
            text = f.read()
        assert '<meta charset="utf-8">' in text
        with open(base, "w", encoding="utf-8") as f:
            f.write(text.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + CSP, 1))
        port = free_port()
        self.base = f"http://127.0.0.1:{port}/"
        self.server = subprocess.Popen([MINAOSHI, "serve", "--root", self.project, "--port", str(port), "--now", NOW],
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output = []
        threading.Thread(target=lambda: [self.output.append(line) for line in self.server.stdout], daemon=True).start()
        deadline = time.time() + startup_seconds
        while not any(line.startswith("Serving ") for line in self.output):
            if self.server.poll() is not None or time.time() > deadline:
                raise RuntimeError("serve did not start:\n" + "".join(self.output))
            time.sleep(0.1)

    def path(self, relative):
        """A file of the served project."""
        return os.path.join(self.project, relative)

    def close(self):
        self.server.send_signal(signal.SIGINT)
        self.server.wait(timeout=30)
        self.server.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def chromium(arguments=(), javascript=True):
    """Headless chromium with its console logged (where it reports what the policy refused);
    `arguments` are added to its command line, and `javascript=False` turns scripts off."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", *arguments):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
