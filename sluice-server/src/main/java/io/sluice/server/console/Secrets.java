package io.sluice.server.console;

import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of the secrets that pipeline files name ({@code ${secret:NAME}}, looked up as the
 * pipeline loader does: the environment variable, else the file in $SLUICE_SECRETS_DIR or
 * .sluice/secrets), and the console's own token. Every page, JSON answer and CSV download is
 * scrubbed of them before it leaves the server: a secret that reached a run's parameters, an error
 * message or a lake row is shown as {@code ****}.
 */
final class Secrets {
  private static final Pattern SECRET = Pattern.compile("\\$\\{secret:([^}:]+)(:-[^}]*)?}");
  private static final int SHORTEST = 4;

  private final UnaryOperator<String> environment;
  private final List<String> values;

  private Secrets(UnaryOperator<String> environment, Collection<String> values) {
    this.environment = environment;
    this.values =
        values.stream()
            .filter(v -> v != null && v.length() >= SHORTEST)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  static Secrets of(Collection<String> values, UnaryOperator<String> environment) {
    return new Secrets(environment, values);
  }

  /** These secrets plus the ones {@code texts} (pipeline files) name. */
  Secrets including(List<String> texts) {
    Set<String> all = new LinkedHashSet<>(values);
    for (String text : texts) {
      Matcher m = SECRET.matcher(text);
      while (m.find()) {
        String value = lookup(m.group(1).strip());
        if (value != null) {
          all.add(value);
        }
      }
    }
    return new Secrets(environment, all);
  }

  String scrub(String text) {
    // and every secret this process resolved (connector passwords from the environment too)
    String scrubbed = io.sluice.spi.Redaction.scrub(text);
    if (scrubbed == null || values.isEmpty()) {
      return scrubbed;
    }
    for (String value : values) {
      if (scrubbed.contains(value)) {
        scrubbed = scrubbed.replace(value, "****");
      }
      String escaped = Html.escape(value);
      if (!escaped.equals(value) && scrubbed.contains(escaped)) {
        scrubbed = scrubbed.replace(escaped, "****");
      }
    }
    return scrubbed;
  }

  private String lookup(String name) {
    try {
      return io.sluice.spec.Templates.secretValue(name, environment).orElse(null);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
