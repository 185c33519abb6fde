package io.sluice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3 API server for tests: s3proxy (module sluice-s3proxy) with its filesystem backend as a
 * child process on 127.0.0.1, buckets as folders under its work folder. Its class path is the file
 * the system property {@value #CLASSPATH_PROPERTY} names (the build sets it).
 */
public final class TestingS3 implements AutoCloseable {
  /** The system property naming s3proxy's class path file. */
  public static final String CLASSPATH_PROPERTY = "sluice.s3proxy.classpath";

  /** The access key and secret key the server takes (aws-v2-or-v4 signatures). */
  public static final String ACCESS_KEY = "sluice-test";

  public static final String SECRET_KEY = "sluice-test-secret";

  private final ChildServer server;
  private final Path buckets;

  private TestingS3(ChildServer server, Path buckets) {
    this.server = server;
    this.buckets = buckets;
  }

  /** Starts a server with {@code bucketNames} (empty), its data and log under {@code work}. */
  public static TestingS3 start(Path work, String... bucketNames) throws IOException {
    int port = ChildServer.freePort();
    Path buckets = Files.createDirectories(work.resolve("buckets"));
    for (String bucket : bucketNames) {
      Files.createDirectories(buckets.resolve(bucket));
    }
    Path properties = work.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem-nio2",
            "jclouds.filesystem.basedir=" + buckets.toAbsolutePath(),
            ""),
        StandardCharsets.UTF_8);
    // s3proxy logs every request at DEBUG by default
    Path logback = work.resolve("logback.xml");
    Files.writeString(
        logback,
        "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder></appender>"
            + "<root level=\"WARN\"><appender-ref ref=\"out\"/></root>"
            + "<logger name=\"org.gaul.s3proxy.Main\" level=\"INFO\"/></configuration>\n",
        StandardCharsets.UTF_8);
    return new TestingS3(
        ChildServer.start(
            "s3proxy",
            CLASSPATH_PROPERTY,
            "sluice-s3proxy",
            work,
            port,
            List.of("-Dlogback.configurationFile=" + logback.toAbsolutePath()),
            "org.gaul.s3proxy.Main",
            List.of("--properties", properties.toString())),
        buckets);
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Where the server keeps {@code bucket}'s objects (one file per object). */
  public Path bucketFolder(String bucket) {
    return buckets.resolve(bucket);
  }

  /**
   * The Spark properties of an s3a client of this server (path-style requests, no TLS, these keys),
   * with s3a's buffers under {@code work}.
   */
  public Map<String, String> s3aSparkConf(Path work) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.hadoop.fs.s3a.endpoint", endpoint());
    conf.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
    conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
    conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    conf.put(
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.put("spark.hadoop.fs.s3a.access.key", ACCESS_KEY);
    conf.put("spark.hadoop.fs.s3a.secret.key", SECRET_KEY);
    conf.put("spark.hadoop.fs.s3a.buffer.dir", work.resolve("s3a-buffer").toString());
    return conf;
  }

  @Override
  public void close() {
    server.close();
  }
}
