#!/usr/bin/env bash
# The demo: builds the kernel jar, installs the kernelspec for the current user, executes
# notebooks/01-gpumem.ipynb headless through Jupyter, and says where the results went.
set -euo pipefail

JUPYTER=/usr/bin/jupyter
PYTHON=/usr/bin/python3
KERNEL=gpumagics-java

# Maven quiet and in plain text. Debian's Maven 3.8.7 (jansi 2.4) still writes ESC[0m twice to each
# stream at exit under -B -q; jansi.noreset stops that, and stays harmless where nothing is written.
quiet_mvn() {
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q --no-transfer-progress -Dstyle.color=never "$@"
}

# Where Jupyter itself finds the kernelspec (its own rules: JUPYTER_DATA_DIR, XDG_DATA_HOME, HOME), or nothing.
jupyter_finds() {
  "$PYTHON" -m jupyter_client.kernelspecapp list --json 2>/dev/null | "$PYTHON" -c \
    'import json, sys; print(json.load(sys.stdin)["kernelspecs"][sys.argv[1]]["resource_dir"])' "$1" 2>/dev/null
}

main() {
  cd "$(dirname "$0")"
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
  quiet_mvn -DskipTests package
  java -jar kernel-ext/target/gpumagics.jar install --user --name "$KERNEL"
  local found
  if ! found=$(jupyter_finds "$KERNEL"); then
    echo "Jupyter does not see the kernelspec just installed ('jupyter --data-dir' says $("$JUPYTER" --data-dir));" \
      "run the demo with the same HOME, XDG_DATA_HOME and JUPYTER_DATA_DIR as Jupyter" >&2
    exit 1
  fi
  echo "Jupyter finds the kernel at $found"

  local out="${DEMO_OUT:-$PWD/demo-out}"
  mkdir -p "$out"
  "$JUPYTER" nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name="$KERNEL" \
    --ExecutePreprocessor.timeout=600 --output-dir "$out" notebooks/01-gpumem.ipynb
  "$JUPYTER" nbconvert --to html --output-dir "$out" "$out/01-gpumem.ipynb"
  echo "executed notebook: $out/01-gpumem.ipynb"
  echo "HTML export:       $out/01-gpumem.html"
}

# sourced (by DemoScriptIT) it only defines the functions above
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
