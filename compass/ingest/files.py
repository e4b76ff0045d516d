"""Import files into the database: read every file first, then write each in one transaction, so
that a file that cannot be read, or that the database refuses halfway, writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from compass.errors import CompassError
from compass.importers import ImportFileError, ImportOptions, read_file
from compass.importers.advice import Note, Option, for_app, for_cli, note_for_cli
from compass.ingest import IngestReport, ingest
from compass.ingest.collector import collector_paused
from compass.progress import Progress

IMPORTABLE_SUFFIXES = (".csv", ".json")


@dataclass
class FileSummary:
    path: Path
    format: str
    rows: int
    videos_added: int
    skipped: int
    videos_updated: int = 0
    videos_unchanged: int = 0
    creators_added: int = 0

    @property
    def nothing_new(self) -> bool:
        """Every video the file holds was imported before (some may have newer counts)."""
        return not self.videos_added and not self.creators_added


@dataclass
class ImportSummary:
    report: IngestReport = field(default_factory=IngestReport)
    files: list[FileSummary] = field(default_factory=list)
    notes: list[tuple[Path, Note]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.report.to_json(),
            "files": [
                {
                    "file": str(f.path),
                    "format": f.format,
                    "rows": f.rows,
                    "videos_added": f.videos_added,
                    "skipped": f.skipped,
                }
                for f in self.files
            ],
            "notes": [
                {"file": str(path), "note": note_for_cli(note), "option": note.option}
                for path, note in self.notes
            ],
        }


class ImportRefused(CompassError):
    """A file that imports nothing: said for the command line by ``str``, for the app by ``for_app``."""

    def __init__(
        self,
        path: Path,
        text: str,
        option: Option | None = None,
        example: str | None = None,
        outcome: str = "nothing was imported",
    ) -> None:
        self.path, self.text, self.option, self.example, self.outcome = path, text, option, example, outcome
        super().__init__(f"{path.name}: {for_cli(text, option, example)}; {outcome}")

    def for_app(self) -> str:
        return f"{self.path.name}: {for_app(self.text, self.option, self.example)}; {self.outcome}"


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the .csv/.json files of each folder, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix.lower() in IMPORTABLE_SUFFIXES and p.is_file()
            )
            if not found:
                raise CompassError(f"{path}: no .csv or .json files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise CompassError(f"{path}: no such file or folder")
    return files


def import_files(
    engine: Engine, paths: list[Path], options: ImportOptions, progress: Progress | None = None
) -> ImportSummary:
    """Imports the files; ``progress`` hears what is being read or written, and how far the import is (in
    bytes of the files: each is read, then written, in about the same time)."""
    with collector_paused():
        return _import_files(engine, paths, options, progress or (lambda done, total, step: None))


def _import_files(
    engine: Engine, paths: list[Path], options: ImportOptions, progress: Progress
) -> ImportSummary:
    files = expand_paths(paths)
    sizes = [max(path.stat().st_size, 1) for path in files]
    total, done = 2 * sum(sizes), 0
    batches = []
    for number, (path, size) in enumerate(zip(files, sizes, strict=True), 1):
        of_files = f" ({number} of {len(files)})" if len(files) > 1 else ""
        progress(done, total, f"Reading {path.name}{of_files}")
        try:
            batches.append(read_file(path, options))
        except ImportFileError as exc:
            raise ImportRefused(path, str(exc), exc.option, exc.example) from None
        done += size
    summary = ImportSummary()
    driver_error = engine.dialect.loaded_dbapi.Error  # the COPY path raises the driver's own errors

    def writing(start: int, size: int, step: str) -> Callable[[int, int], None]:
        """One file's rows written, as a share of the bytes it stands for."""
        return lambda rows, of: progress(start + size * rows // max(of, 1), total, step)

    for batch, size in zip(batches, sizes, strict=True):
        step = f"Writing the {batch.videos:,} videos of {batch.path.name}"
        progress(done, total, step)
        try:
            file_report = ingest(engine, batch.observations, atomic=True, written=writing(done, size, step))
        except (DBAPIError, driver_error) as exc:
            cause = exc.orig if isinstance(exc, DBAPIError) else exc
            reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
            raise ImportRefused(
                batch.path,
                f"the database refused a value ({reason})",
                outcome="nothing from this file was written",
            ) from None
        file_report.skipped = [
            {"file": str(batch.path), "row": s.row, "reason": s.reason} for s in batch.skipped
        ]
        summary.report.merge(file_report)
        summary.notes.extend((batch.path, note) for note in batch.notes)
        summary.files.append(
            FileSummary(
                batch.path,
                batch.format,
                batch.rows_read,
                file_report.videos_added,
                len(batch.skipped),
                file_report.videos_updated,
                file_report.videos_unchanged,
                file_report.creators_added,
            )
        )
        done += size
    progress(total, total, "Imported")
    return summary
