package io.sluice.examples.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingKafka;
import io.sluice.testing.TestingMongo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The movie-reviews pipeline as its tests run it: on the shared test broker and MongoDB, with a
 * topic and a database of the test's own, its lake and run store under the test's folder.
 */
final class MovieReviewsRun {
  static final Path PIPELINE = RepositoryFiles.resolve("examples/movie-reviews/pipeline.yaml");

  private final Path work;
  private final String topic;
  private final String database;

  MovieReviewsRun(Path work, String topic, String database) {
    this.work = work;
    this.topic = topic;
    this.database = database;
  }

  /** {@code sluice run} arguments, with more {@code --param KEY=VALUE} from {@code params}. */
  List<String> args(String... params) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                PIPELINE.toString(),
                "--lake",
                work.resolve("lake").toString(),
                "--run-store",
                "jdbc:h2:file:" + work.resolve("runs")));
    List<String> all = new ArrayList<>();
    all.add("kafka=" + TestingKafka.bootstrapServers());
    all.add("mongodb=" + TestingMongo.shared().connectionString());
    all.add("topic=" + topic);
    all.add("database=" + database);
    all.add("model=" + RepositoryFiles.resolve("examples/movie-reviews/models/english-sentiment"));
    all.add("out=" + work.resolve("out"));
    all.addAll(List.of(params));
    for (String param : all) {
      args.addAll(List.of("--param", param));
    }
    return args;
  }

  /** The rows of a query over the test's lake, as CSV lines without the header. */
  List<String> lake(String sql) throws Exception {
    TestingConsole.Captured<Integer> result =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql",
                    PIPELINE.toString(),
                    "--lake",
                    work.resolve("lake").toString(),
                    sql,
                    "-f",
                    "csv",
                    "--limit",
                    "1000000"));
    assertThat(result.result()).as(result.err()).isZero();
    List<String> lines = new ArrayList<>(List.of(result.out().strip().split("\n")));
    lines.remove(0); // the header
    return lines;
  }
}
