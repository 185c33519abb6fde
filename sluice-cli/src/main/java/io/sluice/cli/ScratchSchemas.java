package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.engine.spark.ChartSchemas;
import io.sluice.engine.spark.SchemaPreview;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Every dataset's schema and every chart's columns, worked out by Spark's analyzer in a scratch
 * lake that is deleted afterwards (no row is read but a source's header): what {@code plan} shows
 * and {@code validate --schemas} checks.
 */
final class ScratchSchemas {
  private ScratchSchemas() {}

  /**
   * The datasets' schemas in graph order.
   *
   * @throws ValidationException when a chart draws a column its query does not return
   */
  static Map<String, StructType> analyse(Plan plan) throws IOException {
    Path scratch = Files.createTempDirectory("sluice-plan");
    EngineSettings settings = plan.spec().settings();
    SparkSession spark =
        SparkSessions.create(
            "sluice-plan",
            new EngineSettings(
                scratch.toString(), "local[1]", settings.sparkConf(), settings.runStore()));
    try {
      Map<String, StructType> schemas = SchemaPreview.schemas(spark, plan);
      List<io.sluice.spec.Problem> problems = ChartSchemas.problems(spark, plan);
      if (!problems.isEmpty()) {
        throw new ValidationException(problems);
      }
      return schemas;
    } finally {
      spark.stop();
      PlanCommand.deleteRecursively(scratch);
    }
  }
}
