package io.sluice.testing;

import io.sluice.services.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One real Kafka broker (KRaft, 127.0.0.1) per test JVM, started on first use and stopped when the
 * JVM exits. Tests that share it use topics of their own. A test that stops or restarts its broker
 * starts an {@link EmbeddedKafka} of its own instead.
 */
public final class TestingKafka {
  private static EmbeddedKafka broker;

  private TestingKafka() {}

  /** The shared broker. */
  public static synchronized EmbeddedKafka shared() {
    if (broker == null) {
      try {
        broker = EmbeddedKafka.start(Files.createTempDirectory("sluice-testing-kafka"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedKafka started = broker;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "testing-kafka-stop"));
    }
    return broker;
  }

  /** The shared broker's bootstrap servers. */
  public static String bootstrapServers() {
    return shared().bootstrapServers();
  }
}
