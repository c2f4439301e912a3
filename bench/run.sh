#!/usr/bin/env bash
# Runs Rhythm's benchmarks and prints one markdown table, also written to bench/results/latest.md.
#
#   bench/run.sh                      everything, full length (about 15 minutes on 2 cores)
#   bench/run.sh --quick              shorter runs, for a sanity pass (about 5 minutes)
#   bench/run.sh --only storm,micro   some of: storm overhead footprint simulation micro
#   bench/run.sh --reliability        the CI-sized reliability suite, with its counts
#   bench/run.sh --reliability-long   the long reliability suite (200 kills, 20,000 files, ...), with its counts
#
# Linux only: the scenarios read /proc and start real processes. Other work on the machine skews the numbers;
# each scenario waits (up to 90 s) for the CPU to calm down and records the background load it found.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=""
only="storm overhead footprint simulation micro"
reliability=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --only) only="${2//,/ }"; shift ;;
    --reliability) reliability="ci" ;;
    --reliability-long) reliability="long" ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done

results=bench/results
mkdir -p "$results"

if [ -n "$reliability" ]; then
  report="$results/reliability-$reliability.md"
  : > "$report"
  echo "== reliability ($reliability)" >&2
  dotnet test Rhythm.Tests -c Release --filter "FullyQualifiedName~Rhythm.Tests.Reliability" -- \
    "TestRunParameters.Parameter(name=\"reliability\", value=\"$reliability\")" \
    "TestRunParameters.Parameter(name=\"reliabilityReport\", value=\"$PWD/$report\")" >&2
  echo
  sed 's/^/- /' "$report"
  exit 0
fi

echo "== build (Release)" >&2
dotnet build Rhythm.sln -c Release -v q -nologo >&2

scenarios="dotnet bench/Rhythm.Scenarios/bin/Release/net10.0/Rhythm.Scenarios.dll"
for name in $only; do
  case "$name" in
    storm|overhead|footprint|simulation)
      echo "== $name" >&2
      $scenarios "$name" $quick >&2
      ;;
    micro)
      echo "== micro (BenchmarkDotNet)" >&2
      job="default"
      [ -n "$quick" ] && job="short"
      rm -rf "$results/bdn"
      dotnet bench/Rhythm.Bench/bin/Release/net10.0/Rhythm.Bench.dll --filter '*' --job "$job" \
        --exporters json --artifacts "$results/bdn" >&2
      $scenarios micro "$results/bdn/results" $quick >&2
      ;;
    *) echo "bench/run.sh: unknown scenario '$name'" >&2; exit 2 ;;
  esac
done

$scenarios table
