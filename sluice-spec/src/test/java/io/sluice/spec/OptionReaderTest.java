package io.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spec.yaml.YamlLoader;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionReaderTest {
  static final Option<String> NAME =
      Option.key("name").stringType().required().description("the name");
  static final Option<Integer> SIZE =
      Option.key("size").intType().defaultValue(10).description("the size");
  static final Option<Long> BIG =
      Option.key("big").longType().noDefaultValue().description("a long");
  static final Option<Double> RATE =
      Option.key("rate").doubleType().noDefaultValue().description("a rate");
  static final Option<Boolean> FLAG =
      Option.key("flag").booleanType().defaultValue(false).description("a flag");
  static final Option<List<String>> TAGS =
      Option.key("tags").stringListType().noDefaultValue().description("tags");
  static final Option<Map<String, String>> MAP =
      Option.key("map").stringMapType().noDefaultValue().description("m");
  static final Option<String> MODE =
      Option.key("mode").enumType(WriteMode.class).defaultValue("overwrite").description("mode");
  static final Option<String> PASSWORD =
      Option.key("password").stringType().noDefaultValue().description("secret").asSecret();
  static final List<Option<?>> ALL =
      List.of(NAME, SIZE, BIG, RATE, FLAG, TAGS, MAP, MODE, PASSWORD);

  private static YamlMap yaml(String text) {
    return (YamlMap) YamlLoader.load("o.yaml", text, new Problems()).orElseThrow();
  }

  @Test
  void aSecretOptionMasksItsValueButNotTheWordEmbedded() {
    io.sluice.spi.Redaction.clear();
    try {
      OptionReader.read(yaml("name: n\npassword: embedded\n"), ALL, "test", new Problems());
      assertThat(io.sluice.spi.Redaction.scrub("Starting the embedded PostgreSQL server"))
          .isEqualTo("Starting the embedded PostgreSQL server");
      OptionReader.read(yaml("name: n\npassword: hunter2-hunter2\n"), ALL, "test", new Problems());
      assertThat(io.sluice.spi.Redaction.scrub("password=hunter2-hunter2"))
          .isEqualTo("password=" + io.sluice.spi.Redaction.MASK);
    } finally {
      io.sluice.spi.Redaction.clear();
    }
  }

  @Test
  void convertsEveryType() {
    Problems problems = new Problems();
    ResolvedOptions options =
        OptionReader.read(
            yaml(
                "name: n\nsize: 3\nbig: 9000000000\nrate: 0.5\nflag: true\ntags: [a, b]\nmap: {x: '1'}\nmode: MERGE\n"),
            ALL,
            "test",
            problems);
    assertThat(problems.isEmpty()).isTrue();
    assertThat(options.get(NAME)).isEqualTo("n");
    assertThat(options.get(SIZE)).isEqualTo(3);
    assertThat(options.get(BIG)).isEqualTo(9_000_000_000L);
    assertThat(options.get(RATE)).isEqualTo(0.5);
    assertThat(options.get(FLAG)).isTrue();
    assertThat(options.get(TAGS)).containsExactly("a", "b");
    assertThat(options.get(MAP)).containsEntry("x", "1");
    assertThat(options.get(MODE)).isEqualTo("merge");
    assertThat(options.find(PASSWORD)).isEmpty();
  }

  @Test
  void appliesDefaultsAndAcceptsAScalarAsAOneItemList() {
    Problems problems = new Problems();
    ResolvedOptions options =
        OptionReader.read(yaml("name: n\ntags: solo\n"), ALL, "test", problems);
    assertThat(options.get(SIZE)).isEqualTo(10);
    assertThat(options.get(FLAG)).isFalse();
    assertThat(options.get(MODE)).isEqualTo("overwrite");
    assertThat(options.get(TAGS)).containsExactly("solo");
  }

  @Test
  void reportsEveryWrongValueWithItsPosition() {
    Problems problems = new Problems();
    OptionReader.read(
        yaml(
            "size: ten\nbig: 1.5\nrate: fast\nflag: yes\nmode: upsert\nmap: [a]\nsizee: 1\npassword: [x]\n"),
        ALL,
        "source 's'",
        problems);
    assertThat(problems.sorted())
        .extracting(p -> p.position().line() + " " + p.code().code())
        .containsExactly(
            "1 E103", "1 E102", "2 E102", "3 E102", "4 E102", "5 E108", "6 E102", "7 E101",
            "8 E102");
    assertThat(problems.sorted().get(1).message())
        .isEqualTo("Cannot read 'size' in source 's': expected an integer, got the value 'ten'");
    assertThat(problems.sorted().get(5).message())
        .contains("expected one of overwrite, append, merge");
    assertThat(problems.sorted().get(7).hint())
        .startsWith("did you mean 'size'? supported keys: name, size");
    assertThat(problems.sorted().get(8).message()).doesNotContain("[x]");
  }

  @Test
  void suggestsCloseNamesOnly() {
    assertThat(OptionReader.suggestion("colums", List.of("columns", "path")))
        .isEqualTo("did you mean 'columns'? ");
    assertThat(OptionReader.suggestion("zzzzzz", List.of("columns", "path"))).isEmpty();
    assertThat(OptionReader.distance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void integerOverflowIsAWrongType() {
    Problems problems = new Problems();
    OptionReader.read(yaml("name: n\nsize: 99999999999\n"), ALL, "t", problems);
    assertThat(problems.sorted())
        .singleElement()
        .satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.WRONG_TYPE));
  }

  static final Option<java.time.Duration> WAIT =
      Option.key("wait")
          .durationType()
          .defaultValue(java.time.Duration.ofSeconds(30))
          .positive()
          .description("a wait");
  static final Option<Integer> WORKERS =
      Option.key("workers").intType().defaultValue(2).atLeast(1).description("workers");

  @Test
  void durationsAreTypedAndRulesAreCheckedWhereTheValueIs() {
    Problems problems = new Problems();
    ResolvedOptions good =
        OptionReader.read(
            yaml("wait: 2 minutes\nworkers: 8\n"), List.of(WAIT, WORKERS), "t", problems);
    assertThat(problems.isEmpty()).isTrue();
    assertThat(good.get(WAIT)).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(good.get(WORKERS)).isEqualTo(8);
    assertThat(OptionReader.read(yaml("{}"), List.of(WAIT), "t", problems).get(WAIT))
        .isEqualTo(java.time.Duration.ofSeconds(30));

    ResolvedOptions bad =
        OptionReader.read(yaml("wait: 0s\nworkers: 0\n"), List.of(WAIT, WORKERS), "t", problems);
    assertThat(problems.sorted())
        .extracting(Problem::format)
        .containsExactly(
            "o.yaml:1:7: error[E108]: Cannot use '0s' for 'wait' in t: expected longer than zero\n"
                + "  hint: a wait",
            "o.yaml:2:10: error[E108]: Cannot use '0' for 'workers' in t: expected at least 1\n"
                + "  hint: workers");
    // a rejected value is not taken: the default stands
    assertThat(bad.get(WORKERS)).isEqualTo(2);
  }

  @Test
  void aDefaultThatBreaksItsOwnRuleIsADeclarationError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Option.key("n").intType().defaultValue(0).atLeast(1).description("n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Option n: default 0 is not at least 1");
  }
}
