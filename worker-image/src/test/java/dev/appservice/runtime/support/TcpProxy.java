package dev.appservice.runtime.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on localhost that can turn into a black hole: the network failure in which
 * neither end learns that the other is gone (a half-open connection), which a closed socket or a
 * terminated backend cannot show.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String host;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean frozen;

  public TcpProxy(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("tcp-proxy-accept").start(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * From now on bytes in either direction are dropped, a close at one end is not passed to the
   * other, and new connections reach nothing: both ends wait for replies that never come.
   */
  public void freeze() {
    frozen = true;
  }

  /**
   * Ends the black hole the way TCP eventually does: every connection open now is reset, and new
   * ones are forwarded again.
   */
  public void thaw() {
    frozen = false;
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        if (frozen) {
          Thread.ofVirtual().start(() -> pump(client, null));
          continue;
        }
        Socket upstream = new Socket(host, port);
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        // Closed, or the upstream refused this one connection; the client sees it closed.
      }
    }
  }

  /**
   * Copies {@code from} to {@code to} (dropping while frozen, or always when {@code to} is null).
   */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to == null ? null : to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (!frozen && out != null) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      // A reset: pass it on below unless frozen.
    }
    if (!frozen) {
      closeQuietly(from);
      if (to != null) {
        closeQuietly(to);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that is wanted.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    thaw();
  }
}
