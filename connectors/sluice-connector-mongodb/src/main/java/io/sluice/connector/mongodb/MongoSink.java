package io.sluice.connector.mongodb;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.RenameCollectionOptions;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.spi.spark.SparkBatchSink;
import io.sluice.spi.spark.SparkStreamingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code mongodb} sink for batch datasets and for each micro-batch of a streaming one. Append
 * and merge upsert on the keys' {@code _id} (insert without keys); overwrite writes a staging
 * collection and renames it over the target, so a failed write leaves the target as it was.
 */
final class MongoSink implements SparkBatchSink, SparkStreamingSink {
  private final Function<SinkContext, MongoSettings> settings;
  private final String described;

  MongoSink(Function<SinkContext, MongoSettings> settings, String described) {
    this.settings = settings;
    this.described = described;
  }

  @Override
  public SinkResult write(Dataset<Row> data, SinkContext context) {
    MongoSettings resolved = settings.apply(context);
    reachable(resolved, context.sinkName());
    if (context.mode() != WriteMode.OVERWRITE) {
      return write(data, resolved, resolved.collection());
    }
    // a name of its own per write: two writes never share a staging collection
    String staging =
        resolved.collection()
            + "__sluice_staging_"
            + context.runId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
            + "_"
            + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
    try (MongoClient client = MongoClients.create(resolved.clientSettings())) {
      SinkResult result;
      try {
        result = write(data, resolved, staging);
      } catch (RuntimeException e) {
        client.getDatabase(resolved.database()).getCollection(staging).drop();
        throw e;
      }
      client
          .getDatabase(resolved.database())
          .getCollection(staging)
          .renameCollection(
              new MongoNamespace(resolved.database(), resolved.collection()),
              new RenameCollectionOptions().dropTarget(true));
      return result;
    }
  }

  @Override
  public SinkResult writeMicroBatch(Dataset<Row> batch, long batchId, SinkContext context) {
    MongoSettings resolved = settings.apply(context);
    if (!checked) {
      reachable(resolved, context.sinkName());
    }
    return write(batch, resolved, resolved.collection());
  }

  private volatile boolean checked;

  /**
   * Fails fast, before any task starts, when the server cannot be reached or refuses the
   * credentials: one ping, answered within the connection string's server selection timeout.
   */
  private void reachable(MongoSettings resolved, String sink) {
    try (MongoClient client = MongoClients.create(resolved.clientSettings())) {
      client.getDatabase(resolved.database()).runCommand(new org.bson.Document("ping", 1));
      checked = true;
    } catch (com.mongodb.MongoException e) {
      throw new io.sluice.spi.SluiceException(
          io.sluice.spi.ErrorCode.RUN_FAILED,
          "Sink '"
              + sink
              + "' cannot reach "
              + resolved.describe()
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null
                  ? ""
                  : ": " + e.getMessage().replace(resolved.uri(), "(the uri)")),
          e);
    }
  }

  private SinkResult write(Dataset<Row> data, MongoSettings resolved, String collection) {
    StructType schema = data.schema();
    List<PartitionWriter.Result> results =
        data.toJavaRDD()
            .mapPartitions(
                rows ->
                    List.of(new PartitionWriter(resolved, schema, collection).write(rows))
                        .iterator())
            .collect();
    long written = 0;
    List<SinkResult.Refused> refused = new ArrayList<>();
    for (PartitionWriter.Result result : results) {
      written += result.written();
      refused.addAll(result.refused());
    }
    return new SinkResult(resolved.describe(), written, refused);
  }

  @Override
  public String describeTarget() {
    return described;
  }
}
