package io.sluice.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One configuration key of a connector or of the pipeline file: its name, type, default and
 * description. Options are declared as constants; validation, the reference docs and the JSON
 * Schema are all generated from them.
 *
 * @param <T> the Java type of the value
 */
public final class Option<T> {
  private final String key;
  private final OptionType type;
  private final T defaultValue;
  private final boolean required;
  private final boolean secret;
  private final String description;
  private final List<String> allowedValues;
  private final Check<T> check;

  /** A rule a value must keep, beyond its type: a range, say. */
  private record Check<T>(java.util.function.Predicate<T> holds, String expected) {
    static <T> Check<T> none() {
      return new Check<>(value -> true, "");
    }
  }

  private Option(
      String key,
      OptionType type,
      T defaultValue,
      boolean required,
      boolean secret,
      String description,
      List<String> allowedValues,
      Check<T> check) {
    this.key = requireNonNull(key, "key is null");
    this.type = requireNonNull(type, "type is null");
    this.defaultValue = defaultValue;
    this.required = required;
    this.secret = secret;
    this.description = requireNonNull(description, "description is null");
    this.allowedValues = List.copyOf(allowedValues);
    this.check = requireNonNull(check, "check is null");
  }

  /** Starts the declaration of an option named {@code key}. */
  public static KeyBuilder key(String key) {
    return new KeyBuilder(key);
  }

  public String key() {
    return key;
  }

  public OptionType type() {
    return type;
  }

  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public boolean required() {
    return required;
  }

  /** A secret value is masked in every message, plan and log line. */
  public boolean secret() {
    return secret;
  }

  public String description() {
    return description;
  }

  /** For enumerated options, the accepted values (lower case); empty otherwise. */
  public List<String> allowedValues() {
    return allowedValues;
  }

  /**
   * What is wrong with {@code value} (of this option's type) beyond its type, such as "at least 1";
   * empty when it is acceptable.
   */
  @SuppressWarnings("unchecked")
  public Optional<String> problem(Object value) {
    return check.holds().test((T) value) ? Optional.empty() : Optional.of(check.expected());
  }

  /** Returns a copy that is masked wherever its value is shown. */
  public Option<T> asSecret() {
    return new Option<>(key, type, defaultValue, required, true, description, allowedValues, check);
  }

  /** Returns a copy that must be present in the file. */
  public Option<T> asRequired() {
    return new Option<>(key, type, null, true, secret, description, allowedValues, check);
  }

  @Override
  public String toString() {
    return key + " (" + type.displayName() + ")";
  }

  /** First step of the builder: choose the type. */
  public static final class KeyBuilder {
    private final String key;

    private KeyBuilder(String key) {
      this.key = requireNonNull(key, "key is null");
    }

    public TypedBuilder<String> stringType() {
      return new TypedBuilder<>(key, OptionType.STRING, List.of());
    }

    public TypedBuilder<Integer> intType() {
      return new TypedBuilder<>(key, OptionType.INT, List.of());
    }

    public TypedBuilder<Long> longType() {
      return new TypedBuilder<>(key, OptionType.LONG, List.of());
    }

    public TypedBuilder<Double> doubleType() {
      return new TypedBuilder<>(key, OptionType.DOUBLE, List.of());
    }

    public TypedBuilder<Boolean> booleanType() {
      return new TypedBuilder<>(key, OptionType.BOOLEAN, List.of());
    }

    public TypedBuilder<List<String>> stringListType() {
      return new TypedBuilder<>(key, OptionType.STRING_LIST, List.of());
    }

    /** A string map, for example a column name to type mapping. Key order is kept. */
    public TypedBuilder<java.util.Map<String, String>> stringMapType() {
      return new TypedBuilder<>(key, OptionType.STRING_MAP, List.of());
    }

    /** A duration as people write it: 500ms, 30s, 5m, 2h, 1d. */
    public TypedBuilder<java.time.Duration> durationType() {
      return new TypedBuilder<>(key, OptionType.DURATION, List.of());
    }

    /** A nested section (a mapping or a list of mappings) with its own keys. */
    public TypedBuilder<Object> sectionType() {
      return new TypedBuilder<>(key, OptionType.SECTION, List.of());
    }

    /**
     * An enumerated option: the value is one of the constants' names in lower case, with '-' for
     * '_'.
     */
    public <E extends Enum<E>> TypedBuilder<String> enumType(Class<E> enumClass) {
      List<String> names =
          java.util.Arrays.stream(enumClass.getEnumConstants())
              .map(value -> value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
              .toList();
      return new TypedBuilder<>(key, OptionType.ENUM, names);
    }
  }

  /** Second step of the builder: default or required, then the description. */
  public static final class TypedBuilder<T> {
    private final String key;
    private final OptionType type;
    private final List<String> allowedValues;
    private T defaultValue;
    private boolean required;
    private Check<T> check = Check.none();

    private TypedBuilder(String key, OptionType type, List<String> allowedValues) {
      this.key = key;
      this.type = type;
      this.allowedValues = allowedValues;
    }

    public TypedBuilder<T> defaultValue(T value) {
      this.defaultValue = requireNonNull(value, "value is null");
      return this;
    }

    public TypedBuilder<T> noDefaultValue() {
      return this;
    }

    public TypedBuilder<T> required() {
      this.required = true;
      return this;
    }

    /**
     * A rule values must keep beyond their type; {@code expected} says it for people ("at least 1",
     * "a power of two") in the message that rejects a value.
     */
    public TypedBuilder<T> validator(java.util.function.Predicate<T> holds, String expected) {
      Check<T> before = this.check;
      this.check =
          new Check<>(
              value -> before.holds().test(value) && holds.test(value),
              before.expected().isEmpty() ? expected : before.expected() + " and " + expected);
      return this;
    }

    /** Numbers at least {@code min}. */
    public TypedBuilder<T> atLeast(long min) {
      return validator(value -> ((Number) value).doubleValue() >= min, "at least " + min);
    }

    /** Durations longer than zero. */
    public TypedBuilder<T> positive() {
      return validator(
          value ->
              !((java.time.Duration) value).isNegative() && !((java.time.Duration) value).isZero(),
          "longer than zero");
    }

    public Option<T> description(String description) {
      if (defaultValue != null && !check.holds().test(defaultValue)) {
        throw new IllegalArgumentException(
            "Option " + key + ": default " + defaultValue + " is not " + check.expected());
      }
      return new Option<>(
          key, type, defaultValue, required, false, description, allowedValues, check);
    }
  }
}
