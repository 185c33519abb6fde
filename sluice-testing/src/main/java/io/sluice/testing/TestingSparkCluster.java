package io.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine: a Master and Workers as child JVMs on 127.0.0.1,
 * started from a SPARK_HOME whose jars/ holds only what a Spark 4.1 distribution has (the names in
 * module sluice-spark-runtime's list, linked from this class path) plus the {@code extraJars} the
 * cluster is given (as EMR gives its clusters S3 support): whatever else a pipeline needs must come
 * with the application, as on a real cluster. Workers' and executors' files are under {@code
 * work/spark-home/work}.
 */
public final class TestingSparkCluster implements AutoCloseable {
  private final Path home;
  private final Process master;
  private final List<Process> workers;
  private final int port;
  private final int webPort;

  private TestingSparkCluster(
      Path home, Process master, List<Process> workers, int port, int webPort) {
    this.home = home;
    this.master = master;
    this.workers = workers;
    this.port = port;
    this.webPort = webPort;
  }

  /**
   * Starts a Master and {@code workers} Workers of {@code cores} cores and {@code memoryMb} each;
   * returns when the Master lists every Worker alive (or fails with their logs after two minutes).
   */
  public static TestingSparkCluster start(
      Path work, int workers, int cores, int memoryMb, List<Path> extraJars) throws IOException {
    Path home = sparkHome(work, extraJars);
    int port = ChildServer.freePort();
    int webPort = ChildServer.freePort();
    Process master =
        start(
            home,
            "org.apache.spark.deploy.master.Master",
            List.of(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--webui-port",
                Integer.toString(webPort)),
            home.resolve("master.log"));
    List<Process> started = new ArrayList<>();
    TestingSparkCluster cluster = new TestingSparkCluster(home, master, started, port, webPort);
    try {
      for (int i = 0; i < workers; i++) {
        started.add(
            start(
                home,
                "org.apache.spark.deploy.worker.Worker",
                List.of(
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    Integer.toString(cores),
                    "--memory",
                    memoryMb + "m",
                    "--webui-port",
                    Integer.toString(ChildServer.freePort()),
                    "--work-dir",
                    Files.createDirectories(home.resolve("work")).toString(),
                    cluster.masterUrl()),
                home.resolve("worker-" + i + ".log")));
      }
      cluster.awaitWorkers(workers, Duration.ofMinutes(2));
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  public Path sparkHome() {
    return home;
  }

  /** What a process that submits to or drives this cluster needs in its environment. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return env;
  }

  /** The Worker processes, in start order (their executors and drivers are descendants). */
  public List<Process> workers() {
    return List.copyOf(workers);
  }

  /**
   * Kills Worker {@code index} as a lost machine: SIGKILL to the Worker and everything it started
   * (executors, a driver), at once. Returns the pids killed.
   */
  public List<Long> killWorker(int index) {
    Process worker = workers.get(index);
    List<Long> killed = new ArrayList<>();
    worker
        .descendants()
        .forEach(
            child -> {
              killed.add(child.pid());
              child.destroyForcibly();
            });
    killed.add(worker.pid());
    worker.destroyForcibly();
    return killed;
  }

  /** The Master's JSON status ({@code /json}: workers, apps, drivers). */
  public JsonNode status() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/json/"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The executors' and drivers' stderr files the Workers wrote. */
  public List<Path> stderrFiles() throws IOException {
    try (var files = Files.walk(home.resolve("work"))) {
      return files.filter(f -> f.getFileName().toString().equals("stderr")).sorted().toList();
    }
  }

  private void awaitWorkers(int count, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException("The Spark Master exited:\n" + logs());
      }
      try {
        int alive = 0;
        for (JsonNode worker : status().path("workers")) {
          alive += worker.path("state").asText().equals("ALIVE") ? 1 : 0;
        }
        if (alive >= count) {
          return;
        }
      } catch (IOException notYet) {
        // the Master's web UI is not up yet
      }
      try {
        TimeUnit.MILLISECONDS.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IllegalStateException(
        "The Spark Master did not list " + count + " alive workers in time:\n" + logs());
  }

  private String logs() throws IOException {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(home)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        text.append("== ").append(log).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 30), lines.size())
            .forEach(l -> text.append(l).append('\n'));
      }
    }
    return text.toString();
  }

  private static Process start(Path home, String mainClass, List<String> args, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> flag.startsWith("--add-") || flag.startsWith("-XX:+Ignore"))
        .forEach(command::add);
    command.add("-cp");
    command.add(home.resolve("jars") + File.separator + "*");
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.directory(home.toFile());
    return builder.start();
  }

  /** SPARK_HOME with jars/ linking the Spark distribution's jars found on this class path. */
  private static Path sparkHome(Path work, List<Path> extraJars) throws IOException {
    Set<String> provided = io.sluice.spark.SparkDistribution.jarNames();
    Path home = work.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    List<Path> links = new ArrayList<>(extraJars);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.getFileName() != null && provided.contains(path.getFileName().toString())) {
        links.add(path);
      }
    }
    for (Path jar : links) {
      Path link = jars.resolve(jar.getFileName());
      if (!Files.exists(link) && Files.isRegularFile(jar)) {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
    }
    return home;
  }

  @Override
  public void close() {
    for (Process worker : workers) {
      worker.descendants().forEach(ProcessHandle::destroyForcibly);
      worker.destroyForcibly();
    }
    master.destroyForcibly();
    for (Process process : workers) {
      waitFor(process);
    }
    waitFor(master);
  }

  private static void waitFor(Process process) {
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
