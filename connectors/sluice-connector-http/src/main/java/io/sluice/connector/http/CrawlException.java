package io.sluice.connector.http;

/** A crawl that cannot go on; the message names the request and what the API said. */
public final class CrawlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CrawlException(String message) {
    super(message);
  }

  public CrawlException(String message, Throwable cause) {
    super(message, cause);
  }
}
