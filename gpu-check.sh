#!/usr/bin/env bash
# The GPU checks in one device call. Here first: bash ../shared/gpu/make-bundle.sh (builds .gpu-bundle/,
# ignored by git, so the device call must carry it: run(command="bash gpu-check.sh", carry=[".gpu-bundle"])).
# There it runs every `gpu`-tagged test (or the JUnit tag expression given) under a time limit, and
# leaves in $OUT: machine.txt, gpu.txt, tests.txt, the XML report and context-figures.txt (issue 5's
# sizes, times and GB/s). Exit status: the test launcher's; 124 when the limit was reached.
set -uo pipefail
cd "$(dirname "$0")"
export OUT="${OUT:-$PWD/.gpu-bundle/reports}"
mkdir -p "$OUT"
if [[ ! -f .gpu-bundle/run.sh ]]; then
  echo "gpu-check: no .gpu-bundle/ here: build it with ../shared/gpu/make-bundle.sh and carry it" >&2
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
