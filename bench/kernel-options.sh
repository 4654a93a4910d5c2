#!/usr/bin/env bash
# The kernel's JVM options side by side (docs/BENCHMARKS.md, "The kernel's JVM options against the work that grows"):
# builds the jar, installs it in a private Jupyter data dir, and runs bench/kernel_options.py on the shipped kernelspec,
# the option sets below and every other kernel named in PEER_KERNELS (kernelspec names, found through JUPYTER_PATH:
# IJava's, built from its source outside this repository), all alive at once, in lockstep.
# usage: [JUPYTER_PATH=DIR PEER_KERNELS="ijava"] bench/kernel-options.sh [kernel_options.py's options, which win]
set -euo pipefail
cd "$(dirname "$0")/.."
source ./demo.sh  # quiet_mvn

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export JUPYTER_DATA_DIR="$work/data"
quiet_mvn -DskipTests package
java -jar kernel-ext/target/gpumagics.jar install --user --name gpumagics-options >/dev/null
echo "load before: $(uptime)"
# shellcheck disable=SC2086
/usr/bin/python3 bench/kernel_options.py ${PEER_KERNELS:-} --base gpumagics-options --ours shipped \
  --ours 'before=-XX:+UseSerialGC -Xms32m -Xmn16m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -Xshare:auto -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30' \
  --ours 'defaults=-Xshare:auto' \
  "$@"
echo "load after: $(uptime)"
