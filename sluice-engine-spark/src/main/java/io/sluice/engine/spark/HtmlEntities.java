package io.sluice.engine.spark;

import java.util.Map;

/**
 * Decodes HTML character references: named ones ({@code &amp;}, {@code &eacute;} ...), numeric ones
 * with a semicolon ({@code &#8217;}), and the semicolon-less {@code &#44}, {@code &#39} and {@code
 * &#33} that NUFORC exports write (where {@code &#44000} means a comma followed by "000").
 */
public final class HtmlEntities {
  private static final Map<String, String> NAMED =
      Map.ofEntries(
          Map.entry("amp", "&"),
          Map.entry("quot", "\""),
          Map.entry("apos", "'"),
          Map.entry("lt", "<"),
          Map.entry("gt", ">"),
          Map.entry("nbsp", "\u00a0"),
          Map.entry("aacute", "\u00e1"),
          Map.entry("agrave", "\u00e0"),
          Map.entry("acirc", "\u00e2"),
          Map.entry("aring", "\u00e5"),
          Map.entry("auml", "\u00e4"),
          Map.entry("atilde", "\u00e3"),
          Map.entry("ccedil", "\u00e7"),
          Map.entry("eacute", "\u00e9"),
          Map.entry("egrave", "\u00e8"),
          Map.entry("ecirc", "\u00ea"),
          Map.entry("euml", "\u00eb"),
          Map.entry("iacute", "\u00ed"),
          Map.entry("igrave", "\u00ec"),
          Map.entry("iuml", "\u00ef"),
          Map.entry("ntilde", "\u00f1"),
          Map.entry("oacute", "\u00f3"),
          Map.entry("ograve", "\u00f2"),
          Map.entry("ocirc", "\u00f4"),
          Map.entry("ouml", "\u00f6"),
          Map.entry("oslash", "\u00f8"),
          Map.entry("uacute", "\u00fa"),
          Map.entry("ugrave", "\u00f9"),
          Map.entry("uuml", "\u00fc"),
          Map.entry("yacute", "\u00fd"),
          Map.entry("szlig", "\u00df"),
          Map.entry("deg", "\u00b0"),
          Map.entry("hellip", "\u2026"),
          Map.entry("rsquo", "\u2019"),
          Map.entry("lsquo", "\u2018"),
          Map.entry("rdquo", "\u201d"),
          Map.entry("ldquo", "\u201c"),
          Map.entry("ndash", "\u2013"),
          Map.entry("mdash", "\u2014"));

  private HtmlEntities() {}

  public static String decode(String text) {
    if (text == null || text.indexOf('&') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int index = 0;
    while (index < text.length()) {
      char c = text.charAt(index);
      if (c != '&') {
        out.append(c);
        index++;
        continue;
      }
      int consumed = decodeAt(text, index, out);
      if (consumed == 0) {
        out.append(c);
        index++;
      } else {
        index += consumed;
      }
    }
    return out.toString();
  }

  /** Appends the decoded reference at {@code start}; returns the characters consumed, 0 if none. */
  private static int decodeAt(String text, int start, StringBuilder out) {
    int semicolon = text.indexOf(';', start);
    if (start + 1 < text.length() && text.charAt(start + 1) == '#') {
      int end = start + 2;
      while (end < text.length() && Character.isDigit(text.charAt(end)) && end - start < 9) {
        end++;
      }
      if (end == start + 2) {
        return 0;
      }
      if (end < text.length() && text.charAt(end) == ';') {
        int codePoint = Integer.parseInt(text.substring(start + 2, end));
        if (Character.isValidCodePoint(codePoint)) {
          out.appendCodePoint(codePoint);
          return end - start + 1;
        }
        return 0;
      }
      // No semicolon: NUFORC writes exactly two digits (&#44, &#39, &#33).
      if (end - start >= 4) {
        out.appendCodePoint(Integer.parseInt(text.substring(start + 2, start + 4)));
        return 4;
      }
      return 0;
    }
    if (semicolon > start + 1 && semicolon - start <= 10) {
      String replacement = NAMED.get(text.substring(start + 1, semicolon));
      if (replacement != null) {
        out.append(replacement);
        return semicolon - start + 1;
      }
    }
    return 0;
  }
}
