package io.sluice.engine.spark.ml;

import static org.apache.spark.sql.functions.lit;

import io.sluice.core.store.ModelRegistry;
import io.sluice.core.store.ModelVersion;
import io.sluice.engine.spark.LakeTables;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A {@code score:} with a registry model ({@code models:/NAME@ALIAS} or {@code models:/NAME/3}):
 * the version is resolved when the step runs, its MLlib pipeline loaded from the lake once on the
 * driver (tree ensembles broadcast themselves to each executor once), and every input row gets
 * {@code prediction} and {@code model_version}.
 */
public final class RegistryScoring {
  public static final String MODEL_VERSION = "model_version";

  private RegistryScoring() {}

  /** The input's schema with the two columns a registry score adds. */
  public static StructType outputSchema(StructType input) {
    return input
        .add(MllibAlgorithms.PREDICTION, DataTypes.DoubleType, true)
        .add(MODEL_VERSION, DataTypes.IntegerType, false);
  }

  public static Dataset<Row> apply(
      Dataset<Row> input, DatasetDefinition.Score score, String dataset, ModelRegistry registry) {
    ModelVersion version = resolve(score.model(), dataset, registry);
    List<String> columns = Arrays.asList(input.columns());
    for (String added : List.of(MllibAlgorithms.PREDICTION, MODEL_VERSION)) {
      if (columns.contains(added)) {
        throw new SluiceException(
            ErrorCode.INVALID_VALUE,
            "Cannot score dataset '"
                + dataset
                + "': its input "
                + score.input()
                + " already has a column '"
                + added
                + "', which the score adds; rename it in the input");
      }
    }
    String features = version.training().params().getOrDefault("features", "");
    List<String> missing = new ArrayList<>();
    for (String feature : features.split(",")) {
      if (!feature.isEmpty() && !columns.contains(feature)) {
        missing.add(feature);
      }
    }
    if (!missing.isEmpty()) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot score dataset '"
              + dataset
              + "' with "
              + version.uri()
              + ": its input "
              + score.input()
              + " lacks the feature(s) "
              + String.join(", ", missing)
              + " the model was trained on");
    }
    PipelineModel model = ModelArtifacts.load(version.training().artifact());
    Dataset<Row> scored = model.transform(input);
    List<Column> kept = new ArrayList<>();
    for (String column : columns) {
      kept.add(scored.col(LakeTables.quote(column)));
    }
    kept.add(scored.col(MllibAlgorithms.PREDICTION));
    kept.add(lit(version.version()).as(MODEL_VERSION));
    return scored.select(kept.toArray(Column[]::new));
  }

  /** The registry version a {@code models:/} URI names, or a clear error. */
  public static ModelVersion resolve(String uri, String dataset, ModelRegistry registry) {
    String rest = uri.substring(DatasetDefinition.Score.REGISTRY.length());
    int at = rest.indexOf('@');
    String name = at >= 0 ? rest.substring(0, at) : rest.substring(0, rest.lastIndexOf('/'));
    Optional<ModelVersion> found =
        at >= 0
            ? registry.alias(name, rest.substring(at + 1))
            : registry.version(name, Integer.parseInt(rest.substring(rest.lastIndexOf('/') + 1)));
    return found.orElseThrow(
        () -> {
          List<ModelVersion> versions = registry.versions(name);
          return new SluiceException(
              ErrorCode.INVALID_VALUE,
              "Cannot score dataset '"
                  + dataset
                  + "': the registry has no "
                  + uri
                  + (versions.isEmpty()
                      ? " (model '" + name + "' has no versions: a train: dataset registers them)"
                      : " (versions of '" + name + "': " + ModelVersion.describe(versions) + ")"));
        });
  }
}
