package dev.tailgate.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTP/1.1 client that sends exactly the bytes a test gives it (odd request targets, duplicate
 * or misspelt headers, broken framing), over plain TCP or TLS with SNI, from a chosen loopback
 * address, and reads one response. This is how an attacker talks to a server; a real client library
 * would clean the request up first.
 */
public final class RawHttp {
  /** A response: status, headers (last value wins, names in lower case) and body as text. */
  public record Reply(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String source;
  private final int port;
  private final String sniHost;
  private final SSLContext tls;

  private RawHttp(String source, int port, String sniHost, SSLContext tls) {
    this.source = source;
    this.port = port;
    this.sniHost = sniHost;
    this.tls = tls;
  }

  public static RawHttp plain(String source, int port) {
    return new RawHttp(source, port, null, null);
  }

  /** TLS to 127.0.0.1:{@code port} with {@code sniHost} as SNI, trusting only {@code trust}. */
  public static RawHttp tls(String source, int port, String sniHost, KeyStore trust)
      throws Exception {
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return new RawHttp(source, port, sniHost, context);
  }

  /** Sends {@code request} as is and reads the response to it. */
  public Reply send(String request) throws IOException {
    try (Connection connection = connect()) {
      return connection.send(request);
    }
  }

  /** Opens a connection that stays open for one request after another, until closed. */
  public Connection connect() throws IOException {
    return new Connection(open());
  }

  /** One connection, as a keep-alive client holds it. */
  public static final class Connection implements AutoCloseable {
    private final Socket socket;

    private Connection(Socket socket) {
      this.socket = socket;
    }

    /** The address and port this end has: what the server (and tailscaled) sees as the client. */
    public InetSocketAddress local() {
      return new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
    }

    /** Sends {@code request} as is and reads the response to it; the connection stays open. */
    public Reply send(String request) throws IOException {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * Sends {@code head}, expects an interim {@code 100 Continue}, then sends {@code body} and reads
   * the final response: the exchange of a client that waits for permission before its upload.
   */
  public List<Reply> sendExpectingContinue(String head, String body) throws IOException {
    try (Socket socket = open()) {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      Reply interim = read(in);
      if (interim.status() != 100) {
        return List.of(interim);
      }
      out.write(body.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return List.of(interim, read(in));
    }
  }

  private Socket open() throws IOException {
    Socket plain = new Socket();
    plain.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    plain.setSoTimeout(10_000);
    if (tls == null) {
      return plain;
    }
    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, sniHost, port, true);
    SSLParameters parameters = secure.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(sniHost)));
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    secure.setSSLParameters(parameters);
    secure.startHandshake();
    return secure;
  }

  private static Reply read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("the server closed the connection without a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    if (status < 200 || status == 204 || status == 304) {
      return new Reply(status, headers, "");
    }
    String length = headers.get("content-length");
    byte[] body;
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int n = Integer.parseInt(line(in).split(";")[0].trim(), 16);
          n > 0;
          n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        chunks.write(in.readNBytes(n));
        line(in);
      }
      body = chunks.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * The next line, read byte by byte so the body that follows stays in the stream, without its CRLF
   * (or LF); null at the end of the stream.
   */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
