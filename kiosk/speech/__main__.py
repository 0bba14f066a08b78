"""`python -m kiosk.speech build`: synthesize every prompt once into the cache, check none is silent, print figures."""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from .audio import SILENCE_RMS, read_wav, rms
from .cache import BUILT_RATES, PromptCache, default_cache_dir, every_cue
from .synth import SpeechEngineError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.speech", description=__doc__)
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--cache", type=Path, default=None, help="cache folder (default: %(default)s)")
    parser.add_argument("--rate", type=float, action="append", help="speech rates to build (default: 1.0 and 0.8)")
    args = parser.parse_args(argv)
    cache = PromptCache(args.cache or default_cache_dir())
    rates = tuple(args.rate or BUILT_RATES)
    try:
        report = cache.build(rates)
    except SpeechEngineError as error:
        print(f"voice cache: {error}", file=sys.stderr)
        return 1
    silent = [f"{cue.sound}/{cue.language}@{rate}" for rate in rates for cue in every_cue()
              if rms(read_wav(cache.path_for(cue, rate))) < SILENCE_RMS]
    if report.synthesized:
        seconds = [spent for _cue, _rate, spent in report.synthesized]
        for language in ("ja", "en"):
            spoken = [spent for cue, _rate, spent in report.synthesized if cue.language == language]
            if spoken:
                median_ms, max_ms = statistics.median(spoken) * 1000, max(spoken) * 1000
                print(f"voice cache: {language}: {len(spoken)} prompts, median {median_ms:.0f} ms,"
                      f" max {max_ms:.0f} ms per prompt")
        print(f"voice cache: synthesized {len(seconds)} files in {sum(seconds):.1f} s")
    if report.pruned:
        print(f"voice cache: removed {report.pruned} files of words no longer said")
    print(f"voice cache: {report.files} files, {report.total_bytes / 1e6:.1f} MB in {cache.root}")
    if silent:
        print(f"voice cache: silent prompts: {', '.join(silent)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
