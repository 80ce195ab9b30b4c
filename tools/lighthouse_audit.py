"""`make audit`: Lighthouse scores for the home, facility list and a facility page.

Builds a throwaway SQLite database with the real seed, serves the site with gunicorn and the production
settings (DEBUG off, compressed static files) on a free local port, runs Lighthouse (mobile, simulated slow
phone) with Debian's Chromium, prints the four scores per page and writes the reports to
test-artifacts/lighthouse/. Exits 1 when a score is under --minimum (95).
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# A facility from the real seed (facilities/seed.py): the Xiangquan canteen.
PAGES = {
    "home": "/",
    "facility-list": "/facilities/",
    "facility-page": "/facilities/xiangquan-zhizhu-shitang/",
}
OUT = REPO / "test-artifacts" / "lighthouse"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="wanli.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        DATABASE_URL=f"sqlite:///{database}",
        # Production requires Redis; a key prefix of its own keeps this run apart from anything else there.
        CACHE_URL=os.environ.get(
            "AUDIT_CACHE_URL", f"redis://127.0.0.1:6379/0?key_prefix=wanli-audit-{secrets.token_hex(4)}"
        ),
        # Plain HTTP on the loopback interface: no redirect to HTTPS, no HSTS.
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        DEBUG="False",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped before answering")
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{base} did not answer within {seconds} s")


def run_lighthouse(url: str, name: str) -> dict[str, int]:
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output=html",
            f"--output-path={OUT / name}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ],
        cwd=REPO,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
    )
    report = json.loads((OUT / f"{name}.report.json").read_text(encoding="utf-8"))
    return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}


def failed_audits(name: str) -> list[str]:
    """The audits that cost points, to say what to fix when a score is low."""
    report = json.loads((OUT / f"{name}.report.json").read_text(encoding="utf-8"))
    lines = []
    for key in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                lines.append(f"  {key}: {audit['id']} ({audit['score']}) {audit['title']}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minimum", type=int, default=95, help="lowest acceptable score (default 95)")
    args = parser.parse_args()
    for tool in (LIGHTHOUSE, GUNICORN):
        if not tool.exists():
            raise SystemExit(f"{tool} is missing: run `npm ci` and `make .venv/.installed`")

    with tempfile.TemporaryDirectory(prefix="wanli-audit-") as scratch:
        env = server_environment(Path(scratch) / "audit.sqlite3")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_wanli")
        manage(env, "collectstatic", "--noinput", "--clear")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(GUNICORN), "wanli.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            cwd=REPO,
            env=env,
        )
        try:
            wait_until_up(base, server)
            scores = {name: run_lighthouse(base + path, name) for name, path in PAGES.items()}
        finally:
            server.terminate()
            server.wait(timeout=10)

    width = max(map(len, PAGES)) + 2
    print("\nLighthouse (mobile, simulated slow 4G), scores out of 100:")
    print("page".ljust(width) + "  ".join(c.ljust(14) for c in CATEGORIES))
    for name, row in scores.items():
        print(name.ljust(width) + "  ".join(str(row[c]).ljust(14) for c in CATEGORIES))
    print(f"reports: {OUT.relative_to(REPO)}/")
    low = {name: row for name, row in scores.items() if min(row.values()) < args.minimum}
    for name in low:
        print(f"\n{name} is under {args.minimum}:", *failed_audits(name), sep="\n")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
