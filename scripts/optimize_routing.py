"""Suggests routing weights from the latest trend snapshot written by builtin:trends.

Groups that got slower or fail more often get less weight; the result goes to state/routing.json
for whatever routes work to read. Without a snapshot there is nothing to learn from yet: exit 0.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "snapshots" / "latest.json"
OUTPUT = ROOT / "state" / "routing.json"


def main() -> int:
    if not SNAPSHOT.exists():
        print(f"no trend snapshot yet ({SNAPSHOT}); nothing to optimise")
        return 0
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    weights = {}
    for group in snapshot.get("groups", []):
        p95 = float(group.get("durationP95Ms") or 0) or 1.0
        failure = float(group.get("failureRate") or 0)
        weights[group.get("name", "?")] = round((1.0 - min(failure, 0.9)) * 1000.0 / p95, 4)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"weights": weights}, indent=2), encoding="utf-8")
    print(f"wrote {len(weights)} routing weights to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
