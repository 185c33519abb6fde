package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code lineage:}: where a run sends its OpenLineage events: {@code http} (Marquez, DataHub, any
 * OpenLineage endpoint: {@code url} + {@code endpoint}, an optional bearer {@code api_key}), {@code
 * file} (one JSON event a line, appended to {@code path}) or {@code console}; {@code namespace}
 * names the jobs' namespace.
 */
public record LineageSpec(
    String transport,
    Optional<String> url,
    String endpoint,
    Optional<String> path,
    String namespace,
    Optional<String> apiKey) {
  public static final LineageSpec NONE =
      new LineageSpec(
          "none",
          Optional.empty(),
          "/api/v1/lineage",
          Optional.empty(),
          "sluice",
          Optional.empty());

  public LineageSpec {
    requireNonNull(transport, "transport is null");
    requireNonNull(url, "url is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(path, "path is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(apiKey, "apiKey is null");
  }

  public boolean enabled() {
    return !transport.equals("none");
  }

  @Override
  public String toString() {
    return "LineageSpec[transport="
        + transport
        + ", url="
        + url.orElse("-")
        + ", path="
        + path.orElse("-")
        + ", namespace="
        + namespace
        + ", apiKey="
        + (apiKey.isPresent() ? "***" : "-")
        + "]";
  }
}
