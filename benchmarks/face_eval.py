"""Genuine and impostor face distances, FAR/FRR at the configured tolerance, and the ROC.

    python benchmarks/face_eval.py DIR [--tolerance T]

DIR holds one folder per person; a flat folder also works, the person being the file name up to the first "_"
(as in hardware_sim/personas/faces). Each photo is turned into a chip photo (monochrome JPEG 2000, 320 px, as
the card stores it) and compared with every other photo used as a live frame, as the kiosk does.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from pathlib import Path

import cv2
import numpy as np

from hardware_sim.personas.photos import card_photo_jp2
from kiosk.faceauth import DEFAULT_TOLERANCE, ReferenceFace, ReferenceFaceError, face_distance
from kiosk.faceauth.dlib_backend import DlibFaceMatcher

SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".jp2", ".webp"}


def people(folder: Path) -> dict[str, list[Path]]:
    groups: dict[str, list[Path]] = {}
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir())
    if subfolders:
        for sub in subfolders:
            groups[sub.name] = sorted(p for p in sub.iterdir() if p.suffix.lower() in SUFFIXES)
    else:
        for photo in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES):
            groups.setdefault(photo.stem.split("_")[0], []).append(photo)
    return {name: photos for name, photos in groups.items() if photos}


def _summary(values: list[float]) -> str:
    if not values:
        return "n=0"
    return (f"n={len(values):3d}  min={min(values):.3f}  median={statistics.median(values):.3f}  "
            f"max={max(values):.3f}")


def _histogram(genuine: list[float], impostor: list[float]) -> None:
    print("\ndistance   genuine  impostor")
    for low in np.arange(0.1, 1.0, 0.05):
        g = sum(1 for d in genuine if low <= d < low + 0.05)
        i = sum(1 for d in impostor if low <= d < low + 0.05)
        if g or i:
            print(f"{low:.2f}-{low + 0.05:.2f}  {'#' * g:<8} {'x' * i}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    args = parser.parse_args(argv)
    groups = people(args.folder)
    if len(groups) < 2:
        print("need photos of at least two people", file=sys.stderr)
        return 2
    matcher = DlibFaceMatcher()
    chips: dict[Path, ReferenceFace] = {}
    live: dict[Path, np.ndarray] = {}
    owner: dict[Path, str] = {}
    for person, photos in groups.items():
        for photo in photos:
            owner[photo] = person
            try:
                chips[photo] = matcher.encode_reference(card_photo_jp2(photo))
            except ReferenceFaceError:
                print(f"skipped {photo.name}: no face in the chip-format photo")
                continue
            frame = cv2.imread(str(photo), cv2.IMREAD_COLOR)
            encoding = matcher.analyse(np.asarray(frame, dtype=np.uint8), encode=True).encoding
            if encoding is not None:
                live[photo] = encoding
    genuine: list[float] = []
    impostor: list[tuple[float, str, str]] = []
    for card, shown in itertools.permutations(sorted(chips), 2):
        if shown not in live:
            continue
        distance = face_distance(chips[card], live[shown])
        if owner[card] == owner[shown]:
            genuine.append(distance)
        else:
            impostor.append((distance, card.name, shown.name))
    same_photo = [face_distance(chips[p], live[p]) for p in chips if p in live]
    impostor_d = [d for d, _, _ in impostor]
    print(f"{len(groups)} people, {len(owner)} photos; chip photo (mono JP2 320 px) vs live photo")
    print(f"same photo        {_summary(same_photo)}")
    print(f"genuine pairs     {_summary(genuine)}")
    print(f"impostor pairs    {_summary(impostor_d)}")
    closest = sorted(impostor)[:3]
    print("closest impostors " + "; ".join(f"{d:.3f} {a} vs {b}" for d, a, b in closest))
    _histogram(genuine, impostor_d)
    tol = args.tolerance
    far = sum(1 for d in impostor_d if d <= tol) / max(1, len(impostor_d))
    frr = sum(1 for d in genuine if d > tol) / max(1, len(genuine))
    print(f"\nat tolerance {tol:.2f}: FAR {far:.1%} ({len(impostor_d)} impostor pairs), "
          f"FRR {frr:.1%} ({len(genuine)} genuine pairs)")
    print("\nROC (threshold: true-accept rate / false-accept rate)")
    for threshold in sorted({round(float(t), 2) for t in np.arange(0.30, 0.81, 0.05)} | {tol}):
        tar = sum(1 for d in genuine if d <= threshold) / max(1, len(genuine))
        far_t = sum(1 for d in impostor_d if d <= threshold) / max(1, len(impostor_d))
        marker = "  <- configured" if threshold == tol else ""
        print(f"  {threshold:.2f}: TAR {tar:6.1%}  FAR {far_t:6.1%}{marker}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
