package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ResolvedOptions;
import io.sluice.testing.TestingS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redshift at COPY speed, as far as it can run here: the staging write goes to a real S3 API
 * (s3proxy) through s3a and reads back whole, the COPY names those files as Redshift reads them,
 * and they are gone after the load. Redshift itself cannot run offline: the statement is checked as
 * text.
 */
class RedshiftCopyIT {
  @TempDir Path work;

  @Test
  void theRowsAreStagedOnS3AsParquetForOneCopyAndDeletedAfterwards() throws Exception {
    try (TestingS3 s3 = TestingS3.start(work.resolve("s3"), "staging")) {
      SparkSession.Builder builder =
          SparkSession.builder().master("local[2]").appName("redshift-copy");
      s3.s3aSparkConf(work).forEach(builder::config);
      SparkSession spark = builder.getOrCreate();
      try {
        Dataset<Row> rows =
            spark.sql(
                "SELECT id, concat('user-', CAST(id % 7 AS STRING)) AS user_id,"
                    + " CAST(id * 1.25 AS DECIMAL(12,2)) AS amount,"
                    + " timestamp_seconds(1700000000 + id) AS at,"
                    + " named_struct('k', id, 'tags', array('a', 'b')) AS meta"
                    + " FROM range(0, 50000)");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", "jdbc:redshift://cluster:5439/dev");
        values.put("table", "mart.events");
        values.put("s3_staging", "s3a://staging/sluice/");
        values.put("iam_role", "arn:aws:iam::123456789012:role/RedshiftCopy");
        RedshiftCopy copy = StagingLoad.redshiftCopy(new ResolvedOptions(values));
        String folder = copy.folder("mart.events", "20261207T130000-ab/cd");
        assertThat(folder).isEqualTo("s3a://staging/sluice/mart.events/20261207T130000-ab_cd");

        RedshiftCopy.stage(rows, folder);
        Path objects =
            s3.bucketFolder("staging").resolve("sluice/mart.events/20261207T130000-ab_cd");
        try (var files = Files.list(objects)) {
          assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")))
              .isNotEmpty();
        }
        Dataset<Row> staged = spark.read().parquet(folder);
        assertThat(staged.schema().simpleString()).isEqualTo(rows.schema().simpleString());
        assertThat(
                staged
                    .selectExpr("count(*)", "sum(id)", "sum(amount)", "sum(meta.k)")
                    .first()
                    .toString())
            .isEqualTo("[50000,1249975000,1562468750.00,1249975000]");
        assertThat(copy.statement("mart.events__sluice_staging", folder, rows.schema()))
            .isEqualTo(
                "COPY mart.events__sluice_staging FROM"
                    + " 's3://staging/sluice/mart.events/20261207T130000-ab_cd/' IAM_ROLE"
                    + " 'arn:aws:iam::123456789012:role/RedshiftCopy' FORMAT AS PARQUET"
                    + " SERIALIZETOJSON");

        RedshiftCopy.delete(rows, folder);
        assertThat(objects).doesNotExist();
      } finally {
        spark.stop();
      }
    }
  }

  @Test
  void keysTokenRegionAndQuotesInTheStatement() {
    RedshiftCopy copy =
        new RedshiftCopy(
            "s3://bucket/p",
            new RedshiftCopy.Authorization(
                java.util.Optional.empty(),
                java.util.Optional.of("AKIA'X"),
                java.util.Optional.of("secret"),
                java.util.Optional.of("token")),
            java.util.Optional.of("eu-west-1"));
    assertThat(
            copy.statement(
                "t__sluice_staging",
                copy.folder("t", "r1"),
                new org.apache.spark.sql.types.StructType().add("id", "bigint")))
        .isEqualTo(
            "COPY t__sluice_staging FROM 's3://bucket/p/t/r1/' ACCESS_KEY_ID 'AKIA''X'"
                + " SECRET_ACCESS_KEY 'secret' SESSION_TOKEN 'token' REGION 'eu-west-1' FORMAT AS"
                + " PARQUET");
  }

  @Test
  void theCopyOptionsAreCheckedAtValidation() {
    JdbcConnectorFactory factory = new JdbcConnectorFactory();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", "jdbc:redshift://cluster:5439/dev");
    values.put("table", "mart.events");
    values.put("s3_staging", "s3a://staging/sluice");
    assertThat(factory.validateSink(new ResolvedOptions(values)))
        .extracting(io.sluice.spi.OptionProblem::message)
        .containsExactly(
            "Redshift's COPY needs iam_role, or aws_access_key_id and aws_secret_access_key, to"
                + " read s3_staging");
    values.put("iam_role", "arn:aws:iam::1:role/r");
    assertThat(factory.validateSink(new ResolvedOptions(values))).isEmpty();
    values.put("url", "jdbc:postgresql://h/db");
    assertThat(factory.validateSink(new ResolvedOptions(values)))
        .extracting(io.sluice.spi.OptionProblem::message)
        .containsExactly("s3_staging is for Redshift's COPY; this sink loads another warehouse");
    values.put("url", "jdbc:redshift://cluster:5439/dev");
    values.remove("s3_staging");
    values.put("load", "copy");
    assertThat(factory.validateSink(new ResolvedOptions(values)))
        .extracting(io.sluice.spi.OptionProblem::message)
        .containsExactly("load: copy on Redshift reads the rows from S3: s3_staging is missing");
    assertThat(JdbcConnectorFactory.AWS_SECRET_ACCESS_KEY.secret()).isTrue();
  }
}
