package dev.tailgate.testkit;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a {@link Reply} with the framing Go's {@code net/http} would choose: bodies under its
 * 2048-byte buffer get {@code Content-Length}, larger ones (status, a cert pair) are sent in pieces
 * and so go out {@code Transfer-Encoding: chunked}. Clients must handle both, and the fake makes
 * sure both occur.
 */
final class GoFraming {
  static final int GO_BUFFER = 2048;

  private GoFraming() {}

  static void write(
      Response response, Reply reply, Map<String, String> baseHeaders, Callback callback) {
    response.setStatus(reply.status());
    baseHeaders.forEach((name, value) -> response.getHeaders().put(name, value));
    reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    byte[] body = reply.body();
    if (body.length < GO_BUFFER) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
      return;
    }
    if (response.getRequest().getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1) {
      // Go chunks even when the client asked to close; Jetty would delimit by EOF then
      response.getHeaders().put(HttpHeader.TRANSFER_ENCODING, "chunked");
    }
    response.write(
        false,
        ByteBuffer.wrap(body, 0, GO_BUFFER),
        Callback.from(
            () ->
                response.write(
                    true, ByteBuffer.wrap(body, GO_BUFFER, body.length - GO_BUFFER), callback),
            callback::failed));
  }
}
