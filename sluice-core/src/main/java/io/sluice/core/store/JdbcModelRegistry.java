package io.sluice.core.store;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ModelRegistry} in the run store's database, on the store's connection (and its lock).
 * A training run's parameters, metrics, importances and snapshots are rows of one table, by kind,
 * as MLflow keeps them; versions are numbered per model in a transaction, so that two runs
 * registering at once get different numbers.
 */
final class JdbcModelRegistry implements ModelRegistry {
  static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS sluice_experiment_runs (training_id VARCHAR(100) PRIMARY KEY,"
              + " experiment VARCHAR(200) NOT NULL, run_id VARCHAR(64) NOT NULL, dataset VARCHAR(300) NOT NULL,"
              + " model VARCHAR(200) NOT NULL, algorithm VARCHAR(100) NOT NULL, status VARCHAR(20) NOT NULL,"
              + " started_at TIMESTAMP NOT NULL, ended_at TIMESTAMP, pipeline_version VARCHAR(100) NOT NULL,"
              + " artifact VARCHAR(2000) NOT NULL, version INT)",
          "CREATE TABLE IF NOT EXISTS sluice_experiment_values (training_id VARCHAR(100) NOT NULL,"
              + " kind VARCHAR(12) NOT NULL, name VARCHAR(300) NOT NULL, text_value VARCHAR(10000),"
              + " number_value DOUBLE PRECISION, PRIMARY KEY (training_id, kind, name))",
          "CREATE TABLE IF NOT EXISTS sluice_model_versions (model VARCHAR(200) NOT NULL, version INT NOT NULL,"
              + " training_id VARCHAR(100) NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (model, version))",
          "CREATE TABLE IF NOT EXISTS sluice_model_aliases (model VARCHAR(200) NOT NULL, alias VARCHAR(100) NOT NULL,"
              + " version INT NOT NULL, updated_at TIMESTAMP NOT NULL, PRIMARY KEY (model, alias))",
          "CREATE INDEX IF NOT EXISTS sluice_experiment_runs_by_start ON sluice_experiment_runs (started_at)");

  private static final String PARAM = "param";
  private static final String METRIC = "metric";
  private static final String IMPORTANCE = "importance";
  private static final String SNAPSHOT = "snapshot";

  private final Connection connection;
  private final Object lock;

  JdbcModelRegistry(Connection connection, Object lock) {
    this.connection = connection;
    this.lock = lock;
  }

  @Override
  public void recordExperiment(ExperimentRun run) {
    synchronized (lock) {
      transaction(
          "record a training run",
          () -> {
            execute("DELETE FROM sluice_experiment_values WHERE training_id = ?", run.trainingId());
            execute("DELETE FROM sluice_experiment_runs WHERE training_id = ?", run.trainingId());
            execute(
                "INSERT INTO sluice_experiment_runs (training_id, experiment, run_id, dataset, model,"
                    + " algorithm, status, started_at, ended_at, pipeline_version, artifact, version)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.trainingId(),
                run.experiment(),
                run.runId(),
                run.dataset(),
                run.model(),
                run.algorithm(),
                run.status().name(),
                Timestamp.from(run.startedAt()),
                run.endedAt().map(Timestamp::from).orElse(null),
                run.pipelineVersion(),
                run.artifact(),
                run.registeredVersion().orElse(null));
            run.params().forEach((k, v) -> value(run, PARAM, k, v, null));
            run.metrics().forEach((k, v) -> value(run, METRIC, k, null, v));
            run.importances().forEach((k, v) -> value(run, IMPORTANCE, k, null, v));
            run.snapshots().forEach((k, v) -> value(run, SNAPSHOT, k, Long.toString(v), null));
            return null;
          });
    }
  }

  private void value(ExperimentRun run, String kind, String name, String text, Double number) {
    execute(
        "INSERT INTO sluice_experiment_values (training_id, kind, name, text_value, number_value)"
            + " VALUES (?, ?, ?, ?, ?)",
        run.trainingId(),
        kind,
        name,
        text,
        number);
  }

  @Override
  public List<ExperimentRun> experimentRuns(Optional<String> experiment, int limit) {
    synchronized (lock) {
      return experiment.isPresent()
          ? runs(
              "WHERE experiment = ? ORDER BY started_at DESC, training_id", limit, experiment.get())
          : runs("ORDER BY started_at DESC, training_id", limit);
    }
  }

  @Override
  public Optional<ExperimentRun> experimentRun(String trainingId) {
    synchronized (lock) {
      return runs("WHERE training_id = ?", 1, trainingId).stream().findFirst();
    }
  }

  @Override
  public int register(ExperimentRun run) {
    // Two processes may take the same next number: the second insert breaks the primary key,
    // rolls back and tries the number after.
    for (int attempt = 1; ; attempt++) {
      try {
        return registerOnce(run);
      } catch (SluiceException e) {
        if (attempt >= 20 || !duplicateKey(e)) {
          throw e;
        }
      }
    }
  }

  private static boolean duplicateKey(SluiceException e) {
    return e.getCause() instanceof SQLException sql
        && sql.getSQLState() != null
        && sql.getSQLState().startsWith("23");
  }

  private int registerOnce(ExperimentRun run) {
    synchronized (lock) {
      return transaction(
          "register a model version",
          () -> {
            int version;
            try (PreparedStatement next =
                connection.prepareStatement(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM sluice_model_versions WHERE model = ?")) {
              next.setString(1, run.model());
              try (ResultSet rows = next.executeQuery()) {
                rows.next();
                version = rows.getInt(1);
              }
            }
            execute(
                "INSERT INTO sluice_model_versions (model, version, training_id, created_at)"
                    + " VALUES (?, ?, ?, ?)",
                run.model(),
                version,
                run.trainingId(),
                Timestamp.from(Instant.now()));
            execute(
                "UPDATE sluice_experiment_runs SET version = ? WHERE training_id = ?",
                version,
                run.trainingId());
            return version;
          });
    }
  }

  @Override
  public List<String> models() {
    synchronized (lock) {
      List<String> names = new ArrayList<>();
      query(
          "SELECT DISTINCT model FROM sluice_model_versions ORDER BY model",
          rows -> names.add(rows.getString(1)));
      return names;
    }
  }

  @Override
  public List<ModelVersion> versions(String model) {
    synchronized (lock) {
      return modelVersions("WHERE v.model = ? ORDER BY v.version DESC", model);
    }
  }

  @Override
  public Optional<ModelVersion> version(String model, int version) {
    synchronized (lock) {
      return modelVersions("WHERE v.model = ? AND v.version = ?", model, version).stream()
          .findFirst();
    }
  }

  @Override
  public Optional<ModelVersion> alias(String model, String alias) {
    synchronized (lock) {
      return modelVersions(
              "WHERE v.model = ? AND v.version = (SELECT a.version FROM sluice_model_aliases a"
                  + " WHERE a.model = ? AND a.alias = ?)",
              model,
              model,
              alias)
          .stream()
          .findFirst();
    }
  }

  @Override
  public void setAlias(String model, String alias, int version) {
    synchronized (lock) {
      if (version(model, version).isEmpty()) {
        throw new SluiceException(
            ErrorCode.INVALID_VALUE,
            "Cannot point alias '"
                + alias
                + "' at version "
                + version
                + " of model '"
                + model
                + "': no such version (`sluice models show "
                + model
                + "` lists its versions)");
      }
      transaction(
          "set a model alias",
          () -> {
            execute("DELETE FROM sluice_model_aliases WHERE model = ? AND alias = ?", model, alias);
            execute(
                "INSERT INTO sluice_model_aliases (model, alias, version, updated_at)"
                    + " VALUES (?, ?, ?, ?)",
                model,
                alias,
                version,
                Timestamp.from(Instant.now()));
            return null;
          });
    }
  }

  private List<ModelVersion> modelVersions(String where, Object... values) {
    List<Object[]> found = new ArrayList<>();
    query(
        "SELECT v.model, v.version, v.training_id, v.created_at FROM sluice_model_versions v "
            + where,
        rows ->
            found.add(
                new Object[] {
                  rows.getString(1), rows.getInt(2), rows.getString(3), rows.getTimestamp(4)
                }),
        values);
    List<ModelVersion> result = new ArrayList<>();
    for (Object[] row : found) {
      String model = (String) row[0];
      int version = (Integer) row[1];
      ExperimentRun training =
          runs("WHERE training_id = ?", 1, row[2]).stream()
              .findFirst()
              .orElseThrow(
                  () ->
                      new SluiceException(
                          ErrorCode.RUN_FAILED,
                          "The run store's registry lists version "
                              + version
                              + " of model '"
                              + model
                              + "' without its training run "
                              + row[2]));
      List<String> aliases = new ArrayList<>();
      query(
          "SELECT alias FROM sluice_model_aliases WHERE model = ? AND version = ? ORDER BY alias",
          rows -> aliases.add(rows.getString(1)),
          model,
          version);
      result.add(
          new ModelVersion(model, version, training, ((Timestamp) row[3]).toInstant(), aliases));
    }
    return result;
  }

  private List<ExperimentRun> runs(String where, int limit, Object... values) {
    List<ExperimentRun> bare = new ArrayList<>();
    query(
        "SELECT training_id, experiment, run_id, dataset, model, algorithm, status, started_at,"
            + " ended_at, pipeline_version, artifact, version FROM sluice_experiment_runs "
            + where,
        rows -> {
          if (bare.size() < limit) {
            Timestamp ended = rows.getTimestamp(9);
            int version = rows.getInt(12);
            boolean registered = !rows.wasNull();
            bare.add(
                new ExperimentRun(
                    rows.getString(1),
                    rows.getString(2),
                    rows.getString(3),
                    rows.getString(4),
                    rows.getString(5),
                    rows.getString(6),
                    RunStatus.valueOf(rows.getString(7)),
                    rows.getTimestamp(8).toInstant(),
                    Optional.ofNullable(ended).map(Timestamp::toInstant),
                    Map.of(),
                    Map.of(),
                    Map.of(),
                    Map.of(),
                    rows.getString(10),
                    rows.getString(11),
                    registered ? Optional.of(version) : Optional.empty()));
          }
        },
        values);
    List<ExperimentRun> result = new ArrayList<>();
    for (ExperimentRun run : bare) {
      Map<String, String> params = new LinkedHashMap<>();
      Map<String, Double> metrics = new LinkedHashMap<>();
      Map<String, Double> importances = new LinkedHashMap<>();
      Map<String, Long> snapshots = new LinkedHashMap<>();
      query(
          "SELECT kind, name, text_value, number_value FROM sluice_experiment_values"
              + " WHERE training_id = ? ORDER BY kind, name",
          rows -> {
            String kind = rows.getString(1);
            String name = rows.getString(2);
            switch (kind) {
              case PARAM -> params.put(name, rows.getString(3));
              case METRIC -> metrics.put(name, rows.getDouble(4));
              case IMPORTANCE -> importances.put(name, rows.getDouble(4));
              case SNAPSHOT -> snapshots.put(name, Long.parseLong(rows.getString(3)));
              default -> {
                // a kind a newer Sluice wrote: not shown
              }
            }
          },
          run.trainingId());
      result.add(run.withValues(params, metrics, importances, snapshots));
    }
    return result;
  }

  private interface RowReader {
    void read(ResultSet rows) throws SQLException;
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private void query(String sql, RowReader reader, Object... values) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      throw failure("read the model registry", e);
    }
  }

  private void execute(String sql, Object... values) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(
            i + 1,
            values[i] instanceof String text ? io.sluice.spi.Redaction.scrub(text) : values[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("write the model registry", e);
    }
  }

  private <T> T transaction(String action, Work<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  private static SluiceException failure(String action, SQLException e) {
    return new SluiceException(
        ErrorCode.RUN_FAILED, "Cannot " + action + " in the run store: " + e.getMessage(), e);
  }
}
