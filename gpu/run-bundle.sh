#!/usr/bin/env bash
# Runs the bundled tests on a machine with an NVIDIA GPU: those tagged `gpu`, or the JUnit tag expression given
# (bash run.sh 'gpu & !slow'). Needs no Java: it unpacks the bundle's own runtime. Writes gpu.txt (the cards),
# tests.txt (the launcher's tree) and JUnit's XML reports to $OUT when set, else to reports/ beside this script.
# Its exit status is the launcher's: 0 when every test that ran passed (a test without what it needs skips, saying why).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reports=${OUT:-$here/reports}
mkdir -p "$reports"
runtime=$(mktemp -d)
trap 'rm -rf "$runtime"' EXIT
tar -C "$runtime" -xJf "$here/jre.tar.xz"
# the JavaCPP cuda preset links the system's libcudart.so.13; the driver brings libcuda and libnvidia-ml itself
cudart=$(ls -d /usr/local/cuda*/targets/x86_64-linux/lib 2>/dev/null | sort -V | tail -1)
export LD_LIBRARY_PATH="${cudart}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used --format=csv,noheader | tee "$reports/gpu.txt"
else
  echo "run-bundle: no nvidia-smi on PATH: the gpu tests will skip, saying so" | tee "$reports/gpu.txt"
fi
classpath=""
for dir in "$here"/classes/*/*; do classpath+="$dir:"; done
for jar in "$here"/lib/*.jar; do classpath+="$jar:"; done
"$runtime/jre/bin/java" -jar "$here/junit-platform-console-standalone.jar" execute \
  --class-path "$classpath" --scan-class-path --include-tag "${1:-gpu}" \
  --reports-dir "$reports" --details=tree --disable-banner --disable-ansi-colors 2>&1 | tee "$reports/tests.txt"
exit "${PIPESTATUS[0]}"
