package io.sluice.examples.segment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.connector.files.segment.SegmentArchiveFactory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Realistic Segment (analytics.js) events in the layout of Segment's S3 destination: {@code
 * <root>/<sourceId>/<dayEpochMs>/<epochMs>.events-archiver-<n>.<hash>.<uuid>.gz}, gzip JSON lines.
 * Users visit in bursts (a session of 1-30 events a few seconds to minutes apart, sometimes a pause
 * of more than 30 minutes), about a third of them known (identify gives a userId), in a hospital
 * booking web app: page views, button clicks and actions whose {@code hospital} arrays hold an id
 * and a name. A small share of events is delivered twice (Segment delivers at least once) and, when
 * asked, some lines are truncated, so that deduplication and quarantine have work to do.
 */
public final class SegmentEventGenerator {
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.4 Safari/605.1.15"
  };
  private static final String[][] PAGES = {
    {"/", "Home", "home"},
    {"/search", "Search", "search"},
    {"/hospitals", "Hospitals", "hospital-list"},
    {"/hospitals/detail", "Hospital", "hospital-detail"},
    {"/reservation", "Reservation", "reservation"},
    {"/mypage", "My page", "mypage"}
  };
  private static final String[] HOSPITALS = {
    "서울밝은안과", "연세바른치과", "강남튼튼정형외과", "하늘소아청소년과", "미소피부과", "우리들내과", "푸른이비인후과", "한빛한의원"
  };
  private static final String[] BUTTONS = {"search", "call", "reserve", "share", "review"};
  private static final String[] ACTIONS = {
    "reservation_requested", "reservation_cancelled", "review_written"
  };

  private final long seed;
  private final int eventsPerFile;
  private final double duplicateRate;
  private final double malformedRate;

  /** What one call wrote. */
  public record Written(long events, long duplicates, long malformed, int files, int dayFolders) {}

  public SegmentEventGenerator(
      long seed, int eventsPerFile, double duplicateRate, double malformedRate) {
    this.seed = seed;
    this.eventsPerFile = eventsPerFile;
    this.duplicateRate = duplicateRate;
    this.malformedRate = malformedRate;
  }

  /**
   * Writes {@code eventsPerDay} events a day for {@code days} days from {@code start}, split evenly
   * over {@code sources}. A day folder that already holds archives is left as it is.
   */
  public Written write(
      Path root, List<String> sources, LocalDate start, int days, long eventsPerDay)
      throws IOException {
    long events = 0;
    long duplicates = 0;
    long malformed = 0;
    int files = 0;
    int folders = 0;
    for (int d = 0; d < days; d++) {
      LocalDate day = start.plusDays(d);
      for (int s = 0; s < sources.size(); s++) {
        Path folder =
            root.resolve(sources.get(s))
                .resolve(String.valueOf(SegmentArchiveFactory.dayFolder(day)));
        if (Files.isDirectory(folder)) {
          try (var existing = Files.list(folder)) {
            if (existing.anyMatch(p -> p.getFileName().toString().endsWith(".gz"))) {
              continue;
            }
          }
        }
        Files.createDirectories(folder);
        folders++;
        long share = eventsPerDay / sources.size() + (s < eventsPerDay % sources.size() ? 1 : 0);
        Random random = new Random(seed * 1_000_003L + day.toEpochDay() * 31 + s);
        List<Event> dayEvents = day(random, day, share, sources.get(s));
        dayEvents.sort(Comparator.comparingLong(Event::receivedAt));
        for (int from = 0; from < dayEvents.size(); from += eventsPerFile) {
          List<Event> chunk =
              dayEvents.subList(from, Math.min(dayEvents.size(), from + eventsPerFile));
          String name =
              chunk.get(0).receivedAt()
                  + ".events-archiver-"
                  + (files % 4 + 1)
                  + "."
                  + HexFormat.of().toHexDigits(random.nextInt())
                  + "."
                  + new UUID(random.nextLong(), random.nextLong())
                  + ".gz";
          try (OutputStream out =
              new GZIPOutputStream(
                  new BufferedOutputStream(Files.newOutputStream(folder.resolve(name)), 1 << 16),
                  1 << 16)) {
            for (Event event : chunk) {
              if (malformedRate > 0 && random.nextDouble() < malformedRate) {
                out.write(
                    event
                        .json()
                        .substring(0, event.json().length() / 2)
                        .getBytes(StandardCharsets.UTF_8));
                malformed++;
              } else {
                out.write(event.json().getBytes(StandardCharsets.UTF_8));
              }
              out.write('\n');
            }
          }
          files++;
        }
        for (Event event : dayEvents) {
          if (event.duplicate()) {
            duplicates++;
          }
        }
        events += dayEvents.size();
      }
    }
    return new Written(events, duplicates, malformed, files, folders);
  }

  private record Event(long receivedAt, String json, boolean duplicate) {}

  /** One source's events of one day: sessions of bursts by a pool of visitors. */
  private List<Event> day(Random random, LocalDate day, long count, String source)
      throws IOException {
    long dayStart = SegmentArchiveFactory.dayFolder(day);
    int visitors = (int) Math.max(10, count / 12);
    List<Event> events = new ArrayList<>();
    JsonFactory factory = new JsonFactory();
    while (events.size() < count) {
      int visitor = random.nextInt(visitors);
      Random who = new Random(seed * 7919L + visitor * 104_729L + source.hashCode());
      String anonymousId = new UUID(who.nextLong(), who.nextLong()).toString();
      String userId = who.nextInt(3) == 0 ? "user-" + (100_000 + visitor) : null;
      String agent = USER_AGENTS[who.nextInt(USER_AGENTS.length)];
      String ip = "211." + who.nextInt(256) + "." + who.nextInt(256) + "." + (1 + who.nextInt(254));
      String locale = who.nextInt(10) < 8 ? "ko-KR" : "en-US";
      long at = dayStart + (long) (random.nextDouble() * 86_400_000L * 0.98);
      int burst = 1 + random.nextInt(30);
      for (int i = 0; i < burst && events.size() < count; i++) {
        if (i > 0) {
          boolean pause = random.nextInt(25) == 0;
          at +=
              pause
                  ? 31 * 60_000L + random.nextInt(60 * 60_000)
                  : 2_000 + (long) (-Math.log(1 - random.nextDouble()) * 45_000);
        }
        if (at >= dayStart + 86_400_000L) {
          break;
        }
        String type = i == 0 ? "page" : pick(random, "page", 45, "track", 47, "identify", 8);
        String json = json(factory, random, type, at, anonymousId, userId, agent, ip, locale);
        long received = at + 50 + random.nextInt(900);
        events.add(new Event(received, json, false));
        if (duplicateRate > 0 && random.nextDouble() < duplicateRate && events.size() < count) {
          events.add(new Event(received + 1 + random.nextInt(5_000), json, true));
        }
      }
    }
    return events;
  }

  private static String pick(Random random, String a, int wa, String b, int wb, String c, int wc) {
    int r = random.nextInt(wa + wb + wc);
    return r < wa ? a : r < wa + wb ? b : c;
  }

  private static String json(
      JsonFactory factory,
      Random random,
      String type,
      long at,
      String anonymousId,
      String userId,
      String agent,
      String ip,
      String locale)
      throws IOException {
    java.io.StringWriter text = new java.io.StringWriter(900);
    String[] page = PAGES[random.nextInt(PAGES.length)];
    int hospital = random.nextInt(HOSPITALS.length);
    String hospitalId = String.valueOf(1000 + hospital);
    try (JsonGenerator g = factory.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("anonymousId", anonymousId);
      g.writeStringField("channel", "client");
      g.writeObjectFieldStart("context");
      g.writeStringField("ip", ip);
      g.writeObjectFieldStart("library");
      g.writeStringField("name", "analytics.js");
      g.writeStringField("version", "next-1.64.0");
      g.writeEndObject();
      g.writeStringField("locale", locale);
      g.writeObjectFieldStart("page");
      g.writeStringField("path", page[0]);
      g.writeStringField("referrer", random.nextInt(4) == 0 ? "https://www.google.com/" : "");
      g.writeStringField("search", "");
      g.writeStringField("title", page[1]);
      g.writeStringField("url", "https://app.example-hospital.kr" + page[0]);
      g.writeEndObject();
      g.writeStringField("userAgent", agent);
      g.writeEndObject();
      switch (type) {
        case "track" -> {
          boolean button = random.nextInt(3) > 0;
          String event = button ? "Button Clicked" : "Action Performed";
          g.writeStringField("event", event);
          g.writeObjectFieldStart("properties");
          g.writeStringField("path", page[0]);
          g.writeStringField("page", page[2]);
          g.writeObjectFieldStart(button ? "button" : "action");
          g.writeStringField(
              "name",
              button
                  ? BUTTONS[random.nextInt(BUTTONS.length)]
                  : ACTIONS[random.nextInt(ACTIONS.length)]);
          g.writeArrayFieldStart("hospital");
          g.writeString(hospitalId);
          g.writeString(HOSPITALS[hospital]);
          g.writeEndArray();
          g.writeEndObject();
          g.writeObjectFieldStart("properties");
          g.writeStringField("hospitalId", hospitalId);
          g.writeStringField("pageName", page[1]);
          g.writeStringField("routeName", page[2]);
          g.writeStringField("to", PAGES[random.nextInt(PAGES.length)][0]);
          g.writeEndObject();
          g.writeEndObject();
        }
        case "identify" -> {
          g.writeObjectFieldStart("traits");
          g.writeStringField("locale", locale);
          g.writeBooleanField("marketingConsent", random.nextBoolean());
          g.writeEndObject();
        }
        default -> {
          g.writeStringField("name", page[1]);
          g.writeObjectFieldStart("properties");
          g.writeStringField("path", page[0]);
          g.writeStringField("page", page[2]);
          g.writeStringField("title", page[1]);
          g.writeStringField("url", "https://app.example-hospital.kr" + page[0]);
          g.writeEndObject();
        }
      }
      String stamp = Instant.ofEpochMilli(at).toString();
      g.writeStringField(
          "messageId", "ajs-next-" + at + "-" + HexFormat.of().toHexDigits(random.nextLong()));
      g.writeStringField("originalTimestamp", stamp);
      g.writeStringField("receivedAt", Instant.ofEpochMilli(at + 300).toString());
      g.writeStringField("sentAt", Instant.ofEpochMilli(at + 20).toString());
      g.writeStringField("timestamp", stamp);
      g.writeStringField("type", type);
      if (userId != null) {
        g.writeStringField("userId", userId);
      } else {
        g.writeNullField("userId");
      }
      g.writeNumberField("version", 2);
      g.writeEndObject();
    }
    return text.toString();
  }
}
