package io.sluice.engine.spark;

import io.sluice.core.run.DaemonThreads;
import io.sluice.ml.Models;
import io.sluice.ml.Prediction;
import io.sluice.ml.ScoringOptions;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.FormatOptions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

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
    if (score.registryModel()) {
      return io.sluice.engine.spark.ml.RegistryScoring.outputSchema(input);
    }
    return score.task() == FormatOptions.ModelTask.TEXT_CLASSIFICATION
        ? input
            .add(LABEL, DataTypes.StringType, true)
            .add(SCORE, DataTypes.DoubleType, true)
            .add(SIGNED_SCORE, DataTypes.DoubleType, true)
        : input.add(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true);
  }

  /** Scores with an ONNX model folder, or with a registry model found in {@code registry}. */
  static Dataset<Row> apply(
      Dataset<Row> input,
      DatasetDefinition.Score score,
      String dataset,
      java.util.function.Supplier<io.sluice.core.store.ModelRegistry> registry) {
    return score.registryModel()
        ? io.sluice.engine.spark.ml.RegistryScoring.apply(input, score, dataset, registry.get())
        : apply(input, score, dataset);
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
    org.apache.spark.rdd.RDD<InternalRow> rows = input.queryExecution().toRdd();
    int partitions = rows.getNumPartitions();
    boolean local = input.sparkSession().sparkContext().isLocal();
    if (!local && partitions < cores) {
      rows = input.repartition(cores).queryExecution().toRdd();
    }
    int lanes = local && partitions < cores ? Math.max(1, cores / Math.max(1, partitions)) : 1;
    // The rows stay in Spark's internal form on both sides (no conversion to and from Row
    // objects: on a small model that conversion costs as much as the model).
    org.apache.spark.rdd.RDD<InternalRow> scored =
        rows.toJavaRDD()
            .mapPartitions(
                new ScoreFunction(
                    ModelFolders.absolute(score.model()),
                    input.schema().fieldIndex(score.textColumn()),
                    score.task() == FormatOptions.ModelTask.TEXT_CLASSIFICATION,
                    score.positiveLabel().orElse(null),
                    score.batchSize(),
                    score.threads(),
                    score.maxLength(),
                    score.cuda(),
                    lanes))
            .rdd();
    return ((org.apache.spark.sql.classic.SparkSession) input.sparkSession())
        .internalCreateDataFrame(scored, schema, false);
  }

  /** Serializable: carries the folder and settings; the model is looked up on the executor. */
  static final class ScoreFunction implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
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

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
      ScoringOptions options =
          new ScoringOptions(
              batchSize, threads, maxLength, Optional.ofNullable(positiveLabel), cuda);
      int chunk = Math.max(1_024, batchSize * 16) * lanes;
      // A pipeline of chunks: the lanes score the next two chunks while this task's thread writes
      // the rows of the current one and reads the one after, so that neither waits.
      return new Iterator<>() {
        private final java.util.ArrayDeque<List<java.util.concurrent.Future<List<InternalRow>>>>
            scoring = new java.util.ArrayDeque<>();
        private final java.util.concurrent.ExecutorService pool =
            java.util.concurrent.Executors.newFixedThreadPool(
                lanes, DaemonThreads.named("sluice-score-lane"));
        private List<InternalRow> out = List.of();
        private int next;

        {
          org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
          if (task != null) {
            task.addTaskCompletionListener(
                (org.apache.spark.util.TaskCompletionListener) context -> pool.shutdownNow());
          }
          submit(read());
          submit(read());
        }

        private List<InternalRow> read() {
          List<InternalRow> in = new ArrayList<>(chunk);
          while (in.size() < chunk && rows.hasNext()) {
            in.add(rows.next().copy()); // the scan reuses its row
          }
          return in;
        }

        /** Scores {@code in} in up to {@code lanes} slices on the lane threads. */
        private void submit(List<InternalRow> in) {
          if (in.isEmpty()) {
            return;
          }
          int slices = in.size() < 2 * batchSize ? 1 : lanes;
          int per = (in.size() + slices - 1) / slices;
          List<java.util.concurrent.Future<List<InternalRow>>> parts = new ArrayList<>();
          for (int start = 0; start < in.size(); start += per) {
            List<InternalRow> slice = in.subList(start, Math.min(in.size(), start + per));
            parts.add(pool.submit(() -> score(slice, options)));
          }
          scoring.add(parts);
        }

        @Override
        public boolean hasNext() {
          while (next >= out.size()) {
            if (scoring.isEmpty()) {
              pool.shutdown();

              return false;
            }
            List<InternalRow> following = read(); // while the lanes score
            out = collect(scoring.poll());
            next = 0;
            submit(following);
          }
          return true;
        }

        private List<InternalRow> collect(
            List<java.util.concurrent.Future<List<InternalRow>>> parts) {
          List<InternalRow> all = new ArrayList<>(chunk);
          try {
            for (java.util.concurrent.Future<List<InternalRow>> part : parts) {
              all.addAll(part.get());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scoring was interrupted", e);
          } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
          }
          return all;
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return out.get(next++);
        }
      };
    }

    /** The rows of {@code in} with their scores appended (on a lane thread). */
    private List<InternalRow> score(List<InternalRow> in, ScoringOptions options) {
      List<String> texts = new ArrayList<>(in.size());
      for (InternalRow row : in) {
        texts.add(row.isNullAt(textIndex) ? "" : row.getUTF8String(textIndex).toString());
      }
      List<InternalRow> out = new ArrayList<>(in.size());
      if (classify) {
        List<Prediction> predictions =
            Models.classifier(ModelFolders.local(folder), options).classify(texts);
        java.util.Map<String, UTF8String> labels = new java.util.HashMap<>();
        for (int i = 0; i < in.size(); i++) {
          Prediction p = predictions.get(i);
          out.add(
              append(
                  in.get(i),
                  labels.computeIfAbsent(p.label(), UTF8String::fromString),
                  p.score(),
                  p.signedScore()));
        }
      } else {
        List<float[]> vectors = Models.embedder(ModelFolders.local(folder), options).embed(texts);
        for (int i = 0; i < in.size(); i++) {
          out.add(append(in.get(i), UnsafeArrayData.fromPrimitiveArray(vectors.get(i))));
        }
      }
      return out;
    }

    /** The input row followed by the values (no copy of the input's fields). */
    private static InternalRow append(InternalRow row, Object... values) {
      return new JoinedRow(row, new GenericInternalRow(values));
    }
  }
}
