package io.sluice.connector.jdbc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A big-endian byte buffer in front of a COPY stream: numbers are written in place and strings are
 * copied straight from Spark's memory, with one write to the stream per 64 KiB.
 */
final class CopyBuffer {
  private final byte[] buffer = new byte[1 << 16];
  private final OutputStream out;
  private int position;

  CopyBuffer(OutputStream out) {
    this.out = out;
  }

  CopyBuffer writeByte(int value) {
    room(1);
    buffer[position++] = (byte) value;
    return this;
  }

  CopyBuffer writeShort(int value) {
    room(2);
    buffer[position++] = (byte) (value >>> 8);
    buffer[position++] = (byte) value;
    return this;
  }

  CopyBuffer writeInt(int value) {
    room(4);
    buffer[position++] = (byte) (value >>> 24);
    buffer[position++] = (byte) (value >>> 16);
    buffer[position++] = (byte) (value >>> 8);
    buffer[position++] = (byte) value;
    return this;
  }

  CopyBuffer writeLong(long value) {
    writeInt((int) (value >>> 32));
    return writeInt((int) value);
  }

  CopyBuffer write(byte[] bytes, int offset, int length) {
    if (length > buffer.length - position) {
      flush();
      if (length > buffer.length) {
        try {
          out.write(bytes, offset, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return this;
      }
    }
    System.arraycopy(bytes, offset, buffer, position, length);
    position += length;
    return this;
  }

  /** A string's UTF-8 bytes, copied from wherever Spark keeps them. */
  CopyBuffer write(UTF8String text) {
    int length = text.numBytes();
    if (length > buffer.length - position) {
      flush();
      if (length > buffer.length) {
        return write(text.getBytes(), 0, length);
      }
    }
    text.writeToMemory(buffer, Platform.BYTE_ARRAY_OFFSET + position);
    position += length;
    return this;
  }

  private void room(int bytes) {
    if (buffer.length - position < bytes) {
      flush();
    }
  }

  /** Sends what is buffered. */
  void flush() {
    if (position > 0) {
      try {
        out.write(buffer, 0, position);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      position = 0;
    }
  }
}
