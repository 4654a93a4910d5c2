#!/usr/bin/env bash
# Executes the sample notebooks on a kernel jar, as NotebooksIT does (Debian's nbclient, a private Jupyter dir), and
# writes every code cell's outputs as JSON: run it on two builds, then bench/compare_notebooks.py A.json B.json says
# whether the outputs differ other than in times, dates, pids and the host's memory figures.
# usage: bench/notebook-outputs.sh JAR OUT.json
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
jar="$(realpath "$1")"; out="$(realpath -m "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export JUPYTER_DATA_DIR="$work/data" JUPYTER_PATH="$work/data" JUPYTER_RUNTIME_DIR="$work/runtime"
cd "$work"
java -jar "$jar" install --user --name gpumagics-outputs --display-name "GpuMagics outputs" >/dev/null
/usr/bin/python3 "$repo/kernel-ext/src/test/python/run_notebooks.py" gpumagics-outputs "$work" "$repo"/notebooks/*.ipynb | tail -1 > "$out"
echo "$out"
