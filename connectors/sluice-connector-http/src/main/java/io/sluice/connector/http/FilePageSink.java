package io.sluice.connector.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * Pages as lines of {@code pages.jsonl} next to the checkpoint: the dataset reads the lines the
 * checkpoint lists (a line written after the last checkpoint flush is found by {@link #recover}).
 */
final class FilePageSink implements PageSink {
  private final Path file;
  private final OutputStream out;
  private long lines;

  FilePageSink(Path folder) {
    this.file = folder.resolve("pages.jsonl");
    try {
      Files.createDirectories(folder);
      if (Files.exists(file)) {
        byte[] content = Files.readAllBytes(file);
        int cut = content.length;
        while (cut > 0 && content[cut - 1] != '\n') {
          cut--; // drop a torn last line
        }
        if (cut != content.length) {
          byte[] kept = java.util.Arrays.copyOf(content, cut);
          Files.write(file, kept);
        }
        for (int i = 0; i < cut; i++) {
          lines += content[i] == '\n' ? 1 : 0;
        }
      }
      this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the staging file " + file, e);
    }
  }

  Path file() {
    return file;
  }

  @Override
  public synchronized CompletableFuture<CrawlCheckpoint.Position> write(long page, byte[] message) {
    try {
      out.write(message);
      out.write('\n');
      out.flush();
      return CompletableFuture.completedFuture(new CrawlCheckpoint.Position(0, lines++));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Lines after the checkpoint's last one belong to pages it did not record yet. */
  @Override
  public void recover(CrawlCheckpoint checkpoint, PageRanges ranges) {
    long known =
        checkpoint.positions().values().stream().mapToLong(p -> p.offset() + 1).max().orElse(0);
    if (known >= lines) {
      return;
    }
    try (var reader = Files.newBufferedReader(file)) {
      String line;
      long index = 0;
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      while ((line = reader.readLine()) != null) {
        if (index >= known && !line.isBlank()) {
          long page = json.readTree(line).path("page").asLong(-1);
          if (page >= 0) {
            checkpoint.done(page, new CrawlCheckpoint.Position(0, index));
          }
        }
        index++;
      }
      checkpoint.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the staging file " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the staging file " + file, e);
    }
  }
}
