package io.sluice.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HDFS on 127.0.0.1: a NameNode and a DataNode from Hadoop 3.4's jars, each its own child
 * process, with their metadata and blocks under a folder, so that the file system outlives the run
 * like a cluster's does. The NameNode's RPC port is chosen once and kept in the folder: table
 * metadata records absolute {@code hdfs://127.0.0.1:PORT/...} locations, which must stay valid. One
 * DataNode, so files are written with replication 1.
 */
public final class EmbeddedHdfs implements AutoCloseable {
  /** The NameNode RPC port a new folder gets when it is free. */
  public static final int PREFERRED_PORT = 18020;

  private static final Pattern LIVE_NODES = Pattern.compile("\"NumLiveDataNodes\"\\s*:\\s*(\\d+)");
  private static final Pattern SAFE_MODE = Pattern.compile("\"Safemode\"\\s*:\\s*\"([^\"]*)\"");

  private final int port;
  private final List<HadoopProcess> processes;

  private EmbeddedHdfs(int port, List<HadoopProcess> processes) {
    this.port = port;
    this.processes = processes;
  }

  /**
   * The HDFS whose data is under {@code directory}: the one another process already serves from it,
   * else a NameNode and a DataNode started now (the folder formatted on first use).
   */
  public static EmbeddedHdfs start(Path directory, Consumer<String> say) {
    Path folder = directory.toAbsolutePath().normalize();
    Optional<Integer> running = runningElsewhere(folder);
    if (running.isPresent()) {
      say.accept("Using the embedded HDFS another sluice process runs at " + uri(running.get()));
      return new EmbeddedHdfs(running.get(), List.of());
    }
    int port = port(folder);
    int httpPort = LoopbackPorts.preferredOrFree(0);
    Path conf = writeConf(folder, port, httpPort);
    if (!Files.isRegularFile(folder.resolve("name").resolve("current").resolve("VERSION"))) {
      say.accept("Formatting the embedded HDFS in " + folder + " ...");
      HadoopProcess format =
          HadoopProcess.start(
              "HDFS format",
              conf,
              NAMENODE,
              List.of("-format", "-force", "-nonInteractive"),
              folder.resolve("logs").resolve("format.log"));
      int exit = format.await(180);
      if (exit != 0) {
        format.close();
        throw format.failure(exit < 0 ? "did not finish in 180 s" : "failed with exit " + exit);
      }
    }
    say.accept("Starting the embedded HDFS (a NameNode and a DataNode) at " + uri(port) + " ...");
    HadoopProcess nameNode =
        HadoopProcess.start(
            "HDFS NameNode",
            conf,
            NAMENODE,
            List.of(),
            folder.resolve("logs").resolve("namenode.log"));
    HadoopProcess dataNode =
        HadoopProcess.start(
            "HDFS DataNode",
            conf,
            "org.apache.hadoop.hdfs.server.datanode.DataNode",
            List.of(),
            folder.resolve("logs").resolve("datanode.log"));
    EmbeddedHdfs hdfs = new EmbeddedHdfs(port, List.of(nameNode, dataNode));
    try {
      hdfs.awaitReady(httpPort, Duration.ofMinutes(3));
    } catch (RuntimeException e) {
      hdfs.close();
      throw e;
    }
    return hdfs;
  }

  private static final String NAMENODE = "org.apache.hadoop.hdfs.server.namenode.NameNode";

  /** The port of the HDFS another process serves from {@code folder}, if one does. */
  static Optional<Integer> runningElsewhere(Path folder) {
    Path file = folder.resolve("namenode.port");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    int port = readPort(file);
    return LoopbackPorts.listening(port) ? Optional.of(port) : Optional.empty();
  }

  /** The folder's NameNode port: the one it was formatted with, else a new one. */
  private static int port(Path folder) {
    Path file = folder.resolve("namenode.port");
    if (Files.isRegularFile(file)) {
      return readPort(file);
    }
    int port = LoopbackPorts.preferredOrFree(PREFERRED_PORT);
    try {
      Files.createDirectories(folder);
      Files.writeString(file, Integer.toString(port));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return port;
  }

  private static int readPort(Path file) {
    int port = LoopbackPorts.readPort(file);
    if (port <= 0) {
      throw new IllegalStateException(
          "Cannot read the NameNode port in " + file + ": delete the folder to start afresh");
    }
    return port;
  }

  /** core-site.xml and hdfs-site.xml: everything on 127.0.0.1, one replica, no permissions. */
  private static Path writeConf(Path folder, int port, int httpPort) {
    Path conf = folder.resolve("conf");
    Map<String, String> core =
        Map.of("fs.defaultFS", uri(port), "hadoop.tmp.dir", folder.resolve("tmp").toString());
    Map<String, String> hdfs =
        Map.ofEntries(
            Map.entry("dfs.replication", "1"),
            Map.entry("dfs.namenode.name.dir", folder.resolve("name").toUri().toString()),
            Map.entry("dfs.datanode.data.dir", folder.resolve("data").toUri().toString()),
            Map.entry("dfs.namenode.rpc-bind-host", "127.0.0.1"),
            Map.entry("dfs.namenode.servicerpc-bind-host", "127.0.0.1"),
            Map.entry("dfs.namenode.http-address", "127.0.0.1:" + httpPort),
            Map.entry("dfs.namenode.http-bind-host", "127.0.0.1"),
            Map.entry("dfs.namenode.secondary.http-address", "127.0.0.1:0"),
            Map.entry("dfs.datanode.address", "127.0.0.1:0"),
            Map.entry("dfs.datanode.http.address", "127.0.0.1:0"),
            Map.entry("dfs.datanode.ipc.address", "127.0.0.1:0"),
            Map.entry("dfs.datanode.hostname", "127.0.0.1"),
            Map.entry("dfs.permissions.enabled", "false"),
            Map.entry("dfs.namenode.safemode.extension", "0"),
            Map.entry("dfs.namenode.fs-limits.min-block-size", "0"));
    try {
      Files.createDirectories(conf);
      Files.writeString(conf.resolve("core-site.xml"), HadoopXml.of(core));
      Files.writeString(conf.resolve("hdfs-site.xml"), HadoopXml.of(hdfs));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the HDFS configuration in " + conf, e);
    }
    return conf;
  }

  /**
   * Waits until the NameNode counts a live DataNode and has left safe mode (its JMX over HTTP),
   * failing early with the log of a process that exited.
   */
  private void awaitReady(int httpPort, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI jmx =
        URI.create(
            "http://127.0.0.1:"
                + httpPort
                + "/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState");
    URI info =
        URI.create(
            "http://127.0.0.1:" + httpPort + "/jmx?qry=Hadoop:service=NameNode,name=NameNodeInfo");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (HadoopProcess process : processes) {
        if (!process.alive()) {
          throw process.failure("exited while starting");
        }
      }
      Optional<String> state = get(http, jmx);
      Optional<String> nameNode = get(http, info);
      if (state.isPresent() && nameNode.isPresent()) {
        Matcher live = LIVE_NODES.matcher(state.get());
        Matcher safe = SAFE_MODE.matcher(nameNode.get());
        if (live.find()
            && Integer.parseInt(live.group(1)) > 0
            && safe.find()
            && safe.group(1).isEmpty()) {
          return;
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the embedded HDFS started", e);
      }
    }
    throw processes.get(0).failure("was not ready (a live DataNode, out of safe mode) in time");
  }

  private static Optional<String> get(HttpClient http, URI uri) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * What a client of this HDFS should set: one replica, and a short first wait before asking the
   * NameNode again whether a file it closes is complete (the default 400 ms, doubled at each retry,
   * made a small file cost 190-220 ms to write here against 23-28 ms with 10 ms).
   */
  public static Map<String, String> clientConf() {
    return Map.of(
        "dfs.replication", "1",
        "dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10",
        "dfs.client.block.write.locateFollowingBlock.retries", "10");
  }

  public int port() {
    return port;
  }

  /** {@code hdfs://127.0.0.1:PORT}. */
  public String uri() {
    return uri(port);
  }

  static String uri(int port) {
    return "hdfs://127.0.0.1:" + port;
  }

  /** Stops the NameNode and DataNode this instance started (none if it found another's). */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
