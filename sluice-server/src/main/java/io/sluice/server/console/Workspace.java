package io.sluice.server.console;

import io.sluice.core.plan.Plan;
import io.sluice.spec.ValidationException;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pipeline files under the paths the console was given: files named directly, and every YAML
 * file with a top-level {@code pipeline:} key under a folder (build and state folders skipped).
 * Each file is planned again only when it changed on disk.
 */
public final class Workspace {
  /** Turns a pipeline file into a plan, or throws its problems. */
  @FunctionalInterface
  public interface Planner {
    Plan plan(Path file);
  }

  private static final Pattern PIPELINE_KEY = Pattern.compile("(?m)^pipeline\\s*:");
  private static final Set<String> SKIPPED = Set.of("target", ".sluice", ".git", "node_modules");

  private final List<Path> roots;
  private final Planner planner;
  private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(FileTime modified, PipelineEntry entry) {}

  public Workspace(List<Path> roots, Planner planner) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.planner = planner;
  }

  /** Every pipeline found, by name. */
  List<PipelineEntry> pipelines() {
    List<PipelineEntry> entries = new ArrayList<>();
    for (Path file : files()) {
      entries.add(entry(file));
    }
    entries.sort(Comparator.comparing(PipelineEntry::name).thenComparing(PipelineEntry::file));
    return entries;
  }

  Optional<PipelineEntry> pipeline(String name) {
    return pipelines().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The spec of the first pipeline file that plans, in file order (for default settings). */
  public Optional<io.sluice.spec.PipelineSpec> firstLoadable() {
    return files().stream()
        .sorted()
        .map(this::entry)
        .flatMap(e -> e.plan().stream())
        .map(Plan::spec)
        .findFirst();
  }

  /** The text of every pipeline file (for the secrets they name). */
  List<String> texts() {
    return pipelines().stream().map(PipelineEntry::text).toList();
  }

  private List<Path> files() {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isRegularFile(root)) {
        files.add(root);
      } else if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root, 6)) {
          walk.filter(p -> !skipped(root, p))
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .filter(Files::isRegularFile)
              .filter(Workspace::isPipeline)
              .forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files;
  }

  private static boolean skipped(Path root, Path path) {
    for (Path part : root.relativize(path)) {
      if (SKIPPED.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPipeline(Path file) {
    try {
      return PIPELINE_KEY.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      return false;
    }
  }

  private PipelineEntry entry(Path file) {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      modified = FileTime.fromMillis(0);
    }
    Cached cached = cache.get(file);
    if (cached != null && cached.modified().equals(modified)) {
      return cached.entry();
    }
    PipelineEntry entry = read(file);
    cache.put(file, new Cached(modified, entry));
    return entry;
  }

  private PipelineEntry read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      text = "";
    }
    String fallbackName = nameInText(text).orElse(file.getFileName().toString());
    try {
      Plan plan = planner.plan(file);
      return new PipelineEntry(plan.spec().name(), file, text, Optional.of(plan), List.of(), "");
    } catch (ValidationException e) {
      return new PipelineEntry(fallbackName, file, text, Optional.empty(), e.problems(), "");
    } catch (SluiceException e) {
      return new PipelineEntry(
          fallbackName, file, text, Optional.empty(), List.of(), e.getMessage());
    }
  }

  private static Optional<String> nameInText(String text) {
    java.util.regex.Matcher m =
        Pattern.compile("(?m)^pipeline\\s*:\\s*['\"]?([^'\"#\\n]+?)['\"]?\\s*(#.*)?$")
            .matcher(text);
    return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
  }
}
