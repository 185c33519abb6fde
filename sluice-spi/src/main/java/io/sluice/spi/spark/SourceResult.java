package io.sluice.spi.spark;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a source produced and the records it rejected. Rejected rows carry the columns {@link
 * #RAW_COLUMN}, {@link #REASON_COLUMN} and {@link #ORIGIN_COLUMN} so that nothing is lost.
 */
public record SourceResult(Dataset<Row> rows, Optional<Dataset<Row>> rejected) {
  public static final String RAW_COLUMN = "_raw";
  public static final String REASON_COLUMN = "_reason";
  public static final String ORIGIN_COLUMN = "_origin";

  public SourceResult {
    requireNonNull(rows, "rows is null");
    requireNonNull(rejected, "rejected is null");
  }

  public static SourceResult of(Dataset<Row> rows) {
    return new SourceResult(rows, Optional.empty());
  }
}
