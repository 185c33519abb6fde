package io.sluice.spi;

/** How rows reach a table or sink that may already hold data. */
public enum WriteMode {
  /** Replace the whole content atomically. Idempotent. */
  OVERWRITE,
  /** Add the rows. Not idempotent: a re-run adds them again. */
  APPEND,
  /** Update rows with equal key columns and insert the others. Idempotent. */
  MERGE
}
