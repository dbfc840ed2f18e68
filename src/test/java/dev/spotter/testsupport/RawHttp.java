package dev.spotter.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A blocking HTTP/1.1 client over a plain socket that writes exactly the bytes it is given and
 * parses answers without hiding anything: the status line, every header as sent, and the body after
 * de-chunking (and whether it was chunked). For tests that must see what a client really gets, send
 * malformed requests, or pipeline.
 */
public final class RawHttp implements AutoCloseable {
  /** One answer as received. */
  public record Response(
      String statusLine, int status, List<String[]> headers, byte[] body, boolean chunked) {
    /** The first value of a header, ignoring case. */
    public Optional<String> header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return Optional.of(h[1]);
        }
      }
      return Optional.empty();
    }

    /** Every header as {@code name: value}, in order. */
    public List<String> headerLines() {
      List<String> lines = new ArrayList<>();
      for (String[] h : headers) {
        lines.add(h[0] + ": " + h[1]);
      }
      return lines;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects with a 10 s read timeout. */
  public static RawHttp connect(InetSocketAddress address) {
    try {
      Socket s = new Socket();
      s.connect(address, 5000);
      s.setSoTimeout(10_000);
      s.setTcpNoDelay(true);
      return new RawHttp(s);
    } catch (IOException e) {
      throw new IllegalStateException("cannot connect to " + address + ": " + e, e);
    }
  }

  public RawHttp timeout(int millis) {
    try {
      socket.setSoTimeout(millis);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  public void send(String raw) throws IOException {
    send(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  /** Shuts this side's sending half, as {@code printf ... | nc -N} does after its input ends. */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Sends a request and reads its answer. */
  public Response exchange(String raw) throws IOException {
    send(raw);
    return read(raw.startsWith("HEAD "));
  }

  /** Reads one final answer, skipping interim 1xx answers. */
  public Response read(boolean toHead) throws IOException {
    while (true) {
      Response r = readOne(toHead);
      if (r.status() >= 200 || r.status() == 101) {
        return r;
      }
    }
  }

  /** Reads one answer, interim ones included. */
  public Response readOne(boolean toHead) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new EOFException("the connection closed before an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    String l;
    while (!(l = requireLine()).isEmpty()) {
      int colon = l.indexOf(':');
      headers.add(new String[] {l.substring(0, colon), l.substring(colon + 1).trim()});
    }
    Response head = new Response(statusLine, status, headers, new byte[0], false);
    if (toHead || status < 200 || status == 204 || status == 304) {
      return head;
    }
    Optional<String> te = head.header("Transfer-Encoding");
    if (te.isPresent() && te.get().toLowerCase(Locale.ROOT).contains("chunked")) {
      return new Response(statusLine, status, headers, chunkedBody(), true);
    }
    Optional<String> length = head.header("Content-Length");
    if (length.isPresent()) {
      return new Response(
          statusLine, status, headers, in.readNBytes(Integer.parseInt(length.get())), false);
    }
    return new Response(statusLine, status, headers, in.readAllBytes(), false);
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = requireLine();
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        while (!requireLine().isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      requireLine();
    }
  }

  /** True when the peer closed the connection (reads end) within the socket's timeout. */
  public boolean closedByPeer() {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private String requireLine() throws IOException {
    String l = line();
    if (l == null) {
      throw new EOFException("the connection closed in the middle of an answer");
    }
    return l;
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test client
    }
  }
}
