package dev.appservice.runtime.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP forwarder on localhost that can turn into a black hole: the network failure in which
 * neither end learns that the other is gone (a half-open connection), which a closed socket or a
 * terminated backend cannot show. Both ends see replies that never come; neither sees a close.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String host;
  private final int port;
  private final Thread acceptor;

  /** Guards {@code sockets}, {@code frozen} and {@code closed}. */
  private final Object lock = new Object();

  private final Set<Socket> sockets = new HashSet<>();
  private boolean frozen;
  private boolean closed;

  public TcpProxy(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().name("tcp-proxy-accept").start(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * From now on bytes in either direction are dropped, a close at one end is not passed to the
   * other, and new connections reach nothing.
   */
  public void freeze() {
    synchronized (lock) {
      frozen = true;
    }
  }

  /**
   * Ends the black hole the way TCP eventually does: every connection open now is reset (so no byte
   * forwarded later can follow one that was dropped), then new ones are forwarded again.
   */
  public void thaw() {
    synchronized (lock) {
      sockets.forEach(TcpProxy::reset);
      sockets.clear();
      frozen = false;
    }
  }

  private boolean frozen() {
    synchronized (lock) {
      return frozen;
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        continue; // closed: the loop ends
      }
      synchronized (lock) {
        if (closed) {
          reset(client);
          return;
        }
        sockets.add(client);
        if (frozen) {
          Thread.ofVirtual().start(() -> pump(client, null));
          continue;
        }
      }
      Socket upstream;
      try {
        upstream = new Socket(host, port);
      } catch (IOException e) {
        forget(client);
        continue;
      }
      synchronized (lock) {
        if (closed || frozen) {
          // Frozen or closed while connecting: this connection never reached anything.
          reset(upstream);
          if (closed) {
            reset(client);
            return;
          }
          Thread.ofVirtual().start(() -> pump(client, null));
          continue;
        }
        sockets.add(upstream);
      }
      Thread.ofVirtual().start(() -> pump(client, upstream));
      Thread.ofVirtual().start(() -> pump(upstream, client));
    }
  }

  /** Copies {@code from} to {@code to}, dropping while frozen (always when {@code to} is null). */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to == null ? null : to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (out != null && !frozen()) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      // Reset, or closed by thaw(): handled below.
    }
    if (!frozen()) {
      forget(from);
      if (to != null) {
        forget(to);
      }
    }
  }

  private void forget(Socket socket) {
    synchronized (lock) {
      sockets.remove(socket);
    }
    reset(socket);
  }

  /** Closes with a TCP reset (RST), as a peer that gave the connection up would. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // Already closed.
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that is wanted.
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    synchronized (lock) {
      closed = true;
    }
    server.close();
    acceptor.join();
    thaw();
  }
}
