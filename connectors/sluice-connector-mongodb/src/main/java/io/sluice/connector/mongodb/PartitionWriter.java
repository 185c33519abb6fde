package io.sluice.connector.mongodb;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.sluice.spi.spark.SinkResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.bson.BsonDocument;

/**
 * Writes one partition's rows to a collection in bulk batches: with keys each row replaces (or
 * inserts) the document with its {@code _id}, so a replay changes nothing; without keys rows are
 * inserted. A document the server refuses (a duplicate on a unique index, a validation rule) is
 * returned with the server's code and message, and the rest of its batch is written; transient
 * errors (network, elections, write-concern timeouts) retry the batch with backoff, which the
 * upserts make safe.
 */
final class PartitionWriter {
  /** What a partition wrote and what was refused. */
  record Result(long written, List<SinkResult.Refused> refused) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final MongoSettings settings;
  private final StructType schema;
  private final String target;
  private long written;
  private final List<SinkResult.Refused> refused = new ArrayList<>();

  PartitionWriter(MongoSettings settings, StructType schema, String target) {
    this.settings = settings;
    this.schema = schema;
    this.target = target;
  }

  Result write(Iterator<Row> rows) {
    try (MongoClient client = MongoClients.create(settings.clientSettings())) {
      MongoCollection<BsonDocument> collection =
          client.getDatabase(settings.database()).getCollection(target, BsonDocument.class);
      List<Pending> batch = new ArrayList<>(settings.batchSize());
      while (rows.hasNext()) {
        Row row = rows.next();
        BsonRows.Converted converted = BsonRows.convert(row, schema, settings.keys());
        if (converted.refused()) {
          refused.add(new SinkResult.Refused(json(row), converted.refusal()));
          continue;
        }
        batch.add(new Pending(row, converted));
        if (batch.size() >= settings.batchSize()) {
          flush(collection, batch);
          batch = new ArrayList<>(settings.batchSize());
        }
      }
      if (!batch.isEmpty()) {
        flush(collection, batch);
      }
    }
    return new Result(written, List.copyOf(refused));
  }

  private record Pending(Row row, BsonRows.Converted converted) {}

  private void flush(MongoCollection<BsonDocument> collection, List<Pending> batch) {
    List<Pending> remaining = batch;
    int attempt = 0;
    while (!remaining.isEmpty()) {
      try {
        collection.bulkWrite(models(remaining), new BulkWriteOptions().ordered(settings.ordered()));
        written += remaining.size();
        return;
      } catch (MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null && e.getWriteErrors().isEmpty()) {
          attempt = backOff(attempt, e); // written but not confirmed: the upserts can repeat
          continue;
        }
        remaining = afterRefusals(remaining, e.getWriteErrors());
        if (remaining.isEmpty()) {
          return;
        }
      } catch (MongoException e) {
        if (!isTransient(e)) {
          throw e;
        }
        attempt = backOff(attempt, e);
      }
    }
  }

  /**
   * Records the refused documents; returns what is left to write: nothing for unordered writes (the
   * server wrote the others), the rest after the first refusal for ordered ones.
   */
  private List<Pending> afterRefusals(List<Pending> batch, List<BulkWriteError> errors) {
    Set<Integer> failed = new HashSet<>();
    int first = Integer.MAX_VALUE;
    for (BulkWriteError error : errors) {
      failed.add(error.getIndex());
      first = Math.min(first, error.getIndex());
      refused.add(
          new SinkResult.Refused(
              json(batch.get(error.getIndex()).row()),
              "MongoDB refused the document (code "
                  + error.getCode()
                  + "): "
                  + error.getMessage()));
    }
    if (!settings.ordered()) {
      written += batch.size() - failed.size();
      return List.of();
    }
    written += first;
    return batch.subList(first + 1, batch.size());
  }

  private List<WriteModel<BsonDocument>> models(List<Pending> batch) {
    List<WriteModel<BsonDocument>> models = new ArrayList<>(batch.size());
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    for (Pending pending : batch) {
      BsonRows.Converted converted = pending.converted();
      if (settings.keys().isEmpty() && converted.id() == null) {
        models.add(new InsertOneModel<>(converted.document()));
      } else {
        models.add(
            new ReplaceOneModel<>(Filters.eq("_id", converted.id()), converted.document(), upsert));
      }
    }
    return models;
  }

  private int backOff(int attempt, MongoException cause) {
    if (attempt >= settings.retries()) {
      throw new MongoException(
          "Writing to "
              + settings.describe()
              + " failed after "
              + (attempt + 1)
              + " attempts: "
              + cause.getMessage(),
          cause);
    }
    long millis = settings.retryDelay().toMillis() << Math.min(attempt, 6);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cause;
    }
    return attempt + 1;
  }

  /** Errors worth trying again: the server may have written nothing, or may have written it all. */
  static boolean isTransient(MongoException e) {
    return e instanceof MongoSocketException
        || e instanceof MongoTimeoutException
        || e instanceof MongoNotPrimaryException
        || e instanceof MongoNodeIsRecoveringException
        || e instanceof MongoWriteConcernException
        || e.hasErrorLabel("RetryableWriteError")
        || e.hasErrorLabel("TransientTransactionError");
  }

  private static String json(Row row) {
    try {
      return row.json();
    } catch (RuntimeException e) {
      return String.valueOf(row);
    }
  }
}
