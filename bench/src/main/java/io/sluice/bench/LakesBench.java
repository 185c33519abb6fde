package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.examples.ufo.UfoGenerator;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingPostgres;
import io.sluice.testing.TestingS3;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StorageStatistics;

/**
 * The UFO pipeline (N generated rows) through Sluice on three lakes in one JVM: a local folder
 * (Hadoop catalog), S3 (s3proxy, a real S3 API server on 127.0.0.1, with the JDBC catalog on
 * PostgreSQL) and HDFS (the embedded NameNode and DataNode). Rounds alternate the lakes; per lake
 * the best round's rows/s per step, and for S3 the requests s3a made (S3A's statistics): what
 * object storage spends its time on. Spark's stage metrics (task time, shuffle bytes, records) of
 * each run are printed for the scaling arithmetic in docs/cluster.md.
 */
public final class LakesBench {
  private LakesBench() {}

  public static void main(String[] args) throws Exception {
    RowsAndRounds parsed = RowsAndRounds.parse(args, 1_000_000, 2);
    long rows = parsed.rows();
    int rounds = parsed.rounds();
    System.setProperty(
        "sluice.s3proxy.classpath",
        Path.of("sluice-s3proxy/target/s3proxy-classpath.txt").toAbsolutePath().toString());
    System.setProperty(
        "sluice.hadoop.classpath",
        Path.of("sluice-hadoop/target/hadoop-classpath.txt").toAbsolutePath().toString());
    Path work = Files.createDirectories(Path.of("bench", "target", "work", "lakes"));
    Path csv = Path.of("bench", "target", "work", "ufo-" + rows + ".csv");
    if (!Files.exists(csv)) {
      new UfoGenerator(42).write(csv, rows);
    }
    try (TestingS3 s3 = TestingS3.start(work.resolve("s3"), "lake")) {
      Path pipeline = work.resolve("ufo-lakes.yaml");
      Files.writeString(pipeline, withLakeProfiles(s3, work));
      Map<String, Double> best = new LinkedHashMap<>();
      Map<String, JsonNode> bestSteps = new LinkedHashMap<>();
      Map<String, String> stages = new LinkedHashMap<>();
      String s3Requests = "";
      List<String> lakes = List.of("local", "s3", "hdfs");
      for (int round = 1; round <= rounds; round++) {
        for (int i = 0; i < lakes.size(); i++) {
          String lake = lakes.get((i + round - 1) % lakes.size()); // a different lake goes first
          StageMetrics.reset();
          Map<String, Long> before = s3Counters(s3);
          long started = System.nanoTime();
          JsonNode summary = run(pipeline, lake, csv, work.resolve("runs-" + lake + "-" + round));
          double seconds = (System.nanoTime() - started) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "round %d %-5s %6.1fs (%s)%n",
              round,
              lake,
              seconds,
              StageMetrics.text());
          if (seconds < best.getOrDefault(lake, Double.MAX_VALUE)) {
            best.put(lake, seconds);
            bestSteps.put(lake, summary.get("steps"));
            stages.put(lake, StageMetrics.text());
            if (lake.equals("s3")) {
              s3Requests = difference(before, s3Counters(s3));
            }
          }
        }
      }
      System.out.printf(Locale.ROOT, "%nUFO pipeline, %,d rows, best of %d rounds%n", rows, rounds);
      System.out.printf(
          Locale.ROOT, "%-28s %12s %12s %12s%n", "step: rows/s (seconds)", "local", "s3", "hdfs");
      JsonNode steps = bestSteps.get("local");
      for (int s = 0; s < steps.size(); s++) {
        StringBuilder line =
            new StringBuilder(
                String.format(Locale.ROOT, "%-28s", steps.get(s).get("name").asText()));
        for (String lake : lakes) {
          JsonNode step = bestSteps.get(lake).get(s);
          double secs = step.get("seconds").asDouble();
          line.append(
              String.format(
                  Locale.ROOT,
                  " %,9.0f (%4.1f)",
                  step.get("rows_in").asLong() / Math.max(0.001, secs),
                  secs));
        }
        System.out.println(line);
      }
      for (String lake : lakes) {
        System.out.printf(
            Locale.ROOT,
            "%-5s whole run %.1fs = %,.0f rows/s, %.2fx local; stages: %s%n",
            lake,
            best.get(lake),
            rows / best.get(lake),
            best.get(lake) / best.get("local"),
            stages.get(lake));
      }
      System.out.println("s3a requests of the best S3 run: " + s3Requests);
    }
  }

  private static JsonNode run(Path pipeline, String lake, Path csv, Path runs) throws Exception {
    Path summary = runs.resolveSibling(runs.getFileName() + ".json");
    int code =
        Main.execute(
            "run",
            pipeline.toString(),
            "--profile",
            lake,
            "--param",
            "input=" + csv.toAbsolutePath(),
            "--param",
            "out=" + runs.resolveSibling("out-" + lake),
            "--run-store",
            "jdbc:h2:file:" + runs.toAbsolutePath(),
            "--summary-json",
            summary.toString());
    if (code != 0) {
      throw new IllegalStateException("the " + lake + " run failed: exit " + code);
    }
    return new ObjectMapper().readTree(summary.toFile());
  }

  /** The UFO pipeline with profiles local, s3 and hdfs, each its own lake, stage metrics on. */
  private static String withLakeProfiles(TestingS3 s3, Path work) throws Exception {
    String text = Files.readString(RepositoryFiles.resolve("examples/ufo-sightings/pipeline.yaml"));
    String listener = "        spark.extraListeners: " + StageMetrics.class.getName() + "\n";
    String conf =
        s3.s3aSparkConf(work).entrySet().stream()
            .map(e -> "        " + e.getKey() + ": \"" + e.getValue() + "\"")
            .collect(Collectors.joining("\n"));
    String profiles =
        "  local:\n    lake: "
            + work.toAbsolutePath().resolve("lake-local")
            + "\n    spark:\n      conf:\n"
            + listener
            + "  s3:\n    lake: s3a://lake/ufo\n    catalog: jdbc\n    catalog_uri: '"
            + TestingPostgres.newDatabase("lakes_bench")
            + "'\n    spark:\n      conf:\n"
            + listener
            + conf
            + "\n  hdfs:\n    lake: hdfs://embedded/ufo\n    spark:\n      conf:\n"
            + listener;
    return text.replace("\n  local: {}\n", "\n" + profiles);
  }

  private static Map<String, Long> s3Counters(TestingS3 s3) throws Exception {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    s3.s3aSparkConf(Path.of("bench", "target", "work", "lakes"))
        .forEach((key, value) -> conf.set(key.substring("spark.hadoop.".length()), value));
    FileSystem fs = FileSystem.get(URI.create("s3a://lake/"), conf);
    Map<String, Long> counters = new TreeMap<>();
    java.util.Iterator<StorageStatistics.LongStatistic> stats =
        fs.getStorageStatistics().getLongStatistics();
    while (stats.hasNext()) {
      StorageStatistics.LongStatistic stat = stats.next();
      counters.put(stat.getName(), stat.getValue());
    }
    return counters;
  }

  private static String difference(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream()
        .filter(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L) > 0)
        .filter(
            e ->
                e.getKey().startsWith("object_")
                    || e.getKey().startsWith("op_")
                    || e.getKey().startsWith("files_"))
        .map(e -> e.getKey() + "=" + (e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .collect(Collectors.joining(", "));
  }
}
