"""Run every benchmark module in turn, each in its own process: ``python -m benchmarks [name ...]``.

Each prints a small table ready for the README. Arguments choose modules (default: all).
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ["reminders", "scan_worker", "digests", "api", "plan_import", "board_pack"]


def main(names: list[str]) -> int:
    failed = []
    for name in names or BENCHMARKS:
        print(f"\n## benchmarks.{name}\n", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], cwd=ROOT).returncode:
            failed.append(name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
