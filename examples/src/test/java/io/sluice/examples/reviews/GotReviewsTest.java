package io.sluice.examples.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.testing.SharedData;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The real IMDb Game of Thrones reviews as the seed's review records. */
class GotReviewsTest {
  @Test
  void everyRealReviewBecomesARecordOfTheSeedsSchema() throws Exception {
    List<ObjectNode> reviews = GotReviews.read(SharedData.require("imdb/got_imdb_reviews.json"));

    assertThat(reviews).hasSize(1723);
    Set<String> ids = new HashSet<>();
    long rated = 0;
    for (ObjectNode review : reviews) {
      assertThat(ids.add(review.get("review_id").asText())).isTrue();
      assertThat(review.get("movie").asText()).startsWith("Game of Thrones (season ");
      assertThat(review.get("review_detail").asText()).hasSizeGreaterThanOrEqualTo(50);
      LocalDate date =
          LocalDate.parse(review.get("review_date").asText(), ReviewGenerator.REVIEW_DATE);
      assertThat(date.getYear()).isBetween(2011, 2021);
      assertThat(review.get("helpful").size()).isEqualTo(2);
      assertThat(Long.parseLong(review.get("helpful").get(0).asText()))
          .isLessThanOrEqualTo(Long.parseLong(review.get("helpful").get(1).asText()));
      rated += review.get("rating").isNull() ? 0 : 1;
    }
    assertThat(rated).isEqualTo(576); // the file rates 576 reviews; the rest have none
    ObjectNode first = reviews.get(0);
    assertThat(first.get("reviewer").asText()).isEqualTo("ur20552756");
    assertThat(first.get("review_date").asText()).isEqualTo("11 November 2017");
    assertThat(first.get("review_id").asText()).isEqualTo("got1480055-000");
  }
}
