package io.sluice.examples.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewGeneratorTest {
  private static final int N = 5_000;

  private static List<JsonNode> reviews(long seed) {
    ReviewGenerator generator = new ReviewGenerator(seed);
    List<JsonNode> all = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      all.add(generator.review());
    }
    return all;
  }

  @Test
  void recordsHaveTheSeedsSchemaAndFormats() {
    Set<String> ids = new HashSet<>();
    for (JsonNode review : reviews(42)) {
      assertThat(review.fieldNames())
          .toIterable()
          .containsExactly(
              "review_id",
              "reviewer",
              "movie",
              "rating",
              "review_summary",
              "review_date",
              "spoiler_tag",
              "review_detail",
              "helpful");
      assertThat(ids.add(review.get("review_id").asText())).isTrue();
      assertThat(review.get("review_id").asText()).matches("rw[0-9]{7,}");
      assertThat(review.get("movie").asText()).matches(".+ \\([0-9]{4}.*\\)");
      JsonNode rating = review.get("rating");
      assertThat(rating.isNull() || rating.asText().matches("[1-9]|10")).isTrue();
      LocalDate date =
          LocalDate.parse(review.get("review_date").asText(), ReviewGenerator.REVIEW_DATE);
      assertThat(date.getYear())
          .isBetween(
              Math.max(
                  ReviewGenerator.FIRST_YEAR,
                  ReviewGenerator.releaseYear(review.get("movie").asText())),
              ReviewGenerator.LAST_YEAR);
      assertThat(review.get("spoiler_tag").asInt()).isIn(0, 1);
      JsonNode helpful = review.get("helpful");
      assertThat(helpful.size()).isEqualTo(2);
      assertThat(Integer.parseInt(helpful.get(0).asText()))
          .isBetween(0, Integer.parseInt(helpful.get(1).asText()));
      assertThat(review.get("review_detail").asText().length()).isGreaterThanOrEqualTo(50);
    }
  }

  @Test
  void ratingsHaveImdbsJShapeAndTheTextSaysWhatTheRatingSays() {
    int[] counts = new int[11];
    int none = 0;
    int spoilers = 0;
    int positiveAgrees = 0;
    int negativeAgrees = 0;
    int positive = 0;
    int negative = 0;
    int quoted = 0;
    int multiline = 0;
    for (JsonNode review : reviews(7)) {
      spoilers += review.get("spoiler_tag").asInt();
      String text = review.get("review_detail").asText();
      quoted += text.contains("\"") ? 1 : 0;
      multiline += text.contains("\n") ? 1 : 0;
      if (review.get("rating").isNull()) {
        none++;
        continue;
      }
      int rating = Integer.parseInt(review.get("rating").asText());
      counts[rating]++;
      long praiseWords = words(text, ReviewGenerator.PRAISE);
      long scornWords = words(text, ReviewGenerator.SCORN);
      boolean praise = praiseWords > scornWords;
      boolean scorn = scornWords > praiseWords;
      if (rating >= 7) {
        positive++;
        positiveAgrees += praise && !scorn ? 1 : 0;
      } else if (rating <= 4) {
        negative++;
        negativeAgrees += scorn && !praise ? 1 : 0;
      }
    }
    int max = Arrays.stream(counts).max().orElseThrow();
    assertThat(counts[10]).isEqualTo(max);
    assertThat(counts[1]).isGreaterThan(counts[2]).isGreaterThan(counts[4] / 2);
    assertThat(counts[9]).isGreaterThan(counts[5]);
    assertThat(none).isBetween(N * 4 / 100, N * 8 / 100);
    assertThat(spoilers).isBetween(N * 9 / 100, N * 13 / 100);
    // mostly, not always: reviews praise and criticise, as real ones do
    assertThat((double) positiveAgrees / positive).isBetween(0.6, 0.97);
    assertThat((double) negativeAgrees / negative).isBetween(0.6, 0.97);
    assertThat(quoted).isPositive();
    assertThat(multiline).isGreaterThan(N / 10);
  }

  @Test
  void theSameSeedGivesTheSameReviews(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.jsonl");
    Path b = dir.resolve("b.jsonl");
    assertThat(new ReviewGenerator(3).write(a, 500)).isEqualTo(500);
    new ReviewGenerator(3).write(b, 500);
    assertThat(Files.readAllLines(a)).hasSize(500).isEqualTo(Files.readAllLines(b));
    new ReviewGenerator(4).write(b, 500);
    assertThat(Files.readAllLines(a)).isNotEqualTo(Files.readAllLines(b));
  }

  @Test
  void textLengthsAreCloseToTheRealReviews() throws Exception {
    Path real = SharedData.require("imdb/got_imdb_reviews.json");
    List<Integer> realLengths = new ArrayList<>();
    JsonNode seasons = new ObjectMapper().readTree(real.toFile());
    seasons.forEach(
        episodes ->
            episodes.forEach(
                episode ->
                    episode
                        .get("reviews")
                        .forEach(r -> realLengths.add(r.get("content").asText().length()))));
    List<Integer> ours = new ArrayList<>();
    reviews(11).forEach(r -> ours.add(r.get("review_detail").asText().length()));
    assertThat(realLengths).hasSize(1723);
    for (double q : new double[] {0.25, 0.5, 0.75}) {
      double theirs = quantile(realLengths, q);
      assertThat(quantile(ours, q)).as("quantile " + q).isBetween(theirs * 0.7, theirs * 1.3);
    }
  }

  private static double quantile(List<Integer> values, double q) {
    List<Integer> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
  }

  /** How many times words of {@code bank} occur in {@code text} (lower case, whole words). */
  private static long words(String text, String[] bank) {
    java.util.Set<String> wanted = java.util.Set.of(bank);
    return Arrays.stream(text.toLowerCase(java.util.Locale.ROOT).split("[^a-z-]+"))
        .filter(wanted::contains)
        .count();
  }
}
