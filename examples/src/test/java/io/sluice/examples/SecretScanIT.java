package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingPostgres;
import io.sluice.testing.TestingWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets planted the five ways a pipeline gets them (an environment variable, a file in the
 * secrets folder, a connector password, a Slack webhook URL, an API key) are searched for, in clear
 * and in base64, everywhere Sluice writes: the console output of validate, plan, run, runs and
 * export, every log file, --summary-json, every run-store table, the Airflow DAG, the alert
 * payloads, the error of a failed step, and the console's pages. Each example's pipeline is planned
 * and exported with its own secrets planted too. Found nowhere.
 */
class SecretScanIT {
  private static final String ENV_SECRET = "PLANTED-env-4f1c9a2e77";
  private static final String FILE_SECRET = "PLANTED-file-b83d10c5aa";
  private static final String PASSWORD = "PLANTED-password-6e2f0d9b";
  private static final String API_KEY = "PLANTED-apikey-19c7e4f3";
  private static final String HOOK_TOKEN = "PLANTED-slack-T0B1C2D3";

  @TempDir Path work;

  private final Map<String, String> found = new LinkedHashMap<>();
  private final List<String> searched = new ArrayList<>();

  @Test
  void noPlantedSecretAppearsAnywhereSluiceWrites() throws Exception {
    Path secrets = Files.createDirectories(work.resolve("secrets"));
    Files.writeString(secrets.resolve("SCAN_FILE_SECRET"), FILE_SECRET + "\n");
    Files.writeString(secrets.resolve("NEXON_API_KEY"), FILE_SECRET + "\n");
    Path logs = Files.createDirectories(work.resolve("logs"));
    try (TestingWebhook hook = TestingWebhook.start().receive("/hooks/" + HOOK_TOKEN)) {
      String hookUrl = hook.url("/hooks/" + HOOK_TOKEN);
      Map<String, String> env = new LinkedHashMap<>();
      env.put("SLUICE_SECRETS_DIR", secrets.toString());
      env.put("SLUICE_LOG_DIR", logs.toString());
      env.put("SCAN_ENV_SECRET", ENV_SECRET);
      env.put("SCAN_PG_PASSWORD", PASSWORD);
      env.put("SCAN_API_KEY", API_KEY);
      env.put("SCAN_SLACK", hookUrl);
      env.put("SLACK_WEBHOOK", hookUrl);
      env.put("UFO_INGEST_KEY", API_KEY);
      env.put("MONGODB_URI", "mongodb://scan:" + PASSWORD + "@127.0.0.1:1/db");

      String store = "jdbc:h2:file:" + work.resolve("runs");
      Path pipeline = work.resolve("scan.yaml");
      Files.writeString(
          pipeline,
          String.join(
              "\n",
              "pipeline: secret-scan",
              "lake: " + work.resolve("lake"),
              "run_store: " + store,
              "spark: { master: 'local[1]' }",
              "parameters:",
              "  token: \"${secret:SCAN_ENV_SECRET}\"",
              "  label: \"${secret:SCAN_FILE_SECRET}\"",
              "alerts:",
              "  slack_webhook: \"${secret:SCAN_SLACK}\"",
              "datasets:",
              "  gold.tokens: { sql: \"SELECT 1 AS id, length('${token}') AS n\" }",
              "  gold.broken:",
              "    sql: \"SELECT assert_true(id = 2, 'no good: ${token} ${label}') AS x FROM"
                  + " gold.tokens\"",
              "sinks:",
              "  warehouse:",
              "    type: jdbc",
              "    from: gold.tokens",
              "    url: '" + TestingPostgres.newDatabase("secret_scan") + "'",
              "    table: scan.tokens",
              "    password: \"${env:SCAN_PG_PASSWORD}\"",
              ""));

      scan("plan", sluice(env, "plan", pipeline.toString()).output);
      Path summary = work.resolve("summary.json");
      Result run = sluice(env, "run", pipeline.toString(), "--summary-json", summary.toString());
      assertThat(run.exit).as(run.output).isEqualTo(Main.RUN_FAILED);
      assertThat(run.output).contains("gold.broken").contains("****");
      scan("run", run.output);
      scan("--summary-json", Files.readString(summary));
      scan("runs", sluice(env, "runs", "--store", store).output);
      Path dag = work.resolve("dag.py");
      scan(
          "export airflow",
          sluice(env, "export", "airflow", pipeline.toString(), "-o", dag.toString()).output);
      scan("Airflow DAG", Files.readString(dag));
      assertThat(hook.bodies("/hooks/" + HOOK_TOKEN)).as("the failure alert").isNotEmpty();
      hook.bodies("/hooks/" + HOOK_TOKEN).forEach(body -> scan("Slack alert payload", body));
      scanConsole(env, pipeline);
      scanRunStore(store);

      int exported = 0;
      for (String example :
          List.of(
              "maple-nicknames",
              "segment-warehouse",
              "taxi-fares",
              "movie-reviews",
              "ufo-sightings")) {
        // from the repository's root, where the examples' relative paths (models) resolve
        String file = "examples/" + example + "/pipeline.yaml";
        Path exampleDag = work.resolve(example + ".py");
        scan(
            example + " export",
            sluiceAtRoot(env, "export", "airflow", file, "-o", exampleDag.toString()).output);
        if (Files.exists(exampleDag)) {
          scan(example + " Airflow DAG", Files.readString(exampleDag));
          exported++;
        }
      }
      assertThat(exported).as("examples exported").isEqualTo(5);
      try (Stream<Path> files = Files.list(logs)) {
        for (Path log : files.toList()) {
          scan("log file " + log.getFileName(), Files.readString(log));
        }
      }
    }
    System.out.println("searched: " + searched);
    assertThat(searched).hasSizeGreaterThan(20);
    assertThat(found).as("secrets found, by place").isEmpty();
  }

  private void scanConsole(Map<String, String> env, Path pipeline) throws Exception {
    Path log = work.resolve("console.log");
    Process console =
        ChildJvm.start(
            work,
            Main.class.getName(),
            List.of("console", pipeline.getParent().toString(), "--port", "0"),
            env,
            log);
    try {
      Matcher port = Pattern.compile("Console on http://127.0.0.1:(\\d+)/").matcher("");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!port.reset(Files.readString(log)).find()) {
        assertThat(console.isAlive()).as(Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as(Files.readString(log)).isLessThan(deadline);
        Thread.sleep(100); // polls the console's output for its port
      }
      String base = "http://127.0.0.1:" + port.group(1);
      HttpClient http = HttpClient.newHttpClient();
      String runs = get(http, base + "/runs");
      scan("console /runs", runs);
      Matcher runLink = Pattern.compile("href=\"(/runs/[^\"]+)\"").matcher(runs);
      assertThat(runLink.find()).as(runs).isTrue();
      String runPage = get(http, base + runLink.group(1));
      scan("console run page", runPage);
      for (String path :
          List.of(
              "/pipelines",
              "/pipelines/secret-scan",
              runLink.group(1) + "/steps/gold.broken",
              "/datasets/gold.tokens")) {
        scan("console " + path, get(http, base + path));
      }
    } finally {
      console.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    }
    scan("console output", Files.readString(log));
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Every text column of every table of the run store. */
  private void scanRunStore(String store) throws Exception {
    try (Connection c = DriverManager.getConnection(store + ";AUTO_SERVER=TRUE");
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      assertThat(tables).contains("SLUICE_RUNS", "SLUICE_STEPS", "SLUICE_LOG");
      for (String table : tables) {
        StringBuilder text = new StringBuilder();
        try (ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = r.getMetaData();
          while (r.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              text.append(r.getString(i)).append('\t');
            }
            text.append('\n');
          }
        }
        scan("run store table " + table, text.toString());
        if (table.equals("SLUICE_RUNS")) {
          // the secrets reached the run's parameters and were masked there
          assertThat(text.toString()).contains("token=****").contains("label=****");
        }
      }
    }
  }

  private void scan(String place, String text) {
    searched.add(place);
    for (String secret : List.of(ENV_SECRET, FILE_SECRET, PASSWORD, API_KEY, HOOK_TOKEN)) {
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      for (String form :
          List.of(
              secret,
              Base64.getEncoder().encodeToString(bytes),
              Base64.getEncoder().withoutPadding().encodeToString(bytes),
              Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))) {
        if (text.contains(form)) {
          found.merge(place, form, (a, b) -> a + ", " + b);
        }
      }
    }
  }

  private record Result(int exit, String output) {}

  private Result sluice(Map<String, String> env, String... args) throws Exception {
    return sluiceIn(null, env, args);
  }

  private Result sluiceAtRoot(Map<String, String> env, String... args) throws Exception {
    return sluiceIn(RepositoryFiles.root(), env, args);
  }

  private Result sluiceIn(Path directory, Map<String, String> env, String... args)
      throws Exception {
    Path log = Files.createTempFile(work, "sluice-", ".out");
    Process process =
        ChildJvm.start(work, directory, Main.class.getName(), List.of(args), env, log);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(Files.readString(log)).isTrue();
    return new Result(process.exitValue(), Files.readString(log));
  }
}
