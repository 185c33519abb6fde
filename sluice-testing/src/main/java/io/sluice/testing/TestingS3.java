package io.sluice.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

  private final Process process;
  private final int port;
  private final Path buckets;

  private TestingS3(Process process, int port, Path buckets) {
    this.process = process;
    this.port = port;
    this.buckets = buckets;
  }

  /** Starts a server with {@code bucketNames} (empty), its data and log under {@code work}. */
  public static TestingS3 start(Path work, String... bucketNames) throws IOException {
    String classpathFile = System.getProperty(CLASSPATH_PROPERTY);
    if (classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
      throw new IllegalStateException(
          "No s3proxy class path: build module sluice-s3proxy (mvn package) and set "
              + CLASSPATH_PROPERTY
              + " to its target/s3proxy-classpath.txt (was "
              + classpathFile
              + ")");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
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
    Path argfile = work.resolve("s3proxy.argfile");
    Files.writeString(
        argfile,
        "-cp \""
            + Files.readString(Path.of(classpathFile), StandardCharsets.UTF_8)
                .trim()
                .replace("\\", "\\\\")
            + "\"",
        StandardCharsets.UTF_8);
    Path log = work.resolve("s3proxy.log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
            "@" + argfile,
            "org.gaul.s3proxy.Main",
            "--properties",
            properties.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TestingS3 s3 = new TestingS3(process, port, buckets);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        s3.close();
        throw new IllegalStateException("s3proxy did not start: " + Files.readString(log));
      }
      try {
        Thread.sleep(100); // polling its port until it accepts connections
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        s3.close();
        throw new IllegalStateException("Interrupted while s3proxy started", e);
      }
    }
    return s3;
  }

  private static boolean listening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
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
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
