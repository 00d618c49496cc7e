"""Runs every known-answer vector file (core/tests/data/*.json and $MEGACRYPT_EXTRA_VECTORS)
through the Python bindings and prints one line per file:
VECTORS lang=python area=<area> file=<path> passed=<n> failed=<n> skipped=<n>"""
from areas import FILE_HANDLERS, HANDLERS
from vectorlib import Tally, load, vector_files


def test_known_answer_vectors(capsys):
    files = vector_files()
    assert files, "no vector files found"
    failures = []
    for path in files:
        data = load(path)
        area = data.get("area", "<none>")
        tally = Tally()
        handler = HANDLERS.get(area)
        if area in FILE_HANDLERS:
            handler = FILE_HANDLERS[area](data)
        if handler is None:
            tally.skip_all(data, "area not exposed by the bindings yet")
        else:
            tally.run_cases(data, handler)
        with capsys.disabled():
            print(
                f"VECTORS lang=python area={area} file={path} passed={tally.passed} "
                f"failed={len(tally.failed)} skipped={len(tally.skipped)}"
            )
            for f in tally.failed:
                print(f"  FAILED {f}")
        failures.extend(f"{path}: {f}" for f in tally.failed)
    assert not failures, f"{len(failures)} vector case(s) failed:\n" + "\n".join(failures)
