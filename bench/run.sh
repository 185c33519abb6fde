#!/usr/bin/env bash
# Runs the benchmarks: bench/run.sh [--rows N] [--rounds R]      (the UFO pipeline, UfoBench)
#                     bench/run.sh ingest [--records N] [--singles N] [--clients N,N..] [--streaming-only | --http-only] [--rate N] [--seconds S]   (IngestBench)
#                     bench/run.sh maple [--scoring-only | --end-to-end-only] [--copies N] [--lm-names N] [--rounds R]   (MapleBench)
#                     bench/run.sh segment [--events N] [--rounds R]   (SegmentBench)
#                     bench/run.sh cold [--rows N] [--rounds R]   (ColdBench: ./sluice run vs a hand-written Spark job, as fresh processes)
#                     bench/run.sh mongo [--reviews N] [--rounds R] [--rate N] [--seconds S]   (MongoBench)
#                     bench/run.sh taxi [--rows N] [--naive-days D]   (TaxiLoadBench: 55M trips by default)
#                     bench/run.sh console [--rows N] [--runs R] [--views V]   (ConsoleBench, needs chromium)
#                     bench/run.sh fuzz [--files N] [--seed S]   (FuzzBench: 10,000 mutated pipeline files)
#                     bench/run.sh lakes [--rows N] [--rounds R]   (LakesBench: UFO on a local, an S3 (s3proxy) and an HDFS lake)
#                     bench/run.sh soak [--minutes N] [--rate N] [--sample-seconds S] [--stream-snapshot-age D]   (SoakBench: 30 min at 5,000 events/s)
# Builds the bench module (profile "bench", outside the test command), then runs it in one JVM.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -Dstyle.color=never -Pbench -DskipTests -Dspotless.check.skip=true install -pl bench -am
JAR=$(ls bench/target/sluice-bench-*.jar | head -1)
printf -- '-cp %s:%s\n' "$JAR" "$(cat bench/target/classpath.txt)" > bench/target/java.argfile
MAIN=io.sluice.bench.UfoBench
if [ "${1:-}" = "ingest" ]; then
  MAIN=io.sluice.bench.IngestBench
  shift
elif [ "${1:-}" = "maple" ]; then
  MAIN=io.sluice.bench.MapleBench
  shift
elif [ "${1:-}" = "console" ]; then
  MAIN=io.sluice.bench.ConsoleBench
  shift
elif [ "${1:-}" = "mongo" ]; then
  MAIN=io.sluice.bench.MongoBench
  shift
elif [ "${1:-}" = "taxi" ]; then
  MAIN=io.sluice.bench.TaxiLoadBench
  shift
elif [ "${1:-}" = "lakes" ]; then
  MAIN=io.sluice.bench.LakesBench
  shift
elif [ "${1:-}" = "soak" ]; then
  MAIN=io.sluice.bench.SoakBench
  shift
elif [ "${1:-}" = "fuzz" ]; then
  MAIN=io.sluice.bench.FuzzBench
  shift
elif [ "${1:-}" = "cold" ]; then
  MAIN=io.sluice.bench.ColdBench
  shift
elif [ "${1:-}" = "segment" ]; then
  MAIN=io.sluice.bench.SegmentBench
  shift
fi
# BENCH_JAVA_OPTS: more JVM options, such as -Dspark.extraListeners=io.sluice.bench.StageMetrics
# (every Spark application of the run then prints the totals of its stages when it ends).
# shellcheck disable=SC2086
exec java -Xmx8g ${BENCH_JAVA_OPTS:-} $(cat bench/target/jvm.options) @bench/target/java.argfile "$MAIN" "$@"
