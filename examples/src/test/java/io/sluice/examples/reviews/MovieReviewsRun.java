package io.sluice.examples.reviews;

import io.sluice.testing.RepositoryFiles;
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

  /** The parameters every run of the test sets: its broker, MongoDB, topic, database, folders. */
  java.util.Map<String, String> params() {
    java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
    params.put("kafka", TestingKafka.bootstrapServers());
    params.put("mongodb", TestingMongo.shared().connectionString());
    params.put("topic", topic);
    params.put("database", database);
    params.put(
        "model",
        RepositoryFiles.resolve("examples/movie-reviews/models/english-sentiment").toString());
    params.put("out", work.resolve("out").toString());
    return params;
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
    params().forEach((key, value) -> all.add(key + "=" + value));
    all.addAll(List.of(params));
    for (String param : all) {
      args.addAll(List.of("--param", param));
    }
    return args;
  }

  /** The rows of a query over the test's lake, as CSV lines without the header. */
  List<String> lake(String sql) throws Exception {
    return io.sluice.examples.LakeSql.csv(PIPELINE, work.resolve("lake"), sql);
  }
}
