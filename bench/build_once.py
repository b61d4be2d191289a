"""Build one MkDocs site and print how long it took and how much memory it used.

Run as ``python -m bench.build_once path/to/mkdocs.yml``, one process per build,
so that no build inherits another's imports, caches or heap. The last line of
standard output is JSON: ``{"wall_seconds": ..., "cpu_seconds": ..., "max_rss_kib": ...}``.
CPU time counts this process and any child process the build waited for.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _children_cpu() -> float:
    """CPU seconds used so far by the child processes this process has waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.build_once path/to/mkdocs.yml", file=sys.stderr)
        return 2
    # Imported before the clock starts: both variants pay the same for MkDocs itself.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    wall, cpu = time.perf_counter(), time.process_time()
    children = _children_cpu()
    try:
        config = load_config(argv[0])
        build(config)
    except MkDocsException as error:
        print(f"mkdocs: {error}", file=sys.stderr)
        return 1
    result = {
        "wall_seconds": time.perf_counter() - wall,
        # A build that hands work to another process (Pagefind does) is charged for it too.
        "cpu_seconds": time.process_time() - cpu + _children_cpu() - children,
        "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,  # KiB on Linux
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
