#!/usr/bin/env bash
# The GPU checks in one go, on a machine with an NVIDIA GPU (Java not needed there). Where Java and Maven are,
# first: bash gpu/make-bundle.sh (builds .gpu-bundle/, ignored by git; copy it to the GPU machine with the
# checkout). There it runs every `gpu`-tagged test (or the JUnit tag expression given) under a time limit, and
# leaves in $OUT: machine.txt, gpu.txt, tests.txt, the XML report and context-figures.txt (the suspend and
# resume sizes, times and GB/s). Exit status: the test launcher's; 124 when the limit was reached.
# Step by step: docs/GPU-VERIFICATION.md, which lists each gpu test: the report and NVML, suspend/resume/reset,
# %gpufree, the out-of-memory diagnosis, %gpuwatch, and the idle courtesy (IdleGpuTest: NVML's per-process
# utilization, and the policy's suspend step parking and the next cell resuming a process that holds 1 GiB).
set -uo pipefail
cd "$(dirname "$0")"
export OUT="${OUT:-$PWD/.gpu-bundle/reports}"
mkdir -p "$OUT"
if [[ ! -f .gpu-bundle/run.sh ]]; then
  echo "gpu-check: no .gpu-bundle/ here: build it with bash gpu/make-bundle.sh where Java and Maven are, and bring it along" >&2
  exit 2
fi
{
  nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used --format=csv
  nvidia-smi -q | grep -iE '^ *(driver version|cuda version|persistence mode|addressing mode)'
  # open or proprietary kernel module: the upstream checkpoint bugs noted in docs/GPU-VERIFICATION.md name it
  cat /proc/driver/nvidia/version 2>/dev/null
  # real captures for the nvidia-smi parser's fixtures (magics/src/test/resources/nvidia-smi/)
  echo "--- query-gpu"
  nvidia-smi --query-gpu=index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu,driver_version --format=csv,noheader,nounits
  echo "--- query-compute-apps"
  nvidia-smi --query-compute-apps=gpu_uuid,pid,used_memory --format=csv,noheader,nounits
  echo "--- list (MIG instances)"
  nvidia-smi -L
  echo "--- log (MIG instances' memory)"
  nvidia-smi -q -x
  free -g
  nproc
} >"$OUT/machine.txt" 2>&1
timeout "${GPU_CHECK_LIMIT_S:-480}" bash .gpu-bundle/run.sh "${1:-gpu}"
status=$?
if [[ -f "$OUT/context-figures.txt" ]]; then
  echo "--- context-figures.txt"
  cat "$OUT/context-figures.txt"
fi
exit "$status"
