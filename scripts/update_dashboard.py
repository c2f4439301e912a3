"""Publishes the newest daily report as the dashboard page (dashboard/index.html)."""
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "latest.html"
DASHBOARD = ROOT / "dashboard" / "index.html"


def main() -> int:
    if not REPORT.exists():
        print(f"no report to publish yet ({REPORT})", file=sys.stderr)
        return 1
    DASHBOARD.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPORT, DASHBOARD)
    print(f"dashboard updated from {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
