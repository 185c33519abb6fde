package io.sluice.server.console;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.browse.QueryResult;
import io.sluice.core.browse.TableInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A lake in memory: tables with rows, and canned answers to queries. */
final class MemoryLake implements LakeBrowser {
  final Map<String, TableInfo> tables = new LinkedHashMap<>();
  final Map<String, List<List<String>>> rows = new LinkedHashMap<>();
  final Map<String, QueryResult> answers = new LinkedHashMap<>();
  final List<String> queries = new ArrayList<>();

  void table(TableInfo info, List<List<String>> data) {
    tables.put(info.name(), info);
    rows.put(info.name(), data);
  }

  @Override
  public List<String> tables() {
    return tables.keySet().stream().sorted().toList();
  }

  @Override
  public TableInfo table(String name) {
    TableInfo info = tables.get(name);
    if (info == null) {
      throw new SluiceException(ErrorCode.UNDEFINED_REFERENCE, "There is no lake table " + name);
    }
    return info;
  }

  int samples;

  @Override
  public QueryResult sample(String table, Optional<Long> snapshot, int limit) {
    samples++;
    TableInfo info = table(table);
    List<List<String>> data = rows.get(table);
    return new QueryResult(
        info.columns().stream().map(TableInfo.Column::name).toList(),
        data.subList(0, Math.min(limit, data.size())),
        data.size() > limit,
        1);
  }

  @Override
  public QueryResult quarantine(
      String dataset, Optional<String> reason, Optional<String> runId, int limit) {
    List<List<String>> data = rows.getOrDefault(dataset + "__quarantine", List.of());
    List<List<String>> matching =
        data.stream()
            .filter(
                r ->
                    reason
                        .map(
                            x ->
                                r.get(2)
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .contains(x.toLowerCase(java.util.Locale.ROOT)))
                        .orElse(true))
            .filter(r -> runId.map(x -> r.get(0).equals(x)).orElse(true))
            .toList();
    return new QueryResult(
        List.of("_run_id", "_quarantined_at", "_reasons", "_origin", "_record"),
        matching,
        false,
        1);
  }

  final Map<String, Long> versions = new LinkedHashMap<>();

  @Override
  public Map<String, Long> versions(java.util.Collection<String> names) {
    Map<String, Long> found = new java.util.TreeMap<>();
    names.forEach(n -> found.put(n, versions.getOrDefault(n, -1L)));
    return found;
  }

  @Override
  public QueryResult query(String sql, Map<String, Object> args, int limit) {
    queries.add(sql + (args.isEmpty() ? "" : " " + new java.util.TreeMap<>(args)));
    QueryResult answer =
        answers.get(sql + (args.isEmpty() ? "" : " " + new java.util.TreeMap<>(args)));
    if (answer == null) {
      throw new SluiceException(
          ErrorCode.READ_ONLY, "Cannot run this statement: not a canned query");
    }
    return answer;
  }
}
