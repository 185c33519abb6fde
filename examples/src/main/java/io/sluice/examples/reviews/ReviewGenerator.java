package io.sluice.examples.reviews;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic IMDb user reviews, seeded, at any size: the record the movie-reviews seed's producer
 * sent (the IMDb Review Dataset's schema): {@code review_id} ("rw" and 7 or more digits, unique),
 * {@code reviewer}, {@code movie} ("Title (year)"), {@code rating} as a string "1".."10" or null
 * (about 6% leave it out), {@code review_summary}, {@code review_date} ("24 July 2005"), {@code
 * spoiler_tag} 0/1, {@code review_detail} and {@code helpful} as two strings ["found helpful",
 * "voted"]. Ratings follow IMDb's J shape (10 the most common, then 9 and 8, a second peak at 1);
 * the text says what the rating says, with quotes and line breaks as users write them; lengths are
 * log-normal around the 850-character median of the real reviews in ../shared/data/imdb.
 */
public final class ReviewGenerator {
  static final DateTimeFormatter REVIEW_DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

  /** Share of each rating 1..10 (index 0 is 1), then of no rating. */
  static final double[] RATING_WEIGHTS = {
    0.10, 0.035, 0.035, 0.04, 0.055, 0.07, 0.095, 0.125, 0.135, 0.25
  };

  static final double NO_RATING = 0.06;
  static final double SPOILER_SHARE = 0.11;
  static final int FIRST_YEAR = 1998;
  static final int LAST_YEAR = 2021;

  static final List<String> MOVIES =
      List.of(
          "Game of Thrones (2011–2019)",
          "Joker (2019)",
          "Parasite (2019)",
          "1917 (2019)",
          "Avengers: Endgame (2019)",
          "Once Upon a Time in Hollywood (2019)",
          "The Irishman (2019)",
          "Tenet (2020)",
          "Soul (2020)",
          "Nomadland (2020)",
          "The Trial of the Chicago 7 (2020)",
          "Dune (2021)",
          "No Time to Die (2021)",
          "Spider-Man: No Way Home (2021)",
          "The Power of the Dog (2021)",
          "Squid Game (2021– )",
          "The Mandalorian (2019– )",
          "Chernobyl (2019)",
          "The Witcher (2019– )",
          "Breaking Bad (2008–2013)",
          "The Dark Knight (2008)",
          "Inception (2010)",
          "Interstellar (2014)",
          "Mad Max: Fury Road (2015)",
          "La La Land (2016)",
          "Get Out (2017)",
          "Black Panther (2018)",
          "The Room (2003)",
          "Cats (2019)",
          "Batman & Robin (1997)");

  private static final String[] GOOD = {
    "The performances are outstanding and the writing is sharp from start to finish.",
    "I was completely gripped; the pacing never lets up.",
    "Beautifully shot, with a score that stays with you for days.",
    "One of the best things I have seen in years, a real masterpiece.",
    "The cast has terrific chemistry and every scene earns its place.",
    "Brilliant direction, clever dialogue and an ending that works.",
    "I loved the characters and cared about every one of them.",
    "A moving, funny and smart story that respects its audience.",
    "Worth every minute; I will happily watch it again.",
    "The visual effects are stunning without drowning the story.",
  };
  private static final String[] BAD = {
    "The plot makes no sense and the characters are paper thin.",
    "I was bored within twenty minutes and it never recovered.",
    "Terrible dialogue, wooden acting and a lazy, predictable script.",
    "A complete waste of time and money; I want those hours back.",
    "The ending ruined everything that came before it.",
    "Badly edited, far too long and painfully dull.",
    "Nothing here works: the jokes fall flat and the drama is forced.",
    "The worst thing I have seen this year, avoid it.",
    "Cheap effects and a story that insults the audience.",
    "I expected so much more; it is a lazy, cynical cash grab.",
  };
  private static final String[] MIXED = {
    "Some scenes work well, others drag on for far too long.",
    "The lead is good but the supporting cast is uneven.",
    "It looks great, though the story is thinner than it should be.",
    "An average effort with a few memorable moments.",
    "The first half is strong; the second half loses its way.",
  };
  private static final String[] SUMMARY_GOOD = {
    "A masterpiece",
    "Brilliant from start to finish",
    "Loved every minute",
    "Simply stunning",
    "Best of the year"
  };
  private static final String[] SUMMARY_BAD = {
    "What a mess", "Avoid", "Boring and pointless", "Huge disappointment", "Utterly terrible"
  };
  private static final String[] SUMMARY_MIXED = {
    "Not bad, not great", "Decent but flawed", "Mixed feelings", "Watchable", "It was okay"
  };

  private final SplittableRandom random;
  private final ObjectMapper json = new ObjectMapper();
  private long next;

  public ReviewGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One review as the producer sent it. */
  public ObjectNode review() {
    next++;
    Integer rating = random.nextDouble() < NO_RATING ? null : rating();
    int tone = rating == null ? 5 : rating;
    ObjectNode review = json.createObjectNode();
    review.put("review_id", "rw" + (1_000_000 + next));
    review.put("reviewer", "ur" + (10_000_000 + random.nextInt(90_000_000)));
    String movie = MOVIES.get(random.nextInt(MOVIES.size()));
    review.put("movie", movie);
    if (rating == null) {
      review.putNull("rating");
    } else {
      review.put("rating", Integer.toString(rating));
    }
    review.put(
        "review_summary", pick(tone >= 7 ? SUMMARY_GOOD : tone <= 4 ? SUMMARY_BAD : SUMMARY_MIXED));
    review.put("review_date", REVIEW_DATE.format(date(releaseYear(movie))));
    review.put("spoiler_tag", random.nextDouble() < SPOILER_SHARE ? 1 : 0);
    review.put("review_detail", text(tone));
    int voted = votes();
    int helpful = voted == 0 ? 0 : random.nextInt(voted + 1);
    review.putArray("helpful").add(Integer.toString(helpful)).add(Integer.toString(voted));
    return review;
  }

  /** Writes {@code count} reviews as JSON lines; returns how many. */
  public long write(Path output, long count) throws IOException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (long i = 0; i < count; i++) {
        out.write(json.writeValueAsString(review()));
        out.write('\n');
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return count;
  }

  private int rating() {
    double u = random.nextDouble();
    double total = 0;
    for (double w : RATING_WEIGHTS) {
      total += w;
    }
    double at = u * total;
    for (int i = 0; i < RATING_WEIGHTS.length; i++) {
      at -= RATING_WEIGHTS[i];
      if (at < 0) {
        return i + 1;
      }
    }
    return 10;
  }

  /** The first year in a title such as "Dune (2021)" or "Game of Thrones (2011–2019)". */
  static int releaseYear(String movie) {
    java.util.regex.Matcher year = java.util.regex.Pattern.compile("\\(([0-9]{4})").matcher(movie);
    return year.find() ? Integer.parseInt(year.group(1)) : FIRST_YEAR;
  }

  /** A day from the release year on, more of them in later years (IMDb's reviews grew). */
  private LocalDate date(int released) {
    int first = Math.max(FIRST_YEAR, released);
    int span = LAST_YEAR - first + 1;
    int year = first + (int) Math.floor(span * Math.sqrt(random.nextDouble()));
    return LocalDate.of(Math.min(year, LAST_YEAR), 1, 1).plusDays(random.nextInt(365));
  }

  /** Helpfulness votes: most reviews get none or a few, a few get hundreds. */
  private int votes() {
    double u = random.nextDouble();
    return u < 0.35 ? 0 : (int) Math.min(5000, Math.floor(Math.exp(random.nextDouble() * 6.5)));
  }

  static final String[] ASPECTS = {
    "the acting",
    "the script",
    "the pacing",
    "the soundtrack",
    "the cinematography",
    "the ending",
    "the dialogue",
    "the plot",
    "the direction",
    "the visual effects",
    "the lead performance",
    "the supporting cast",
    "the editing",
    "the world-building",
    "the characters",
    "the humour",
    "the action scenes",
    "the final act"
  };
  static final String[] PRAISE = {
    "outstanding", "superb", "gripping", "beautiful", "clever", "moving", "brilliant",
    "terrific", "memorable", "flawless", "stunning", "excellent", "compelling", "charming",
    "powerful", "engaging", "delightful", "impressive"
  };
  static final String[] SCORN = {
    "dull", "lazy", "clumsy", "predictable", "wooden", "awful", "tedious", "confusing",
    "forgettable", "bland", "messy", "pointless", "cheap", "weak", "painful", "annoying",
    "disappointing", "ridiculous"
  };
  private static final String[] INTENSIFIERS = {
    "", "", "", "really ", "truly ", "incredibly ", "rather ", "quite ", "so ", "absolutely "
  };

  /**
   * Text of the review's tone: log-normal length (median 850, sigma 1.25), 50 to 12,000. Each
   * sentence is praise with a probability that grows with the rating (a 10 is mostly praise with
   * some criticism, a 5 is split), said in one of several forms (an aspect and an adjective, a
   * contrast, a negated opposite: "the plot is not predictable"), or a stock sentence.
   */
  private String text(int tone) {
    int target = (int) Math.max(50, Math.min(12_000, Math.exp(Math.log(850) + 1.25 * gaussian())));
    double praise = 0.06 + 0.88 * (tone - 1) / 9.0;
    StringBuilder text = new StringBuilder(target + 100);
    while (text.length() < target) {
      if (text.length() > 0) {
        text.append(random.nextDouble() < 0.12 ? "\n\n" : " ");
      }
      String sentence = sentence(random.nextDouble() < praise);
      if (random.nextDouble() < 0.07) {
        sentence = "As my friend put it, \"" + sentence + "\"";
      }
      text.append(sentence);
    }
    return text.toString();
  }

  private String sentence(boolean positive) {
    String[] same = positive ? PRAISE : SCORN;
    String[] other = positive ? SCORN : PRAISE;
    String aspect = pick(ASPECTS);
    double form = random.nextDouble();
    String text;
    if (form < 0.25) {
      return pick(random.nextDouble() < 0.85 ? (positive ? GOOD : BAD) : MIXED);
    } else if (form < 0.55) {
      text = aspect + " is " + pick(INTENSIFIERS) + pick(same) + ".";
    } else if (form < 0.70) {
      text = "I thought " + aspect + " was " + pick(INTENSIFIERS) + pick(same) + ".";
    } else if (form < 0.82) {
      text =
          aspect
              + " is "
              + pick(other)
              + " at times, but "
              + pick(ASPECTS)
              + " is "
              + pick(INTENSIFIERS)
              + pick(same)
              + ".";
    } else if (form < 0.92) {
      text = aspect + " is not " + pick(other) + " at all; it is " + pick(same) + ".";
    } else {
      text = "Honestly, " + aspect + " felt " + pick(same) + " and " + pick(same) + ".";
    }
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private double gaussian() {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17
    double u1 = Math.max(random.nextDouble(), 1e-12);
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private String pick(String[] bank) {
    return bank[random.nextInt(bank.length)];
  }
}
