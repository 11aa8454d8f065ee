package dev.tailgate.server.runtime;

import dev.tailgate.certs.CertOwner;
import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.ServedCertificate;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.TlsSettings;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.server.auth.compile.ProxyProtocolPorts;
import dev.tailgate.server.http.FrontDoor;
import dev.tailgate.server.tls.AcmeTlsConnectionFactory;
import dev.tailgate.server.tls.TlsContexts;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

/**
 * One Jetty connector per {@code Listen}: plain HTTP/1.1, or TLS with ALPN offering HTTP/2 and
 * HTTP/1.1. TLS connectors choose their certificate per handshake from the registry; for clients
 * that send no SNI they fall back to the certificate of the address's default virtual host, as
 * httpd does.
 */
final class Connectors {
  private final Server server;
  private final CertRegistry registry;
  private final FrontDoor frontDoor;
  private final List<Connection.Listener> listeners;

  /**
   * @param listeners told of every connection each connector opens and closes
   */
  Connectors(
      Server server,
      CertRegistry registry,
      FrontDoor frontDoor,
      List<Connection.Listener> listeners) {
    this.server = server;
    this.registry = registry;
    this.frontDoor = frontDoor;
    this.listeners = List.copyOf(listeners);
  }

  ServerConnector create(Listener listener, HostConfig main, TlsEngine engine) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(main.timeout().toMillis());
    // Jetty gives every HTTP/1.1 connection that sends a second request its own header cache, a
    // trie of 1,024 entries: 100 KiB per keep-alive connection, most of what 1,000 idle
    // connections held (docs/reliability.md). Without it a request's few header values are
    // parsed into new strings; the common fields still come from Jetty's shared cache.
    http.setHeaderCacheSize(0);
    // Jetty's ambiguity checks answer 400 where httpd answers 404 or serves; tailgate normalises
    // the
    // path itself exactly as httpd does (http.RequestPath) and never decides on Jetty's reading of
    // it
    http.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector;
    if (listener.protocol() == Listener.Protocol.HTTPS) {
      http.setSecureScheme("https");
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniRequired(false);
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      HttpConnectionFactory http1 = new HttpConnectionFactory(http);
      HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
      // No WebSocket over HTTP/2 (RFC 8441): Jetty 12.1's carries it unreliably (frames stuck on
      // the stream, streams left open after the close: jetty#12235, #13349). Without the setting,
      // browsers and Jetty's client open an HTTP/1.1 connection for the WebSocket, as with nginx.
      http2.setConnectProtocolEnabled(false);
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
      alpn.setDefaultProtocol(http1.getProtocol());
      SslConnectionFactory tls =
          TlsContexts.connectionFactory(
              registry,
              fallback(listener),
              engine.provider(),
              server.getByteBufferPool(),
              alpn.getProtocol());
      connector =
          new ServerConnector(
              server,
              ThreadBudget.ACCEPTORS_PER_LISTENER,
              ThreadBudget.SELECTORS_PER_LISTENER,
              tls,
              alpn,
              http2,
              http1,
              // last, so only a client that offers nothing else (an ACME validator) gets it
              new AcmeTlsConnectionFactory());
    } else {
      connector =
          new ServerConnector(
              server,
              ThreadBudget.ACCEPTORS_PER_LISTENER,
              ThreadBudget.SELECTORS_PER_LISTENER,
              new HttpConnectionFactory(http));
    }
    if (main.modules()
        .get(ProxyProtocolPorts.KEY)
        .map(p -> p.enabledFor(listener.port()))
        .orElse(false)) {
      // RemoteIPProxyProtocol: the client address comes from the PROXY header (v1 or v2), for whois
      // and logs
      connector.addFirstConnectionFactory(
          new ProxyConnectionFactory(connector.getDefaultProtocol()));
    }
    listener.address().ifPresent(a -> connector.setHost(a.getHostAddress()));
    connector.setPort(listener.port());
    connector.setIdleTimeout(main.keepAliveTimeout().toMillis());
    connector.setName(listener.toString());
    listeners.forEach(connector::addEventListener);
    return connector;
  }

  private Supplier<Optional<ServedCertificate>> fallback(Listener listener) {
    return () -> {
      VirtualHost byDefault =
          frontDoor.sites().config().select(listener.address().orElse(null), listener.port(), null);
      TlsSettings tls = byDefault.host().tls();
      if (tls.certificateFile().isPresent()) {
        return registry.forOwner(CertificateInstaller.owner(tls));
      }
      if (byDefault.host().serverName().isPresent()) {
        return byDefault.host().serverName().flatMap(registry::forName);
      }
      // a host without a name (MDomain auto): the managed certificate, or its stand-in
      return registry.all().stream()
          .filter(c -> c.owner().isManaged())
          .min(Comparator.comparing(c -> c.owner() instanceof CertOwner.StandIn));
    };
  }
}
