#!/usr/bin/env bash
# Builds the example with the reactor (magics, metrics, then this) and runs it; an address may be given (default 127.0.0.1:8080).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
mvn -B -q -pl examples/inference-service -am package -DskipTests
exec java -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" com.example.inference.InferenceService "${1:-127.0.0.1:8080}"
