"""Peak memory while a zip bomb offered as a zipped Shapefile is refused.

Run from the repository root:  .venv/bin/python bench/bench_zip_bomb.py

Writes a zip of about 0.6 MB whose .shp inflates to 600 MB (zeros compress about 1000 times), then,
in a fresh process, reads it with the organisers' boundary reader and prints that process's peak
resident memory: once after importing the reader (the baseline), once after the refusal. The issue's
target: at most 300 MB at the peak. Nothing is timed; the CPU yardstick Y and the load average are
printed at the top all the same (bench/yardstick.py), to say what the machine was doing.
"""

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from yardstick import Report  # noqa: E402

INFLATED_MB = 600
TARGET_PEAK_MB = 300

MEASURE = """
import resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from indicators.boundaries import list_fields
from indicators.i18n import Translator
from indicators.validation import DataFileError
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
data = Path(sys.argv[1]).read_bytes()
try:
    list_fields(data, "bomba.zip")
    print("NOT REFUSED")
except DataFileError as error:
    print("refused:", error.describe(Translator("en"))[0])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"baseline {baseline:.0f} MB, peak {peak:.0f} MB")
"""


def write_zip_bomb(path: Path, inflated_mb: int) -> Path:
    """A zipped "Shapefile" (.shp, .shx, .dbf) whose .shp is `inflated_mb` MB of zeros."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("bomba.shp", "w", force_zip64=True) as member:
            for _ in range(inflated_mb):
                member.write(chunk)
        archive.writestr("bomba.shx", bytes(100))
        archive.writestr("bomba.dbf", bytes(100))
    return path


def main() -> None:
    report = Report(title="bench_zip_bomb: peak memory refusing a zip bomb")
    with tempfile.TemporaryDirectory() as folder:
        bomb = write_zip_bomb(Path(folder) / "bomba.zip", INFLATED_MB)
        size = bomb.stat().st_size / (1024 * 1024)
        print(f"zip of {size:.2f} MB inflating to {INFLATED_MB} MB")
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, str(bomb), str(REPO)], capture_output=True, text=True, check=True
        )
        print(result.stdout.strip())
        peak = float(result.stdout.split("peak ")[1].split(" MB")[0])
        print(f"peak {'within' if peak <= TARGET_PEAK_MB else 'OVER'} the target of {TARGET_PEAK_MB} MB")
    report.end()


if __name__ == "__main__":
    main()
