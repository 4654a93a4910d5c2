#!/usr/bin/python3
"""Opens executed notebooks in Debian's classic Notebook (6.x) in headless Chromium, and an HTML export
straight from disk, and reads from the DOM what each %gpumem report shows: the bar (image, size, its
image map's pieces), the legend's rows and colour squares, the process and variables tables, where
their text sits. Saves a screenshot of each report, and one of each view's first code cell.
Prints it all as JSON for ReportInBrowserIT to check.
usage: report_in_browser.py OUT_DIR NOTEBOOK_DIR UNTRUSTED.ipynb TRUSTED.ipynb EXPORT.html CHROMIUM CHROMEDRIVER
The trusted notebook is signed here, with the notary of the Jupyter data dir in the environment."""
import json, os, secrets, socket, subprocess, sys, tempfile, time

import nbformat
from nbformat.sign import NotebookNotary
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

out_dir, notebook_dir, untrusted, trusted, export, chromium, chromedriver = sys.argv[1:8]

READ_REPORTS = r"""
const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
const box = (el, origin) => { const r = el.getBoundingClientRect(); const o = origin.getBoundingClientRect();
  return {x: r.left - o.left, y: r.top - o.top, width: r.width, height: r.height}; };
const textRange = el => { const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT,
    {acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
  const first = walker.nextNode(); if (!first) return null; let last = first, next; while ((next = walker.nextNode())) last = next;
  const range = document.createRange(); range.setStart(first, 0); range.setEnd(last, last.textContent.length); return range; };
const lines = el => { const range = textRange(el);
  return range ? new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size : 0; };
const textSide = cell => { const range = textRange(cell); if (!range) return null;
  const t = range.getBoundingClientRect(), c = cell.getBoundingClientRect();
  return {left: t.left - c.left, right: c.right - t.right}; };
const text = el => el.innerText.replace(/\u00a0/g, ' ').trim();
const cellOf = (td, origin) => ({text: text(td), lines: lines(td), side: textSide(td),
  align: getComputedStyle(td.querySelector('div') || td).textAlign.replace('-webkit-', ''),
  swatch: td.querySelector('img.gpumagics-swatch') ? (img => ({alt: img.alt, visible: visible(img), complete: img.complete,
    box: box(img, origin)}))(td.querySelector('img.gpumagics-swatch')) : null});
const table = (t, origin) => t ? {headers: [...t.querySelectorAll('thead th')].map(text),
  rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(td => cellOf(td, origin)))} : null;
return [...document.querySelectorAll('.gpumagics-report, .gpumagics-vars')].map((report, index) => {
  report.setAttribute('data-gpumagics-it', String(index));
  if (report.classList.contains('gpumagics-vars')) return {kind: 'vars', index, table: table(report.querySelector('table'), report)};
  return {kind: 'report', index, text: text(report), svg: report.querySelectorAll('svg').length,
    bars: [...report.querySelectorAll('img.gpumagics-bar')].map(img => {
      const map = document.querySelector('map[name="' + img.useMap.replace(/^#/, '') + '"]');
      let legend = img.nextElementSibling; while (legend && !(legend.matches && legend.matches('table.gpumagics-legend'))) legend = legend.nextElementSibling;
      let procs = legend ? legend.nextElementSibling : null; if (procs && !procs.matches('table.gpumagics-processes')) procs = null;
      return {alt: img.alt, visible: visible(img), complete: img.complete, naturalWidth: img.naturalWidth, box: box(img, report),
        areas: map ? [...map.querySelectorAll('area')].map(a => ({alt: a.alt, title: a.title, coords: a.coords.split(',').map(Number)})) : [],
        legend: table(legend, report), processes: table(procs, report)};
    })};
});
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("the notebook server exited: see " + os.path.join(out_dir, "notebook-server.log"))
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the notebook server did not listen within %d s" % seconds)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    flags = ["--headless=new", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage", "--window-size=1100,1600",
             "--force-device-scale-factor=1", "--user-data-dir=" + tempfile.mkdtemp(prefix="chromium-", dir=out_dir)]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    for flag in flags:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(chromedriver, log_path=os.path.join(out_dir, "chromedriver.log")),
                            options=options)


def read(driver, name, notebook):
    WebDriverWait(driver, 120).until(lambda d: d.execute_script(
        "return document.querySelectorAll('.gpumagics-report').length > 0"
        " && [...document.images].every(i => i.complete)"))
    view = {"trusted": driver.execute_script("return window.Jupyter && Jupyter.notebook ? Jupyter.notebook.trusted : null")
            if notebook else None}
    view["reports"] = driver.execute_script(READ_REPORTS)
    for report in view["reports"]:
        element = driver.find_element(By.CSS_SELECTOR, '[data-gpumagics-it="%d"]' % report["index"])
        path = os.path.join(out_dir, "%s-%d.png" % (name, report["index"]))
        element.screenshot(path)
        report["screenshot"] = path
    first = driver.find_element(By.CSS_SELECTOR, ".code_cell" if notebook else ".jp-CodeCell")
    first.screenshot(os.path.join(out_dir, "%s-first-cell.png" % name))
    return view


port = free_port()
token = secrets.token_hex(16)
log = open(os.path.join(out_dir, "notebook-server.log"), "w")
server = subprocess.Popen(["/usr/bin/python3", "-m", "notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % port,
                           "--NotebookApp.token=" + token, "--NotebookApp.password=", "--notebook-dir=" + notebook_dir]
                          + (["--allow-root"] if os.geteuid() == 0 else []), stdout=log, stderr=subprocess.STDOUT)
views = {}
try:
    wait_for_port(port, server)
    driver = browser()
    try:
        driver.get("http://127.0.0.1:%d/notebooks/%s?token=%s" % (port, untrusted, token))
        views["untrusted"] = read(driver, "untrusted", True)
        path = os.path.join(notebook_dir, trusted)
        NotebookNotary().sign(nbformat.read(path, as_version=4))
        driver.get("http://127.0.0.1:%d/notebooks/%s?token=%s" % (port, trusted, token))
        views["trusted"] = read(driver, "trusted", True)
        driver.get("file://" + os.path.abspath(export))
        views["export"] = read(driver, "export", False)
    finally:
        driver.quit()
finally:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
print(json.dumps(views))
