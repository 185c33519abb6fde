package io.sluice.engine.spark.ml;

import io.sluice.core.store.ModelRegistry;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What training and registry scoring need from the run: the model registry (in the run store), the
 * pipeline file's version to record, where notes about the step go, and the MLflow server that
 * training runs are also logged to.
 */
public record ModelContext(
    Supplier<ModelRegistry> registry,
    Supplier<String> pipelineVersion,
    Consumer<String> notes,
    io.sluice.spec.TrackingSpec tracking) {
  /** For steps that cannot train or load registry models (streams). */
  public static ModelContext none(String why) {
    return new ModelContext(
        () -> {
          throw new SluiceException(ErrorCode.INVALID_VALUE, why);
        },
        () -> "",
        note -> {},
        io.sluice.spec.TrackingSpec.NONE);
  }

  /** {@code sha256:} and the first 16 hex digits of the pipeline file's bytes. */
  public static String versionOf(java.nio.file.Path file) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(java.nio.file.Files.readAllBytes(file));
      return "sha256:" + java.util.HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
