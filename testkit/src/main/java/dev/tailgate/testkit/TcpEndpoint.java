package dev.tailgate.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The macOS GUI style LocalAPI listener: {@code 127.0.0.1:<port>}, every request carrying {@code
 * Authorization: Basic base64(":" + token)} (empty user, token as password).
 *
 * @param token 20 lowercase hex characters, like the real sameuserproof token
 */
public record TcpEndpoint(int port, String token) {
  /** The value of the {@code Authorization} header a client must send. */
  public String authorizationHeader() {
    return "Basic "
        + Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code http://127.0.0.1:<port>}, as the upstream client dials it. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }
}
