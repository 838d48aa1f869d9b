"""What every bench script prints the same way: the machine, and percentiles."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    """A line naming the machine the figures come from."""
    model = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (f"machine: {os.cpu_count()} x {model} ({platform.machine()}), Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}")


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
