"""How long after Esc a lab stops: cancel each lab mid-training and time until its thread ends.

Budget: within half a second. Cancellation is checked at every progress report, so the figure
is the longest gap between a lab's reports (plus thread wake-up).
"""

from __future__ import annotations

import contextlib
import threading
import time

from labs.framework import LabCancelled, Reporter
from quizzer import lab_registry


def cancel_latency(lab_id: str) -> float | None:
    """Seconds from the cancel request to the lab's thread ending; None if it finished first."""
    module = lab_registry.load(lab_id)
    started = threading.Event()
    cancel = threading.Event()
    finished: list[float] = []

    def target() -> None:
        with contextlib.suppress(LabCancelled):
            module.run(seed=0, reporter=Reporter(lambda _: started.set(), cancel.is_set))
        finished.append(time.perf_counter())

    thread = threading.Thread(target=target)
    thread.start()
    started.wait(timeout=30)
    time.sleep(0.05)  # well into training, past the first compile
    if not thread.is_alive():
        thread.join()
        return None
    asked = time.perf_counter()
    cancel.set()
    thread.join()
    return max(0.0, finished[0] - asked)


def main() -> None:
    from labs import jaxkit

    jaxkit.setup()
    print("lab cancellation latency (cancel shortly after the first progress report)")
    worst = 0.0
    for info in lab_registry.list_labs():
        latency = cancel_latency(info.id)
        if latency is None:
            print(f"  {info.id:<24}  finished before the cancel")
            continue
        worst = max(worst, latency)
        print(f"  {info.id:<24} {latency * 1000:7.1f} ms")
    print(f"  {'worst':<24} {worst * 1000:7.1f} ms (budget 500 ms)")


if __name__ == "__main__":
    main()
