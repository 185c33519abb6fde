package io.sluice.spi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The secret values this process has seen (every {@code ${secret:NAME}} a pipeline file resolved,
 * every value of an option marked secret: passwords, tokens, webhook URLs, API keys), and the
 * scrubbing of text on its way out: console output, log files, the run store, summaries, exports,
 * alerts and error messages show {@code ****} where a secret was, in clear or in base64 (as in a
 * Basic authorisation header). Values shorter than 4 characters are not secrets worth the name and
 * are left alone (they would mask ordinary words).
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "****";

  private static final int SHORTEST = 4;
  private static final Object LOCK = new Object();
  private static volatile List<String> forms = List.of();

  private Redaction() {}

  /** Remembers {@code secret} (and its base64 forms) for {@link #scrub}. */
  public static void register(String secret) {
    if (secret == null || secret.strip().length() < SHORTEST) {
      return;
    }
    synchronized (LOCK) {
      Set<String> all = new LinkedHashSet<>(forms);
      for (String value : List.of(secret, secret.strip())) {
        all.add(value);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        all.add(Base64.getEncoder().encodeToString(bytes));
        all.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        all.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      }
      List<String> sorted = new ArrayList<>(all);
      sorted.removeIf(form -> form.length() < SHORTEST);
      sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first
      forms = List.copyOf(sorted);
    }
  }

  /** {@code text} with every known secret, in clear or base64, replaced by {@link #MASK}. */
  public static String scrub(String text) {
    List<String> known = forms;
    if (text == null || known.isEmpty()) {
      return text;
    }
    String scrubbed = text;
    for (String form : known) {
      if (scrubbed.contains(form)) {
        scrubbed = scrubbed.replace(form, MASK);
      }
    }
    return scrubbed;
  }

  /** Whether any secret is known (so that a caller may skip work). */
  public static boolean active() {
    return !forms.isEmpty();
  }

  /** Forgets every secret (tests). */
  public static void clear() {
    synchronized (LOCK) {
      forms = List.of();
    }
  }
}
