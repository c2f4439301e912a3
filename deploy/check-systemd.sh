#!/usr/bin/env bash
# Checks `rhythm install` / `rhythm uninstall` against a real systemd: builds a Debian bookworm root file system
# (cached), publishes Rhythm.Host self-contained, boots the tree with systemd-nspawn with the program bound in at
# /opt/rhythm, runs every check inside as root and powers the container off.
#
#   sudo deploy/check-systemd.sh            # prints PASS/FAIL per check; exit 0 only if every check passed
#
# Needs root, debootstrap, systemd-nspawn (package systemd-container), nsenter and the .NET 10 SDK.
# RHYTHM_SYSTEMD_CACHE (default /var/tmp/rhythm-systemd) keeps the root file system between runs; delete it to
# rebuild. Each run boots it under a throw-away overlay, so runs do not see each other's users, units or files.
set -euo pipefail

if [[ "${1:-}" == "--inside" ]]; then
    inside=1
else
    inside=0
fi

# ----------------------------------------------------------------------------------------------------------------
# Outside: build, boot, run this same script with --inside in the booted system, tear down.
# ----------------------------------------------------------------------------------------------------------------
if [[ $inside == 0 ]]; then
    started=$(date +%s)
    repo=$(cd "$(dirname "$0")/.." && pwd)
    cache=${RHYTHM_SYSTEMD_CACHE:-/var/tmp/rhythm-systemd}
    suite=bookworm
    mirror=${RHYTHM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
    # libicu for .NET globalisation, procps for ps, dbus so systemctl and logind work as on a normal machine.
    packages=systemd,systemd-sysv,dbus,libicu72,ca-certificates,procps,acl
    rootfs=$cache/rootfs
    publish=$cache/publish

    for tool in debootstrap systemd-nspawn nsenter flock dotnet; do
        command -v "$tool" > /dev/null || { echo "FAIL setup: $tool is not installed" >&2; exit 1; }
    done
    [[ $(id -u) == 0 ]] || { echo "FAIL setup: run as root (debootstrap and systemd-nspawn need it)" >&2; exit 1; }
    mkdir -p "$cache"
    # One run at a time per cache: two would build the same root file system or boot the same machine name.
    exec 9> "$cache/lock"
    flock -n 9 || { echo "FAIL setup: another check is running on $cache" >&2; exit 1; }

    nspawn_pid=
    checks_pid=
    teardown() {
        [[ -n "$checks_pid" ]] && kill -TERM "$checks_pid" 2> /dev/null
        if [[ -n "$nspawn_pid" ]] && kill -0 "$nspawn_pid" 2> /dev/null; then
            # SIGTERM asks systemd-nspawn to power the container off cleanly; SIGKILL if it has not within 30 s.
            kill -TERM "$nspawn_pid" 2> /dev/null || true
            for _ in $(seq 1 30); do
                kill -0 "$nspawn_pid" 2> /dev/null || break
                sleep 1
            done
            kill -0 "$nspawn_pid" 2> /dev/null && echo "== the container did not power off within 30 s: killed"
            kill -KILL "$nspawn_pid" 2> /dev/null || true
            wait "$nspawn_pid" 2> /dev/null || true
            echo "== container powered off after $(($(date +%s) - started)) s"
        fi
        echo "== the whole check took $(($(date +%s) - started)) s"
    }
    trap teardown EXIT
    # Without these an interrupted run would exit without the EXIT trap and leave the container running.
    trap 'exit 130' INT
    trap 'exit 143' TERM

    if [[ ! -f "$rootfs/.complete" || "$(cat "$rootfs/.complete")" != "$suite $packages" ]]; then
        echo "== building the $suite root file system in $rootfs (cached for later runs)"
        rm -rf "$rootfs" "$rootfs.tmp"
        debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs.tmp" "$mirror" > "$cache/debootstrap.log" 2>&1 \
            || { echo "FAIL setup: debootstrap failed, see $cache/debootstrap.log" >&2; exit 1; }
        # A console login prompt is of no use in a check and only adds to boot time.
        chroot "$rootfs.tmp" systemctl mask console-getty.service getty@.service > /dev/null 2>&1 || true
        echo "$suite $packages" > "$rootfs.tmp/.complete"
        mv "$rootfs.tmp" "$rootfs"
    else
        echo "== using the cached root file system $rootfs"
    fi

    echo "== publishing Rhythm.Host (self-contained, linux-x64)"
    dotnet publish "$repo/Rhythm.Host" -c Release -r linux-x64 --self-contained -o "$publish" -nologo -v quiet > "$cache/publish.log" 2>&1 \
        || { cat "$cache/publish.log" >&2; echo "FAIL setup: dotnet publish failed" >&2; exit 1; }

    echo "== booting it with systemd-nspawn"
    # --volatile=overlay: the cached tree stays read-only under a tmpfs that takes every change and vanishes at
    # power-off, so each run starts from the same fresh system and nothing is copied or deleted. --register=no and
    # --keep-unit: the host need not run systemd or machined. A private network keeps the container's loopback
    # (the control endpoint) apart from the host's.
    systemd-nspawn --boot --directory="$rootfs" --volatile=overlay --machine=rhythm-check --register=no --keep-unit \
        --private-network --console=passive \
        --bind-ro="$publish:/opt/rhythm" --bind-ro="$(readlink -f "$0"):/root/check-systemd.sh" \
        > "$cache/boot.log" 2>&1 &
    nspawn_pid=$!
    leader=
    for _ in $(seq 1 60); do
        leader=$(pgrep -P "$nspawn_pid" -x systemd || true)
        [[ -n "$leader" ]] && break
        kill -0 "$nspawn_pid" 2> /dev/null || break
        sleep 0.5
    done
    if [[ -z "$leader" ]]; then
        cat "$cache/boot.log" >&2
        echo "FAIL setup: systemd did not start in the container" >&2
        exit 1
    fi
    # Entering the container can fail while systemd is still setting it up, so ask until it answers "running".
    state=
    for _ in $(seq 1 240); do
        state=$(nsenter --target "$leader" --all systemctl is-system-running 2> /dev/null || true)
        [[ "$state" == running || "$state" == degraded ]] && break
        sleep 0.5
    done
    case "$state" in
        running) ;;
        degraded) nsenter --target "$leader" --all systemctl --failed --no-pager --plain || true ;;
        *) cat "$cache/boot.log" >&2; echo "FAIL setup: the container did not finish booting (state: ${state:-none})" >&2; exit 1 ;;
    esac
    echo "== booted in $(($(date +%s) - started)) s since the start of the check (system state: $state)"

    # In the background and waited for, so that an interrupt is handled at once rather than after the checks.
    timeout 900 nsenter --target "$leader" --all env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        bash /root/check-systemd.sh --inside &
    checks_pid=$!
    wait "$checks_pid" && result=0 || result=$?
    checks_pid=
    [[ $result == 124 ]] && echo "FAIL the checks did not finish within 15 minutes"
    echo "== checks done after $(($(date +%s) - started)) s; powering the container off"
    exit $result
fi

# ----------------------------------------------------------------------------------------------------------------
# Inside the booted container, as root.
# ----------------------------------------------------------------------------------------------------------------
# Every check reports its own failure; none may end the run. No pipefail: `journalctl | grep -q` is a pass.
set +e +o pipefail
export SYSTEMD_PAGER= SYSTEMD_COLORS=0
rhythm=/opt/rhythm/rhythm
folder=/etc/rhythm
jobs=$folder/jobs.json
grace=5
marker=/var/tmp/trapper.marker
passed=0
failed=0
failures=()

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); failures+=("$1"); }
check() { local name=$1; shift; if "$@" > /dev/null 2>&1; then pass "$name"; else fail "$name"; fi; }
prop() { systemctl show rhythm.service -p "$1" --value; }
main_pid() { prop MainPID; }
service_processes() { ps -u rhythm -o pid= 2> /dev/null | wc -l; }
# Waits up to $1 seconds for the command after it to succeed.
wait_for() { local limit=$1; shift; local i; for ((i = 0; i < limit * 4; i++)); do "$@" && return 0; sleep 0.25; done; return 1; }
json_field() { tr -d '\n' | grep -o "\"name\": *\"$1\"[^}]*" | grep -o "\"$2\": *\"[^\"]*\"" | head -1; }

echo "== writing $jobs"
mkdir -p $folder/scripts
cat > $jobs << EOF
{
  "rhythm": { "store": "state/rhythm.db", "gracePeriod": "${grace}s" },
  "groups": [
    { "name": "tick", "every": "1h", "priority": "critical", "steps": [ { "name": "echo", "run": "scripts/tick.sh" } ] },
    { "name": "plain", "every": "1h", "steps": [ { "name": "sleep", "run": "scripts/plain.sh" } ] },
    { "name": "trapper", "every": "1h", "steps": [ { "name": "trap", "run": "scripts/trapper.sh" } ] },
    { "name": "stubborn", "every": "1h", "steps": [ { "name": "ignore-term", "run": "scripts/stubborn.sh" } ] }
  ]
}
EOF
cat > $folder/scripts/tick.sh << 'EOF'
#!/bin/sh
echo "tick as $(id -un)"
EOF
# No trap: SIGTERM ends the shell and its sleep at once.
cat > $folder/scripts/plain.sh << 'EOF'
#!/bin/sh
sleep 300
EOF
# Traps TERM, takes a second to clean up, and records both, as a careful script does.
cat > $folder/scripts/trapper.sh << EOF
#!/bin/sh
trap 'trap "" TERM; echo term >> $marker; sleep 1; echo cleaned-up >> $marker; exit 143' TERM
echo started >> $marker
sleep 300 &
wait \$!
echo finished >> $marker
EOF
# Ignores TERM (its sleep inherits that), so only the SIGKILL after the grace period ends it.
cat > $folder/scripts/stubborn.sh << 'EOF'
#!/bin/sh
trap '' TERM
sleep 300
EOF
chmod 0755 $folder/scripts/*.sh

echo "== install"
unit=$($rhythm install --print --jobs $jobs)
check "install --print shows a Type=notify unit for user rhythm with Restart=on-failure" \
    grep -qzP 'Type=notify\n(.|\n)*User=rhythm\n(.|\n)*Restart=on-failure\n(.|\n)*RestartPreventExitStatus=2\n' <<< "$unit"
timeout_stop=$(sed -n 's/^TimeoutStopSec=//p' <<< "$unit")
check "install --print sets TimeoutStopSec to gracePeriod + 30 s ($timeout_stop)" test "$timeout_stop" = $((grace + 30))

# The folder belongs to root. Without setfacl install creates the user, then stops and names the fixes.
mv /usr/bin/setfacl /usr/bin/setfacl.away
out=$($rhythm install --jobs $jobs 2>&1) && rc=0 || rc=$?
mv /usr/bin/setfacl.away /usr/bin/setfacl
if [[ $rc == 1 && "$out" == *"apt install acl"* && "$out" == *"chown -R rhythm: $folder"* ]] && id rhythm > /dev/null 2>&1 \
    && [[ ! -e /etc/systemd/system/rhythm.service ]]; then
    pass "install without setfacl on an unwritable folder creates the user, writes no unit and names the fixes (exit 1)"
else
    fail "install without setfacl on an unwritable folder creates the user, writes no unit and names the fixes (exit 1)" "exit $rc: $out"
fi
check "the service user is a system user without a login shell" \
    test "$(getent passwd rhythm | cut -d: -f7)" = /usr/sbin/nologin

# With setfacl (package acl) one install does it all, as the README's walkthrough says.
out=$($rhythm install --jobs $jobs 2>&1) && rc=0 || rc=$?
if [[ $rc == 0 ]]; then pass "install exits 0"; else fail "install exits 0" "exit $rc: $out"; fi
echo "$out" | sed 's/^/    /'
check "install granted the folder to the user with an ACL, and the owner stays root" \
    bash -c "[[ \$(stat -c %U $folder) == root ]] && getfacl -p $folder 2> /dev/null | grep -qx 'user:rhythm:rwx' \
        && getfacl -p $folder 2> /dev/null | grep -qx 'default:user:rhythm:rwx'"

# Type=notify: the unit is "activating" until the host sends READY=1, so "active" proves it was sent.
check "the unit is enabled" test "$(systemctl is-enabled rhythm.service)" = enabled
check "the unit is active/running (READY=1 reached systemd)" \
    test "$(prop ActiveState)/$(prop SubState)" = active/running
check "the host sent READY=1 after it started, not before" \
    bash -c "journalctl -u rhythm.service --no-pager -o cat | grep -n -e 'Application started' -e '^Started rhythm.service' | head -2 | grep -q 'Application started' "
pid=$(main_pid)
check "the main process runs as user rhythm" test "$(ps -o user= -p "$pid")" = rhythm
check "steps run as user rhythm" wait_for 20 grep -q "tick as rhythm" $folder/logs/rhythm.log

echo "== logs"
check "the log reaches the journal (journalctl -u rhythm)" bash -c "journalctl -u rhythm.service --no-pager -o cat | grep -q 'Rhythm started: 4 groups'"
check "the same lines reach logs/rhythm.log" grep -q "Rhythm started: 4 groups" $folder/logs/rhythm.log
check "journal lines carry no timestamp of their own (the journal has one)" \
    bash -c "journalctl -u rhythm.service --no-pager -o cat | grep -q '^INFO  Rhythm.Scheduling.RhythmEngine *Rhythm started'"
check "file lines carry their timestamp" grep -q '^20[0-9-]* [0-9:.]* INFO  Rhythm.Scheduling.RhythmEngine *Rhythm started' $folder/logs/rhythm.log
check "step output is in the journal" bash -c "journalctl -u rhythm.service --no-pager -o cat | grep -q 'tick as rhythm'"

echo "== status and trigger"
check "rhythm status as root" bash -c "$rhythm status --jobs $jobs | grep -q '^tick '"
ticks() { grep -c "tick as rhythm" $folder/logs/rhythm.log; }
# A function, so that wait_for counts again on every try.
ticked_since() { [[ $(ticks) -gt $1 ]]; }
before=$(ticks)
out=$($rhythm trigger tick --jobs $jobs 2>&1) && rc=0 || rc=$?
check "rhythm trigger as root (root may read the token)" test "$rc" = 0
check "the triggered group ran" wait_for 20 ticked_since "$before"
out=$(runuser -u rhythm -- $rhythm trigger tick --jobs $jobs 2>&1) && rc=0 || rc=$?
check "rhythm trigger as the service user" test "$rc" = 0
useradd --create-home other
out=$(runuser -u other -- $rhythm status --jobs $jobs 2>&1) && rc=0 || rc=$?
check "rhythm status as another user (reading is open)" test "$rc" = 0
out=$(runuser -u other -- $rhythm trigger tick --jobs $jobs 2>&1) && rc=0 || rc=$?
if [[ $rc == 1 && "$out" == *"cannot read the control token"* ]]; then
    pass "rhythm trigger as another user is refused (exit 1, token unreadable)"
else
    fail "rhythm trigger as another user is refused (exit 1, token unreadable)" "exit $rc: $out"
fi
check "the control token is mode 0600, owned by rhythm" test "$(stat -c '%a %U' $folder/jobs.control.token)" = "600 rhythm"

echo "== install again on a running service"
before=$(main_pid)
out=$($rhythm install --jobs $jobs 2>&1) && rc=0 || rc=$?
check "a second install exits 0" test "$rc" = 0
check "a second install restarts the running host on the new unit" wait_for 20 bash -c "[[ \$(systemctl show rhythm.service -p MainPID --value) != $before && \$(systemctl show rhythm.service -p ActiveState --value) == active ]]"

echo "== restart on failure"
killed=$(main_pid)
$rhythm trigger plain --jobs $jobs > /dev/null
wait_for 20 pgrep -u rhythm -x sleep > /dev/null
# A trigger accepted before the crash may still run in the new host, so it is these processes that must be gone.
orphans=$(pgrep -d ' ' -u rhythm -x sleep)
restarts=$(prop NRestarts)
kill -9 "$killed"
check "kill -9 of the host: systemd restarts it (Restart=on-failure, RestartSec=5)" \
    wait_for 30 bash -c "[[ \$(systemctl show rhythm.service -p MainPID --value) != $killed && \$(systemctl show rhythm.service -p MainPID --value) != 0 && \$(systemctl show rhythm.service -p ActiveState --value) == active ]]"
check "the restart is counted (NRestarts $restarts -> $(prop NRestarts))" test "$(prop NRestarts)" -gt "$restarts"
check "the killed host's step processes went with it (pid $orphans)" bash -c "! ps -p '${orphans// /,}' > /dev/null"
check "the new host records the runs the crash cut short as interrupted, as a warning in the journal" \
    wait_for 10 bash -c "journalctl -u rhythm.service --no-pager -o cat -p warning | grep -q 'WARN  .*were interrupted when the previous host stopped'"
check "information is not filed as a warning in the journal" \
    bash -c "! journalctl -u rhythm.service --no-pager -o cat -p warning | grep -q 'Rhythm started'"

echo "== stop"
rm -f $marker
for group in plain trapper stubborn; do $rhythm trigger $group --jobs $jobs > /dev/null; done
wait_for 20 bash -c "[[ \$(pgrep -u rhythm -x sleep | wc -l) == 3 ]] && grep -q started $marker"
stopping_since=$(date '+%Y-%m-%d %H:%M:%S')
t0=$(date +%s.%N)
systemctl stop rhythm.service
took=$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $t0 }")
echo "    systemctl stop took ${took} s (gracePeriod ${grace} s, TimeoutStopSec ${timeout_stop} s)"
check "systemctl stop waits for the grace period of a step that ignores SIGTERM" awk "BEGIN { exit !($took >= $grace) }"
check "systemctl stop finishes well within TimeoutStopSec" awk "BEGIN { exit !($took < $timeout_stop - 10) }"
check "the host exits 0 on SIGTERM (Result=success)" test "$(prop Result)/$(prop ExecMainStatus)" = success/0
check "systemd did not have to kill anything" bash -c "! journalctl -u rhythm.service --no-pager -o cat --since '$stopping_since' | grep -q -e 'timed out' -e 'Killing process'"
check "the trapping step got SIGTERM and finished its clean-up" test "$(cat $marker 2> /dev/null | tr '\n' ' ')" = "started term cleaned-up "
check "no process of the service is left" test "$(service_processes)" = 0
history=$($rhythm history --jobs $jobs --limit 3 2>&1)
if [[ $(grep -c cancelled <<< "$history") -ge 3 ]]; then
    pass "the three stopped runs are recorded as cancelled"
else
    fail "the three stopped runs are recorded as cancelled" "$history"
fi

echo "== restart keeps the schedule"
systemctl start rhythm.service
wait_for 20 test -e $folder/jobs.control.json
first=$($rhythm status --json --jobs $jobs)
systemctl restart rhythm.service
wait_for 20 test -e $folder/jobs.control.json
second=$($rhythm status --json --jobs $jobs)
for group in tick plain trapper; do
    a=$(json_field $group nextFireAt <<< "$first")
    b=$(json_field $group nextFireAt <<< "$second")
    check "systemctl restart keeps '$group' at ${a#*: }" bash -c "[[ -n '$a' && '$a' == '$b' ]]"
done
check "systemctl restart does not re-run a group that ran within its interval" \
    test "$(json_field tick lastStartedAt <<< "$first")" = "$(json_field tick lastStartedAt <<< "$second")"

echo "== an invalid jobs.json does not loop"
systemctl stop rhythm.service
cp $jobs /root/jobs.good
echo '{ "groups": [ { "name": "a", "every": "soon", "steps": [] } ] }' > $jobs
restarts=$(prop NRestarts)
systemctl start rhythm.service 2> /dev/null && rc=0 || rc=$?
sleep 8 # beyond RestartSec=5: a restart would have happened by now
check "start with an invalid jobs.json fails with exit 2" test "$rc/$(prop ExecMainStatus)/$(prop ActiveState)" = "1/2/failed"
check "exit 2 is not restarted (NRestarts stays $restarts)" test "$(prop NRestarts)" = "$restarts"
check "the problems are in the journal" bash -c "journalctl -u rhythm.service --no-pager -o cat | grep -q \"field 'every': 'soon' is not a duration\""
cp /root/jobs.good $jobs
systemctl reset-failed rhythm.service
systemctl start rhythm.service
check "with jobs.json fixed it starts again" test "$(prop ActiveState)" = active

echo "== uninstall"
out=$($rhythm uninstall 2>&1) && rc=0 || rc=$?
echo "$out" | sed 's/^/    /'
check "uninstall exits 0" test "$rc" = 0
check "the unit file is gone" test ! -e /etc/systemd/system/rhythm.service
check "systemd no longer knows the unit" bash -c "[[ \$(systemctl show rhythm.service -p LoadState --value) == not-found ]]"
check "nothing of the service runs any more" test "$(service_processes)" = 0
check "uninstall says the user stays and names the command that removes it" grep -q "the user 'rhythm' stay.*'userdel rhythm'" <<< "$out"
check "jobs.json, the store and the logs stay" test -f $jobs -a -f $folder/state/rhythm.db -a -f $folder/logs/rhythm.log
check "the user stays" id rhythm
out=$($rhythm uninstall 2>&1) && rc=0 || rc=$?
check "a second uninstall exits 1 and says nothing is installed" test "$rc/$(grep -c "no 'rhythm' service is installed" <<< "$out")" = 1/1

echo
echo "== $passed passed, $failed failed"
for name in "${failures[@]}"; do echo "   FAIL $name"; done
[[ $failed == 0 ]]
