package io.sluice.server.console;

import io.sluice.core.browse.QueryResult;
import io.sluice.core.plan.Plan;
import io.sluice.spec.DashboardSpec;
import io.sluice.spec.DatasetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chart results, kept until the lake changes: a result is keyed by its SQL, its filter values and
 * the current snapshot of every dataset of the pipeline, so a dashboard is queried once after each
 * commit (a run, a micro-batch) and served from memory until the next one, however large the data
 * grew. Reading the versions costs one metadata lookup per table, no scan.
 */
final class DashboardData {
  static final int CACHED_RESULTS = 500;

  /** A chart's rows, whether they came from the cache, and the query's time when they did not. */
  record ChartResult(DashboardSpec.Chart chart, QueryResult result, boolean cached, String error) {}

  private record Key(String sql, Map<String, String> args, Map<String, Long> versions) {}

  private final Console console;
  private final ResultCache<QueryResult> cache = new ResultCache<>(CACHED_RESULTS);

  DashboardData(Console console) {
    this.console = console;
  }

  /** The versions of the pipeline's tables now (the cache key's part that moves). */
  Map<String, Long> versions(Plan plan) {
    List<String> tables = new ArrayList<>();
    for (DatasetSpec dataset : plan.spec().datasets().values()) {
      tables.add(dataset.name());
    }
    return console.lake().versions(tables);
  }

  /** Each chart's rows for the lake at {@code versions} (as {@link #versions} read them). */
  List<ChartResult> results(
      DashboardSpec dashboard, Map<String, String> filters, Map<String, Long> versions) {
    Map<String, Object> args = new LinkedHashMap<>(filters);
    List<ChartResult> results = new ArrayList<>();
    for (DashboardSpec.Chart chart : dashboard.charts()) {
      Map<String, String> used = new java.util.TreeMap<>();
      for (String name : chart.parameters()) {
        if (filters.containsKey(name)) {
          used.put(name, filters.get(name));
        }
      }
      Key key = new Key(chart.sql(), used, versions);
      boolean cached = cache.contains(key);
      try {
        Map<String, Object> chartArgs = new LinkedHashMap<>();
        used.keySet().forEach(name -> chartArgs.put(name, args.get(name)));
        QueryResult result =
            cache.get(key, () -> console.lake().query(chart.sql(), chartArgs, chart.limit()));
        results.add(new ChartResult(chart, result, cached, ""));
      } catch (io.sluice.spi.SluiceException e) {
        results.add(
            new ChartResult(
                chart,
                new QueryResult(List.of(), List.of(), false, 0),
                false,
                "error[" + e.code().code() + "]: " + e.getMessage()));
      }
    }
    return results;
  }
}
