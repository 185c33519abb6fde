package io.sluice.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutated pipeline files for fuzzing the loader: from a seed file, one to three mutations each of
 * deleted and duplicated lines (so keys), values of the wrong type, random Unicode (control
 * characters, right-to-left marks, emoji, unpaired surrogates written as replacement), huge numbers
 * and strings, deep nesting, tabs, byte order marks, YAML anchors and alias bombs, {@code ${...}}
 * templates that recurse or name undefined things, SQL that is not SQL, and files cut short. The
 * same seed gives the same files.
 */
public final class PipelineFuzzer {
  /** One mutated file: the text and the mutations that made it (for the failure message). */
  public record Mutant(String text, List<String> mutations) {}

  private static final String[] UNICODE = {
    "\u0000",
    "\u0007",
    "\u001b[31m",
    "\u200f",
    "\u202e",
    "\ufeff",
    "\uffff",
    "\ud83d\ude80",
    "\u00e9",
    "\u4e2d\u6587",
    "\ud55c\uae00",
    "\u0301",
    "\u2028",
    "\u0085",
    "\\",
    "\"",
    "'",
    "#",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`"
  };
  private static final String[] VALUES = {
    "1",
    "-1",
    "0",
    "1e400",
    "99999999999999999999999999999",
    "-9223372036854775809",
    "0x1F",
    "true",
    "null",
    "~",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: {b: {c: 1}}}",
    "''",
    "\"\"",
    "2026-13-45",
    "P1D",
    "NaN",
    ".inf",
    "!!binary aGVsbG8=",
    "!!python/object:os.system x",
    "${nope}",
    "${env:SLUICE_FUZZ_UNSET}",
    "${secret:SLUICE_FUZZ_UNSET}",
    "${a}${b}",
    "${${x}}",
    "$${literal}",
    "${",
    "}",
    "SELECT",
    "SELECT * FROM",
    "DROP TABLE x;",
    "SELECT ((((((((((1))))))))))",
    "SELEC 1 FORM t",
    "SELECT 1; SELECT 2",
    "SELECT * FROM nowhere.table",
    "'; DROP TABLE runs; --",
    "1 second",
    "-5s",
    "999999d"
  };

  private final List<String> seeds;
  private final Random random;

  /** Mutants of {@code seeds} (pipeline file texts), in the order {@code seed} gives. */
  public PipelineFuzzer(List<String> seeds, long seed) {
    this.seeds = List.copyOf(seeds);
    this.random = new Random(seed);
  }

  /** The next mutant. */
  public Mutant next() {
    String text = seeds.get(random.nextInt(seeds.size()));
    List<String> applied = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(16);
      text = mutate(kind, text);
      applied.add(NAMES[kind]);
    }
    return new Mutant(text, applied);
  }

  private static final String[] NAMES = {
    "delete line", "duplicate line", "wrong type", "unicode", "huge number", "huge string",
    "deep nesting", "tabs", "bom", "anchors", "alias bomb", "recursive templates",
    "not sql", "cut short", "indent", "swap lines"
  };

  private String mutate(int kind, String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int at = random.nextInt(lines.size());
    switch (kind) {
      case 0 -> lines.remove(at);
      case 1 -> lines.add(at, lines.get(at));
      case 2 -> lines.set(at, replaceValue(lines.get(at), pick(VALUES)));
      case 3 -> {
        String line = lines.get(at);
        int pos = random.nextInt(line.length() + 1);
        lines.set(at, line.substring(0, pos) + pick(UNICODE) + line.substring(pos));
      }
      case 4 -> lines.set(at, replaceValue(lines.get(at), "9".repeat(1 + random.nextInt(400))));
      case 5 ->
          lines.set(
              at,
              replaceValue(
                  lines.get(at), "\"" + "x".repeat(1000 * (1 + random.nextInt(2000))) + "\""));
      case 6 -> {
        int depth = 10 + random.nextInt(5000);
        String value =
            random.nextBoolean()
                ? "[".repeat(depth) + "1" + "]".repeat(depth)
                : "{a: ".repeat(depth) + "1" + "}".repeat(depth);
        lines.set(at, replaceValue(lines.get(at), value));
      }
      case 7 -> lines.set(at, lines.get(at).replaceFirst("^ {2}", "\t"));
      case 8 -> lines.set(at, "\ufeff" + lines.get(at));
      case 9 -> {
        lines.set(at, replaceValue(lines.get(at), "&anchor " + pick(VALUES)));
        int other = random.nextInt(lines.size());
        lines.set(other, replaceValue(lines.get(other), "*anchor"));
      }
      case 10 -> {
        StringBuilder bomb = new StringBuilder("x-bomb:\n  a0: &a0 [lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 12; i++) {
          bomb.append("  a")
              .append(i)
              .append(": &a")
              .append(i)
              .append(" [")
              .append(("*a" + (i - 1) + ", ").repeat(8))
              .append("*a")
              .append(i - 1)
              .append("]\n");
        }
        lines.add(random.nextBoolean() ? 0 : lines.size(), bomb.toString());
      }
      case 11 -> {
        lines.add(
            Math.min(at, lines.size()),
            "parameters: { a: \"${b}\", b: \"${c}\", c: \"${a}\", d: \"${d}${d}\" }");
        lines.set(random.nextInt(lines.size()), replaceValue(lines.get(at), "\"${a} ${nope}\""));
      }
      case 12 -> {
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).contains("sql:") || lines.get(i).contains("check:")) {
            lines.set(i, replaceValue(lines.get(i), "\"" + pick(VALUES) + "\""));
            break;
          }
        }
      }
      case 13 -> {
        String joined = String.join("\n", lines);
        return joined.substring(0, random.nextInt(joined.length() + 1));
      }
      case 14 -> lines.set(at, " ".repeat(random.nextInt(7)) + lines.get(at).stripLeading());
      default -> {
        int other = random.nextInt(lines.size());
        String swap = lines.get(at);
        lines.set(at, lines.get(other));
        lines.set(other, swap);
      }
    }
    return String.join("\n", lines);
  }

  /** The line with the value after its first ': ' (or the whole line) replaced. */
  private static String replaceValue(String line, String value) {
    int colon = line.indexOf(": ");
    return colon < 0 ? line + " " + value : line.substring(0, colon + 2) + value;
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
