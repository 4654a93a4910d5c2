#!/usr/bin/env bash
# %gpumem latency: cold (first call in a fresh JVM, median of 5 JVMs) and warm (median of 100 calls).
# Usage: bench/gpumem-latency.sh   (builds the magics module's test classes first)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl magics test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
cp="magics/target/classes:magics/target/test-classes:$(cat magics/target/target/bench.cp 2>/dev/null || cat magics/target/bench.cp)"
for i in 1 2 3 4 5; do java -cp "$cp" dev.gpumagics.bench.GpuMemLatency cold; done | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {printf "cold_ms median of %d JVMs: %s (min %s, max %s)\n", NR, a[int((NR+1)/2)], a[1], a[NR]}'
java -cp "$cp" dev.gpumagics.bench.GpuMemLatency warm
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"
