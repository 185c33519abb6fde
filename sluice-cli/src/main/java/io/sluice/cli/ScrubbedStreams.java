package io.sluice.cli;

import io.sluice.spi.Redaction;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * Everything the process writes, scrubbed of the secrets it resolved ({@link Redaction}): the
 * console (stdout and stderr, so Sluice's lines, errors and stack traces) and the log file that
 * Spark and the other libraries log to. Text is scrubbed a line at a time (and on flush), so a
 * secret printed in pieces on one line is still found.
 */
final class ScrubbedStreams {
  private ScrubbedStreams() {}

  /** Replaces stdout and stderr, then the log file's appender (before anything is logged). */
  static void install() {
    System.setOut(new PrintStream(new Scrubbing(System.out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Scrubbing(System.err), true, StandardCharsets.UTF_8));
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    Appender file = config.getAppender("file");
    if (file instanceof FileAppender original) {
      OutputStreamAppender scrubbed =
          OutputStreamAppender.newBuilder()
              .setName("file")
              .setLayout(original.getLayout())
              .setTarget(new Scrubbing(new CreatedOnWrite(Path.of(original.getFileName()))))
              .build();
      scrubbed.start();
      config.getRootLogger().removeAppender("file");
      config.getRootLogger().addAppender(scrubbed, null, null);
      original.stop();
      context.updateLoggers();
    }
  }

  /** Scrubs each line (and what is flushed) before it goes to {@code target}. */
  static final class Scrubbing extends OutputStream {
    private final OutputStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Scrubbing(OutputStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      line.write(b);
      if (b == '\n' || b == '\r') {
        drain();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      int start = offset;
      for (int i = offset; i < offset + length; i++) {
        if (bytes[i] == '\n' || bytes[i] == '\r') {
          line.write(bytes, start, i + 1 - start);
          drain();
          start = i + 1;
        }
      }
      line.write(bytes, start, offset + length - start);
    }

    @Override
    public synchronized void flush() throws IOException {
      drain();
      target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
      flush();
      target.close();
    }

    private void drain() throws IOException {
      if (line.size() == 0) {
        return;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      target.write(Redaction.scrub(text).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A file created when the first byte is written (the log file exists only if used). */
  static final class CreatedOnWrite extends OutputStream {
    private final Path file;
    private OutputStream out;

    CreatedOnWrite(Path file) {
      this.file = file;
    }

    private OutputStream out() throws IOException {
      if (out == null) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        out = new FileOutputStream(file.toFile(), true);
      }
      return out;
    }

    @Override
    public void write(int b) throws IOException {
      out().write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out().write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      if (out != null) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }
}
