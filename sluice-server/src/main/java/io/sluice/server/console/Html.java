package io.sluice.server.console;

import java.util.Locale;

/**
 * Builds HTML where text is escaped unless said otherwise: every value from a pipeline file, the
 * run store or the lake goes through {@link #text} or an attribute, so a value holding {@code
 * <script>} renders as text.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(4096);

  /** Escapes {@code value} for an element's content or a quoted attribute. */
  static String escape(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder escaped = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** {@code value} as a URL query or path part. */
  static String url(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** Opens a tag; {@code attributes} alternate names and (escaped) values. */
  Html open(String tag, String... attributes) {
    out.append('<').append(tag);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      if (attributes[i + 1] != null) {
        out.append(' ')
            .append(attributes[i])
            .append("=\"")
            .append(escape(attributes[i + 1]))
            .append('"');
      }
    }
    out.append('>');
    return this;
  }

  Html close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /** An element holding escaped text. */
  Html el(String tag, Object text, String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  /** A link holding escaped text. */
  Html link(String href, Object text, String... attributes) {
    String[] all = new String[attributes.length + 2];
    all[0] = "href";
    all[1] = href;
    System.arraycopy(attributes, 0, all, 2, attributes.length);
    return el("a", text, all);
  }

  Html text(Object text) {
    out.append(escape(text == null ? "" : String.valueOf(text)));
    return this;
  }

  /** Markup this class built (or a constant): not escaped. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** A table row of escaped cells. */
  Html row(Object... cells) {
    open("tr");
    for (Object cell : cells) {
      el("td", cell);
    }
    return close("tr");
  }

  /** A header row. */
  Html head(String... cells) {
    open("tr");
    for (String cell : cells) {
      el("th", cell);
    }
    return close("tr");
  }

  /** A status badge, coloured by a CSS class named after the status. */
  Html badge(String status) {
    return el(
        "span",
        status.toLowerCase(Locale.ROOT),
        "class",
        "badge " + status.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
