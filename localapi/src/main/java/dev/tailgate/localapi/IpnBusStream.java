package dev.tailgate.localapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An open {@code watch-ipn-bus} subscription: one {@code ipn.Notify} JSON object per line, until
 * tailscaled closes it (a restart, or a watcher that fell behind) or {@link #close} does. Reading
 * blocks, so the owner reads on a thread of its own, never on a server's I/O threads.
 */
public final class IpnBusStream implements AutoCloseable {
  /** Far above any real notification; a full netmap of a large tailnet is a few MiB. */
  private static final int MAX_LINE_CHARS = 64 << 20;

  private final BufferedReader lines;
  private final Runnable abort;
  private final ObjectMapper json;
  private final String source;

  IpnBusStream(InputStream body, Runnable abort, ObjectMapper json, String source) {
    this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    this.abort = abort;
    this.json = json;
    this.source = source;
  }

  /**
   * The next notification; empty when the stream ended.
   *
   * @throws BadResponseException when a line is not a JSON object (the stream is then useless)
   * @throws DaemonUnavailableException when the connection broke
   */
  public Optional<JsonNode> next() throws LocalApiException {
    String line;
    try {
      do {
        line = lines.readLine();
      } while (line != null && line.isBlank());
    } catch (IOException e) {
      throw new DaemonUnavailableException(
          "the watch-ipn-bus stream from " + source + " broke: " + e.getMessage(), e);
    }
    if (line == null) {
      return Optional.empty();
    }
    if (line.length() > MAX_LINE_CHARS) {
      throw new BadResponseException(
          "a watch-ipn-bus message from " + source + " is larger than tailgate accepts", 200, null);
    }
    try {
      JsonNode message = json.readTree(line);
      if (message == null || !message.isObject()) {
        throw new IOException("not a JSON object");
      }
      return Optional.of(message);
    } catch (IOException e) {
      throw new BadResponseException(
          "a watch-ipn-bus message from " + source + " is not a JSON object; refusing the stream",
          200,
          e);
    }
  }

  @Override
  public void close() {
    abort.run();
    try {
      lines.close();
    } catch (IOException ignored) {
      // closing: the connection is being torn down anyway
    }
  }
}
