package io.sluice.ml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * sentence-transformers/all-MiniLM-L6-v2 as a Hugging Face ONNX folder, copied out of the
 * langchain4j Maven artifact that ships it (no download).
 */
final class MiniLmModel {
  private MiniLmModel() {}

  static Path extractTo(Path folder) throws IOException {
    Files.createDirectories(folder);
    copy("all-minilm-l6-v2.onnx", folder.resolve("model.onnx"));
    copy("all-minilm-l6-v2-tokenizer.json", folder.resolve("tokenizer.json"));
    return folder;
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = MiniLmModel.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the test classpath (langchain4j MiniLM jar)");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
