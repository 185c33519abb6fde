package io.sluice.engine.spark;

import io.sluice.ml.Models;
import io.sluice.ml.Prediction;
import io.sluice.ml.ScoringOptions;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.FormatOptions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A {@code score:} dataset: each partition's rows go through the model in chunks, the model loaded
 * once per executor JVM ({@link Models}) and shared by its tasks; within a chunk the texts are
 * sorted by length into batches. Adds {@code label, score, signed_score} (text classification) or
 * {@code embedding} (embedding models).
 */
final class Scoring {
  static final String LABEL = "label";
  static final String SCORE = "score";
  static final String SIGNED_SCORE = "signed_score";
  static final String EMBEDDING = "embedding";

  private Scoring() {}

  static StructType outputSchema(StructType input, DatasetDefinition.Score score) {
    return score.task() == FormatOptions.ModelTask.TEXT_CLASSIFICATION
        ? input
            .add(LABEL, DataTypes.StringType, true)
            .add(SCORE, DataTypes.DoubleType, true)
            .add(SIGNED_SCORE, DataTypes.DoubleType, true)
        : input.add(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true);
  }

  static Dataset<Row> apply(Dataset<Row> input, DatasetDefinition.Score score, String dataset) {
    List<String> columns = Arrays.asList(input.schema().fieldNames());
    if (!columns.contains(score.textColumn())) {
      throw new SluiceException(
          ErrorCode.UNDEFINED_REFERENCE,
          "Cannot score dataset '"
              + dataset
              + "': its input "
              + score.input()
              + " has no column '"
              + score.textColumn()
              + "' (columns: "
              + String.join(", ", columns)
              + ")");
    }
    for (String added :
        score.task() == FormatOptions.ModelTask.TEXT_CLASSIFICATION
            ? List.of(LABEL, SCORE, SIGNED_SCORE)
            : List.of(EMBEDDING)) {
      if (columns.contains(added)) {
        throw new SluiceException(
            ErrorCode.INVALID_VALUE,
            "Cannot score dataset '"
                + dataset
                + "': its input already has a column '"
                + added
                + "', which the scores would replace; rename it in the input");
      }
    }
    StructType schema = outputSchema(input.schema(), score);
    // Scoring is CPU-bound and a small input is often one file, one task. On one machine its
    // task scores in parallel lanes (no shuffle); on a cluster the rows are spread over the
    // executors first.
    int cores = input.sparkSession().sparkContext().defaultParallelism();
    int partitions = input.rdd().getNumPartitions();
    boolean local = input.sparkSession().sparkContext().isLocal();
    Dataset<Row> spread = !local && partitions < cores ? input.repartition(cores) : input;
    int lanes = local && partitions < cores ? Math.max(1, cores / Math.max(1, partitions)) : 1;
    return spread.mapPartitions(
        new ScoreFunction(
            Path.of(score.model()).toAbsolutePath().normalize().toString(),
            input.schema().fieldIndex(score.textColumn()),
            score.task() == FormatOptions.ModelTask.TEXT_CLASSIFICATION,
            score.positiveLabel().orElse(null),
            score.batchSize(),
            score.threads(),
            score.maxLength(),
            score.cuda(),
            lanes),
        Encoders.row(schema));
  }

  /** Serializable: carries the folder and settings; the model is looked up on the executor. */
  static final class ScoreFunction implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String folder;
    private final int textIndex;
    private final boolean classify;
    private final String positiveLabel;
    private final int batchSize;
    private final int threads;
    private final int maxLength;
    private final boolean cuda;
    private final int lanes;

    ScoreFunction(
        String folder,
        int textIndex,
        boolean classify,
        String positiveLabel,
        int batchSize,
        int threads,
        int maxLength,
        boolean cuda,
        int lanes) {
      this.folder = folder;
      this.textIndex = textIndex;
      this.classify = classify;
      this.positiveLabel = positiveLabel;
      this.batchSize = batchSize;
      this.threads = threads;
      this.maxLength = maxLength;
      this.cuda = cuda;
      this.lanes = lanes;
    }

    /** Runs {@code work} over {@code lanes} slices of {@code texts} at once; results in order. */
    private <T> List<T> inLanes(
        List<String> texts, java.util.function.Function<List<String>, List<T>> work) {
      if (lanes <= 1 || texts.size() < 2 * batchSize) {
        return work.apply(texts);
      }
      int per = (texts.size() + lanes - 1) / lanes;
      List<java.util.concurrent.Future<List<T>>> parts = new ArrayList<>();
      for (int start = 0; start < texts.size(); start += per) {
        List<String> slice = texts.subList(start, Math.min(texts.size(), start + per));
        parts.add(Lanes.pool(lanes).submit(() -> work.apply(slice)));
      }
      List<T> all = new ArrayList<>(texts.size());
      for (java.util.concurrent.Future<List<T>> part : parts) {
        try {
          all.addAll(part.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("scoring was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r
              ? r
              : new IllegalStateException(e.getCause());
        }
      }
      return all;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      ScoringOptions options =
          new ScoringOptions(
              batchSize, threads, maxLength, Optional.ofNullable(positiveLabel), cuda);
      int chunk = Math.max(1_024, batchSize * 16) * lanes;
      return new Iterator<>() {
        private final List<Row> out = new ArrayList<>();
        private int next;

        @Override
        public boolean hasNext() {
          if (next < out.size()) {
            return true;
          }
          out.clear();
          next = 0;
          List<Row> in = new ArrayList<>(chunk);
          while (in.size() < chunk && rows.hasNext()) {
            in.add(rows.next());
          }
          if (in.isEmpty()) {
            return false;
          }
          List<String> texts = new ArrayList<>(in.size());
          for (Row row : in) {
            texts.add(row.isNullAt(textIndex) ? "" : row.get(textIndex).toString());
          }
          if (classify) {
            List<Prediction> predictions =
                inLanes(texts, t -> Models.classifier(Path.of(folder), options).classify(t));
            for (int i = 0; i < in.size(); i++) {
              Prediction p = predictions.get(i);
              out.add(append(in.get(i), p.label(), p.score(), p.signedScore()));
            }
          } else {
            List<float[]> vectors =
                inLanes(texts, t -> Models.embedder(Path.of(folder), options).embed(t));
            for (int i = 0; i < in.size(); i++) {
              float[] v = vectors.get(i);
              Float[] boxed = new Float[v.length];
              for (int d = 0; d < v.length; d++) {
                boxed[d] = v[d];
              }
              out.add(append(in.get(i), (Object) boxed));
            }
          }
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return out.get(next++);
        }
      };
    }

    private static Row append(Row row, Object... values) {
      Object[] all = new Object[row.length() + values.length];
      for (int i = 0; i < row.length(); i++) {
        all[i] = row.get(i);
      }
      System.arraycopy(values, 0, all, row.length(), values.length);
      return RowFactory.create(all);
    }
  }

  /** The threads that score a task's lanes, one pool per JVM, daemon threads. */
  static final class Lanes {
    private static java.util.concurrent.ExecutorService pool;
    private static int size;

    private Lanes() {}

    static synchronized java.util.concurrent.ExecutorService pool(int lanes) {
      if (pool == null || size < lanes) {
        if (pool != null) {
          pool.shutdown(); // a larger pool replaces it; running lanes finish
        }
        pool =
            java.util.concurrent.Executors.newFixedThreadPool(
                lanes,
                r -> {
                  Thread t = new Thread(r, "sluice-score-lane");
                  t.setDaemon(true);
                  return t;
                });
        size = lanes;
      }
      return pool;
    }
  }
}
