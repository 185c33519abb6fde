package io.sluice.engine.spark;

import io.sluice.core.browse.TableInfo;
import io.sluice.core.run.StepContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Tells the run the columns a step wrote, for its lineage: only when the file asks for lineage,
 * since reading a table's schema is a round trip to the catalog.
 */
final class OutputSchemas {
  private OutputSchemas() {}

  /** Reports the columns of {@code table} as what {@code step} wrote. */
  static void report(SparkSession spark, StepContext context, String step, String table) {
    if (!context.plan().spec().lineage().enabled()) {
      return;
    }
    try {
      context.outputSchema(step, columns(spark.table(table).schema()));
    } catch (RuntimeException e) { // the lineage goes without a schema facet
      org.apache.logging.log4j.LogManager.getLogger(OutputSchemas.class)
          .warn("Cannot read the schema of {} for its lineage: {}", table, e.toString());
    }
  }

  /** A Spark schema's columns with their Spark SQL types. */
  static List<TableInfo.Column> columns(StructType schema) {
    List<TableInfo.Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(
          new TableInfo.Column(field.name(), field.dataType().simpleString(), field.nullable()));
    }
    return columns;
  }
}
