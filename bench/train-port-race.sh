#!/usr/bin/env bash
# The install's recording run (kernel --train under -XX:ArchiveClassesAtExit) while other processes
# take ports from the ephemeral range, as other Jupyter kernels and their clients do. Runs in a private
# network namespace (root: unshare -n) whose ephemeral range is cut to 20 ports, so that a race that is
# rare on a real machine shows in a few runs; nothing outside the namespace is touched.
# usage: sudo bench/train-port-race.sh JAR [RUNS] [SECONDS_BEFORE_COUNTED_AS_HUNG]
set -euo pipefail
jar=$(readlink -f "$1"); runs=${2:-20}; limit=${3:-30}
here=$(cd "$(dirname "$0")" && pwd)
exec unshare -n bash -s "$jar" "$runs" "$limit" "$here" <<'INNER'
set -uo pipefail
jar=$1; runs=$2; limit=$3; here=$4
ip link set lo up
echo "40000 40019" > /proc/sys/net/ipv4/ip_local_port_range
/usr/bin/python3 "$here/port_churn.py" 6 & churn=$!
sleep 1
work=$(mktemp -d)
hung=0; failed=0; recorded=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  timeout -k 5 "$limit" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --add-opens java.base/java.lang=ALL-UNNAMED \
      -XX:ArchiveClassesAtExit="$work/run$i.jsa" -jar "$jar" kernel --train >"$work/run$i.log" 2>&1
  rc=$?
  took=$(echo "$(date +%s.%N) - $start" | bc)
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then hung=$((hung+1))
    what="hung (stopped after ${limit} s) after: $(grep -m1 -E 'Exception|Error' "$work/run$i.log" || echo 'no message')"
  elif [ $rc -eq 0 ] && [ -s "$work/run$i.jsa" ]; then recorded=$((recorded+1)); what="recorded";
  else failed=$((failed+1)); what="exit $rc: $(grep -v '^\[' "$work/run$i.log" | grep -m1 -v '^$' || true)"; fi
  printf 'run %2d  %6.2f s  %s\n' "$i" "$took" "$what"
done
kill $churn
echo "runs $runs: recorded $recorded, failed fast $failed, hung $hung"
rm -rf "$work"
INNER
