package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.run.RunResult;
import io.sluice.core.store.RunStatus;
import io.sluice.ml.Models;
import io.sluice.testing.RepositoryFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** score: datasets with the committed Korean classifier and with all-MiniLM-L6-v2 embeddings. */
class ScoringIT {
  @TempDir Path work;

  @Test
  void aClassifierScoresEveryRowAndIsLoadedOncePerJvm() throws IOException {
    Path model = RepositoryFiles.resolve("examples/maple-nicknames/models/korean-sentiment");
    int loadsBefore = Models.loads();
    RunResult result =
        SharedSpark.run(
            """
            pipeline: scoring
            parameters: { model: null }
            datasets:
              sc.texts:
                sql: >-
                  SELECT * FROM VALUES
                    (1, '정말 재미있고 감동적인 최고의 영화'), (2, '최악이다 돈 아깝고 지루한 쓰레기'),
                    (3, '달빛'), (4, NULL), (5, '')
                  AS t(id, text)
              sc.many:
                sql: SELECT id, concat('이름', CAST(id AS STRING)) AS text FROM range(0, 5000, 1, 12)
              sc.one_file:
                sql: SELECT /*+ COALESCE(1) */ id, concat('이름', CAST(id AS STRING)) AS text FROM range(0, 3000)
              sc.one_file_scores:
                score: { input: sc.one_file, text: text, model: "${model}", positive_label: positive, batch_size: 16 }
              sc.text_scores:
                score: { input: sc.texts, text: text, model: "${model}", positive_label: positive, batch_size: 2 }
              sc.many_scores:
                score: { input: sc.many, text: text, model: "${model}", positive_label: positive }
            """,
            Map.of("model", model.toString()));
    assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
    List<Row> rows =
        SharedSpark.session()
            .sql("SELECT id, label, score, signed_score FROM sc.text_scores ORDER BY id")
            .collectAsList();
    assertThat(rows).hasSize(5);
    assertThat(rows.get(0).getString(1)).isEqualTo("positive");
    assertThat(rows.get(0).getDouble(3)).isGreaterThan(0.5);
    assertThat(rows.get(1).getString(1)).isEqualTo("negative");
    assertThat(rows.get(1).getDouble(3)).isLessThan(-0.5);
    for (Row row : rows) {
      double score = row.getDouble(2);
      assertThat(score).isBetween(0.5, 1.0);
      assertThat(Math.abs(row.getDouble(3))).isCloseTo(score, within(1e-12));
    }
    assertThat(result.step("sc.many_scores").orElseThrow().rowsOut()).isEqualTo(5_000);
    // one input task scored in parallel lanes: the same scores, in the same rows (to the float
    // rounding of other batch widths)
    assertThat(
            SharedSpark.session()
                .sql(
                    "SELECT count(*) FROM sc.one_file_scores o JOIN sc.many_scores m ON o.id = m.id"
                        + " WHERE o.text = m.text AND abs(o.signed_score - m.signed_score) < 1e-6")
                .first()
                .getLong(0))
        .isEqualTo(3_000);
    // scores are near-distinct doubles: written without a dictionary (which five rows would
    // otherwise keep); the label keeps one
    String file =
        SharedSpark.session()
            .sql("SELECT file_path FROM sc.text_scores.files")
            .first()
            .getString(0);
    assertThat(dictionaryColumns(file)).contains("label").doesNotContain("score", "signed_score");
    // 13 partitions and three datasets, one JVM: the model was loaded once
    assertThat(Models.loads() - loadsBefore).isEqualTo(1);
  }

  @Test
  void anEmbeddingModelAddsUnitVectors() throws IOException {
    Path model = Files.createDirectories(work.resolve("minilm"));
    copy("all-minilm-l6-v2.onnx", model.resolve("model.onnx"));
    copy("all-minilm-l6-v2-tokenizer.json", model.resolve("tokenizer.json"));
    RunResult result =
        SharedSpark.run(
            """
            pipeline: embedding
            parameters: { model: null }
            datasets:
              em.texts:
                sql: >-
                  SELECT * FROM VALUES (1, 'A man is playing a guitar.'),
                    (2, 'Someone plays an instrument.'), (3, 'The stock market fell sharply.')
                  AS t(id, text)
              em.vectors:
                score: { input: em.texts, text: text, model: "${model}", task: embedding }
            """,
            Map.of("model", model.toString()));
    assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
    List<Row> rows =
        SharedSpark.session()
            .sql("SELECT id, embedding FROM em.vectors ORDER BY id")
            .collectAsList();
    float[][] v = new float[3][];
    for (int i = 0; i < 3; i++) {
      List<Float> list = rows.get(i).getList(1);
      assertThat(list).hasSize(384);
      v[i] = new float[list.size()];
      for (int d = 0; d < list.size(); d++) {
        v[i][d] = list.get(d);
      }
      assertThat(dot(v[i], v[i])).isCloseTo(1.0, within(1e-4));
    }
    assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.2);
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** The columns of the Parquet file's first row group that are dictionary-encoded. */
  private static List<String> dictionaryColumns(String file) throws IOException {
    try (org.apache.parquet.hadoop.ParquetFileReader reader =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file), new org.apache.hadoop.conf.Configuration()))) {
      return reader.getFooter().getBlocks().get(0).getColumns().stream()
          .filter(org.apache.parquet.hadoop.metadata.ColumnChunkMetaData::hasDictionaryPage)
          .map(column -> column.getPath().toDotString())
          .toList();
    }
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = ScoringIT.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
