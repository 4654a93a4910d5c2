#!/usr/bin/env bash
# The kernel through a day of work (docs/BENCHMARKS.md, "Kernel through a day of work"): builds the jar,
# installs it in a private Jupyter data dir, and runs kernel-ext/src/test/python/bench_aging.py on this
# kernel and Debian's ipykernel, one kernel after the other: the issue's small cells first, then the
# mixed workload, each with a profile at 1,000 cells. With BEFORE_JAR=path/to/an/older/gpumagics.jar the older
# kernel runs first in each, up to 1,000 cells. Extra arguments go to both runs and win over these
# (--starts 9; --ages 0,20 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/.."
source ./demo.sh  # quiet_mvn

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export JUPYTER_DATA_DIR="$work/data"
quiet_mvn -DskipTests package
java -jar kernel-ext/target/gpumagics.jar install --user --name gpumagics-aging >/dev/null
kernels=(gpumagics-aging python3)
if [ -n "${BEFORE_JAR:-}" ]; then
  java -jar "$BEFORE_JAR" install --user --name gpumagics-before >/dev/null
  kernels=(gpumagics-before@1000 "${kernels[@]}")
fi
bench=kernel-ext/src/test/python/bench_aging.py
echo "load before: $(uptime)"
/usr/bin/python3 "$bench" "${kernels[@]}" --workload small --ages 0,20,250,500,750,1000,3000 --profile-at 1000 "$@"
/usr/bin/python3 "$bench" "${kernels[@]}" --ages 0,20,250,500,1000,3000 --profile-at 1000 "$@"
echo "load after: $(uptime)"
