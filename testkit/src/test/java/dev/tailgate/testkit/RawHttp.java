package dev.tailgate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hand-written HTTP over a raw unix socket, for what an HTTP client would not send (a wrong Host,
 * no Host, HTTP/1.0) and to see the framing bytes exactly as the server wrote them.
 */
final class RawHttp {
  record Response(int status, List<String> headerLines, byte[] rawBody) {
    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headerLines.stream()
          .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(l -> l.substring(prefix.length()).trim())
          .findFirst()
          .orElse(null);
    }

    boolean isChunked() {
      return "chunked".equalsIgnoreCase(header("Transfer-Encoding"));
    }

    /** The body with chunked framing removed. */
    String body() {
      if (!isChunked()) {
        return new String(rawBody, StandardCharsets.UTF_8);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int pos = 0;
      while (true) {
        int lineEnd = indexOf(rawBody, pos);
        int size =
            Integer.parseInt(
                new String(rawBody, pos, lineEnd - pos, StandardCharsets.US_ASCII).trim(), 16);
        pos = lineEnd + 2;
        if (size == 0) {
          return out.toString(StandardCharsets.UTF_8);
        }
        out.write(rawBody, pos, size);
        pos += size + 2;
      }
    }
  }

  private RawHttp() {}

  /** Sends the request text (CRLFs included) and reads until the server closes. */
  static Response exchange(Path socket, String request) throws IOException {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        received.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
      }
      return parse(received.toByteArray());
    }
  }

  /** {@code GET <path> HTTP/1.1} with the given header lines and {@code Connection: close}. */
  static Response get(Path socket, String path, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    return exchange(socket, request.toString());
  }

  private static Response parse(byte[] bytes) {
    int headerEnd = indexOfHeaderEnd(bytes);
    String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
    byte[] body = java.util.Arrays.copyOfRange(bytes, headerEnd + 4, bytes.length);
    return new Response(status, headers, body);
  }

  private static int indexOfHeaderEnd(byte[] bytes) {
    for (int i = 0; i + 3 < bytes.length; i++) {
      if (bytes[i] == '\r'
          && bytes[i + 1] == '\n'
          && bytes[i + 2] == '\r'
          && bytes[i + 3] == '\n') {
        return i;
      }
    }
    throw new IllegalStateException(
        "no end of headers in " + new String(bytes, StandardCharsets.ISO_8859_1));
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalStateException("truncated chunked body");
  }
}
