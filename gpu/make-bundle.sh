#!/usr/bin/env bash
# Packs the project's GPU checks for a machine that has an NVIDIA GPU but no Java and no Maven: .gpu-bundle/
# (ignored by git) holds a trimmed Java 17 runtime, every module's classes and test classes, their dependencies, the
# JUnit console launcher and run.sh (gpu/run-bundle.sh). On the GPU machine: bash .gpu-bundle/run.sh [TAGS], or
# bash gpu-check.sh, which also records the card. docs/GPU-VERIFICATION.md says how, step by step.
#
# Runs here without a GPU. Settings, from the environment:
#   BUNDLE_JAVA_MODULES    the modules jlink puts in the runtime; a test that needs one more fails there with
#                          NoClassDefFoundError: add the module here rather than working around it
#   JUNIT_CONSOLE_VERSION  the launcher's version; by default the JUnit Platform that matches the pom's JUnit 5
#   BUNDLE_LIMIT_MIB       the largest bundle that may travel (default 60: a device call carries 64 MiB in all)
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
out=.gpu-bundle
limit_mib=${BUNDLE_LIMIT_MIB:-60}
modules=${BUNDLE_JAVA_MODULES:-java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.httpserver,jdk.unsupported,jdk.jshell,jdk.zipfs}
# JUnit 5.X.Y runs on the JUnit Platform 1.X.Y
jupiter=$(sed -n 's|.*<junit.version>\(5\.[0-9.]*\)</junit.version>.*|\1|p' pom.xml)
console=${JUNIT_CONSOLE_VERSION:-1.${jupiter#5.}}

rm -rf "$out"
mkdir -p "$out/lib" "$out/classes"

echo "make-bundle: building the modules and gathering their dependencies (tests included)..."
mvn -B -q -DskipTests package dependency:copy-dependencies \
  -DincludeScope=test -DoutputDirectory="$root/$out/lib" -Dmdep.overWriteIfNewer=true
# libtorch's and OpenBLAS's natives are hundreds of MB and only the CPU build: the GPU tests need the driver, NVML and
# cudart, which the GPU machine has. The tests that need libtorch on a GPU skip without its GPU build, saying so.
rm -f "$out"/lib/pytorch-*-{linux,macosx,windows}-*.jar "$out"/lib/openblas-*-{linux,macosx,windows}-*.jar \
      "$out"/lib/cuda-redist-*.jar
# the project's own modules go as class folders (tests included), in place of the jars the reactor made
for pom in $(git ls-files '*/pom.xml'); do
  module=$(dirname "$pom")
  for kind in classes test-classes; do
    if [[ -d $module/target/$kind ]]; then
      mkdir -p "$out/classes/$module"
      cp -r "$module/target/$kind" "$out/classes/$module/$kind"
    fi
  done
  rm -f "$out"/lib/"$(basename "$module")"-*.jar
done

echo "make-bundle: fetching the JUnit console launcher $console..."
mvn -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$console" \
  -DoutputDirectory="$root/$out" -Dmdep.stripVersion=true

echo "make-bundle: making a Java runtime of $modules..."
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/jre"
tar -C "$out" -cJf "$out/jre.tar.xz" jre
rm -rf "$out/jre"

cp gpu/run-bundle.sh "$out/run.sh"
chmod +x "$out/run.sh"
size=$(du -sm "$out" | cut -f1)
echo "make-bundle: $out is ${size} MiB (at most ${limit_mib} MiB may travel)"
if (( size > limit_mib )); then
  echo "make-bundle: too large: leave out what the GPU tests do not need" >&2
  exit 1
fi
