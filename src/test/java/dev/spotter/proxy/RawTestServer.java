package dev.spotter.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server that misbehaves on purpose: one thread per connection hands each request head it
 * reads to a script that decides what bytes go back, and whether the connection is closed or reset.
 */
public final class RawTestServer implements AutoCloseable {
  /** What to do with the {@code n}-th request (from 0) read on a connection. */
  @FunctionalInterface
  public interface Script {
    void onRequest(int n, String head, Socket socket) throws IOException;
  }

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  private RawTestServer(Script script) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  sockets.add(s);
                  connections.incrementAndGet();
                  Thread t = new Thread(() -> serve(s, script), "raw-test-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "raw-test-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static RawTestServer start(Script script) {
    try {
      return new RawTestServer(script);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void serve(Socket s, Script script) {
    try (s) {
      InputStream in = s.getInputStream();
      for (int n = 0; ; n++) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        skipBody(in, head);
        heads.add(head);
        script.onRequest(n, head, s);
        if (s.isClosed()) {
          return;
        }
      }
    } catch (IOException e) {
      // the script closed or reset the connection
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void skipBody(InputStream in, String head) throws IOException {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        long n = Long.parseLong(line.substring(15).trim());
        in.readNBytes((int) n);
      }
    }
  }

  /** Writes bytes and flushes. */
  public static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** Closes with an RST instead of a FIN. */
  public static void reset(Socket s) throws SocketException, IOException {
    s.setSoLinger(true, 0);
    s.close();
  }

  public UpstreamTarget target() {
    return new UpstreamTarget("http", "127.0.0.1", server.getLocalPort());
  }

  /** Every request head read, in order. */
  public List<String> heads() {
    return heads;
  }

  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing a test server
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a test server
      }
    }
  }
}
