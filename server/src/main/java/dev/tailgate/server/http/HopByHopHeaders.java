package dev.tailgate.server.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * RFC 9110 section 7.6.1 for responses: any header a backend named in its {@code Connection} header
 * must not reach the client (Jetty's proxy drops only the fixed list). Requests have their own,
 * stricter rule in {@link BackendRequestHeaders}.
 */
final class HopByHopHeaders {
  /**
   * A message whose {@code Connection} names no header, as most responses are (none at all, or
   * {@code keep-alive} or {@code close}).
   */
  private static final HopByHopHeaders NONE = new HopByHopHeaders(Set.of());

  private final Set<String> listed;

  private HopByHopHeaders(Set<String> listed) {
    this.listed = listed;
  }

  /** The hop-by-hop rule for one message: the fixed list plus what its {@code Connection} names. */
  static HopByHopHeaders of(HttpFields headers) {
    if (namesNoHeader(headers)) {
      return NONE;
    }
    Set<String> listed = new HashSet<>();
    for (String name : headers.getCSV(HttpHeader.CONNECTION, false)) {
      listed.add(name.trim().toLowerCase(Locale.ROOT));
    }
    return new HopByHopHeaders(listed);
  }

  /**
   * No {@code Connection} field, or only {@code keep-alive} or {@code close}, what nearly every
   * backend response carries: {@code Keep-Alive} is on Jetty's fixed list already and there is no
   * {@code Close} header, so there is nothing more to remove, and no set to build per response. One
   * pass over the fields.
   */
  private static boolean namesNoHeader(HttpFields headers) {
    for (HttpField field : headers) {
      if (field.getHeader() == HttpHeader.CONNECTION
          && !"keep-alive".equalsIgnoreCase(field.getValue())
          && !"close".equalsIgnoreCase(field.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Removes the headers this message's {@code Connection} named from {@code headers}. */
  void removeListed(HttpFields.Mutable headers) {
    listed.forEach(headers::remove);
  }
}
