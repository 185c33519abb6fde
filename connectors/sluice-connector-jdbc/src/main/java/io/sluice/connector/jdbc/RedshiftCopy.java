package io.sluice.connector.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Redshift load at COPY speed: Spark writes the rows as Parquet under a staging prefix on S3
 * ({@code s3a://bucket/prefix}, where the cluster's s3a credentials reach), and one {@code COPY
 * <staging table> FROM 's3://bucket/prefix/...' FORMAT AS PARQUET} loads them on Redshift's slices
 * in parallel, authorized by an IAM role or by keys (secrets). The staged files are deleted once
 * the load is over, whatever its outcome.
 */
final class RedshiftCopy {
  /** How Redshift reads the bucket: an IAM role, or access keys (and a session token). */
  record Authorization(
      Optional<String> iamRole,
      Optional<String> accessKeyId,
      Optional<String> secretAccessKey,
      Optional<String> sessionToken) {
    String clause() {
      if (iamRole.isPresent()) {
        return "IAM_ROLE '" + literal(iamRole.get()) + "'";
      }
      return "ACCESS_KEY_ID '"
          + literal(accessKeyId.orElseThrow())
          + "' SECRET_ACCESS_KEY '"
          + literal(secretAccessKey.orElseThrow())
          + "'"
          + sessionToken.map(t -> " SESSION_TOKEN '" + literal(t) + "'").orElse("");
    }
  }

  private final String stagingRoot;
  private final Authorization authorization;
  private final Optional<String> region;

  RedshiftCopy(String stagingRoot, Authorization authorization, Optional<String> region) {
    this.stagingRoot = stagingRoot.replaceAll("/+$", "");
    this.authorization = authorization;
    this.region = region;
  }

  /** The staging folder of one load: under the root, by table and run. */
  String folder(String table, String runId) {
    return stagingRoot + "/" + table + "/" + runId.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** Writes {@code rows} as Parquet into {@code folder} (replacing what a dead load left there). */
  static void stage(Dataset<Row> rows, String folder) {
    rows.write().mode(SaveMode.Overwrite).parquet(folder);
  }

  /**
   * The COPY of {@code folder} into {@code stagingTable}: Parquet columns map by position onto the
   * staging table's, which the sink creates in the dataset's order; nested columns (SUPER) are read
   * as JSON with SERIALIZETOJSON.
   */
  String statement(String stagingTable, String folder, StructType schema) {
    boolean nested = false;
    for (StructField field : schema.fields()) {
      nested |=
          field.dataType() instanceof StructType
              || field.dataType() instanceof ArrayType
              || field.dataType() instanceof MapType;
    }
    return "COPY "
        + stagingTable
        + " FROM '"
        + literal(s3(folder) + "/")
        + "' "
        + authorization.clause()
        + region.map(r -> " REGION '" + literal(r) + "'").orElse("")
        + " FORMAT AS PARQUET"
        + (nested ? " SERIALIZETOJSON" : "");
  }

  /** Deletes the staged files of one load. */
  static void delete(Dataset<Row> anyRows, String folder) {
    try {
      Path path = new Path(folder);
      FileSystem fs =
          path.getFileSystem(anyRows.sparkSession().sparkContext().hadoopConfiguration());
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the staged files under " + folder, e);
    }
  }

  /** Redshift names the bucket s3://; Spark writes through s3a:// (or s3n://). */
  static String s3(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("s3a://") || lower.startsWith("s3n://")) {
      return "s3://" + uri.substring(6);
    }
    return uri;
  }

  private static String literal(String text) {
    return text.replace("'", "''");
  }
}
