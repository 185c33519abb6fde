package io.sluice.spi;

/** The value types an {@link Option} can take. */
public enum OptionType {
  STRING("string"),
  INT("integer"),
  LONG("integer"),
  DOUBLE("number"),
  BOOLEAN("boolean"),
  STRING_LIST("list of strings"),
  STRING_MAP("map of strings"),
  ENUM("one of"),
  /** A duration as people write it: 500ms, 30s, 5m, 2h, 1d (a {@link java.time.Duration}). */
  DURATION("duration"),
  /** A nested section of the pipeline file, read by its own reader and documented apart. */
  SECTION("section");

  private final String displayName;

  OptionType(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }
}
