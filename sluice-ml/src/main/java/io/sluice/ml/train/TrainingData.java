package io.sluice.ml.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Labelled texts to train on: NSMC's TSV ({@code id, document, label} with labels 0/1), or records
 * (JSON lines, or the objects of one JSON document that have the text field) whose label comes from
 * a rating: at least {@code positiveFrom} is positive, at most {@code negativeTo} negative,
 * anything between (or no rating) is left out.
 */
public final class TrainingData {
  private TrainingData() {}

  /** One text and its label (0 negative, 1 positive). */
  public record Example(String text, int label) {}

  /** How records become examples: their text and rating fields and the rating thresholds. */
  public record Ratings(
      String textField, String ratingField, double positiveFrom, double negativeTo) {
    public Ratings {
      if (negativeTo >= positiveFrom) {
        throw new IllegalArgumentException(
            "the negative ratings (<= "
                + negativeTo
                + ") must be below the positive ones (>= "
                + positiveFrom
                + ")");
      }
    }

    /** The seed's rule for IMDb reviews: 7-10 positive, 1-4 negative. */
    public static Ratings reviews(String textField, String ratingField) {
      return new Ratings(textField, ratingField, 7, 4);
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%s labelled by %s (>= %s positive, <= %s negative)",
          textField,
          ratingField,
          trim(positiveFrom),
          trim(negativeTo));
    }

    private static String trim(double value) {
      return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
  }

  /** What a file held: its examples, the rows left out, and how they were labelled. */
  public record Read(List<Example> examples, int skipped, String labelling) {}

  /**
   * Reads {@code file}: a {@code .tsv} as NSMC's layout; anything else as JSON records labelled by
   * {@code ratings}, which such files need.
   */
  public static Read read(Path file, Optional<Ratings> ratings) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "No training file "
              + file
              + "; expected NSMC's TSV (id, document, label) or JSON lines of rated records");
    }
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv")) {
      return tsv(file);
    }
    if (ratings.isEmpty()) {
      throw new IOException(
          file
              + ": records are labelled by their ratings: say which fields hold the text and the"
              + " rating (--text FIELD --rating FIELD)");
    }
    return records(file, ratings.get());
  }

  private static Read tsv(Path tsv) throws IOException {
    List<Example> examples = new ArrayList<>();
    int skipped = 0;
    try (BufferedReader reader = Files.newBufferedReader(tsv, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || !header.startsWith("id\tdocument\tlabel")) {
        throw new IOException(
            tsv + ":1: expected the header 'id<TAB>document<TAB>label', found '" + header + "'");
      }
      String line;
      while ((line = reader.readLine()) != null) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 3
            || fields[1].isBlank()
            || !(fields[2].equals("0") || fields[2].equals("1"))) {
          skipped++;
          continue;
        }
        examples.add(new Example(fields[1], fields[2].charAt(0) - '0'));
      }
    }
    return new Read(examples, skipped, "document labelled 0/1");
  }

  private static Read records(Path file, Ratings ratings) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Example> examples = new ArrayList<>();
    int[] skipped = {0};
    String first;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      first = reader.readLine();
    }
    if (first != null && (first.strip().startsWith("[") || first.strip().equals("{"))) {
      collect(json.readTree(file.toFile()), ratings, examples, skipped);
    } else {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          try {
            add(json.readTree(line), ratings, examples, skipped);
          } catch (JsonProcessingException e) {
            throw new IOException(
                file + ":" + number + ": not a JSON record: " + e.getOriginalMessage(), e);
          }
        }
      }
    }
    return new Read(examples, skipped[0], ratings.describe());
  }

  /**
   * Every object in a JSON document that has the text field, at any depth (an array of records, or
   * records nested as the IMDb Game of Thrones file nests them: season, episode, reviews).
   */
  private static void collect(JsonNode node, Ratings ratings, List<Example> into, int[] skipped) {
    if (node.isObject() && node.has(ratings.textField())) {
      add(node, ratings, into, skipped);
    } else if (node.isContainerNode()) {
      for (JsonNode child : node) {
        collect(child, ratings, into, skipped);
      }
    }
  }

  private static void add(JsonNode record, Ratings ratings, List<Example> into, int[] skipped) {
    String text = record.path(ratings.textField()).asText("");
    Optional<Double> rating = number(record.path(ratings.ratingField()));
    if (text.isBlank() || rating.isEmpty()) {
      skipped[0]++;
    } else if (rating.get() >= ratings.positiveFrom()) {
      into.add(new Example(text, 1));
    } else if (rating.get() <= ratings.negativeTo()) {
      into.add(new Example(text, 0));
    } else {
      skipped[0]++;
    }
  }

  /** A rating written as a number or as text ("8"); empty when there is none. */
  private static Optional<Double> number(JsonNode value) {
    if (value.isNumber()) {
      return Optional.of(value.asDouble());
    }
    if (value.isTextual()) {
      try {
        return Optional.of(Double.parseDouble(value.asText().strip()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
