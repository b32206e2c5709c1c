#!/usr/bin/env python3
"""Label changes per minute under other label rules, replayed on the raw_* columns
of a `ferlab video --csv` file (docs/BENCHMARKS.md, Label stability):

  raw    each frame's own argmax
  old    the rule before 2026-12-01: a moving average with newest-frame weight 0.4,
         then a hysteresis (a new label had to lead the shown one by 0.1 for 3
         frames), whose label was not always the largest smoothed value
  tau    today's rule (src/vision/face_tracker.hpp) at other time constants; at
         the default it reproduces `ferlab video`'s own summary line

usage: scripts/replay_label_rules.py FRAMES.csv"""
import csv, sys

EMOTIONS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]

def replay_old_rule(path, alpha=0.4, margin=0.1, frames=3):
    tracks = {}
    changes = {"raw": 0, "old": 0}
    span = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            track = int(row["track"]); t = float(row["time_s"])
            raw = [float(row["raw_" + e]) for e in EMOTIONS]
            raw_best = max(range(7), key=lambda c: raw[c])
            s = tracks.get(track)
            if s is None:
                s = {"smoothed": raw, "label": raw_best, "challenger": -1, "count": 0, "raw": raw_best}
                tracks[track] = s; span[track] = [t, t]
            else:
                s["smoothed"] = [alpha * r + (1 - alpha) * p for r, p in zip(raw, s["smoothed"])]
                best = max(range(7), key=lambda c: s["smoothed"][c])
                old = s["label"]
                if best == s["label"]:
                    s["challenger"], s["count"] = -1, 0
                elif s["smoothed"][best] - s["smoothed"][s["label"]] < margin:
                    s["challenger"], s["count"] = -1, 0
                else:
                    s["count"] = s["count"] + 1 if best == s["challenger"] else 1
                    s["challenger"] = best
                    if s["count"] >= frames:
                        s["label"], s["challenger"], s["count"] = best, -1, 0
                changes["old"] += s["label"] != old
                changes["raw"] += raw_best != s["raw"]
                s["raw"] = raw_best
                span[track][1] = t
    seconds = sum(b - a for a, b in span.values())
    for k, v in changes.items():
        print(f"{k}: {v} changes in {seconds:.2f} s = {v * 60 / seconds:.1f} per minute")


def replay_time_constant(path, tau):
    """The rule now: EMA with a time constant, label = argmax of the smoothed."""
    import math
    state, changes, span = {}, 0, {}
    with open(path) as f:
        for row in csv.DictReader(f):
            track = int(row["track"]); t = float(row["time_s"])
            raw = [float(row["raw_" + e]) for e in EMOTIONS]
            if track not in state:
                state[track] = [raw, max(range(7), key=lambda c: raw[c]), t]; span[track] = [t, t]; continue
            smoothed, label, last = state[track]
            gap = t - last if t > last else 1 / 30
            w = 1.0 if tau <= 0 else 1 - math.exp(-gap / tau)
            smoothed = [w * r + (1 - w) * p for r, p in zip(raw, smoothed)]
            best = max(range(7), key=lambda c: smoothed[c])
            changes += best != label
            state[track] = [smoothed, best, t]; span[track][1] = t
    seconds = sum(b - a for a, b in span.values())
    print(f"time constant {tau} s: {changes} changes in {seconds:.2f} s = {changes * 60 / seconds:.1f} per minute")

if __name__ == "__main__":
    replay_old_rule(sys.argv[1])
    for tau in (0.0, 0.1, 0.25, 0.5, 1.0):
        replay_time_constant(sys.argv[1], tau)
