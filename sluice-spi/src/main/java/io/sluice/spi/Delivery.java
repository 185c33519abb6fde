package io.sluice.spi;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** The guarantee of one edge of a pipeline and why it holds, for {@code sluice plan}. */
public record Delivery(DeliveryGuarantee guarantee, String reason) {
  public Delivery {
    requireNonNull(guarantee, "guarantee is null");
    requireNonNull(reason, "reason is null");
  }

  @Override
  public String toString() {
    return guarantee.name().toLowerCase(Locale.ROOT).replace('_', '-') + " (" + reason + ")";
  }
}
