#!/usr/bin/env python3
"""Reference values for the assignment golden test, computed independently of the TypeScript.

Run from this folder:  python3 assignment.py > assignment.json
(then `pnpm exec biome format --write assignment.json`). Standard library only.

- Hash: FNV-1a 32 (offset basis 0x811c9dc5, prime 0x01000193, over UTF-8 bytes) then MurmurHash3's
  fmix32 finaliser, written here from their published definitions.
- Variant: the first cumulative share (weights over their sum) strictly above hash / 2**32.
"""

import json
import sys
from bisect import bisect_right
from itertools import accumulate


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def fmix32(h: int) -> int:
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def pick(point, weights):
    total = sum(weights)
    return bisect_right(list(accumulate(w / total for w in weights)), point)


CASES = [
    ("checkout-button", "user-1", [0.5, 0.5]),
    ("checkout-button", "user-2", [0.5, 0.5]),
    ("onboarding_v2", "00000000-0000-4000-8000-000000000001", [0.34, 0.33, 0.33]),
    ("pricing.page", "u-42", [0.1, 0.9]),
    ("émoji-ключ", "ユーザー", [1, 1, 2]),
    # The ml subgraph's traffic splits use the experiment key model:<name>.
    ("model:document-tags", "0b6f1c1e-5d1a-4c53-9a53-2f0c8a4e7d10", [0.5, 0.5]),
    ("model:document-tags", "7d3e2a90-11b4-4f3e-8c2d-6a5b4c3d2e1f", [0.9, 0.1]),
]


def main():
    assert fnv1a32(b"a") == 0xE40C292C  # the FNV test vector
    out = []
    for key, user, weights in CASES:
        h = fmix32(fnv1a32(f"{key}:{user}".encode("utf-8")))
        out.append({
            "experimentKey": key, "userId": user, "weights": weights,
            "expected": {"hash": h, "point": h / 2**32, "variant": pick(h / 2**32, weights)},
        })
    json.dump({"generatedBy": "packages/kit/src/experiments/golden/assignment.py", "cases": out},
              sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
