"""The face matcher's life: started in the background (the process matcher takes ~2 s), replaced if it dies."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kiosk.faceauth import FaceMatcher, MatcherUnavailableError

from .face_support import close_matcher

logger = logging.getLogger(__name__)


class MatcherKeeper:
    """Holds the one face matcher of the kiosk; thread-safe."""

    def __init__(self, factory: Callable[[], FaceMatcher]) -> None:
        self._factory = factory
        self._matcher: FaceMatcher | None = None
        self._loader: threading.Thread | None = None
        self._closed = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Build the matcher on a background thread; idempotent."""
        with self._lock:
            if self._closed or self._matcher is not None or self._loader is not None:
                return
            self._loader = threading.Thread(target=self._load, name="face-matcher-start", daemon=True)
            self._loader.start()

    def get(self) -> FaceMatcher:
        """The matcher, waiting for it if it is still starting (started now if nobody started it).

        Raises:
            MatcherUnavailableError: it could not be started.
        """
        self.start()
        with self._lock:
            loader = self._loader
        if loader is not None:
            loader.join()
        with self._lock:
            matcher = self._matcher
        if matcher is None:
            raise MatcherUnavailableError("the face matcher could not be started")
        return matcher

    def replace(self, broken: FaceMatcher) -> None:
        """`broken` died: close it and start a fresh one for the next patient."""
        with self._lock:
            if self._matcher is broken:
                self._matcher = None
        close_matcher(broken)
        self.start()

    def close(self) -> None:
        """Stop the matcher (and its process); a matcher still starting is stopped too."""
        with self._lock:
            self._closed = True
            loader = self._loader
        if loader is not None:
            loader.join()
        with self._lock:
            matcher, self._matcher = self._matcher, None
        close_matcher(matcher)

    def _load(self) -> None:
        try:
            matcher: FaceMatcher | None = self._factory()
        except Exception as error:  # noqa: BLE001 - reported when a face attempt asks for the matcher
            logger.error("the face matcher did not start: %s", type(error).__name__)
            matcher = None
        with self._lock:
            self._loader = None
            if self._closed:
                matcher, closing = None, matcher
            else:
                self._matcher, closing = matcher, None
        close_matcher(closing)
