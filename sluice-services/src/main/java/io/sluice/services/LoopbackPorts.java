package io.sluice.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Ports on 127.0.0.1, where every embedded service listens. */
final class LoopbackPorts {
  private LoopbackPorts() {}

  /** Whether something accepts connections on 127.0.0.1:{@code port}. */
  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The port written in {@code file} by a service that started, or -1 when it is unreadable. */
  static int readPort(java.nio.file.Path file) {
    try {
      return Integer.parseInt(
          java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** {@code preferred} if it can be bound on 127.0.0.1 now (and is above 0), else a free port. */
  static int preferredOrFree(int preferred) {
    if (preferred > 0) {
      try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // taken: any free one below
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    }
  }
}
