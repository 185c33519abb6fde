package io.sluice.core.browse;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Rows as display strings (null cells as {@code null}), with whether more rows existed than were
 * returned and how long the query took.
 */
public record QueryResult(
    List<String> columns, List<List<String>> rows, boolean truncated, long millis) {
  public QueryResult {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    rows =
        rows.stream()
            .map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
            .toList();
  }
}
