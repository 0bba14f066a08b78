"""Genuine and impostor face distances, FAR/FRR at the configured tolerance, and the ROC.

    python benchmarks/face_eval.py DIR [--tolerance T] [--conditions] [--detector hybrid|blazeface|hog]

DIR holds one folder per person; a flat folder also works, the person being the file name up to the first "_"
(as in hardware_sim/personas/faces). Each photo is turned into a chip photo (monochrome JPEG 2000, 320 px, as
the card stores it) and compared with every other photo used as a live frame, as the kiosk does.

`--conditions` also degrades every live photo synthetically and prints, per condition, the share of faces found,
of masks and glasses seen (what the patient is coached about), FRR and FAR at the tolerance: dim (exposure x0.35 +
noise), small (the face ~60 px wide in a 640x480 frame), mask / mask_blue / mask_black (a surgical mask over nose,
mouth and chin), glasses (dark frames drawn round the eyes) / glasses_thin, pose (yaw 25 deg on the simulator's head
surface), tilt (20 deg in the image plane). Figures on a small set say where the matcher breaks, not rates to quote.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
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
    parser.add_argument("--conditions", action="store_true", help="also the synthetic conditions (slower)")
    parser.add_argument("--detector", choices=("hybrid", "blazeface", "hog"), default="hybrid")
    args = parser.parse_args(argv)
    groups = people(args.folder)
    if len(groups) < 2:
        print("need photos of at least two people", file=sys.stderr)
        return 2
    matcher = DlibFaceMatcher(detector=args.detector)
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
    eer, at = _eer(genuine, impostor_d)
    print(f"\nEER {eer:.1%} at {at:.3f}; FRR at FAR 1e-4: not measurable with {len(impostor_d)} impostor pairs "
          f"(needs >= 10 000); below the closest impostor ({min(impostor_d):.3f}) FRR is "
          f"{sum(1 for d in genuine if d >= min(impostor_d)) / max(1, len(genuine)):.1%}")
    if args.conditions:
        # The conditions are drawn where dlib's HOG finds the clean face, the same for every detector compared.
        _conditions(matcher, DlibFaceMatcher(detector="hog"), chips, owner, args.tolerance)
    return 0


def _eer(genuine: list[float], impostor: list[float]) -> tuple[float, float]:
    best = (1.0, 0.0, 0.0)
    for threshold in np.arange(0.2, 1.0, 0.005):
        frr = sum(1 for d in genuine if d > threshold) / max(1, len(genuine))
        far = sum(1 for d in impostor if d <= threshold) / max(1, len(impostor))
        if abs(frr - far) < best[0]:
            best = (abs(frr - far), (frr + far) / 2, float(threshold))
    return best[1], best[2]


def _conditions(matcher: DlibFaceMatcher, drawer: DlibFaceMatcher, chips: dict[Path, ReferenceFace],
                owner: dict[Path, str], tolerance: float) -> None:
    from conditions import CONDITIONS  # benchmarks/conditions.py, beside this script

    print(f"\ncondition     found   mask seen  glasses seen   FRR (genuine)   FAR (impostor)   at tolerance "
          f"{tolerance:.2f}; ms/frame (detect+landmarks)")
    for name, degrade in CONDITIONS.items():
        found = tried = masked = glasses = 0
        genuine: list[float] = []
        impostor: list[float] = []
        seconds = 0.0
        for shown in sorted(chips):
            frame = cv2.imread(str(shown), cv2.IMREAD_COLOR)
            image = degrade(np.asarray(frame, dtype=np.uint8), drawer)
            tried += 1
            started = time.perf_counter()
            matcher.analyse(image, encode=False)
            seconds += time.perf_counter() - started
            analysis = matcher.analyse(image, encode=True)
            found += bool(analysis.faces)
            masked += analysis.lower_face_covered
            glasses += analysis.glasses
            if analysis.encoding is None:
                continue
            for card in chips:
                if card == shown:
                    continue
                distance = face_distance(chips[card], analysis.encoding)
                (genuine if owner[card] == owner[shown] else impostor).append(distance)
        frr = sum(1 for d in genuine if d > tolerance) / max(1, len(genuine))
        far = sum(1 for d in impostor if d <= tolerance) / max(1, len(impostor))
        print(f"{name:12s} {found:3d}/{tried:<3d} {masked:3d}/{tried:<3d}    {glasses:3d}/{tried:<3d}     "
              f"{frr:6.1%} of {len(genuine):3d}    {far:6.1%} of {len(impostor):4d}      "
              f"{seconds / max(1, tried) * 1000:.0f}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
