package dev.tailgate.server.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection speaking HTTP/1.1 by hand, from a chosen loopback address (127.0.0.2 is
 * icing's laptop in the example tailnet). The suite needs what a pooled client hides: exactly one
 * connection per load lane, held for the whole run, a request that closes its connection, and half
 * a request for slowloris. Every read has a timeout, so a stuck server fails a test instead of
 * hanging it.
 */
final class WireClient implements AutoCloseable {
  private static final int READ_TIMEOUT_MILLIS = 15_000;

  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  private WireClient(SSLSocket socket, String host) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.host = host;
  }

  /**
   * Connects from {@code from} to 127.0.0.1:{@code port} and completes the handshake for {@code
   * host}.
   */
  static WireClient open(SSLContext tls, String host, int port, String from) throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
    try {
      socket.bind(new InetSocketAddress(from, 0));
      // the address carries the host name, so the JDK verifies the certificate against it
      InetAddress target = InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
      socket.connect(new InetSocketAddress(target, port), READ_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(host)));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return new WireClient(socket, host);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * GET {@code path} on this connection; with {@code close} the server is asked to close it after.
   */
  WireReply get(String path, boolean close) throws IOException {
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\n"
            + (close ? "Connection: close\r\n" : "")
            + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readReply();
  }

  /**
   * Writes raw bytes without reading anything: the first part of a request that never completes.
   */
  void send(String partial) throws IOException {
    out.write(partial.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  java.security.cert.Certificate[] peerCertificates() throws IOException {
    return socket.getSession().getPeerCertificates();
  }

  private WireReply readReply() throws IOException {
    String statusLine = readLine();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new HashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    String body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunked();
    } else if (headers.containsKey("content-length")) {
      body =
          new String(
              in.readNBytes(Integer.parseInt(headers.get("content-length"))),
              StandardCharsets.UTF_8);
    } else {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new WireReply(status, headers, body);
  }

  private String readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
        size > 0;
        size = Integer.parseInt(readLine().split(";")[0].trim(), 16)) {
      body.write(in.readNBytes(size));
      readLine();
    }
    for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
      // trailers are not used
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is best effort
    }
  }
}
