"""The CPU yardstick every bench script prints its figures against, and the lines it prints them in.

On a shared machine a time alone means little: the same run takes 2–3 times longer when other jobs
run. So each script times Y, a fixed pure-Python loop, in its own process (the median of 5 at the
start, and right before each run of a figure), and prints every figure as the median of its runs
(at least 5), its ratio to Y, Y in ms and the load average (os.getloadavg) at that moment:

    Report(runs=5).figure("what", timed(action, 5))

A ratio changes far less than a time when the machine is busier or slower: it is what to compare
between runs and machines. Figures that are not times (bytes, memory, counts) go through
`Report.text`; the header already says Y and the load they were taken under.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable

YARDSTICK_LOOP = 2_000_000
MIN_RUNS = 5


def yardstick() -> float:
    """Seconds of a fixed pure-Python loop: the unit every figure is divided by."""
    start = time.perf_counter()
    total = 0
    for i in range(YARDSTICK_LOOP):
        total += i * i % 7
    assert total > 0
    return time.perf_counter() - start


def load() -> float:
    """The load average over the last minute."""
    return os.getloadavg()[0]


def timed(
    action: Callable[[int], object], runs: int, before: Callable[[int], object] | None = None
) -> tuple[list[float], list[float]]:
    """(seconds of each run of action(number), seconds of the yardstick timed right before it).

    `before(number)`, when given, runs first each time, outside the clock (e.g. a submission)."""
    times, units = [], []
    for number in range(runs):
        units.append(yardstick())
        if before is not None:
            before(number)
        start = time.perf_counter()
        action(number)
        times.append(time.perf_counter() - start)
    return times, units


def p(seconds: list[float], percent: int) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(seconds)
    return ordered[max(0, -(-len(ordered) * percent // 100) - 1)]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:,.1f}" if value < 20 else f"{value:,.0f}"


def ratio(seconds: float, unit: float) -> str:
    """seconds / unit, with 3 decimals below 0.1 (a few ms against a Y of ~100 ms)."""
    value = seconds / unit
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


class Report:
    """Prints the header (date, machine, Y, load), then one line per figure, then the footer."""

    def __init__(self, runs: int = MIN_RUNS, title: str = "", header: bool = True):
        if runs < MIN_RUNS:
            raise SystemExit(f"a figure is the median of at least {MIN_RUNS} runs")
        self.runs = runs
        self.unit = statistics.median(yardstick() for _ in range(MIN_RUNS))
        self.load = os.getloadavg()
        self.rows: list[str] = []
        if header:
            self.header(title)

    def header(self, title: str = "") -> None:
        if title:
            print(title)
        print(
            f"date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs,"
            f" Python {sys.version.split()[0]}"
        )
        print(
            f"yardstick Y (pure-Python loop of {YARDSTICK_LOOP:,}), median of {MIN_RUNS}:"
            f" {self.unit * 1000:.0f} ms"
        )
        print("load average at start: " + " ".join(f"{v:.2f}" for v in self.load), flush=True)

    def figure(
        self,
        what: str,
        timings: tuple[list[float], list[float]],
        note: str = "",
        percentile: int | None = None,
    ) -> float:
        """One line: the median, its ratio to Y, Y, the load, and each run (or a percentile when
        there are many); returns the median in seconds."""
        seconds, units = timings
        median, unit = statistics.median(seconds), statistics.median(units)
        if percentile:
            high = p(seconds, percentile)
            runs = f"p{percentile} {ms(high)} ms = {ratio(high, unit)} Y"
        elif len(seconds) <= 10:
            runs = "runs " + "/".join(ms(s) for s in sorted(seconds)) + " ms"
        else:
            runs = f"slowest {ms(max(seconds))} ms"
        line = (
            f"{what:<62} {ms(median):>8} ms  {ratio(median, unit):>6} Y  (median of {len(seconds)};"
            f" Y {unit * 1000:.0f} ms, load {load():.1f}; {runs}){note}"
        )
        self.rows.append(line)
        print(line, flush=True)
        return median

    def text(self, what: str, value: str) -> None:
        """A figure that is not a time, or a remark."""
        line = f"{what:<62} {value}"
        self.rows.append(line)
        print(line, flush=True)

    def end(self, started: float | None = None) -> None:
        after = statistics.median(yardstick() for _ in range(MIN_RUNS))
        print(f"yardstick at the end: {after * 1000:.0f} ms (start {self.unit * 1000:.0f} ms)")
        print("load average at end: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
        if started is not None:
            print(f"whole run: {time.perf_counter() - started:.0f} s", flush=True)
