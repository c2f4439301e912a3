"""Reports the state of the circuit breakers listed in state/breakers.json.

Each entry looks like {"payments-api": {"state": "open", "since": "2026-11-25T14:02:00Z"}}.
Exit 0 when every breaker is closed (or none is configured), 3 when one is half-open,
1 when one is open: jobs.json lists 3 as a success code, so only an open breaker fails the group.
"""
import json
import pathlib
import sys

STATE = pathlib.Path(__file__).resolve().parent.parent / "state" / "breakers.json"


def main() -> int:
    if not STATE.exists():
        print(f"no breakers configured ({STATE} does not exist)")
        return 0
    try:
        breakers = json.loads(STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"cannot read {STATE}: {error}", file=sys.stderr)
        return 1
    worst = 0
    for name, info in sorted(breakers.items()):
        state = str(info.get("state", "closed")).lower()
        print(f"{name}: {state} since {info.get('since', '?')}")
        if state == "open":
            worst = 1
        elif state == "half-open" and worst == 0:
            worst = 3
    return worst


if __name__ == "__main__":
    sys.exit(main())
