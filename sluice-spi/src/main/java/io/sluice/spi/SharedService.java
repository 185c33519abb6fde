package io.sluice.spi;

/** A service a run provides to the sources and sinks that need it (see ConnectorFactory#needs). */
public enum SharedService {
  /** The pipeline's Kafka: the embedded broker, or the configured bootstrap servers. */
  KAFKA,
  /** The PostgreSQL server Sluice starts for the run (a jdbc sink's {@code url: embedded}). */
  EMBEDDED_POSTGRES
}
