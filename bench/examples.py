"""Example self-assessments written through the store, as a respondent's would be.

`submit_example` is a real submission (a new draft, saved, then submitted: the answer rows, the
history row and the data revision in one transaction), so the caches keyed on that revision
(ui/data.py `cached`) recompute on the next rerun exactly as after a participant's submission.
`complete_drafts` leaves drafts ready to submit, each opened in a browser by its resume code.
`burst` submits many at the same moment from threads of this process.
"""

import random
import threading
import time

from indicators.demo import example_assessment
from indicators.questionnaire import Questionnaire
from indicators.store import Store


def submit_example(store: Store, q: Questionnaire, rng: random.Random, place_ids: list[str]) -> None:
    place_id = rng.choice(place_ids)
    assessment = example_assessment(place_id, q, rng)
    assessment_id, _ = store.create_assessment(place_id)
    store.save_draft(assessment_id, assessment)
    store.submit_assessment(assessment_id, assessment, q, "bench")


def complete_drafts(store: Store, q: Questionnaire, count: int, seed: int = 7) -> list[str]:
    """`count` complete drafts (anonymous, every area answered); their resume codes."""
    rng = random.Random(seed)
    place_ids = list(store.places()["place_id"])
    codes = []
    for _ in range(count):
        place_id = rng.choice(place_ids)
        assessment_id, code = store.create_assessment(place_id)
        store.save_draft(assessment_id, example_assessment(place_id, q, rng))
        codes.append(code)
    return codes


def burst(store: Store, q: Questionnaire, place_id: str, concurrent: int) -> float:
    """Seconds for `concurrent` threads of this process submitting together through the one store.

    A failed submission is left to print its trace; the callers count what was stored."""
    ids = [store.create_assessment(place_id)[0] for _ in range(concurrent)]
    barrier = threading.Barrier(concurrent + 1)

    def submit(assessment_id: str) -> None:
        barrier.wait()
        store.submit_assessment(assessment_id, example_assessment(place_id, q, random.Random()), q, "bench")

    threads = [threading.Thread(target=submit, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start
