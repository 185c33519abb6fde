package io.sluice.services;

/**
 * An embedded service that did not start (its jars missing, its process exited, not ready in time),
 * with what to do or the end of its log in the message: for people, not a stack trace.
 */
public final class ServiceStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServiceStartException(String message) {
    super(message);
  }
}
