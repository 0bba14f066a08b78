"""Results reaching the clinic: from the result screen to the file on disk, and to the row on the desk page.

"Result screen" is the moment the check service hands the flow its answer (the flow then shows RESULT). The file is
written by the kiosk's delivery thread as in `kiosk run` (durable store, fsync, rename); the row appears in Debian's
chromium (Playwright) on the desk page served by a real `kiosk desk` process over HTTPS, pushed by server-sent
events; the browser stamps each row when it enters the page (MutationObserver, epoch ms; same machine clock).
Three kiosks: three simulated kiosks (own data folders, own in-process backends) run receptions at once into one
desk. PIN receptions of persona `normal`. Prints median / p95 / max and the targets (file ≤ 200 ms, row ≤ 1 s).
`--pages N`: N browser pages (N signed-in staff) watch the desk at once; the row latency is each page's, and the
desk process's CPU time (user + system, from /proc) is printed per reception.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from kiosk.domain import IdentityMethod
from kiosk.flow import QualificationQuery
from kiosk.reception import HeadlessPlan, ReceptionServices, run_headless_reception
from kiosk.reception.protocol import CheckAnswer
from kiosk.results import ResultSettings
from kiosk.simulation import Simulation

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.fixtures.desk import DESK_PASSWORD, DESK_STAFF, start_desk, stop_desk  # noqa: E402

FILE_TARGET, ROW_TARGET = 0.2, 1.0
OBSERVER = """() => { window.rowSeen = {}; new MutationObserver(() => {
  for (const tr of document.querySelectorAll('tr[data-reception]')) {
    const id = tr.dataset.reception; if (!(id in window.rowSeen)) window.rowSeen[id] = Date.now(); } })
  .observe(document.getElementById('rows'), {childList: true, subtree: true}); }"""


class _TimedCheck:
    """The check service, noting when each answer went to the flow (the result screen)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.answered: list[float] = []

    def check(self, request: QualificationQuery) -> CheckAnswer:
        answer = self._inner.check(request)
        self.answered.append(time.time())
        return answer

    def cancel_check(self) -> None:
        self._inner.cancel_check()


class Lane:
    """One simulated kiosk whose data folder is `folder`, with the result-file thread started as in `kiosk run`."""

    def __init__(self, folder: Path, name: str) -> None:
        self.simulation = Simulation(folder, results=ResultSettings(kiosk=name))
        self.simulation.backend_side.results.start()
        self.reception = self.simulation.reception()
        self.check = _TimedCheck(self.reception.services.check)
        services = self.reception.services
        self.services = ReceptionServices(services.card, services.face, self.check, services.registration,
                                          services.declarations, services.disaster, services.startup)
        self.folder = folder

    def run(self, count: int, pause: float = 0.0) -> list[tuple[float, str]]:
        """(answered at, reception file name) per reception."""
        out = []
        results = self.simulation.backend_side.results.store
        for _ in range(count):
            before = set(results.file_names())
            persona = self.simulation.place_card("normal")
            run_headless_reception(self.services, HeadlessPlan(IdentityMethod.PIN, persona.pin),
                                   remove_card=self.simulation.remove_card)
            (new,) = set(results.file_names()) - before
            out.append((self.check.answered[-1], new))
            time.sleep(pause)
        return out

    def close(self) -> None:
        self.reception.close()
        self.simulation.close()


def file_latencies(folder: Path, count: int) -> list[float]:
    lane = Lane(folder, "bench")
    try:
        lane.run(1)  # warm-up
        latencies = []
        for _ in range(count):
            answered, reception = lane.run(1)[0]
            name = lane.simulation.backend_side.results.store.file_names()[reception]
            path = folder / "face" / name
            while not path.exists():
                time.sleep(0.0005)
            latencies.append(time.time() - answered)
        return latencies
    finally:
        lane.close()


def _page(browser: Any, url: str) -> Any:
    page = browser.new_context(ignore_https_errors=True).new_page()
    page.goto(url)
    page.fill("input[name=staff_id]", DESK_STAFF)
    page.fill("input[name=password]", DESK_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#rows")
    page.evaluate(OBSERVER)
    return page


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat, clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def row_latencies(browser: Any, root: Path, kiosks: int, count: int, pages: int = 1
                  ) -> tuple[list[float], float, float]:
    """Row latencies (every page's) of `kiosks` lanes running `count` receptions each at once, with `pages` pages
    watching; receptions per second; the desk process's CPU seconds per reception."""
    names = tuple(f"kiosk{i + 1}" for i in range(kiosks))
    desk = start_desk(root, names)
    lanes = [Lane(desk.kiosks[name], name) for name in names]
    try:
        for lane in lanes:
            lane.run(1)  # warm-up, before the page is watched
        watching = [_page(browser, desk.url) for _ in range(pages)]
        cpu_before = _cpu_seconds(desk.process.pid)
        done: list[list[tuple[float, str]]] = [[] for _ in lanes]
        started = time.time()
        threads = [threading.Thread(target=lambda i=i: done[i].extend(lanes[i].run(count, 0.05)))
                   for i in range(len(lanes))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - started
        expected = {reception for lane in done for _, reception in lane}
        latencies: list[float] = []
        for page in watching:
            deadline = time.time() + 10
            seen: dict[str, float] = {}
            while time.time() < deadline:
                seen = page.evaluate("() => window.rowSeen")
                if expected <= set(seen):
                    break
                time.sleep(0.05)
            missing = expected - set(seen)
            if missing:
                print(f"  rows never shown on a page: {len(missing)}")
            latencies += [seen[reception] / 1000 - answered for lane in done for answered, reception in lane
                          if reception in seen]
        cpu = _cpu_seconds(desk.process.pid) - cpu_before
        for page in watching:
            page.context.close()
        return latencies, len(expected) / elapsed, cpu / len(expected)
    finally:
        for lane in lanes:
            lane.close()
        stop_desk(desk)


def report(label: str, values: list[float], target: float) -> None:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(f"{label}: n={len(values)} median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {ordered[-1] * 1000:.0f} ms (target ≤ {target * 1000:.0f} ms) "
          f"{'OK' if p95 <= target else 'MISSED'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages", type=int, default=1, help="browser pages watching the desk at once")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.fixtures.desk import CHROMIUM, CHROMIUM_FLAGS
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as scratch:
        root = Path(scratch)
        report("result screen -> file on disk", file_latencies(root / "file", args.runs), FILE_TARGET)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
            try:
                pages = args.pages
                one, _, cpu = row_latencies(browser, root / "one", 1, args.runs, pages)
                report(f"result screen -> row on the desk page (1 kiosk, {pages} pages)", one, ROW_TARGET)
                print(f"  desk CPU {cpu * 1000:.1f} ms per reception")
                three, rate, cpu = row_latencies(browser, root / "three", 3, args.runs, pages)
                report(f"result screen -> row on the desk page (3 kiosks at once, {pages} pages)", three, ROW_TARGET)
                print(f"  3 kiosks: {rate:.1f} receptions/s into the desk; desk CPU {cpu * 1000:.1f} ms per reception")
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
