"""Where detection stops: faces found by face width and by in-plane tilt, per detector, with the time per frame.

    python benchmarks/face_detect_sweep.py DIR [--detectors hybrid,hog,blazeface]

Every photo in DIR (a face photo, e.g. /work/shared/faces) is shrunk so its face is W px wide and placed at three
spots of a grey 640x480 frame (W = 40..100), and turned by A degrees in the image plane (A = 0..45, both ways). A face
counts as found when the largest detection overlaps where the face was put.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from kiosk.faceauth import FaceBox
from kiosk.faceauth.dlib_backend import DlibFaceMatcher

WIDTHS = (40, 50, 60, 70, 80, 100)
ANGLES = (0, 15, 25, 35, 45)
SPOTS = ((120, 120), (320, 240), (500, 330))  # face centres in the frame


def _placed(photo: np.ndarray, face: FaceBox, width: int, spot: tuple[int, int]) -> tuple[np.ndarray, FaceBox]:
    scale = width / face.width
    small = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.full((480, 640, 3), 165, dtype=np.uint8)
    cx, cy = (face.left + face.right) / 2 * scale, (face.top + face.bottom) / 2 * scale
    left, top = round(spot[0] - cx), round(spot[1] - cy)
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(480, top + small.shape[0]), min(640, left + small.shape[1])
    frame[y0:y1, x0:x1] = small[y0 - top:y1 - top, x0 - left:x1 - left]
    half = width // 2
    return frame, FaceBox(spot[0] - half, spot[1] - half, spot[0] + half, spot[1] + half)


def _tilted(photo: np.ndarray, angle: float) -> np.ndarray:
    height, width = photo.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return np.asarray(cv2.warpAffine(photo, turn, (width, height), borderMode=cv2.BORDER_REPLICATE), np.uint8)


def _hit(found: tuple[FaceBox, ...], truth: FaceBox) -> bool:
    if not found:
        return False
    box = found[0]
    centre_x, centre_y = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    inside = truth.left <= centre_x <= truth.right and truth.top <= centre_y <= truth.bottom
    return inside and 0.5 <= box.width / truth.width <= 2.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--detectors", default="hybrid,hog")
    args = parser.parse_args(argv)
    photos = [np.asarray(cv2.imread(str(p), cv2.IMREAD_COLOR), dtype=np.uint8)
              for p in sorted(args.folder.iterdir()) if p.suffix.lower() in {".jpg", ".png"}]
    reference = DlibFaceMatcher(detector="hog")
    faces = [reference.analyse(photo, encode=False).faces for photo in photos]
    usable = [(photo, found[0]) for photo, found in zip(photos, faces, strict=True) if found]
    print(f"{len(usable)} photos; each width x {len(SPOTS)} spots, each angle both ways at 120 px")
    for name in args.detectors.split(","):
        matcher = DlibFaceMatcher(detector=name)
        times: list[float] = []

        def found(frame: np.ndarray, truth: FaceBox, matcher: DlibFaceMatcher = matcher,
                  times: list[float] = times) -> bool:
            started = time.perf_counter()
            faces = matcher.analyse(frame, encode=False).faces
            times.append(time.perf_counter() - started)
            return _hit(faces, truth)

        by_width = {w: sum(found(*_placed(p, f, w, s)) for p, f in usable for s in SPOTS) for w in WIDTHS}
        by_angle = {}
        for angle in ANGLES:
            hits = 0
            for photo, _ in usable:
                for sign in (1, -1):
                    turned = _tilted(photo, sign * angle)
                    (box,) = reference.analyse(photo, encode=False).faces[:1]
                    frame, truth = _placed(turned, box, 120, SPOTS[1])
                    hits += found(frame, truth)
            by_angle[angle] = hits
        tries_w, tries_a = len(usable) * len(SPOTS), len(usable) * 2
        print(f"{name:9s} by width: " + "  ".join(f"{w}px {n}/{tries_w}" for w, n in by_width.items()))
        print(f"{'':9s} by tilt:  " + "  ".join(f"{a}deg {n}/{tries_a}" for a, n in by_angle.items()))
        print(f"{'':9s} detect+landmarks per frame: median {statistics.median(times) * 1000:.0f} ms, "
              f"p90 {np.percentile(times, 90) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
