package io.sluice.services;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker (KRaft, broker and controller in one) running in this JVM, bound to
 * 127.0.0.1, with its data under one folder. Restarting on the same folder keeps the topics, their
 * records and the broker's port when it is still free.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final String STATE_FILE = "sluice-broker.properties";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path directory;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path directory) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.directory = directory;
  }

  /**
   * The bootstrap address of a broker that another process (another {@code sluice} command) runs
   * from {@code directory}, if one answers on its saved port with the folder's cluster id (a port
   * that something else took since is not a broker of this folder).
   */
  public static java.util.Optional<String> runningElsewhere(Path directory) {
    try {
      Path state = directory.toAbsolutePath().resolve(STATE_FILE);
      if (!Files.exists(state)) {
        return java.util.Optional.empty();
      }
      String port = load(state).getProperty("port");
      if (port == null) {
        return java.util.Optional.empty();
      }
      String address = "127.0.0.1:" + port;
      return LoopbackPorts.listening(Integer.parseInt(port))
              && load(state).getProperty("cluster.id", "").equals(clusterId(address))
          ? java.util.Optional.of(address)
          : java.util.Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** The cluster id of the broker at {@code address}, or "" when none answers within 5 s. */
  private static String clusterId(String address) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                address,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "5000"))) {
      return admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return "";
    }
  }

  /** Starts (formatting the folder on first use) and waits until the broker answers. */
  public static EmbeddedKafka start(Path directory) {
    try {
      Path dir = Files.createDirectories(directory.toAbsolutePath());
      Properties state = load(dir.resolve(STATE_FILE));
      int port = reuseOrFree(state.getProperty("port"));
      int controllerPort = reuseOrFree(state.getProperty("controller.port"));
      String clusterId = state.getProperty("cluster.id", Uuid.randomUuid().toString());
      state.setProperty("port", Integer.toString(port));
      state.setProperty("controller.port", Integer.toString(controllerPort));
      state.setProperty("cluster.id", clusterId);
      save(state, dir.resolve(STATE_FILE));

      Properties config = config(dir.resolve("logs"), port, controllerPort);
      Path configFile = dir.resolve("server.properties");
      save(config, configFile);
      ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
      int formatted =
          StorageTool.execute(
              new String[] {
                "format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"
              },
              new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
      if (formatted != 0) {
        throw new IllegalStateException(
            "Cannot format Kafka storage in "
                + dir
                + ": "
                + formatOutput.toString(StandardCharsets.UTF_8));
      }
      KafkaRaftServer server =
          new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
      server.startup();
      EmbeddedKafka kafka = new EmbeddedKafka(server, "127.0.0.1:" + port, dir);
      kafka.awaitReady(Duration.ofSeconds(60));
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded Kafka broker in " + directory, e);
    }
  }

  private static Properties config(Path logs, int port, int controllerPort) {
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", "1");
    props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.setProperty("controller.listener.names", "CONTROLLER");
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("log.dirs", logs.toString());
    props.setProperty("num.partitions", "1");
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("offsets.topic.num.partitions", "4");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("transaction.state.log.num.partitions", "4");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("auto.create.topics.enable", "true");
    props.setProperty("log.flush.interval.messages", "10000");
    return props;
  }

  private void awaitReady(Duration timeout) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot reach the embedded Kafka broker at " + bootstrapServers + " within " + timeout,
          e);
    }
  }

  /** {@code 127.0.0.1:PORT}, for clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path directory() {
    return directory;
  }

  /** Stops the broker and waits until its files are closed. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static int reuseOrFree(String saved) {
    return LoopbackPorts.preferredOrFree(saved == null ? 0 : Integer.parseInt(saved));
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      }
    }
    return properties;
  }

  private static void save(Properties properties, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "written by Sluice");
    }
  }
}
