#!/usr/bin/env bash
# The demo: builds the kernel jar, installs the kernelspec for the current user, executes
# notebooks/01-gpumem.ipynb headless through Jupyter, and says where the results went.
set -euo pipefail
cd "$(dirname "$0")"

JUPYTER=/usr/bin/jupyter
PYTHON=/usr/bin/python3
if ! [ -x "$JUPYTER" ] || ! "$PYTHON" -c 'import nbclient, nbconvert, jupyter_client' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Jupyter is missing: installing Debian's packages"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      jupyter-notebook python3-nbclient jupyter-nbconvert python3-jupyter-client
  else
    echo "Jupyter is missing. Install it with: sudo apt-get install jupyter-notebook python3-nbclient jupyter-nbconvert" >&2
    exit 1
  fi
fi

echo "building gpumagics.jar"
mvn -B -q -DskipTests package
java -jar kernel-ext/target/gpumagics.jar install --user

out="${DEMO_OUT:-$PWD/demo-out}"
mkdir -p "$out"
"$JUPYTER" nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=gpumagics-java \
  --ExecutePreprocessor.timeout=600 --output-dir "$out" notebooks/01-gpumem.ipynb
"$JUPYTER" nbconvert --to html --output-dir "$out" "$out/01-gpumem.ipynb"
echo "executed notebook: $out/01-gpumem.ipynb"
echo "HTML export:       $out/01-gpumem.html"
