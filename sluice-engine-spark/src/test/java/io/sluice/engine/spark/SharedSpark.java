package io.sluice.engine.spark;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.scheduler.AlertSender;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.PipelineSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** One Spark session and one lake per test JVM; tests use their own namespaces. */
final class SharedSpark {
  private static SparkSession spark;
  private static Path root;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (spark == null) {
      try {
        root = Files.createTempDirectory("sluice-engine-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spark = SparkSessions.create("engine-tests", settings());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }

  static EngineSettings settings() {
    return new EngineSettings(
        root.resolve("lake").toString(),
        "local[2]",
        Map.of("spark.sql.shuffle.partitions", "2"),
        "jdbc:h2:file:" + root.resolve("runs"));
  }

  static Path root() {
    session();
    return root;
  }

  /** Loads, plans and runs pipeline text in the shared session. */
  static RunResult run(String yaml, Map<String, String> parameters) {
    session();
    PipelineSpec spec =
        PipelineLoader.load(
            root.resolve("test.yaml"), yaml, new LoadRequest("local", parameters, k -> null));
    Plan plan = Planner.plan(spec, ConnectorRegistry.load(), new SparkSqlAnalyzer());
    try (JdbcRunStore store = JdbcRunStore.open(settings().runStore())) {
      return new RunService(
              new SparkStepExecutor(spark, Map.of()),
              store,
              RunListener.NONE,
              RunClock.SYSTEM,
              AlertSender.HTTP)
          .run(plan, RunRequest.only(Optional.empty(), false, Duration.ofMinutes(1)));
    }
  }

  static Path write(String name, String content) {
    try {
      Path file = root().resolve("input").resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
