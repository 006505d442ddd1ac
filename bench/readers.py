#!/usr/bin/env python3
"""The YAML readers integ could use, on the same files, in one process.

    python bench/readers.py [DIR] [--repeat 5]

DIR: a folder of concept files (default: a generated 25 x 150 district workspace).
Prints a Markdown table: CPU seconds (process time, median and minimum of N passes
over all files) of

* integ's libyaml path (``yaml_io.load(..., fast_reader=False)``: PyYAML's C parser,
  events walked in Python, YAML 1.2 scalars, duplicate keys, alias budget);
* integ's fast path (``yaml_io.load``: yaml-rs with the pre-scan and the checks);
* yaml-rs ``loads`` alone, and rapidyaml's tree parse alone and with the Python walk
  that would turn its tree into data (only when rapidyaml is installed).

CPU time rather than wall time: on a shared machine it is the steadier number.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from integ import yaml_io


def ryml_walk(ryml: Any, tree: Any, node: int) -> Any:
    """rapidyaml's tree as data: what integ would need (resolution left out)."""
    if tree.is_map(node):
        out = {}
        child = tree.first_child(node)
        while child != ryml.NONE:
            out[bytes(tree.key(child)).decode()] = ryml_walk(ryml, tree, child)
            child = tree.next_sibling(child)
        return out
    if tree.is_seq(node):
        items = []
        child = tree.first_child(node)
        while child != ryml.NONE:
            items.append(ryml_walk(ryml, tree, child))
            child = tree.next_sibling(child)
        return items
    text = bytes(tree.val(node)).decode()
    return text if tree.is_val_quoted(node) else yaml_io.resolve_plain(text)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times), min(times)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", nargs="?", type=Path)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    folder = args.folder
    if folder is None:
        import generate

        folder = Path(tempfile.mkdtemp(prefix="integ-readers-"))
        generate.generate(folder, 25, 150, 1)
    files = sorted(folder.glob("**/*.yaml"))
    blobs = [f.read_bytes() for f in files]
    texts = [b.decode("utf-8-sig") for b in blobs]
    mb = sum(map(len, blobs)) / 1e6
    fast = sum(yaml_io._fast(t) is not None for t in texts)
    rows: list[tuple[str, Callable[[], Any]]] = [
        (
            "integ libyaml path (events, YAML 1.2, checks)",
            lambda: [yaml_io.load(f, "x", b, fast_reader=False) for f, b in zip(files, blobs)],
        ),
        (
            f"integ fast path (yaml-rs; {fast} of {len(files)} files taken)",
            lambda: [yaml_io.load(f, "x", b) for f, b in zip(files, blobs)],
        ),
    ]
    try:
        import yaml_rs

        rows.append(("yaml-rs `loads` alone", lambda: [yaml_rs.loads(t) for t in texts]))
    except ImportError:
        pass
    try:
        import ryml

        rows.append(
            ("rapidyaml `parse_in_arena` alone", lambda: [ryml.parse_in_arena(b) for b in blobs])
        )

        def ryml_data() -> None:
            for b in blobs:
                tree = ryml.parse_in_arena(b)
                ryml_walk(ryml, tree, tree.root_id())

        rows.append(("rapidyaml parse + Python walk to data", ryml_data))
    except ImportError:
        pass
    print(f"{len(files)} files, {mb:.2f} MB, {args.repeat} passes each, CPU seconds\n")
    print("| reader | median s | min s | MB/s (min) |")
    print("| --- | --- | --- | --- |")
    for name, fn in rows:
        med, low = timed(fn, args.repeat)
        print(f"| {name} | {med:.3f} | {low:.3f} | {mb / low:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
