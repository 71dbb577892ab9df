"""`python -m game bench`: measured speed, never asserted in tests (this machine is shared).

Frame times of every screen at three sizes with the word-of-mouth animation running, start-up to
the first frame, loading every level, the core's throughput, peak memory of a full session and the
CPU an idle title screen costs. `--json` prints the same as one object for other tools.
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pygame

from game import paths
from game.content.figures import load_figures
from game.content.levels import default_library, load_all
from game.core.model import Response
from game.core.simulator import always, play_level
from game.dev.bench_board import bench as board_bench
from game.dev.bench_board import print_board
from game.dev.bench_room import bench as room_bench
from game.dev.bench_room import print_room
from game.dev.bench_scale import scale
from game.dev.screenshots import walk

SIZES = ((1280, 720), (1920, 1080), (3840, 2160))
GOALS = {
    "median_ms_1080": 3.0,
    "median_ms_2160": 8.0,
    "startup_s": 0.5,
    "levels_ms": 100.0,
    "cases_per_s": 100_000,
    "peak_rss_mb": 150.0,
    "idle_cpu_pct": 5.0,
}


def _env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "XDG_DATA_HOME": data_dir})
    return env


def frames(count: int) -> list[dict]:
    """Median and 95th percentile of a full frame (update, draw, present) on every screen."""
    rows: list[dict] = []
    for width, height in SIZES:
        seen: set[str] = set()

        def shot(app, name: str, w: int = width, h: int = height, seen: set[str] = seen) -> None:
            scene = app.scene.name if name != "pause" else "pause"
            if name.startswith("outcome"):
                scene = "outcome"
            if scene in seen:
                return
            seen.add(scene)
            times = []
            for _ in range(count):
                if scene == "outcome" and not app.scene.animating:
                    app.scene.shown = 0.0  # keep the word of mouth animating
                start = time.perf_counter()
                app.scene.update(1 / 60)
                app.draw()
                pygame.display.flip()
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            # The frame after input on a layered screen: everything drawn again, not shown again.
            redraws = []
            for _ in range(max(count // 10, 1 if count < 5 else 5)):
                app.scene.forget_layer()  # as a key press does: the screen is drawn again
                start = time.perf_counter()
                app.draw()
                pygame.display.flip()
                redraws.append((time.perf_counter() - start) * 1000)
            rows.append(
                {
                    "scene": scene,
                    "width": w,
                    "height": h,
                    "median_ms": round(statistics.median(times), 3),
                    "p95_ms": round(times[max(0, math.ceil(len(times) * 0.95) - 1)], 3),
                    "redraw_ms": round(statistics.median(redraws), 3),
                }
            )

        walk(shot, size=(width, height))
    return rows


def startup_s(data_dir: str, runs_wanted: int = 3) -> float:
    """Process start to the first frame presented, as a person launching the game waits."""
    runs = []
    for _ in range(runs_wanted):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "game", "--first-frame"], env=_env(data_dir), check=True, capture_output=True
        )
        runs.append(time.perf_counter() - start)
    return round(min(runs), 3)


def levels_ms() -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        load_all([paths.LEVELS], default_library())
        runs.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(runs), 2)


def cases_per_s(seconds: float = 1.0) -> int:
    """Whole cases resolved per second by the simulator: the core alone, no pygame."""
    figures = load_figures()
    levels = load_all([paths.LEVELS], default_library()).levels
    strategy = always(Response.FIX)
    best, seed = 0.0, 0
    for _ in range(5):  # the best of five one-second runs: the machine is shared and noisy
        cases = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            for level in levels:
                play_level(level, figures, seed, strategy)
                cases += len(level.cases)
                seed += 1
        best = max(best, cases / (time.perf_counter() - start))
    return int(best)


def peak_rss_mb(data_dir: str) -> float:
    """Peak memory of a process that plays a whole session: a level, a team session, every screen."""
    code = (
        "import resource; from game.dev.screenshots import walk; walk(lambda app, name: app.draw());"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=_env(data_dir), check=True, capture_output=True, text=True)
    return round(int(out.stdout.strip().splitlines()[-1]) / 1024, 1)


def idle_cpu_pct(data_dir: str, seconds: float, settle: float = 3.0) -> float:
    """CPU used by the title screen left alone, as a share of one core: measured from 3 s after
    start, once start-up and the sounds made in the background are done."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "--seconds", str(settle + seconds + 2)],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stat = Path(f"/proc/{proc.pid}/stat")
    try:
        time.sleep(settle)
        if not stat.exists():  # not Linux: the whole run, start-up taken off
            proc.wait()
            return _idle_without_proc(data_dir, seconds)
        cpu0, wall0 = _cpu_seconds(stat), time.perf_counter()
        time.sleep(seconds)
        cpu1, wall1 = _cpu_seconds(stat), time.perf_counter()
    finally:
        proc.terminate()  # measured: no need to wait out its last seconds (SDL takes it as a quit)
        proc.wait()
    return round((cpu1 - cpu0) / (wall1 - wall0) * 100, 2)


def _cpu_seconds(stat: Path) -> float:
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _idle_without_proc(data_dir: str, seconds: float) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "game", "--seconds", str(seconds)], env=_env(data_dir), check=True, capture_output=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    startup = startup_s(data_dir)  # take off what starting the process costs
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return round(max(used - startup, 0.0) / max(wall - startup, 1e-6) * 100, 2)


def run_bench(as_json: bool = False, quick: bool = False, smoke: bool = False) -> int:
    """`smoke` measures every figure once, as briefly as it can, so a test can check the report's
    shape in seconds; its numbers mean nothing."""
    with tempfile.TemporaryDirectory(prefix="ambassador-bench-") as data_dir:
        result = {
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "python": platform.python_version(),
            "pygame": pygame.version.ver,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
            "startup_s": startup_s(data_dir, 1 if smoke else 3),
            "levels_ms": levels_ms(),
            "cases_per_s": cases_per_s(0.05 if smoke else 1.0),
            "peak_rss_mb": peak_rss_mb(data_dir),
            "idle_cpu_pct": idle_cpu_pct(data_dir, 0.3, settle=0.5)
            if smoke
            else idle_cpu_pct(data_dir, 3.0 if quick else 10.0),
            "frames": frames(2 if smoke else 30 if quick else 300),
        }
        result.update(scale(smoke, quick, SIZES))
        result["room"] = room_bench(quick=quick, smoke=smoke)  # 200 phones on loopback (16 with --smoke)
        result["board"] = board_bench(smoke=smoke)  # a million scores in a real PostgreSQL
    pygame.quit()
    if as_json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"Ambassador bench, {result['date']}, Python {result['python']}, pygame-ce {result['pygame']}")
    print(f"  {result['machine']}")
    print(f"  start-up to first frame  {result['startup_s']:>9.3f} s     goal < {GOALS['startup_s']} s")
    print(f"  load and check levels    {result['levels_ms']:>9.1f} ms    goal < {GOALS['levels_ms']:.0f} ms")
    print(f"  cases resolved           {result['cases_per_s']:>9,} /s    goal >= {GOALS['cases_per_s']:,} /s")
    print(f"  peak memory (session)    {result['peak_rss_mb']:>9.1f} MB    goal < {GOALS['peak_rss_mb']:.0f} MB")
    print(f"  idle title screen CPU    {result['idle_cpu_pct']:>9.2f} %     goal <= {GOALS['idle_cpu_pct']} %")
    print(f"  {'scene':<16} {'size':>10} {'median ms':>10} {'p95 ms':>8} {'redraw ms':>10}")
    for row in result["frames"]:
        size = f"{row['width']}x{row['height']}"
        print(
            f"  {row['scene']:<16} {size:>10} {row['median_ms']:>10.2f} {row['p95_ms']:>8.2f} {row['redraw_ms']:>10.2f}"
        )
    print("  goals: median frame <= 3 ms at 1920x1080 and <= 8 ms at 3840x2160")
    print("  redraw: a frame that draws everything again, as the first one after a key press does")
    print_scale(result)
    print_room(result["room"])
    print_board(result["board"])
    return 0


def print_scale(r: dict) -> None:
    """The growing work, each figure beside its floor or goal."""
    floor = r["floor"]
    print(f"  bare pygame start-up     {floor['startup_s']:>9.3f} s     game/bare {r['startup_ratio']:.2f}   goal <= 2")
    for row in r["switch_ms"]:
        size, blit = f"{row['width']}x{row['height']}", floor["blit_flip_ms"][f"{row['width']}x{row['height']}"]
        print(
            f"  switch {size:>10}: first frame {row['first_frame_ms']:.1f} ms (slowest {row['slowest_first_frame_ms']:.1f},"
            f" x{row['ratio']} the {blit:.2f} ms blit floor), slowest fade frame {row['slowest_fade_frame_ms']:.1f} ms"
            "   goal: every frame <= 16.7 ms at 4K"
        )
    for row in r["soak"]:
        print(
            f"  attract {row['width']}x{row['height']} for {row['seconds']:.0f} s: peak {row['peak_rss_mb']:.0f} MB,"
            f" after a minute {row['rss_after_first_minute_mb']:.0f} MB   goal: 250 MB at 4K, 150 MB at 1080p"
        )
    st = r["store"]
    print(
        f"  {st['rows']:,} scores: level list {st['level_list_ms']:.1f} ms, leaderboard {st['leaderboard_ms']:.1f} ms"
        f" (goal 50), list {st['list_rows_per_s']:,} rows/s, export {st['export_rows_per_s']:,} rows/s (goal 200,000 each),"
        f" export peak {st['export_peak_rss_mb']:.0f} MB"
        f" (goal 150), start-up x{st['startup_ratio']} (goal 1.1)"
    )
    ul = r["user_levels"]
    print(f"  {ul['files']} trainer levels: start-up x{ul['startup_ratio']} an empty folder (goal 1.2)")
    planned = ", ".join(f"{k} customers {v:.0f} ms" for k, v in r["planner_ms"].items())
    print(f"  planner, first move: {planned}   goal <= 50 ms at 12")
