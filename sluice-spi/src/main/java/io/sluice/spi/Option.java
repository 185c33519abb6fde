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

  private Option(
      String key,
      OptionType type,
      T defaultValue,
      boolean required,
      boolean secret,
      String description,
      List<String> allowedValues) {
    this.key = requireNonNull(key, "key is null");
    this.type = requireNonNull(type, "type is null");
    this.defaultValue = defaultValue;
    this.required = required;
    this.secret = secret;
    this.description = requireNonNull(description, "description is null");
    this.allowedValues = List.copyOf(allowedValues);
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

  /** Returns a copy that is masked wherever its value is shown. */
  public Option<T> asSecret() {
    return new Option<>(key, type, defaultValue, required, true, description, allowedValues);
  }

  /** Returns a copy that must be present in the file. */
  public Option<T> asRequired() {
    return new Option<>(key, type, null, true, secret, description, allowedValues);
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

    public Option<T> description(String description) {
      return new Option<>(key, type, defaultValue, required, false, description, allowedValues);
    }
  }
}
