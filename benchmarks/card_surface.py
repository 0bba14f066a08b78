"""照合番号B read from rendered card fronts: correct reads, refusals, wrong reads, time per read.

    PYTHONPATH=. python benchmarks/card_surface.py [--seeds N] [--first-seed K] [--random-cards M]

Every persona's card front (kiosk.reader.card_surface reads it; hardware_sim.camera.card_front draws it) through
every camera view, N seeds each (the card's place on the tray, noise, glare spot). A wrong read is one that passed
every check and still differs from what is printed: it would be sent to the card and cost one of its 10 tries.
Figures per camera view, per persona and per way the birth date is printed (和暦 or 西暦), with the machine's load.
`--random-cards M` adds M cards with random birth dates, validity dates and security codes (one seed each, views in
turn), so that digits and eras the personas lack are read too.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

from hardware_sim.camera.card_front import VIEWS, CameraView, birth_line, card_front, photograph
from hardware_sim.personas import Persona, all_personas
from kiosk.reader.card_surface import CardSurfaceOcr, CardSurfaceUnreadableError


def _random_cards(count: int, seed: int, today: date) -> Iterator[tuple[Persona, CameraView, int]]:
    """Cards unlike the personas': born up to 100 years ago, valid 1 day to 10 years on, any four digits."""
    rng = random.Random(seed)
    template = all_personas(today)["normal"]
    for index in range(count):
        born = today - timedelta(days=rng.randint(365, 100 * 365))
        until = today + timedelta(days=rng.randint(1, 10 * 365 - 3))
        card = dataclasses.replace(template, key=f"random-{index}", birth_date=born, card_expiry=until,
                                   security_code=f"{rng.randrange(10_000):04d}")
        yield card, VIEWS[index % len(VIEWS)], seed + index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--first-seed", type=int, default=0, help="start here: seeds not used while tuning")
    parser.add_argument("--random-cards", type=int, default=0)
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()
    per_view: dict[str, Counter[str]] = {view.name: Counter() for view in VIEWS}
    per_persona: dict[str, Counter[str]] = {}
    per_calendar: dict[str, Counter[str]] = {"和暦": Counter(), "西暦": Counter()}
    refusals: Counter[str] = Counter()
    seconds: list[float] = []
    personas = [p for p in all_personas().values() if p.is_my_number_card]
    cases = [(persona, view, seed) for persona in personas for view in VIEWS
             for seed in range(args.first_seed, args.first_seed + args.seeds)]
    cases += list(_random_cards(args.random_cards, args.first_seed, date.today()))
    for persona, view, seed in cases:
        printed = persona.card_face_print
        image = photograph(card_front(persona), view, seed=seed)
        scanner = CardSurfaceOcr(capture=lambda image=image: image)
        started = time.perf_counter()
        try:
            read = scanner.scan()
        except CardSurfaceUnreadableError as error:
            kind = "refused"
            refusals[error.reason] += 1
        else:
            same = (read.birth_date, read.card_expiry.year, read.security_code) == (
                printed.birth_date, printed.card_expiry.year, printed.security_code)
            kind = "correct" if same else "WRONG"
        seconds.append(time.perf_counter() - started)
        outcomes[kind] += 1
        per_view[view.name][kind] += 1
        group = "random cards" if persona.key.startswith("random-") else persona.key
        per_persona.setdefault(group, Counter())[kind] += 1
        per_calendar["西暦" if birth_line(persona)[:4].isdigit() else "和暦"][kind] += 1
    total = sum(outcomes.values())
    print(f"{len(personas)} personas x {len(VIEWS)} views x {args.seeds} seeds (from seed {args.first_seed}) "
          f"+ {args.random_cards} random cards = {total} reads; load average {os.getloadavg()[0]:.1f}")
    for title, table in (("view", per_view), ("persona", per_persona), ("birth date", per_calendar)):
        print(f"by {title}:")
        for name, counts in table.items():
            print(f"  {name:26s} correct {counts['correct']:3d}  refused {counts['refused']:3d}  "
                  f"wrong {counts['WRONG']}")
    print(f"correct {outcomes['correct'] / total:.1%}, refused {outcomes['refused'] / total:.1%}, "
          f"wrong reads sent {outcomes['WRONG']}")
    print(f"refusal reasons: {dict(refusals)}")
    ordered = sorted(seconds)
    print(f"time per read: median {statistics.median(ordered) * 1000:.0f} ms, "
          f"p90 {ordered[int(0.9 * (len(ordered) - 1))] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
