package io.sluice.engine.spark;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spi.spark.SourceContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Computes every dataset's schema without running the pipeline: each dataset becomes an empty table
 * in a scratch catalog so that Spark's analyzer can resolve the SQL of the next one. Only a
 * source's header may be read.
 */
public final class SchemaPreview {
  private SchemaPreview() {}

  /** Dataset name to schema, in graph order. {@code spark} must use a scratch lake. */
  public static Map<String, StructType> schemas(SparkSession spark, Plan plan) {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    for (PlannedDataset dataset : plan.datasets()) {
      StructType schema = schemaOf(spark, dataset, schemas);
      schemas.put(dataset.name(), schema);
      LakeTables.ensureNamespace(spark, dataset.name());
      String table = LakeTables.qualified(dataset.name());
      spark.sql("DROP TABLE IF EXISTS " + table);
      spark.sql("CREATE TABLE " + table + " (" + schema.toDDL() + ") USING iceberg");
    }
    return schemas;
  }

  private static StructType schemaOf(
      SparkSession spark, PlannedDataset dataset, Map<String, StructType> known) {
    return dataset
        .spec()
        .definition()
        .match(
            new DatasetDefinition.Cases<StructType>() {
              @Override
              public StructType fromSource(DatasetDefinition.FromSource from) {
                return sourceSchema(spark, dataset, from, known);
              }

              @Override
              public StructType sql(DatasetDefinition.SqlQuery query) {
                List<String> helpers = dataset.spec().helperColumns();
                return new StructType(
                    Arrays.stream(spark.sql(query.sql()).schema().fields())
                        .filter(field -> !helpers.contains(field.name()))
                        .toArray(StructField[]::new));
              }

              @Override
              public StructType score(DatasetDefinition.Score score) {
                StructType input = known.get(dataset.upstream().get(0));
                return input == null ? new StructType() : Scoring.outputSchema(input, score);
              }

              @Override
              public StructType train(DatasetDefinition.Train train) {
                return io.sluice.engine.spark.ml.ModelTraining.SCHEMA;
              }
            });
  }

  private static StructType sourceSchema(
      SparkSession spark,
      PlannedDataset dataset,
      DatasetDefinition.FromSource from,
      Map<String, StructType> known) {
    if (dataset.source() == null) {
      return known.get(dataset.upstream().get(0));
    }
    StructType schema =
        dataset
            .source()
            .factory()
            .source()
            .createBatchSource(dataset.source().options())
            .read(
                new SourceContext(
                    spark,
                    from.source(),
                    "plan",
                    // the plan reads schemas only: Spark's Kafka reads are lazy, nothing connects
                    Map.of(SourceContext.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9")))
            .rows()
            .schema();
    if (dataset.spec().metadata()) {
      schema =
          schema
              .add(DatasetStep.INGESTED_AT, DataTypes.TimestampType, false)
              .add(DatasetStep.RUN_ID, DataTypes.StringType, false)
              .add(DatasetStep.SOURCE_FILE, DataTypes.StringType, false);
    }
    return schema;
  }
}
