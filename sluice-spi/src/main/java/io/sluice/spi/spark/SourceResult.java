package io.sluice.spi.spark;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a source produced and the records it rejected. Rejected rows carry the columns {@link
 * #RAW_COLUMN}, {@link #REASON_COLUMN} and {@link #ORIGIN_COLUMN}; the engine quarantines them or
 * counts them as dropped, as {@code action} says, so that every record is accounted for.
 *
 * <p>{@code rejectedCount} is measured while {@code rows} is consumed ({@link RowCounts}) and may
 * be read only after that: the engine reads {@code rejected} only when it is not zero, so clean
 * input is read once.
 */
public record SourceResult(
    Dataset<Row> rows,
    Optional<Dataset<Row>> rejected,
    RejectedAction action,
    LongSupplier rejectedCount) {
  public static final String RAW_COLUMN = "_raw";
  public static final String REASON_COLUMN = "_reason";
  public static final String ORIGIN_COLUMN = "_origin";

  public SourceResult {
    requireNonNull(rows, "rows is null");
    requireNonNull(rejected, "rejected is null");
    requireNonNull(action, "action is null");
    requireNonNull(rejectedCount, "rejectedCount is null");
  }

  public static SourceResult of(Dataset<Row> rows) {
    return new SourceResult(rows, Optional.empty(), RejectedAction.QUARANTINE, () -> 0);
  }

  /** What the engine does with rejected records. */
  public enum RejectedAction {
    /** Write them to the dataset's quarantine table with the reason. */
    QUARANTINE,
    /** Count them as dropped. */
    DROP
  }
}
