"""What a file must be before it is opened: its name's extension, not empty, not too large, and (for
a zip: a workbook, a zipped Shapefile) members that do not inflate far beyond the file itself."""

import io
import zipfile
from pathlib import Path

from indicators.validation import DataFileError, Problem

# A workbook is a zip of XML files: a crafted one of a few MB can inflate to gigabytes inside the
# spreadsheet reader. Its members' declared sizes are checked first; one that lies about them is
# bounded only by the upload limits and the reader's own checks.
MAX_WORKBOOK_RATIO = 100
MAX_WORKBOOK_INFLATED = 300 * 1024 * 1024
# A Shapefile's parts compress a few times over (attribute tables padded with spaces, more): a zip
# that says it inflates to more than this many times its own size is a zip bomb, not a boundary layer.
MAX_ZIP_RATIO = 100
ZIP_CHUNK_BYTES = 1024 * 1024  # members are copied to disk a chunk at a time, never whole in memory
UNSUPPORTED = Problem(None, None, "", "unsupported_format")


def check_envelope(
    file_name: str,
    size: int,
    extensions: tuple[str, ...],
    max_bytes: int,
    unsupported: Problem = UNSUPPORTED,
) -> str:
    """The file's extension in lower case; DataFileError naming every fault of the envelope (an
    extension not in `extensions`, said by `unsupported`; no bytes; more than `max_bytes`)."""
    extension = Path(file_name).suffix.lower()
    problems = [] if extension in extensions else [unsupported]
    if not size:
        problems.append(Problem(None, None, "", "empty_file"))
    elif size > max_bytes:
        problems.append(Problem(None, None, "", "too_big", {"limit": megabytes(max_bytes)}))
    if problems:
        raise DataFileError(file_name, problems)
    return extension


def megabytes(size: int, decimals: int | None = None) -> str:
    value = size / (1024 * 1024)
    return f"{value:g}" if decimals is None else f"{value:.{decimals}f}"


def workbook_size_problem(data: bytes) -> Problem | None:
    """Why an .xlsx must not be opened because of what it would inflate to, or None (also for a
    file that is no zip at all: the reader says so in its own words)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    limit = min(MAX_WORKBOOK_INFLATED, len(data) * MAX_WORKBOOK_RATIO)
    if inflated <= limit:
        return None
    params = {"size": round(inflated / 1024 / 1024), "limit": round(limit / 1024 / 1024)}
    return Problem(None, None, "", "xlsx_too_big", params)


def extract_within(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], folder: Path, limit: int, file_name: str
) -> None:
    """Write the zip's `members` into `folder` under the given names, inflating at most `limit` bytes.

    The sizes the zip declares are checked before anything is inflated; then each member is copied
    to disk a chunk at a time and the bytes really inflated are counted, so a zip bomb (or a zip that
    understates its sizes) is refused with memory use bounded by one chunk, never by its content.
    """
    declared = sum(member.file_size for member in members.values())
    if declared > limit:
        raise _zip_too_big(file_name, declared, limit)
    inflated = 0
    try:
        for name, member in members.items():
            with archive.open(member) as source, (folder / name).open("wb") as target:
                while chunk := source.read(ZIP_CHUNK_BYTES):
                    inflated += len(chunk)
                    if inflated > limit:
                        raise _zip_too_big(file_name, inflated, limit)
                    target.write(chunk)
    except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError) as exc:
        # A damaged or password-protected member; zipfile signals each with a different class.
        raise DataFileError(file_name, [Problem(None, None, "", "bad_zip")]) from exc


def _zip_too_big(file_name: str, size: int, limit: int) -> DataFileError:
    params = {"size": megabytes(size, 0), "limit": megabytes(limit, 0), "ratio": MAX_ZIP_RATIO}
    return DataFileError(file_name, [Problem(None, None, "", "zip_too_big", params)])
