package io.sluice.ml;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * The models loaded in this JVM, one instance per folder and settings, shared by every task of a
 * Spark executor (and by the driver in local mode): a model is loaded once per JVM, never per
 * record or partition. Instances stay loaded until the JVM ends.
 */
public final class Models {
  private static final Logger LOG = Logger.getLogger(Models.class.getName());
  private static final Map<String, OnnxTextModel> LOADED = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private Models() {}

  /** The text classifier in {@code folder}, loaded on first use in this JVM. */
  public static TextClassifier classifier(Path folder, ScoringOptions options) {
    return (TextClassifier) get(folder, options, "classifier", TextClassifier::new);
  }

  /** The embedding model in {@code folder}, loaded on first use in this JVM. */
  public static TextEmbedder embedder(Path folder, ScoringOptions options) {
    return (TextEmbedder) get(folder, options, "embedder", TextEmbedder::new);
  }

  /** How many models this JVM has loaded (for tests and metrics). */
  public static int loads() {
    return LOADS.get();
  }

  private static OnnxTextModel get(
      Path folder,
      ScoringOptions options,
      String kind,
      BiFunction<Path, ScoringOptions, OnnxTextModel> load) {
    Path absolute = folder.toAbsolutePath().normalize();
    return LOADED.computeIfAbsent(
        options.cacheKey(absolute.toString(), kind),
        key -> {
          long started = System.nanoTime();
          OnnxTextModel model = load.apply(absolute, options);
          LOADS.incrementAndGet();
          LOG.info(
              String.format(
                  java.util.Locale.ROOT,
                  "Loaded %s %s (%s, %d threads) in %d ms",
                  kind,
                  absolute,
                  model.provider(),
                  options.threads(),
                  (System.nanoTime() - started) / 1_000_000));
          return model;
        });
  }
}
