package dev.tailgate.server.auth;

import dev.tailgate.auth.headers.HeaderValueEncoder;
import dev.tailgate.auth.headers.IdentityHeaders;
import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.policy.Verdict;
import dev.tailgate.server.auth.compile.SiteAuthSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * The identity headers for a connection's current whois answer, built once and kept on the
 * connection. A busy connection sends the same headers with every proxied request; the profile in
 * bench/README.md showed their per-request generation (sanitising each name and value for HTTP/1.1)
 * as most of auth's cost. Jetty's pre-encoded fields are copied as bytes instead.
 *
 * <p>A new whois answer is a new {@link Identity} object, so comparing by reference notices it.
 */
final class EncodedIdentityHeaders {
  private static final String ATTRIBUTE = EncodedIdentityHeaders.class.getName();

  private record Built(
      Identity identity, String user, SiteAuthSettings settings, List<HttpField> fields) {
    boolean isFor(Identity otherIdentity, String otherUser, SiteAuthSettings otherSettings) {
      return identity == otherIdentity
          && settings == otherSettings
          && Objects.equals(user, otherUser);
    }
  }

  private EncodedIdentityHeaders() {}

  static List<HttpField> of(Request request, Verdict.Allowed allowed, SiteAuthSettings settings) {
    Identity identity = allowed.identity().orElse(null);
    String user = allowed.user().orElse(null);
    ConnectionMetaData connection = request.getConnectionMetaData();
    if (connection.getAttribute(ATTRIBUTE) instanceof Built built
        && built.isFor(identity, user, settings)) {
      return built.fields();
    }
    List<IdentityHeaders.Header> headers =
        new IdentityHeaders(settings.headerNames())
            .of(allowed.identity(), allowed.user(), settings.taggedDevices());
    List<HttpField> fields = new ArrayList<>(headers.size());
    for (IdentityHeaders.Header header : headers) {
      fields.add(field(header));
    }
    List<HttpField> built = List.copyOf(fields);
    connection.setAttribute(ATTRIBUTE, new Built(identity, user, settings, built));
    return built;
  }

  /**
   * Pre-encoded bytes skip the generator's sanitising, so only values that need none are
   * pre-encoded (the encoders never produce control characters; this keeps it so if they ever did).
   */
  private static HttpField field(IdentityHeaders.Header header) {
    return HeaderValueEncoder.needsEncoding(header.value())
        ? new HttpField(header.name(), header.value())
        : new PreEncodedHttpField(header.name(), header.value());
  }
}
