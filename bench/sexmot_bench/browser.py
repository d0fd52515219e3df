"""What a learner's browser downloads for one unit of each block, seen by a real headless Chromium.

Every response of the page load is recorded. The HTML document is split into
its inline ``<style>`` (CSS), inline ``<script>`` (JavaScript) and the rest
(HTML), because the runtime inlines a block's own CSS and JS into the page.
"Gzipped" is each piece compressed on its own at level 6, what a server with
gzip on would send. A block's own share is its page minus the empty block's
page, which carries the same runtime chrome.
"""
import gzip
import shutil

from lxml import html as lxml_html

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CATEGORIES = ("html", "css", "js", "other")


def _gz(data):
    return len(gzip.compress(data, compresslevel=6)) if data else 0


def _split_document(body):
    """(html, inline css, inline js) bytes of an HTML document."""
    tree = lxml_html.document_fromstring(body)
    css = "".join(style.text or "" for style in tree.iter("style")).encode("utf-8")
    inline_scripts = [script for script in tree.iter("script") if not script.get("src")]
    js = "".join(script.text or "" for script in inline_scripts).encode("utf-8")
    rest = max(0, len(body) - len(css) - len(js))
    # The rest is measured by removing the inline code from the document and compressing what is left.
    for element in list(tree.iter("style")) + inline_scripts:
        element.text = ""
    stripped = lxml_html.tostring(tree, encoding="utf-8")
    return {"raw": rest, "gz": _gz(stripped)}, {"raw": len(css), "gz": _gz(css)}, {"raw": len(js), "gz": _gz(js)}


def _category(resource_type):
    return {"stylesheet": "css", "script": "js", "document": "html"}.get(resource_type, "other")


def _body(response):
    try:
        return response.body()
    except Exception:  # noqa: BLE001  (a redirect or an aborted load has no body)
        return b""


def measure_unit(browser, url):
    """Bytes per category (raw and gzipped) and the number of requests of one page load."""
    totals = {category: {"raw": 0, "gz": 0} for category in CATEGORIES}
    responses = []
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.on("response", lambda response: responses.append(response))  # noqa: PLW0108
    page.goto(url, wait_until="networkidle")
    bodies = [(response.request.resource_type, response.status, _body(response)) for response in responses]
    failed = [response.url.split("/", 3)[-1] for response in responses if response.status >= 400]
    page.close()
    if any(resource_type == "document" and status != 200 for resource_type, status, _ in bodies):
        raise RuntimeError(f"{url}: the learner page itself failed")
    for resource_type, _, body in bodies:
        category = _category(resource_type)
        if category == "html" and body:
            html_part, css_part, js_part = _split_document(body)
            for name, part in (("html", html_part), ("css", css_part), ("js", js_part)):
                totals[name]["raw"] += part["raw"]
                totals[name]["gz"] += part["gz"]
        else:
            totals[category]["raw"] += len(body)
            totals[category]["gz"] += _gz(body)
    return {"bytes": totals, "requests": len(responses), "failed": failed}


def measure_downloads(base_url, chosen):
    """One unit of every subject, loaded by a learner who has not opened it yet."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    chromium = shutil.which("chromium")
    if not chromium:
        return {"skipped": "Debian's chromium is not installed (apt-get install chromium)"}
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for subject in chosen:
                results[subject.key] = measure_unit(browser, f"{base_url}/view/{subject.scenario}/?student=browser-1")
        finally:
            browser.close()
    floor = results.get("empty")
    for figures in results.values():
        figures["own"] = {
            category: {
                kind: figures["bytes"][category][kind] - floor["bytes"][category][kind] for kind in ("raw", "gz")
            }
            for category in CATEGORIES
        }
        figures["own_requests"] = figures["requests"] - floor["requests"]
    return results


FILM_PLAYING = """() => new Promise((resolve, reject) => {
  const video = document.querySelector("video");
  if (!video) { reject(new Error("the unit shows no film")); return; }
  setTimeout(() => reject(new Error("the film did not start within 60 s")), 60000);
  video.muted = true;
  video.addEventListener("playing", () => resolve(video.currentSrc), {once: true});
  video.play().catch(reject);
})"""


def measure_film_start(base_url, subject):
    """Bytes a learner downloads from opening a story's unit until its film plays (the ``playing`` event).

    Counted by Chromium's network events (``Network.dataReceived``: bytes as received, bodies without
    headers) of everything the page fetched by then: the page, its scripts and styles, the poster, the
    captions and the film's first range of bytes (the block asks for ``preload="none"``, so the film is
    fetched when the learner presses play, which this measurement does at once).
    """
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    chromium = shutil.which("chromium")
    if not chromium:
        return {"skipped": "Debian's chromium is not installed (apt-get install chromium)"}
    totals = {"bytes": 0, "media_bytes": 0, "requests": 0}
    kinds = {}

    def received(event):
        totals["bytes"] += event["encodedDataLength"]
        if kinds.get(event["requestId"]) == "Media":
            totals["media_bytes"] += event["encodedDataLength"]

    def sent(event):
        totals["requests"] += 1
        kinds[event["requestId"]] = event.get("type")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            session = page.context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.setCacheDisabled", {"cacheDisabled": True})
            session.on("Network.requestWillBeSent", sent)
            session.on("Network.dataReceived", received)
            page.goto(f"{base_url}/view/{subject.scenario}/?student=film-1", wait_until="load")
            source = page.evaluate(FILM_PLAYING)
            figures = {**totals, "source": source.rsplit("/", 1)[-1]}
        except Exception as error:  # noqa: BLE001  (reported, not fatal)
            figures = {"skipped": f"the film did not start: {str(error).splitlines()[0][:200]}"}
        finally:
            browser.close()
    return figures
