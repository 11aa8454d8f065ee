package dev.tailgate.server.http;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The headers a backend receives for a proxied request or WebSocket handshake, built in one order
 * that a client cannot subvert:
 *
 * <ol>
 *   <li>the client's headers, less hop-by-hop ones (the fixed list and whatever its {@code
 *       Connection} names, except framing and {@code Host}), less {@code Expect} (tailgate answers
 *       {@code 100 Continue} itself), less names with {@code _} unless {@code UnderscoresInHeaders
 *       on}, less any name that folds ({@link HeaderNames#fold}) to an {@code X-Forwarded-*} name
 *       or one a {@code RequestHeader} action writes ({@link AdminHeaderNames});
 *   <li>then the identity headers tailgate vouches for ({@link VouchedHeaders});
 *   <li>then the administrator's {@code RequestHeader} actions;
 *   <li>then {@code Host} and {@code X-Forwarded-*}.
 * </ol>
 *
 * Since everything tailgate adds comes after the hop-by-hop step, {@code Connection: X-Remote-User}
 * can no longer delete what tailgate set (the class of httpd's CVE-2022-31813).
 */
final class BackendRequestHeaders {
  private static final Set<HttpHeader> HOP_BY_HOP =
      EnumSet.of(
          HttpHeader.CONNECTION,
          HttpHeader.KEEP_ALIVE,
          HttpHeader.PROXY_AUTHORIZATION,
          HttpHeader.PROXY_AUTHENTICATE,
          HttpHeader.PROXY_CONNECTION,
          HttpHeader.TRANSFER_ENCODING,
          HttpHeader.TE,
          HttpHeader.TRAILER,
          HttpHeader.UPGRADE,
          HttpHeader.EXPECT,
          HttpHeader.HOST);

  /** A client's {@code Connection} header can never remove these: the request's framing. */
  private static final Set<String> NOT_LISTABLE = Set.of("content-length", "content-type", "host");

  private static final Set<String> FORWARDED =
      Set.of(
          "x-forwarded-for",
          "x-forwarded-proto",
          "x-forwarded-host",
          "x-forwarded-port",
          "x-forwarded-server",
          "forwarded");

  private BackendRequestHeaders() {}

  /**
   * @param skip further headers the caller sets itself (the WebSocket handshake's own)
   */
  static void build(
      Request client, ProxyTarget target, Set<HttpHeader> skip, HttpFields.Mutable out) {
    HttpFields headers = client.getHeaders();
    Set<String> listed = connectionListed(headers);
    AdminHeaderNames admin = target.adminHeaders();
    for (HttpField field : headers) {
      HttpHeader known = field.getHeader();
      if (known != null && (HOP_BY_HOP.contains(known) || skip.contains(known))) {
        continue;
      }
      String name = field.getName();
      if (!target.underscoresAllowed() && name.indexOf('_') >= 0) {
        continue;
      }
      String folded = HeaderNames.fold(field);
      if (listed.contains(folded)
          || FORWARDED.contains(folded)
          || admin.shadows(field.getLowerCaseName(), folded)) {
        continue;
      }
      out.add(field);
    }
    for (HttpField vouched : VouchedHeaders.of(client)) {
      out.put(vouched);
    }
    HeaderActions.apply(target.requestHeaders(), out);
    String authority = client.getHttpURI().getAuthority();
    if (target.preserveHost() && authority != null) {
      out.put(HttpHeader.HOST, authority);
    }
    ForwardedHeaders.replace(client, out);
  }

  private static Set<String> connectionListed(HttpFields headers) {
    if (!headers.contains(HttpHeader.CONNECTION)) {
      return Set.of();
    }
    Set<String> listed = new HashSet<>();
    for (String name : headers.getCSV(HttpHeader.CONNECTION, false)) {
      String folded = HeaderNames.fold(name.trim());
      if (!NOT_LISTABLE.contains(folded)) {
        listed.add(folded);
      }
    }
    return listed;
  }
}
