package io.sluice.spi;

/**
 * Stable codes of user-facing errors. A code never changes meaning once released; the CLI prints it
 * as {@code error[E101]} so users can search the docs for it.
 */
public enum ErrorCode {
  YAML_SYNTAX("E100", "the file is not valid YAML"),
  UNKNOWN_KEY("E101", "a key that the format does not define"),
  WRONG_TYPE("E102", "a value of the wrong type"),
  MISSING_REQUIRED("E103", "a required key is missing"),
  UNKNOWN_CONNECTOR("E104", "a connector type that no installed connector provides"),
  UNDEFINED_REFERENCE("E105", "a reference to a dataset or source that is not defined"),
  CYCLE("E106", "datasets that depend on each other in a cycle"),
  SQL_SYNTAX("E107", "SQL that does not parse"),
  INVALID_VALUE("E108", "a value outside the accepted set or range"),
  DUPLICATE_KEY("E109", "the same key twice in one mapping"),
  UNKNOWN_PARAMETER("E110", "a ${...} placeholder that names no parameter"),
  MISSING_ENV("E111", "an environment variable that is not set"),
  UNKNOWN_PROFILE("E112", "a profile that the file does not define"),
  FILE_NOT_FOUND("E113", "the pipeline file cannot be read"),
  UNSUPPORTED_SQL("E114", "SQL of another dialect that has no Spark translation"),
  READ_ONLY(
      "E115", "a statement that writes where only reading is allowed (the console's SQL box)"),
  INPUT_SCHEMA("E200", "input that does not have the declared columns"),
  BAD_RECORD("E201", "a record that does not match the declared types"),
  EXPECTATION_FAILED("E202", "an expectation with on_fail: fail was violated"),
  COUNTS_MISMATCH("E203", "rows in and rows out of a step do not add up"),
  RUN_FAILED("E300", "a step failed while running"),
  SERVICE_FAILED("E301", "a service the run needs (an embedded HDFS, a metastore) did not start");

  private final String code;
  private final String summary;

  ErrorCode(String code, String summary) {
    this.code = code;
    this.summary = summary;
  }

  public String code() {
    return code;
  }

  public String summary() {
    return summary;
  }

  /**
   * Whether the error is in what the user wrote (the file, the command line: E1xx), as opposed to
   * the data or the run (E2xx, E3xx). The CLI exits 2 for the first, 1 for the others.
   */
  public boolean isUsage() {
    return code.startsWith("E1");
  }
}
