package dev.tailgate.server.http;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * RFC 9110 section 7.6.1: headers that describe one connection and must not cross a proxy, plus any
 * header the sender named in {@code Connection}. Jetty's proxy applies the fixed list itself; this
 * class serves the places it does not reach (the WebSocket handshake, names listed in a backend's
 * {@code Connection} response header).
 */
final class HopByHopHeaders {
  private static final Set<HttpHeader> ALWAYS = EnumSet.of(
      HttpHeader.CONNECTION,
      HttpHeader.KEEP_ALIVE,
      HttpHeader.PROXY_AUTHORIZATION,
      HttpHeader.PROXY_AUTHENTICATE,
      HttpHeader.PROXY_CONNECTION,
      HttpHeader.TRANSFER_ENCODING,
      HttpHeader.TE,
      HttpHeader.TRAILER,
      HttpHeader.UPGRADE);

  private final Set<String> listed;

  private HopByHopHeaders(Set<String> listed) {
    this.listed = listed;
  }

  /** The hop-by-hop rule for one message: the fixed list plus what its {@code Connection} names. */
  static HopByHopHeaders of(HttpFields headers) {
    Set<String> listed = new HashSet<>();
    for (String name : headers.getCSV(HttpHeader.CONNECTION, false)) {
      listed.add(name.trim().toLowerCase(Locale.ROOT));
    }
    return new HopByHopHeaders(listed);
  }

  boolean applies(HttpField field) {
    return ALWAYS.contains(field.getHeader()) || listed.contains(field.getLowerCaseName());
  }

  /** Removes the headers this message's {@code Connection} named from {@code headers}. */
  void removeListed(HttpFields.Mutable headers) {
    listed.forEach(headers::remove);
  }
}
