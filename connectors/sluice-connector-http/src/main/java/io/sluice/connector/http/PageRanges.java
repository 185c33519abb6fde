package io.sluice.connector.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Page ranges such as {@code 1-}, {@code 1-50,330595-} or {@code 7}: closed ranges are fetched
 * whole; an open range ends at the first empty page.
 */
public record PageRanges(List<Range> ranges) {
  /** Pages {@code first..last}; {@code last} is {@link Long#MAX_VALUE} for an open range. */
  public record Range(long first, long last) {
    public boolean open() {
      return last == Long.MAX_VALUE;
    }
  }

  public PageRanges {
    ranges = List.copyOf(ranges);
  }

  /** Parses the {@code pages} option; the message of the exception says what is wrong. */
  public static PageRanges parse(String text) {
    List<Range> ranges = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("an empty range in '" + text + "'");
      }
      int dash = p.indexOf('-');
      try {
        long first = Long.parseLong((dash < 0 ? p : p.substring(0, dash)).strip());
        long last =
            dash < 0
                ? first
                : p.substring(dash + 1).isBlank()
                    ? Long.MAX_VALUE
                    : Long.parseLong(p.substring(dash + 1).strip());
        if (first < 0 || last < first) {
          throw new IllegalArgumentException(
              "range '" + p + "' is empty or negative; write FIRST-LAST with FIRST <= LAST");
        }
        ranges.add(new Range(first, last));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + p + "' is not a page range; write 7, 1-50 or 330595- (open: until an empty page)",
            e);
      }
    }
    ranges.sort(java.util.Comparator.comparingLong(Range::first));
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i).first() <= ranges.get(i - 1).last()) {
        throw new IllegalArgumentException("ranges overlap in '" + text + "'; list each page once");
      }
    }
    return new PageRanges(ranges);
  }
}
