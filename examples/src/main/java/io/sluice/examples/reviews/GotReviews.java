package io.sluice.examples.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 1,723 real IMDb reviews of Game of Thrones episodes in ../shared/data/imdb (season -> episode
 * id -> reviews[] of content, title, author, date, rating, helpful, not_helpful), as the seed's
 * review records: content -> review_detail, title -> review_summary, author -> reviewer, date ->
 * review_date (the same "11 November 2017" form), rating -> rating as a string or null, helpful and
 * not_helpful -> helpful ["helpful", "helpful + not_helpful"], the episode -> movie, and a review
 * id from the episode and the review's place in it (the file has none). The file has no spoiler
 * tags: spoiler_tag is 0.
 */
public final class GotReviews {
  private GotReviews() {}

  public static List<ObjectNode> read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode root = json.readTree(file.toFile());
    List<ObjectNode> reviews = new ArrayList<>();
    for (Map.Entry<String, JsonNode> season : root.properties()) {
      for (Map.Entry<String, JsonNode> episode : season.getValue().properties()) {
        int index = 0;
        for (JsonNode review : episode.getValue().path("reviews")) {
          reviews.add(record(json, season.getKey(), episode.getKey(), index++, review));
        }
      }
    }
    return reviews;
  }

  private static ObjectNode record(
      ObjectMapper json, String season, String episode, int index, JsonNode review) {
    ObjectNode out = json.createObjectNode();
    out.put("review_id", String.format(Locale.ROOT, "got%s-%03d", episode, index));
    out.put("reviewer", review.path("author").asText(""));
    out.put("movie", "Game of Thrones (" + season + ", episode tt" + episode + ")");
    JsonNode rating = review.get("rating");
    if (rating == null || rating.isNull()) {
      out.putNull("rating");
    } else {
      out.put("rating", rating.asText());
    }
    out.put("review_summary", review.path("title").asText(""));
    out.put("review_date", review.path("date").asText(""));
    out.put("spoiler_tag", 0);
    out.put("review_detail", review.path("content").asText(""));
    long helpful = review.path("helpful").asLong(0);
    long notHelpful = review.path("not_helpful").asLong(0);
    out.putArray("helpful").add(Long.toString(helpful)).add(Long.toString(helpful + notHelpful));
    return out;
  }
}
