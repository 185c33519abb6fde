#!/usr/bin/env bash
# Runs the benchmarks: bench/run.sh [--rows N] [--rounds R]
# Builds the bench module (profile "bench", outside the test command), then runs it in one JVM.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -Dstyle.color=never -Pbench -DskipTests -Dspotless.check.skip=true install -pl bench -am
JAR=$(ls bench/target/sluice-bench-*.jar | head -1)
printf -- '-cp %s:%s\n' "$JAR" "$(cat bench/target/classpath.txt)" > bench/target/java.argfile
exec java -Xmx8g $(cat bench/target/jvm.options) @bench/target/java.argfile io.sluice.bench.UfoBench "$@"
