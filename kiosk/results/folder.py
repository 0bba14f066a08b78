"""The folder clinic systems watch (`face/`), possibly a network share that is briefly away.

A file appears whole or not at all: it is written under a temporary name no clinic system matches
(`.OQSsiquc01res_face_….xml.part`), fsynced, then renamed. Retention moves (or deletes) files the clinic system
has left in the folder longer than the rule allows.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.atomic_file import replace_durably, write_fsynced

from .layout import FILE_PREFIX

logger = logging.getLogger(__name__)

TEMPORARY_SUFFIX = ".part"
ARCHIVE_DIR = "archive"


class FolderAwayError(OSError):
    """The folder is not there (an unmounted share): the file waits in the kiosk's store."""


class Retention(StrEnum):
    KEEP = "keep"  # never touch the folder (the clinic system removes what it took)
    ARCHIVE = "archive"  # move files older than the rule into face/archive/YYYYMMDD/
    DELETE = "delete"  # delete files older than the rule


@dataclass(frozen=True)
class RetentionRule:
    mode: Retention = Retention.ARCHIVE
    days: float = 7.0  # files (and the kiosk's records of them) older than this


class ResultFolder:
    """`create`: make the folder when missing (the default folder in the data folder); a configured share is never
    created, since an unmounted share's mount point is a local directory no clinic system reads."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        self._create = create

    def temporary(self, file_name: str) -> Path:
        return self.path / f".{file_name}{TEMPORARY_SUFFIX}"

    def available(self) -> bool:
        if self._create:
            self.path.mkdir(parents=True, exist_ok=True)
        return self.path.is_dir()

    def write_temporary(self, file_name: str, content: bytes) -> None:
        """Step 1: the whole content under the temporary name, on disk.

        Raises:
            FolderAwayError: the folder is not there.
            OSError: the write failed (the temporary file may remain; the next attempt overwrites it).
        """
        if not self.available():
            raise FolderAwayError(f"result folder {self.path} is not available")
        write_fsynced(self.temporary(file_name), content, mode=0o640)

    def publish(self, file_name: str) -> bool:
        """Step 2: rename the temporary file to its real name; False when there is no temporary file (it was
        renamed before a crash)."""
        temporary = self.temporary(file_name)
        try:
            replace_durably(temporary, self.path / file_name)
        except FileNotFoundError:
            if not self.path.is_dir():
                raise FolderAwayError(f"result folder {self.path} is not available") from None
            return False
        return True

    def sweep(self, rule: RetentionRule, clock: Callable[[], float] = time.time) -> int:
        """Apply the retention rule to result files left in the folder; how many were moved or deleted."""
        if rule.mode is Retention.KEEP or not self.path.is_dir():
            return 0
        cutoff = clock() - rule.days * 86400
        done = 0
        for path in self.path.glob(f"{FILE_PREFIX}*.xml"):
            try:
                modified = path.stat().st_mtime
                if modified >= cutoff:
                    continue
                if rule.mode is Retention.DELETE:
                    path.unlink()
                else:
                    target = self.path / ARCHIVE_DIR / time.strftime("%Y%m%d", time.localtime(modified))
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.move(path, target / path.name)
                done += 1
            except FileNotFoundError:
                continue  # the clinic system took it meanwhile
        if done:
            logger.info("retention: %d result files %s", done, "deleted" if rule.mode is Retention.DELETE
                        else "archived")
        return done
