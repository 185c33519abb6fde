package io.sluice.bench;

import io.sluice.connector.files.segment.SegmentArchiveFactory;
import io.sluice.connector.jdbc.JdbcConnectorFactory;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.examples.segment.SegmentEventGenerator;
import io.sluice.services.EmbeddedPostgres;
import io.sluice.spec.EngineSettings;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The segment-warehouse numbers, in one run, on generated Segment archives (2 million events by
 * default):
 *
 * <ol>
 *   <li>reading the archives with the explicit schema of the segment-archive source vs letting
 *       Spark infer the schema (the seed reported 10x), both to the same selected columns;
 *   <li>loading the flattened DW table into PostgreSQL: the jdbc sink (typed table, staging with
 *       COPY per partition, one transaction, its defaults: string_type auto, TEXT on PostgreSQL;
 *       also with string_type: sized, VARCHAR(n) measured by a pass over the data first) vs raw
 *       COPY FROM STDIN on one connection (the driver's CopyManager: the library's limit for one
 *       stream) vs a plain JDBC batch-insert loop on one connection vs Spark's default JDBC writer.
 * </ol>
 */
public final class SegmentBench {
  private SegmentBench() {}

  public static void main(String[] args) throws Exception {
    long events = 2_000_000;
    int rounds = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--events" -> events = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; use --events N, --rounds R");
      }
    }
    Path work = Files.createDirectories(Path.of("bench", "target", "segment").toAbsolutePath());
    Path archive = work.resolve("archive-" + events);
    LocalDate day = LocalDate.parse("2024-07-01");
    long started = System.nanoTime();
    SegmentEventGenerator.Written written =
        new SegmentEventGenerator(42, 5_000, 0.002, 0.0)
            .write(archive, List.of("src-web", "src-mobile-web", "src-partner"), day, 1, events);
    System.out.printf(
        Locale.ROOT,
        "Archives: %s (%s)%n",
        archive,
        written.dayFolders() == 0
            ? "already there"
            : String.format(
                Locale.ROOT,
                "wrote %,d events in %,d files, %.1fs",
                written.events(),
                written.files(),
                seconds(started)));
    String glob =
        archive
            + "/{src-web,src-mobile-web,src-partner}/"
            + SegmentArchiveFactory.dayFolder(day)
            + "/*.gz";
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession spark =
        SparkSessions.create(
            "segment-bench",
            new EngineSettings(
                work.resolve("lake").toString(),
                "local[*]",
                Map.of("spark.sql.shuffle.partitions", String.valueOf(cores * 2)),
                "jdbc:h2:mem:bench",
                "embedded"));
    spark.sparkContext().setLogLevel("ERROR");
    try {
      readBench(spark, glob, rounds);
      loadBench(spark, glob, work, rounds);
    } finally {
      spark.stop();
    }
  }

  private static String ddl() {
    StringBuilder ddl = new StringBuilder();
    SegmentArchiveFactory.DEFAULT_COLUMNS.forEach(
        (name, type) ->
            ddl.append(ddl.length() == 0 ? "" : ", ")
                .append('`')
                .append(name)
                .append("` ")
                .append(type));
    return ddl.toString();
  }

  /** The fields the DW table uses, selected from either read. */
  private static final String[] NEEDED = {
    "anonymousId",
    "userId",
    "messageId",
    "type",
    "event",
    "`timestamp`",
    "context.userAgent",
    "context.ip",
    "context.locale",
    "context.page.url",
    "properties.path",
    "properties.page",
    "properties.button.name",
    "properties.action.hospital",
    "properties.properties.hospitalId"
  };

  private static void readBench(SparkSession spark, String glob, int rounds) {
    double explicitBest = Double.MAX_VALUE;
    double inferredBest = Double.MAX_VALUE;
    for (int round = 1; round <= rounds; round++) {
      long t = System.nanoTime();
      spark
          .read()
          .schema(ddl())
          .json(glob)
          .selectExpr(NEEDED)
          .write()
          .format("noop")
          .mode("overwrite")
          .save();
      double explicit = seconds(t);
      t = System.nanoTime();
      spark.read().json(glob).selectExpr(NEEDED).write().format("noop").mode("overwrite").save();
      double inferred = seconds(t);
      explicitBest = Math.min(explicitBest, explicit);
      inferredBest = Math.min(inferredBest, inferred);
      System.out.printf(
          Locale.ROOT,
          "  read round %d: explicit schema %.1fs, inferred schema %.1fs%n",
          round,
          explicit,
          inferred);
    }
    System.out.printf(
        Locale.ROOT,
        "Read (best of %d): explicit schema %.1fs, schema inference %.1fs: inference takes %.2fx%n",
        rounds,
        explicitBest,
        inferredBest,
        inferredBest / explicitBest);
  }

  private static void loadBench(SparkSession spark, String glob, Path work, int rounds)
      throws Exception {
    // the DW table as the example computes it (the Redshift SQL, translated), materialised once
    spark.read().schema(ddl()).json(glob).createOrReplaceTempView("segment_events");
    Path pipeline = Path.of("examples/segment-warehouse/pipeline.yaml");
    io.sluice.spec.PipelineSpec spec =
        io.sluice.spec.PipelineLoader.load(
            pipeline,
            Files.readString(pipeline),
            new io.sluice.spec.LoadRequest("external", Map.of(), name -> null));
    String redshift =
        ((io.sluice.spec.DatasetDefinition.SqlQuery)
                spec.datasets().get("silver.dw_events_day").definition())
            .written()
            .replace("bronze.segment_events", "segment_events");
    String spark4 = new SparkSqlAnalyzer().toSpark("redshift", redshift);
    Path dw = work.resolve("dw.parquet");
    spark.sql(spark4).write().mode(SaveMode.Overwrite).parquet(dw.toString());
    Dataset<Row> rows = spark.read().parquet(dw.toString());
    long count = rows.count();
    System.out.printf(Locale.ROOT, "Load: %,d DW rows (28 columns) into PostgreSQL 18%n", count);
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(work.resolve("pg"), 0)) {
      pg.createDatabase("bench");
      String url = pg.jdbcUrl("bench");
      double oursBest = Double.MAX_VALUE;
      double sizedBest = Double.MAX_VALUE;
      double loopBest = Double.MAX_VALUE;
      double copyBest = Double.MAX_VALUE;
      double sparkBest = Double.MAX_VALUE;
      for (int round = 1; round <= rounds; round++) {
        long t = System.nanoTime();
        sink(url, "dw_ours", "auto")
            .write(
                rows, new SinkContext("bench", "bench-" + round, WriteMode.OVERWRITE, List.of()));
        double ours = seconds(t);
        check(url, "dw_ours", count);

        // the same sink with VARCHAR(n): a pass measures every string column's longest value first
        t = System.nanoTime();
        sink(url, "dw_sized", "sized")
            .write(
                rows,
                new SinkContext("bench", "bench-sized-" + round, WriteMode.OVERWRITE, List.of()));
        double sized = seconds(t);
        check(url, "dw_sized", count);

        t = System.nanoTime();
        rawCopy(rows, url, "dw_copy");
        double copy = seconds(t);
        check(url, "dw_copy", count);

        t = System.nanoTime();
        plainLoop(rows, url, "dw_loop");
        double loop = seconds(t);
        check(url, "dw_loop", count);

        t = System.nanoTime();
        Properties properties = new Properties();
        rows.write().mode(SaveMode.Overwrite).jdbc(url, "dw_spark", properties);
        double sparkDefault = seconds(t);
        check(url, "dw_spark", count);
        System.out.printf(
            Locale.ROOT,
            "  load round %d: jdbc sink %.1fs (string_type: sized %.1fs), raw COPY on one connection"
                + " %.1fs, plain JDBC loop %.1fs, Spark default writer %.1fs%n",
            round,
            ours,
            sized,
            copy,
            loop,
            sparkDefault);
        copyBest = Math.min(copyBest, copy);
        oursBest = Math.min(oursBest, ours);
        sizedBest = Math.min(sizedBest, sized);
        loopBest = Math.min(loopBest, loop);
        sparkBest = Math.min(sparkBest, sparkDefault);
      }
      System.out.printf(
          Locale.ROOT,
          "Load (best of %d): jdbc sink %,.0f rows/s (with string_type: sized %,.0f rows/s); raw"
              + " COPY on one connection %,.0f rows/s (sink/copy %.2f); plain JDBC batch loop"
              + " %,.0f rows/s (sink/loop %.2f); Spark default JDBC writer %,.0f rows/s"
              + " (sink/spark %.2f, with string_type: sized %.2f)%n",
          rounds,
          count / oursBest,
          count / sizedBest,
          count / copyBest,
          copyBest / oursBest,
          count / loopBest,
          loopBest / oursBest,
          count / sparkBest,
          sparkBest / oursBest,
          sparkBest / sizedBest);
    }
  }

  /** The jdbc sink into {@code table}, strings {@code stringType}, the JSON columns TEXT. */
  private static io.sluice.spi.spark.SparkBatchSink sink(
      String url, String table, String stringType) {
    return new JdbcConnectorFactory()
        .sink()
        .createBatchSink(
            new ResolvedOptions(
                Map.of(
                    JdbcConnectorFactory.URL.key(),
                    url,
                    JdbcConnectorFactory.TABLE.key(),
                    table,
                    JdbcConnectorFactory.STRING_TYPE.key(),
                    stringType,
                    JdbcConnectorFactory.COLUMN_TYPES.key(),
                    Map.of("context", "TEXT", "properties", "TEXT"))));
  }

  /**
   * COPY FROM STDIN (CSV) through the driver's CopyManager on one connection, rows streamed from
   * Spark to this process: the fastest one stream can load.
   */
  private static void rawCopy(Dataset<Row> rows, String url, String table) throws Exception {
    StructField[] fields = rows.schema().fields();
    try (Connection c = DriverManager.getConnection(url)) {
      createTable(c, table, fields);
      try (java.io.Writer out =
          new java.io.BufferedWriter(
              new java.io.OutputStreamWriter(
                  new org.postgresql.copy.PGCopyOutputStream(
                      c.unwrap(org.postgresql.PGConnection.class),
                      "COPY " + table + " FROM STDIN WITH (FORMAT csv)",
                      1 << 16),
                  java.nio.charset.StandardCharsets.UTF_8),
              1 << 16)) {
        Iterator<Row> iterator = rows.toLocalIterator();
        StringBuilder line = new StringBuilder(512);
        while (iterator.hasNext()) {
          Row row = iterator.next();
          line.setLength(0);
          for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
              line.append(',');
            }
            Object value = row.get(i);
            if (value instanceof String text) {
              line.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else if (value instanceof java.sql.Timestamp timestamp) {
              line.append(timestamp.toInstant());
            } else if (value != null) {
              line.append(value);
            }
          }
          out.append(line.append('\n'));
        }
      }
    }
  }

  /** The bench's plain table of {@code fields} (strings as TEXT). */
  private static void createTable(Connection c, String table, StructField[] fields)
      throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      List<String> columns = new ArrayList<>();
      for (StructField field : fields) {
        String type =
            switch (field.dataType().typeName()) {
              case "date" -> "DATE";
              case "timestamp_ntz" -> "TIMESTAMP";
              case "timestamp" -> "TIMESTAMPTZ";
              default -> "TEXT";
            };
        columns.add('"' + field.name() + "\" " + type);
      }
      s.execute("CREATE TABLE " + table + " (" + String.join(", ", columns) + ")");
    }
  }

  /** One connection, batches of 10,000 rows, one commit: the naive fast path. */
  private static void plainLoop(Dataset<Row> rows, String url, String table) throws Exception {
    StructField[] fields = rows.schema().fields();
    try (Connection c = DriverManager.getConnection(url + "&reWriteBatchedInserts=true")) {
      createTable(c, table, fields);
      c.setAutoCommit(false);
      String marks = String.join(", ", java.util.Collections.nCopies(fields.length, "?"));
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
        Iterator<Row> iterator = rows.toLocalIterator();
        int batch = 0;
        while (iterator.hasNext()) {
          Row row = iterator.next();
          for (int i = 0; i < fields.length; i++) {
            Object value = row.get(i);
            if (value instanceof java.time.LocalDateTime local) {
              insert.setObject(i + 1, local);
            } else if (value instanceof java.sql.Timestamp || value instanceof java.sql.Date) {
              insert.setObject(i + 1, value);
            } else {
              insert.setString(i + 1, value == null ? null : value.toString());
            }
          }
          insert.addBatch();
          if (++batch == 10_000) {
            insert.executeBatch();
            batch = 0;
          }
        }
        if (batch > 0) {
          insert.executeBatch();
        }
      }
      c.commit();
    }
  }

  private static void check(String url, String table, long expected) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      if (r.getLong(1) != expected) {
        throw new IllegalStateException(
            table + " holds " + r.getLong(1) + " rows, not " + expected);
      }
    }
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
