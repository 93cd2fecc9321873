"""Check a stacey HTML report in a real browser: headless Chromium loads it and takes a screenshot.

Fails (exit 1) when the page reports a script or resource error, when it holds
no figure, or when a figure did not decode. Usage::

    python tools/check_report.py out/report.html [--screenshot out/report.png]

Needs Debian's ``chromium`` (``make check-browser`` installs it when missing).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROBE = """<script>
window.__stacey = {errors: []};
window.addEventListener("error", function (e) {
  window.__stacey.errors.push(e.message || ("failed to load " + (e.target && (e.target.src || e.target.href))));
}, true);
window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.images);
  var svgs = document.querySelectorAll("div.jp-RenderedSVG svg, div.output_svg svg");
  var out = {errors: window.__stacey.errors, images: imgs.length, svgs: svgs.length,
             broken: imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; }).length,
             tables: document.querySelectorAll("table").length, title: document.title};
  var pre = document.createElement("pre");
  pre.id = "stacey-check";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=5000"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("check_report: Chromium not found; `make check-browser` installs Debian's chromium")


def check(report: Path, screenshot: Path | None = None) -> dict:
    """Load the report in headless Chromium; returns what the page saw (errors, images, tables)."""
    html = report.read_text(encoding="utf-8")
    probed = re.sub(r"<head([^>]*)>", lambda m: f"<head{m.group(1)}>{PROBE}", html, count=1)
    with tempfile.TemporaryDirectory(prefix="stacey-check-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(probed, encoding="utf-8")
        profile = Path(tmp) / "profile"
        base = [chromium(), *FLAGS, f"--user-data-dir={profile}"]
        dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=180)
        if screenshot:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([*base, f"--screenshot={screenshot}", "--window-size=1280,2400", report.resolve().as_uri()],
                           capture_output=True, text=True, timeout=180, check=False)
    m = re.search(r'<pre id="stacey-check">(.*?)</pre>', dom.stdout, re.S)
    if not m:
        raise SystemExit(f"check_report: the page did not finish loading in Chromium:\n{dom.stderr[-2000:]}")
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("--screenshot", type=Path)
    ap.add_argument("--min-figures", type=int, default=1)
    args = ap.parse_args(argv)
    seen = check(args.report, args.screenshot)
    problems = []
    if seen["errors"]:
        problems.append(f"page errors: {seen['errors']}")
    if seen["images"] + seen["svgs"] < args.min_figures:
        problems.append(f"{seen['images'] + seen['svgs']} figure(s), expected at least {args.min_figures}")
    if seen["broken"]:
        problems.append(f"{seen['broken']} figure(s) did not decode")
    print(f"{args.report}: {seen['images']} images, {seen['svgs']} svgs, {seen['tables']} tables, "
          f"{len(seen['errors'])} errors" + (f"; screenshot {args.screenshot}" if args.screenshot else ""))
    for p in problems:
        print(f"FAIL: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
