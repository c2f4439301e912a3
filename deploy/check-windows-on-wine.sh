#!/usr/bin/env bash
# Runs the Windows code paths of Rhythm under Wine on Linux and prints one PASS/FAIL line per check:
#   - the load sampler (GetSystemTimes, GlobalMemoryStatusEx) against /proc on the same machine, quiet and busy;
#   - step process trees in a Job Object: timeout, leftovers after the main process ends, a clean exit, and the
#     host killed hard (KILL_ON_JOB_CLOSE), with Wine's behaviour without a job as the control;
#   - a stop's grace period: Ctrl+C on the step's console, a step that finishes on it, one that ignores it, a .cmd;
#   - the cleanup step's killPattern: an old matching process killed, a running step's and the host spared;
#   - the Windows service: rhythm install (sc.exe), the service lifetime, groups running, the log, the control
#     token's ACL and the CLI verbs that use it, sc stop (graceful), sc start, rhythm uninstall.
# It publishes rhythm and deploy/WindowsProbe for win-x64 (self-contained), works in a throwaway WINEPREFIX and
# stops its wineserver at the end. Exit status: 0 when every check passed, 1 otherwise.
#
# Usage: deploy/check-windows-on-wine.sh [--keep] [--published DIR]
#   --keep           leave the work folder (prefix, jobs folders, logs) for inspection
#   --published DIR  reuse DIR/rhythm and DIR/probe from an earlier run instead of publishing again
# Needs: wine (Wine 8 was used; the 64-bit loader is enough), dotnet, python3, pgrep.
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
KEEP=0
PUB=
while [[ $# -gt 0 ]]; do
    case $1 in
        --keep) KEEP=1 ;;
        --published) PUB=$2; shift ;;
        *) echo "usage: $0 [--keep] [--published DIR]" >&2; exit 2 ;;
    esac
    shift
done

WORK=$(mktemp -d /tmp/rhythm-wine.XXXXXX)
export WINEPREFIX=$WORK/prefix
export WINEDEBUG=-all
STARTED=$(date +%s)
RESULTS=()
FAILED=0
BACKGROUND=()

say() { printf '%s\n' "$*"; }
result() { RESULTS+=("$1  $2"); say "$1  $2"; }
pass() { result PASS "$1"; }
fail() { result FAIL "$1"; FAILED=1; }
note() { result NOTE "$1"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

cleanup() {
    local pid
    for pid in "${BACKGROUND[@]}"; do kill -9 "$pid" 2>/dev/null; done
    wineserver -k 2>/dev/null
    wineserver -w 2>/dev/null
    if [[ $KEEP == 1 ]]; then say "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Wine maps drive Z: to /.
winpath() { local p=${1//\//\\}; printf 'Z:%s' "$p"; }
jsonpath() { local p; p=$(winpath "$1"); printf '%s' "${p//\\/\\\\}"; }
rhythm() { wine "$PUB/rhythm/rhythm.exe" "$@"; }
probe() { wine "$PUB/probe/rhythm-probe.exe" "$@"; }
# The Windows process of a host started on DIR/jobs.json (not the shell or loader that started it).
hostpid() { local w; w=$(winpath "$1/jobs.json"); pgrep -f "^[^ ]*rhythm\.exe run --jobs ${w//\\/.}\$"; }
# Wine processes show their Windows command line to ps, so the mark in a probe's arguments finds them.
count() { pgrep -fc "rhythm-probe.exe .* $1\$" || true; }
ids() { pgrep -f "rhythm-probe.exe .* $1\$" || true; }
waitfor() {
    local limit=$1; shift
    local end=$((SECONDS + limit))
    while ((SECONDS < end)); do
        if "$@"; then return 0; fi
        sleep 0.5
    done
    "$@"
}
has_count() { [[ $(count "$1") == "$2" ]]; }
# The outcome of the latest run of a group, from `rhythm history --json`.
outcome() {
    rhythm history --jobs "$(winpath "$1/jobs.json")" --group "$2" --limit 1 --json 2>/dev/null \
        | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[0]["outcome"] if r else "none")'
}
is_outcome() { [[ $(outcome "$1" "$2") == "$3" ]]; }
# Starts a host on DIR/jobs.json in the background, its output in DIR/OUT, waits until it runs its schedule, and
# sets HOST to its pid (also killed at the end).
start_host() {
    wine "$PUB/rhythm/rhythm.exe" run --jobs "$(winpath "$1/jobs.json")" >"$1/$2" 2>&1 &
    disown
    waitfor 60 grep -qs "Rhythm started" "$1/$2"
    HOST=$(hostpid "$1")
    BACKGROUND+=($HOST)
}
# A field of the first step of a group's latest run (message, outputTail), from `rhythm history --json`.
step_field() {
    rhythm history --jobs "$(winpath "$1/jobs.json")" --group "$2" --limit 1 --json 2>/dev/null \
        | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[0]["steps"][0].get(sys.argv[1]) or "" if r and r[0]["steps"] else "")' "$3"
}
# The seconds a stop took, from a step message such as "timed out after 4s (stopped after 0.6s)".
stopped_after() { step_field "$1" "$2" message | sed -n 's/.*stopped after \([0-9.]*\)s.*/\1/p'; }

say "== setup (work folder $WORK)"
if [[ -z $PUB ]]; then
    PUB=$WORK/pub
    dotnet publish "$ROOT/Rhythm.Host" -c Release -r win-x64 --self-contained -o "$PUB/rhythm" -v quiet -nologo >"$WORK/publish.log" 2>&1 \
        && dotnet publish "$ROOT/deploy/WindowsProbe" -c Release -r win-x64 --self-contained -o "$PUB/probe" -v quiet -nologo >>"$WORK/publish.log" 2>&1 \
        || { cat "$WORK/publish.log"; say "FAIL  publishing for win-x64"; exit 1; }
fi
# No Mono or Gecko installers while the prefix is made: nothing here needs them. Only then: with mscoree turned off
# for good, Wine cannot load the framework's IL assemblies.
WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i >/dev/null 2>&1
# Wine's services.exe gives a starting service 10 s to connect by default, Windows 30 s (ServicesPipeTimeout); on a
# busy machine a .NET host under Wine can need more than 10. services.exe reads it when it starts, hence the restart.
wine reg add 'HKLM\System\CurrentControlSet\Control' /v ServicesPipeTimeout /t REG_DWORD /d 30000 /f >/dev/null 2>&1
wineserver -k
wineserver -w
# A persistent server keeps the Wine "machine" up between commands: when it shuts down and starts again, that is a
# reboot, and services.exe starts every auto-start service anew.
wineserver -p
say "$(wine --version 2>/dev/null), prefix $WINEPREFIX, published in $PUB ($(date -u +%H:%M:%S) UTC, $(($(date +%s) - STARTED)) s)"

# ---------------------------------------------------------------------------------------------------------------
say "== load sampler"
LOAD=$WORK/load
mkdir -p "$LOAD"
cat >"$LOAD/jobs.json" <<EOF
{
  "rhythm": { "sampleEvery": "1s" },
  "groups": [ { "name": "quiet", "every": "1h", "steps": [ { "name": "echo", "run": "cmd", "args": ["/c", "echo", "quiet"] } ] } ]
}
EOF
# /proc/stat and /proc/meminfo once a second, as the Linux sampler reads them, to compare with what Wine reports.
python3 - "$LOAD/linux.csv" <<'EOF' &
import sys, time
def cpu():
    f = [int(x) for x in open('/proc/stat').readline().split()[1:]]
    idle = f[3] + f[4]
    return sum(f[:8]) - idle, sum(f[:8])
def mem():
    m = {l.split(':')[0]: int(l.split()[1]) for l in open('/proc/meminfo')}
    return 100.0 * (m['MemTotal'] - m['MemAvailable']) / m['MemTotal']
with open(sys.argv[1], 'w', buffering=1) as out:
    busy0, total0 = cpu()
    while True:
        time.sleep(1)
        busy, total = cpu()
        out.write(f"{time.time():.3f},{100.0 * (busy - busy0) / max(total - total0, 1):.1f},{mem():.1f}\n")
        busy0, total0 = busy, total
EOF
BACKGROUND+=($!)
disown
start_host "$LOAD" run.out
LOAD_HOST=$HOST
QUIET_FROM=$(date +%s.%N)
sleep 10
BUSY_FROM=$(date +%s.%N)
# Memory moves too: a tenth of the machine's RAM, every page written, held until the spinning ends.
python3 -c 'import os, time; n = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 10; b = b"\1" * n; time.sleep(15)' &
HOLDER=$!
SPINNERS=()
for _ in $(seq "$(nproc)"); do
    timeout 12 sh -c 'while :; do :; done' &
    SPINNERS+=($!)
done
wait "${SPINNERS[@]}" 2>/dev/null
BUSY_TO=$(date +%s.%N)
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
sleep 1
rhythm metrics --jobs "$(winpath "$LOAD/jobs.json")" --since 1h --csv >"$LOAD/metrics.csv" 2>&1
kill -9 "$LOAD_HOST" 2>/dev/null
python3 - "$LOAD/metrics.csv" "$LOAD/linux.csv" "$QUIET_FROM" "$BUSY_FROM" "$BUSY_TO" >"$LOAD/verdict" <<'EOF'
import csv, sys
from datetime import datetime
metrics, linux, quiet_from, busy_from, busy_to = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
host = [(datetime.fromisoformat(r['at']).timestamp(), float(r['cpu']), float(r['memory'])) for r in csv.DictReader(open(metrics))]
proc = [tuple(map(float, l.split(','))) for l in open(linux) if l.strip()]
def mean(rows, lo, hi, i):
    # Each sample covers the second before it; the first two seconds of a phase still carry the one before.
    v = [r[i] for r in rows if lo + 2 <= r[0] <= hi]
    return sum(v) / len(v) if v else float('nan'), len(v)
ok = all(0 <= c <= 100 and 0 < m < 100 for _, c, m in host) and len(host) >= 10
hq, nq = mean(host, quiet_from, busy_from, 1); lq, _ = mean(proc, quiet_from, busy_from, 1)
hb, nb = mean(host, busy_from, busy_to, 1); lb, _ = mean(proc, busy_from, busy_to, 1)
hm, _ = mean(host, quiet_from, busy_to, 2); lm, _ = mean(proc, quiet_from, busy_to, 2)
hmq, _ = mean(host, quiet_from, busy_from, 2); lmq, _ = mean(proc, quiet_from, busy_from, 2)
hmb, _ = mean(host, busy_from, busy_to, 2); lmb, _ = mean(proc, busy_from, busy_to, 2)
print(f"range {'ok' if ok else 'bad'} ({len(host)} samples)")
print(f"quiet cpu wine {hq:.1f} % vs /proc {lq:.1f} % ({nq} samples)")
print(f"busy cpu wine {hb:.1f} % vs /proc {lb:.1f} % ({nb} samples)")
print(f"memory wine {hmq:.1f} % -> {hmb:.1f} % vs /proc {lmq:.1f} % -> {lmb:.1f} % (quiet -> a tenth of RAM held)")
print("verdict-range", "yes" if ok else "no")
print("verdict-agree", "yes" if abs(hq - lq) <= 15 and abs(hb - lb) <= 15 else "no")
print("verdict-moves", "yes" if hb - hq >= 0.5 * (lb - lq) and lb - lq >= 20 else ("quiet-machine-busy" if lb - lq < 20 else "no"))
print("verdict-memory", "yes" if abs(hm - lm) <= 10 else "no")
print("verdict-memory-moves", "yes" if lmb - lmq >= 5 and hmb - hmq >= 0.5 * (lmb - lmq) else ("held-too-late" if lmb - lmq < 5 else "no"))
EOF
sed -n '1,4p' "$LOAD/verdict" | sed 's/^/      /'
verdict() { grep -q "^verdict-$1 yes" "$LOAD/verdict"; }
check "load: every CPU and memory sample is a percentage (0-100), one a second" verdict range
check "load: CPU % agrees with /proc/stat within 15 points, quiet and busy" verdict agree
if grep -q "^verdict-moves quiet-machine-busy" "$LOAD/verdict"; then
    note "load: the machine was already busy before the spin, so the rise could not be shown"
else
    check "load: CPU % rises with the busy loop as /proc/stat does" verdict moves
fi
check "load: memory % agrees with /proc/meminfo within 10 points" verdict memory
if grep -q "^verdict-memory-moves held-too-late" "$LOAD/verdict"; then
    note "load: /proc/meminfo itself rose less than 5 points (the machine was too busy to fill a tenth of RAM in time), so the rise could not be shown"
else
    check "load: memory % rises with a tenth of RAM held as /proc/meminfo does" verdict memory-moves
fi

# ---------------------------------------------------------------------------------------------------------------
say "== step process trees (Job Object)"
TREE=$WORK/tree
mkdir -p "$TREE"
P=$(jsonpath "$PUB/probe/rhythm-probe.exe")
M=w$$
cat >"$TREE/jobs.json" <<EOF
{
  "rhythm": { "gracePeriod": "3s" },
  "groups": [
    { "name": "timeout", "every": "1h", "steps": [ { "name": "tree", "run": "$P", "args": ["tree", "300", "$M-timeout"], "timeout": "8s" } ] },
    { "name": "leftover", "every": "1h", "steps": [ { "name": "tree", "run": "$P", "args": ["tree", "0", "$M-leftover"] } ] },
    { "name": "clean", "every": "1h", "steps": [ { "name": "sleep", "run": "$P", "args": ["sleep", "1", "$M-clean"] } ] },
    { "name": "long", "every": "1h", "steps": [ { "name": "tree", "run": "$P", "args": ["tree", "300", "$M-hard"] } ] },
    { "name": "polite", "every": "1h", "steps": [ { "name": "wait", "run": "$P", "args": ["polite", "300", "$M-polite"], "timeout": "6s" } ] },
    { "name": "stubborn", "every": "1h", "steps": [ { "name": "wait", "run": "$P", "args": ["stubborn", "300", "$M-stubborn"], "timeout": "6s" } ] },
    { "name": "batch", "every": "1h", "steps": [ { "name": "script", "run": "batch.cmd", "timeout": "6s" } ] }
  ]
}
EOF
# cmd.exe meets Ctrl+C with "Terminate batch job (Y/N)?"; the step's stdin is closed, which must answer it.
printf '@echo off\r\n"%s" polite 300 %s\r\necho batch went on after Ctrl+C\r\n"%s" sleep 300 %s\r\n' \
    "$(winpath "$PUB/probe/rhythm-probe.exe")" "$M-batch" "$(winpath "$PUB/probe/rhythm-probe.exe")" "$M-batch" >"$TREE/batch.cmd"
start_host "$TREE" run.out
TREE_HOST=$HOST
check "tree: a step's tree (root, child, grandchild) is running" waitfor 30 has_count "$M-timeout" 3
check "tree: on its timeout the step is timed-out and its whole tree is gone" \
    waitfor 30 eval "is_outcome '$TREE' timeout timed-out && has_count '$M-timeout' 0"
check "tree: the main process exits leaving child and grandchild: both stopped, step succeeded" \
    waitfor 10 eval "is_outcome '$TREE' leftover succeeded && has_count '$M-leftover' 0 && grep -q 'left .* running; stopping them' '$TREE/run.out'"
check "tree: a clean exit succeeds and leaves nothing" waitfor 10 eval "is_outcome '$TREE' clean succeeded && has_count '$M-clean' 0"
check "stop: on timeout the step gets Ctrl+C on its console: root and child both see it and finish within the grace period" \
    waitfor 40 eval "is_outcome '$TREE' polite timed-out && has_count '$M-polite' 0 \
        && step_field '$TREE' polite outputTail | grep 'polite got Ctrl+C, finishing' >/dev/null \
        && step_field '$TREE' polite outputTail | grep 'polite-child got Ctrl+C, finishing' >/dev/null"
say "      polite: $(step_field "$TREE" polite message)"
check "stop: ... and the stop took less than the 3 s grace period" eval "python3 -c 'import sys; sys.exit(not float(\"$(stopped_after "$TREE" polite)\") < 3)'"
check "stop: a step that ignores Ctrl+C is terminated after the 3 s grace period, and nothing is left" \
    waitfor 40 eval "is_outcome '$TREE' stubborn timed-out && has_count '$M-stubborn' 0 \
        && step_field '$TREE' stubborn outputTail | grep 'stubborn got Ctrl+C, ignoring it' >/dev/null \
        && python3 -c 'import sys; sys.exit(not 2.9 <= float(sys.argv[1]) < 6)' \"\$(stopped_after '$TREE' stubborn)\""
say "      stubborn: $(step_field "$TREE" stubborn message)"
check "stop: a .cmd step: Ctrl+C ends the program it runs and the batch itself, within the grace period" \
    waitfor 40 eval "is_outcome '$TREE' batch timed-out && has_count '$M-batch' 0 \
        && step_field '$TREE' batch outputTail | grep 'polite got Ctrl+C, finishing' >/dev/null \
        && ! step_field '$TREE' batch outputTail | grep 'went on' >/dev/null \
        && python3 -c 'import sys; sys.exit(not float(sys.argv[1]) < 3)' \"\$(stopped_after '$TREE' batch)\""
say "      batch: $(step_field "$TREE" batch message)"
check "stop: the log names only the step's processes (not the console host) when a main process leaves some running" \
    grep -q "left 2 processes running; stopping them" "$TREE/run.out"
if waitfor 20 has_count "$M-hard" 3; then
    rhythm run --jobs "$(winpath "$TREE/jobs.json")" >"$TREE/second.out" 2>&1
    SECOND_EXIT=$?
    check "tree: a second host on the same store exits 1 and leaves the first host's running step alone" \
        eval "[[ $SECOND_EXIT == 1 ]] && grep -q 'in use by another Rhythm host' '$TREE/second.out' && has_count '$M-hard' 3"
    kill -9 "$TREE_HOST"
    check "tree: the host killed hard (SIGKILL): kill-on-close ends the step's whole tree" waitfor 10 has_count "$M-hard" 0
else
    fail "tree: the long step's tree did not start"
fi
# The control: the same tree started by hand, without a job, and its root killed the same way.
wine "$PUB/probe/rhythm-probe.exe" tree 300 "$M-control" >/dev/null 2>&1 &
disown
if waitfor 20 has_count "$M-control" 3; then
    kill -9 "$(pgrep -f "rhythm-probe.exe tree 300 $M-control\$")"
    sleep 3
    check "tree: control: without a job, Wine leaves a killed root's child and grandchild running" has_count "$M-control" 2
    for pid in $(ids "$M-control"); do kill -9 "$pid"; done
else
    fail "tree: control: the tree started by hand did not start"
fi
start_host "$TREE" restart.out
check "tree: after the hard kill, a restarted host records the long run as interrupted" \
    waitfor 60 eval "grep -qs 'Rhythm started' '$TREE/restart.out' && is_outcome '$TREE' long interrupted"
check "tree: ... and status shows that group's last outcome as interrupted, not running" \
    eval "rhythm status --jobs '$(winpath "$TREE/jobs.json")' --json 2>/dev/null \
        | python3 -c 'import json,sys; g={x[\"name\"]: x for x in json.load(sys.stdin)[\"groups\"]}; sys.exit(g[\"long\"][\"lastOutcome\"] != \"interrupted\" or g[\"long\"][\"state\"] == \"running\")'"
kill -9 "$HOST" 2>/dev/null
waitfor 10 has_count "$M-.*" 0 >/dev/null

# ---------------------------------------------------------------------------------------------------------------
say "== cleanup killPattern"
CLEAN=$WORK/clean
mkdir -p "$CLEAN"
# The pattern matches a process started by hand, a running step's process and (second branch) the host itself:
# only the first may be killed.
cat >"$CLEAN/jobs.json" <<EOF
{
  "groups": [
    { "name": "busy", "every": "1h", "steps": [ { "name": "wait", "run": "$P", "args": ["sleep", "300", "$M-legacy-step"] } ] },
    { "name": "clean", "at": "03:00", "steps": [ { "name": "sweep", "run": "builtin:cleanup",
      "with": { "killPattern": "sleep 300 $M-legacy|rhythm\\\\.exe\\"? run --jobs", "olderThan": "1s", "compact": false } } ] }
  ]
}
EOF
wine "$PUB/probe/rhythm-probe.exe" sleep 300 "$M-legacy" >/dev/null 2>&1 &
disown
wine "$PUB/probe/rhythm-probe.exe" sleep 300 "$M-keep" >/dev/null 2>&1 &
disown
start_host "$CLEAN" run.out
CLEAN_HOST=$HOST
if waitfor 20 eval "has_count '$M-legacy' 1 && has_count '$M-legacy-step' 1 && has_count '$M-keep' 1"; then
    sleep 1
    rhythm trigger clean --jobs "$(winpath "$CLEAN/jobs.json")" >/dev/null 2>&1
    check "cleanup: killPattern kills the old matching process, succeeds, and says so" \
        waitfor 30 eval "is_outcome '$CLEAN' clean succeeded && has_count '$M-legacy' 0 \
            && step_field '$CLEAN' clean message | grep 'killed 1 process matching' >/dev/null"
    say "      $(step_field "$CLEAN" clean message)"
    check "cleanup: ... it spares the running step's process (in its Job Object) and the host (which the pattern also matches)" \
        eval "has_count '$M-legacy-step' 1 && kill -0 $CLEAN_HOST"
    check "cleanup: ... and leaves a process the pattern does not match" has_count "$M-keep" 1
else
    fail "cleanup: the processes to match did not start"
fi
kill -9 "$CLEAN_HOST" 2>/dev/null
for pid in $(ids "$M-keep") $(ids "$M-legacy"); do kill -9 "$pid" 2>/dev/null; done
waitfor 10 has_count "$M-legacy-step" 0 >/dev/null

# ---------------------------------------------------------------------------------------------------------------
say "== Windows service"
SVC=$WORK/svc
mkdir -p "$SVC"
cat >"$SVC/jobs.json" <<EOF
{
  "rhythm": { "gracePeriod": "3s" },
  "groups": [
    { "name": "tick", "every": "2s", "steps": [ { "name": "echo", "run": "cmd", "args": ["/c", "echo", "tick"] } ] },
    { "name": "long", "every": "1h", "steps": [ { "name": "tree", "run": "$P", "args": ["tree", "300", "$M-svc"] } ] },
    { "name": "polite", "every": "1h", "steps": [ { "name": "wait", "run": "$P", "args": ["polite", "300", "$M-svcpolite"] } ] }
  ]
}
EOF
SVC_JOBS=$(winpath "$SVC/jobs.json")
LOG=$SVC/logs/rhythm.log
state() { wine sc.exe query rhythm 2>/dev/null | sed -n 's/^ *STATE *: *\([0-9]*\).*/\1/p'; }
is_state() { [[ $(state) == "$1" ]]; }
rhythm install --jobs "$SVC_JOBS" >"$SVC/install.out" 2>"$SVC/install.err"
INSTALL_EXIT=$?
sed 's/^/      /' "$SVC/install.err"
check "service: rhythm install exits 0 and reports the service running" \
    eval "[[ $INSTALL_EXIT == 0 ]] && grep -q 'is installed and running' '$SVC/install.out'"
if grep -q "failureflag failed" "$SVC/install.err"; then
    note "service: Wine's sc.exe has no 'failureflag' (and ignores 'failure'): install warned and went on; the restart policy is not exercised"
fi
check "service: sc query reports RUNNING" waitfor 30 is_state 4
check "service: the host runs under the Windows service lifetime (services.exe started it)" \
    waitfor 30 grep -qs "Application started. Hosting environment" "$LOG"
check "service: groups run and the log is written beside jobs.json" waitfor 30 eval "[[ \$(grep -cs \"Group 'tick' succeeded\" '$LOG') -ge 2 ]]"
check "service: a step's tree runs under the service" waitfor 30 has_count "$M-svc" 3

TOKEN=$SVC/jobs.control.token
if waitfor 10 test -f "$TOKEN"; then
    probe acl "$(winpath "$TOKEN")" >"$SVC/token.acl" 2>&1
    probe acl "$SVC_JOBS" >"$SVC/jobs.acl" 2>&1
    sed 's/^/      /' "$SVC/token.acl"
    me=$(sed -n 's/^current user \([^;]*\);.*/\1/p' "$SVC/token.acl")
    check "token: the ACL gives Everyone, Users and Authenticated Users nothing (an ordinary file there grants Everyone read)" \
        eval "! grep -qE '^rule Allow (S-1-1-0|S-1-5-32-545|S-1-5-11) ' '$SVC/token.acl' && grep -q '^rule Allow S-1-1-0 ' '$SVC/jobs.acl'"
    check "token: the current user has full control" grep -q "^rule Allow $me FullControl" "$SVC/token.acl"
    if ! grep -q "inheritance blocked: True" "$SVC/token.acl"; then
        note "token: Wine turns the descriptor into Unix mode $(stat -c %a "$TOKEN") and reads back owner + SYSTEM, unprotected: the exact ACL is a real-Windows matter"
    fi
    check "token: rhythm pause --all reads the token and the host pauses" \
        eval "rhythm pause --all --jobs '$SVC_JOBS' >/dev/null 2>&1 && rhythm status --jobs '$SVC_JOBS' --json 2>/dev/null | grep -q '\"state\": \"paused\"'"
    check "token: rhythm resume --all" eval "rhythm resume --all --jobs '$SVC_JOBS' >/dev/null 2>&1"
else
    fail "token: the host wrote no control token"
fi

wine sc.exe stop rhythm >/dev/null 2>&1
check "service: sc stop: the service reaches STOPPED" waitfor 60 is_state 1
check "service: it stopped with exit code 0" eval "wine sc.exe query rhythm 2>/dev/null | grep -q 'WIN32_EXIT_CODE *: *0 '"
check "service: the running step was cancelled (grace period, then its tree stopped) and nothing is left" \
    eval "is_outcome '$SVC' long cancelled && has_count '$M-svc' 0"
check "service: a step that handles Ctrl+C got it from sc stop and finished on its own, within the grace period" \
    eval "is_outcome '$SVC' polite cancelled && step_field '$SVC' polite outputTail | grep 'polite got Ctrl+C, finishing' >/dev/null \
        && python3 -c 'import sys; sys.exit(not float(sys.argv[1]) < 3)' \"\$(stopped_after '$SVC' polite)\""
say "      polite under the service: $(step_field "$SVC" polite message)"
check "service: the control files were removed on the way out" eval "[[ ! -e '$TOKEN' && ! -e '$SVC/jobs.control.json' ]]"
wine sc.exe start rhythm >/dev/null 2>&1
check "service: sc start runs it again" waitfor 60 eval "is_state 4 && [[ \$(grep -cs 'Rhythm started' '$LOG') -ge 2 ]]"
wine sc.exe stop rhythm >/dev/null 2>&1
waitfor 60 is_state 1
cp "$SVC/jobs.json" "$SVC/jobs.good"
echo '{ "groups": [ { "name": "tick", "every": "soon", "steps": [ { "name": "echo", "run": "cmd" } ] } ] }' >"$SVC/jobs.json"
wine sc.exe start rhythm >/dev/null 2>&1
check "service: started on an invalid jobs.json, it stops and the log beside jobs.json names the problem" \
    waitfor 60 eval "is_state 1 && grep -q \"group 'tick', field 'every'\" '$LOG' && grep -q 'cannot start until jobs.json is fixed' '$LOG'"
grep "ERROR.*group 'tick'" "$LOG" | tail -1 | sed 's/^/      /'
cp "$SVC/jobs.good" "$SVC/jobs.json"
rhythm uninstall >"$SVC/uninstall.out" 2>&1
UNINSTALL_EXIT=$?
check "service: rhythm uninstall stops and removes it" \
    eval "[[ $UNINSTALL_EXIT == 0 ]] && ! wine sc.exe query rhythm >/dev/null 2>&1 && ! pgrep -f 'rhythm.exe run --jobs .*svc.jobs.json' >/dev/null"
check "service: nothing the service started is left" has_count "$M-svc" 0
if [[ -z $(wine icacls.exe 2>&1) ]]; then
    note "service: Wine's icacls.exe is a stub (no output, exit 0) and Wine runs every service as its one user, so the folder grant to NT SERVICE\\rhythm is not exercised"
fi

# ---------------------------------------------------------------------------------------------------------------
say ""
say "== summary ($(($(date +%s) - STARTED)) s, $(wine --version 2>/dev/null))"
for line in "${RESULTS[@]}"; do say "$line"; done
if [[ $FAILED == 0 ]]; then say "all checks passed"; else say "some checks FAILED"; fi
exit $FAILED
