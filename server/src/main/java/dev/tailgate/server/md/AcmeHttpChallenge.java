package dev.tailgate.server.md;

import dev.tailgate.certs.acme.ChallengeResponses;
import dev.tailgate.server.http.EarlyAnswer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers ACME http-01 challenges (RFC 8555 §8.3) in front of everything else, as mod_md does: no
 * redirect, access rule or proxy sees {@code /.well-known/acme-challenge/TOKEN} while that token is
 * open, on any host and listener (the access log still records it, under its virtual host). Any
 * other request, including a token that is not open, goes on unchanged, so a site's own files under
 * that path still serve.
 */
public final class AcmeHttpChallenge implements EarlyAnswer {
  private final ChallengeResponses challenges;

  public AcmeHttpChallenge(ChallengeResponses challenges) {
    this.challenges = challenges;
  }

  @Override
  public boolean answer(Request request, Response response, Callback callback) {
    if (challenges.anyHttp01()) {
      String path = request.getHttpURI().getPath();
      if (path != null
          && path.startsWith(ChallengeResponses.HTTP01_PREFIX)
          && (HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod()))) {
        String token = path.substring(ChallengeResponses.HTTP01_PREFIX.length());
        var answer = challenges.http01(token);
        if (answer.isPresent()) {
          response.setStatus(200);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
          response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
          response.write(
              true,
              HttpMethod.HEAD.is(request.getMethod())
                  ? null
                  : ByteBuffer.wrap(answer.get().getBytes(StandardCharsets.US_ASCII)),
              callback);
          return true;
        }
      }
    }
    return false;
  }
}
