package io.sluice.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * SQL text as tokens (words, quoted names, strings, numbers, spaces and comments, {@code ::} and
 * punctuation) for rewrites that must never look inside strings, quoted names or comments; and
 * edits of the text, applied together from the end so that earlier offsets stay valid.
 */
final class SqlTokens {
  /** A token of the query: its kind and where it is. */
  record Token(char kind, int start, int end) {
    static final char WORD = 'w';
    static final char QUOTED = 'q';
    static final char STRING = 's';
    static final char NUMBER = 'n';
    static final char SPACE = ' ';
    static final char CAST = ':';
    static final char PUNCT = 'p';
  }

  /** Replace text [start, end) with {@code text}. */
  record Edit(int start, int end, String text) {}

  final String sql;
  final List<Token> tokens;
  private final List<Edit> edits = new ArrayList<>();

  SqlTokens(String sql) {
    this.sql = sql;
    this.tokens = tokenize(sql);
  }

  int size() {
    return tokens.size();
  }

  Token get(int i) {
    return tokens.get(i);
  }

  char kind(int i) {
    return i >= 0 && i < tokens.size() ? tokens.get(i).kind() : 0;
  }

  String text(int i) {
    Token token = tokens.get(i);
    return sql.substring(token.start(), token.end());
  }

  /** The token's text in lower case when it is a word, else "". */
  String word(int i) {
    return kind(i) == Token.WORD ? text(i).toLowerCase(Locale.ROOT) : "";
  }

  boolean isPunct(int i, char c) {
    return kind(i) == Token.PUNCT && sql.charAt(tokens.get(i).start()) == c;
  }

  int nextSolid(int i) {
    while (i < tokens.size() && tokens.get(i).kind() == Token.SPACE) {
      i++;
    }
    return i < tokens.size() ? i : -1;
  }

  int previousSolid(int i) {
    while (i >= 0 && tokens.get(i).kind() == Token.SPACE) {
      i--;
    }
    return i;
  }

  /** The '(' that matches the ')' at {@code close}, or -1. */
  int openingOf(int close) {
    int depth = 0;
    for (int i = close; i >= 0; i--) {
      if (isPunct(i, ')')) {
        depth++;
      } else if (isPunct(i, '(')) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The ')' that matches the '(' at {@code open}, or -1. */
  int closingOf(int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (isPunct(i, '(')) {
        depth++;
      } else if (isPunct(i, ')')) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Replaces tokens {@code first} to {@code last} (inclusive). */
  void replace(int first, int last, String text) {
    edits.add(new Edit(tokens.get(first).start(), tokens.get(last).end(), text));
  }

  /** Inserts {@code text} before token {@code i}. */
  void insertBefore(int i, String text) {
    edits.add(new Edit(tokens.get(i).start(), tokens.get(i).start(), text));
  }

  /** The text with the edits made. */
  String edited() {
    StringBuilder out = new StringBuilder(sql);
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end).reversed());
    for (Edit edit : sorted) {
      out.replace(edit.start(), edit.end(), edit.text());
    }
    return out.toString();
  }

  private static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      char kind;
      if (c == '\'') {
        end = stringEnd(sql, i);
        kind = Token.STRING;
      } else if (c == '"') {
        int close = sql.indexOf('"', i + 1);
        end = close < 0 ? n : close + 1;
        kind = Token.QUOTED;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int close = sql.indexOf('\n', i);
        end = close < 0 ? n : close;
        kind = Token.SPACE;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        end = close < 0 ? n : close + 2;
        kind = Token.SPACE;
      } else if (Character.isWhitespace(c)) {
        end = i + 1;
        while (end < n && Character.isWhitespace(sql.charAt(end))) {
          end++;
        }
        kind = Token.SPACE;
      } else if (Character.isLetter(c) || c == '_') {
        end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
          end++;
        }
        kind = Token.WORD;
      } else if (Character.isDigit(c)) {
        end = i + 1;
        while (end < n && (Character.isDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        kind = Token.NUMBER;
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        end = i + 2;
        kind = Token.CAST;
      } else {
        end = i + 1;
        kind = Token.PUNCT;
      }
      tokens.add(new Token(kind, i, end));
      i = end;
    }
    return tokens;
  }

  /** The index just after the string literal that starts at {@code start} ({@code ''} escapes). */
  private static int stringEnd(String sql, int start) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == '\'') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }
}
