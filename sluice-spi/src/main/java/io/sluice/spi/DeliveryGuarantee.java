package io.sluice.spi;

/** What an edge of the pipeline promises about each record crossing it. */
public enum DeliveryGuarantee {
  AT_MOST_ONCE,
  AT_LEAST_ONCE,
  EXACTLY_ONCE
}
