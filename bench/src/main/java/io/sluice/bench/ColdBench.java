package io.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.examples.ufo.UfoGenerator;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.ExpectationSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Cold runs as a user has them: the UFO pipeline on N rows (1,000,000 by default) as a fresh {@code
 * ./sluice run} process, with its class-data sharing archive and without it ({@code
 * SLUICE_CDS=off}), against the same pipeline written by hand as its own Spark application ({@link
 * UfoHandJob}), in alternating rounds (each round runs the three in a rotated order, on fresh
 * lakes). Each process's output lines are time-stamped as they arrive, which splits its wall time
 * into start-up (JVM, class loading, Spark session), work and exit. Medians over the rounds.
 */
public final class ColdBench {
  private ColdBench() {}

  /** The run's own report of its length. */
  private static final java.util.regex.Pattern SUCCEEDED =
      java.util.regex.Pattern.compile("^Run \\S+ succeeded in ([0-9.]+)s");

  /** One measured process: its wall time and when its marker lines arrived (seconds). */
  record Timed(double wall, Map<String, Double> marks) {
    double mark(String name) {
      return marks.getOrDefault(name, Double.NaN);
    }
  }

  public static void main(String[] args) throws Exception {
    RowsAndRounds parsed = RowsAndRounds.parse(args, 1_000_000, 5);
    Path root = Path.of("").toAbsolutePath();
    Path data = Files.createDirectories(root.resolve("bench/target/work"));
    Path csv = data.resolve("ufo-" + parsed.rows() + ".csv");
    if (!Files.exists(csv)) {
      new UfoGenerator(42).write(csv, parsed.rows());
    }
    Path work = Files.createDirectories(root.resolve("bench/target/cold"));
    Path jobFile = work.resolve("ufo-hand-job.json");
    writeJob(UfoBench.plan(work, csv), jobFile);
    List<String> jvm = new ArrayList<>(List.of("java", "-Xmx4g"));
    jvm.addAll(
        List.of(
            Files.readString(root.resolve("sluice-dist/target/dist/jvm.options"))
                .trim()
                .split(" ")));
    jvm.add("@" + root.resolve("bench/target/java.argfile"));
    jvm.add(UfoHandJob.class.getName());

    Map<String, List<Timed>> results = new LinkedHashMap<>();
    List<String> names = List.of("sluice run", "sluice run, SLUICE_CDS=off", "hand-written job");
    System.out.printf(
        Locale.ROOT,
        "Cold runs: the UFO pipeline on %,d rows, %d rounds of 3 processes (%d cores)%n",
        parsed.rows(),
        parsed.rounds(),
        Runtime.getRuntime().availableProcessors());
    for (int round = 0; round <= parsed.rounds(); round++) {
      List<Timed> times = new ArrayList<>();
      for (int k = 0; k < names.size(); k++) {
        int which = (k + round) % names.size(); // the order rotates from round to round
        Path lake = work.resolve("lake-" + which);
        BenchFiles.deleteRecursively(lake);
        BenchFiles.deleteRecursively(work.resolve("runs-" + which + ".mv.db"));
        Path out = work.resolve("out-" + which);
        List<String> command =
            which == 2
                ? with(jvm, jobFile.toString(), csv.toString(), lake.toString(), out.toString())
                : List.of(
                    root.resolve("sluice").toString(),
                    "run",
                    "examples/ufo-sightings/pipeline.yaml",
                    "--param",
                    "input=" + csv,
                    "--param",
                    "out=" + out,
                    "--lake",
                    lake.toString(),
                    "--run-store",
                    "jdbc:h2:file:" + work.resolve("runs-" + which));
        Timed timed =
            run(command, which == 1 ? Map.of("SLUICE_CDS", "off") : Map.of(), work, which);
        while (times.size() <= which) {
          times.add(null);
        }
        times.set(which, timed);
      }
      if (round == 0) {
        System.out.println("  round 0 (not counted: builds the archive, warms the file cache)");
        continue;
      }
      for (int i = 0; i < names.size(); i++) {
        results.computeIfAbsent(names.get(i), n -> new ArrayList<>()).add(times.get(i));
      }
      System.out.printf(
          Locale.ROOT,
          "  round %d: sluice %.1fs, sluice without the archive %.1fs, hand-written %.1fs%n",
          round,
          times.get(0).wall(),
          times.get(1).wall(),
          times.get(2).wall());
    }
    report(results, names);
  }

  private static void report(Map<String, List<Timed>> results, List<String> names) {
    System.out.println();
    System.out.println(
        "medians                        wall   start-up      work      exit"
            + "   (start-up: until the run's own clock starts / the Spark session is up)");
    Map<String, Double> walls = new LinkedHashMap<>();
    for (String name : names) {
      List<Timed> timed = results.get(name);
      boolean hand = name.startsWith("hand");
      double wall = median(timed, Timed::wall);
      double startup =
          median(
              timed, t -> hand ? t.mark("session") : t.mark("succeeded") - t.mark("run seconds"));
      double workDone = median(timed, t -> hand ? t.mark("done") : t.mark("succeeded"));
      walls.put(name, wall);
      System.out.printf(
          Locale.ROOT,
          "%-28s %6.1fs %9.1fs %8.1fs %8.1fs%n",
          name,
          wall,
          startup,
          workDone - startup,
          wall - workDone);
    }
    double hand = walls.get(names.get(2));
    System.out.printf(
        Locale.ROOT,
        "%nsluice run / hand-written process: %.2f (without the archive %.2f)%n",
        walls.get(names.get(0)) / hand,
        walls.get(names.get(1)) / hand);
  }

  private static double median(List<Timed> timed, java.util.function.ToDoubleFunction<Timed> of) {
    double[] values = timed.stream().mapToDouble(of).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /**
   * Runs {@code command}, stamping its marker lines as they arrive: Sluice's "Running" and "Run ...
   * succeeded in S" (S, the run's own clock, is kept too); the hand job's "session" and "done".
   */
  private static Timed run(List<String> command, Map<String, String> env, Path work, int which)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Path log = work.resolve("process-" + which + ".log");
    long started = System.nanoTime();
    Process process = builder.start();
    Map<String, Double> marks = new LinkedHashMap<>();
    Map<String, Predicate<String>> markers = new LinkedHashMap<>();
    markers.put("running", line -> line.startsWith("Running "));
    markers.put("succeeded", line -> line.startsWith("Run ") && line.contains(" succeeded"));
    markers.put("session", line -> line.startsWith("session "));
    markers.put("done", line -> line.startsWith("done "));
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        double at = (System.nanoTime() - started) / 1e9;
        lines.add(String.format(Locale.ROOT, "%7.2f %s", at, line));
        java.util.regex.Matcher succeeded = SUCCEEDED.matcher(line);
        if (succeeded.find()) {
          marks.put("run seconds", Double.parseDouble(succeeded.group(1)));
        }
        for (Map.Entry<String, Predicate<String>> marker : markers.entrySet()) {
          if (!marks.containsKey(marker.getKey()) && marker.getValue().test(line)) {
            marks.put(marker.getKey(), at);
          }
        }
      }
    }
    int exit = process.waitFor();
    double wall = (System.nanoTime() - started) / 1e9;
    Files.write(log, lines, StandardCharsets.UTF_8);
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + exit + "); its output: " + log);
    }
    return new Timed(wall, marks);
  }

  /** The silver and gold queries of the plan, their checks and helper columns, as JSON. */
  private static void writeJob(Plan plan, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode job = json.createObjectNode();
    ArrayNode datasets = job.putArray("datasets");
    for (PlannedDataset dataset : plan.datasets()) {
      if (!(dataset.spec().definition() instanceof DatasetDefinition.SqlQuery query)) {
        continue;
      }
      ObjectNode entry = datasets.addObject();
      entry.put("name", dataset.name());
      entry.put("sql", query.sql());
      entry.put(
          "where",
          dataset.spec().expectations().stream()
              .filter(check -> !check.onFail().name().equals("WARN"))
              .map(ExpectationSpec::check)
              .map(check -> "(" + check + ")")
              .collect(Collectors.joining(" AND ")));
      ArrayNode drop = entry.putArray("drop");
      dataset.spec().helperColumns().forEach(drop::add);
    }
    job.put("export", "gold.sightings_by_country");
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), job);
  }

  private static List<String> with(List<String> command, String... more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(more));
    return all;
  }
}
