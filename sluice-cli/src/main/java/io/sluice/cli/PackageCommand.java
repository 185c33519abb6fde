package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.spec.EngineSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice package [FILE] -o DIR}: the application a cluster runs with {@code spark-submit}:
 * DIR/jars (Sluice's CLI as the application jar, then the jars a Spark distribution lacks),
 * DIR/jars.txt in that order and, for a pipeline file, DIR/spark-submit.sh that submits it with the
 * profile's master, deploy mode and properties.
 */
@Command(
    name = "package",
    description =
        "Build what spark-submit needs to run pipelines on a cluster: the application jar"
            + " (Sluice's CLI, main class io.sluice.cli.Main) and the jars a Spark 4.1"
            + " distribution does not have, and with FILE a spark-submit script for it.")
final class PackageCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "A pipeline file: also write DIR/spark-submit.sh that submits it.")
  Path file;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      defaultValue = "sluice-package",
      description = "The folder to write (default: ${DEFAULT-VALUE}); its jars/ is replaced.")
  Path output;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "The profile whose master and Spark properties the script uses.")
  String profile = io.sluice.spec.LoadRequest.DEFAULT_PROFILE;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "KEY=VALUE",
      description = "Set a parameter of FILE; repeatable.")
  java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description =
          "Leave out jars the cluster already has, by file name (repeatable), such as"
              + " 'hadoop-aws-*.jar' on EMR.")
  List<String> excludes = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Plan plan = null;
    if (file != null) {
      PipelineOptions options = new PipelineOptions();
      options.file = file;
      options.profile = profile;
      options.parameters.putAll(parameters);
      plan = options.plan(); // a file that does not validate gets no script
    }
    Path jarsFolder = output.resolve("jars");
    if (Files.isDirectory(jarsFolder)) {
      try (var old = Files.list(jarsFolder)) {
        for (Path jar : (Iterable<Path>) old::iterator) {
          Files.delete(jar);
        }
      }
    }
    Files.createDirectories(jarsFolder);
    io.sluice.engine.spark.ApplicationJars jars =
        io.sluice.engine.spark.ApplicationJars.of(Main.class, excludes, output.resolve(".classes"));
    List<String> names = new ArrayList<>();
    for (Path jar : jars.jars()) {
      Path name = jar.getFileName();
      Files.copy(jar, jarsFolder.resolve(name.toString()), StandardCopyOption.REPLACE_EXISTING);
      names.add(name.toString());
    }
    long bytes = jars.bytes();
    io.sluice.engine.spark.ApplicationJars.deleteScratch(output.resolve(".classes"));
    Files.write(output.resolve("jars.txt"), names, StandardCharsets.UTF_8);
    System.out.printf(
        Locale.ROOT,
        "Packaged %d jars (%.0f MB) into %s: the application jar %s (main class %s) and %d"
            + " others; left out the %d jars a Spark distribution has in its jars/%n",
        names.size(),
        bytes / 1e6,
        jarsFolder,
        names.get(0),
        Main.class.getName(),
        names.size() - 1,
        io.sluice.engine.spark.ApplicationJars.sparkProvided().size());
    if (plan != null) {
      Files.copy(
          file,
          output.resolve(String.valueOf(file.getFileName())),
          StandardCopyOption.REPLACE_EXISTING);
      Path script = output.resolve("spark-submit.sh");
      String text = script(plan, names);
      String scrubbed = io.sluice.spi.Redaction.scrub(text);
      Files.writeString(script, scrubbed, StandardCharsets.UTF_8);
      if (!scrubbed.equals(text)) {
        System.out.println(
            "The profile's secrets are not in the script (they show as "
                + io.sluice.spi.Redaction.MASK
                + "): give them to the cluster its own way (instance roles, the cluster's"
                + " secrets), or edit the copy you submit");
      }
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      System.out.println(
          "Wrote "
              + script
              + ": submits "
              + plan.spec().name()
              + " (profile "
              + profile
              + ") to "
              + plan.spec().settings().sparkMaster()
              + " with $SPARK_HOME/bin/spark-submit; put jars/ where the cluster reads it and"
              + " set SLUICE_JARS to that URL");
    }
    return Main.OK;
  }

  /** The spark-submit script of {@code plan}: the jars under $SLUICE_JARS, the file's text. */
  static String script(Plan plan, List<String> names) throws IOException {
    EngineSettings settings = plan.spec().settings();
    List<String> urls = new ArrayList<>();
    names.forEach(name -> urls.add(JARS + "/" + name));
    List<String> driver =
        SubmitArgs.driver(
            String.valueOf(plan.spec().file().getFileName()), PIPELINE_TEXT, plan.spec().profile());
    List<String> args =
        SubmitArgs.of(
            settings, "sluice " + plan.spec().name(), urls, SubmitArgs.jvmFlags(), driver);
    StringBuilder sh = new StringBuilder();
    sh.append("#!/usr/bin/env bash\n")
        .append("# Submits pipeline ")
        .append(plan.spec().name())
        .append(" (profile ")
        .append(plan.spec().profile())
        .append(") with Spark's spark-submit. Written by `sluice package`.\n")
        .append("# SLUICE_JARS: where the cluster reads jars/ (default: this folder's, for a\n")
        .append("# cluster that shares this filesystem), e.g. s3://bucket/sluice/jars.\n")
        .append("# Extra arguments go to `sluice run` on the driver (--once, --param K=V ...).\n")
        .append("set -euo pipefail\n")
        .append("HERE=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n")
        .append("SLUICE_JARS=\"${SLUICE_JARS:-file://$HERE/jars}\"\n")
        .append("PIPELINE=\"${PIPELINE:-$HERE/")
        .append(plan.spec().file().getFileName())
        .append("}\"\n")
        .append(
            "exec \"${SPARK_HOME:?set SPARK_HOME to a Spark 4.1 installation}/bin/spark-submit\"");
    for (String arg : args) {
      sh.append(" \\\n  ").append(shellWord(arg));
    }
    sh.append(" \\\n  \"$@\"\n");
    return sh.toString();
  }

  private static final String JARS = "\u0000JARS\u0000";
  private static final String PIPELINE_TEXT = "\u0000PIPELINE\u0000";

  /** {@code arg} for bash: single-quoted, with the jars folder and the file's text expanded. */
  static String shellWord(String arg) {
    if (arg.equals(PIPELINE_TEXT)) {
      return "\"$(base64 -w0 \"$PIPELINE\")\"";
    }
    String quoted = "'" + arg.replace("'", "'\\''") + "'";
    String word = quoted.replace(JARS, "'\"$SLUICE_JARS\"'");
    // '' before or after an expansion quotes nothing
    word = word.startsWith("''\"") ? word.substring(2) : word;
    return word.endsWith("\"''") ? word.substring(0, word.length() - 2) : word;
  }
}
