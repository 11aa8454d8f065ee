package dev.tailgate.server.tls;

import dev.tailgate.certs.ocsp.StapleBook;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How OCSP answers reach the JDK's TLS engine. The engine staples only what it fetches itself from
 * an OCSP responder, configured by process-wide system properties read when a TLS context is made;
 * so tailgate runs a responder on a loopback port that answers from the {@link StapleBook} (the
 * answers it fetched, checked and stored), and points the engine at it with {@code
 * jdk.tls.stapling.responderOverride}. Started once, when a configuration first has {@code
 * MDStapling on}; TLS contexts made before that staple nothing.
 */
public final class StaplingResponder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StaplingResponder.class);

  static final String ENABLE = "jdk.tls.server.enableStatusRequestExtension";
  static final String RESPONDER = "jdk.tls.stapling.responderURI";
  static final String OVERRIDE = "jdk.tls.stapling.responderOverride";

  /**
   * How long the engine keeps an answer before asking the loopback responder again (its default is
   * an hour): a refreshed or revoked answer reaches clients within a minute.
   */
  static final String CACHE_LIFETIME = "jdk.tls.stapling.cacheLifetime";

  private static final int MAX_REQUEST_BYTES = 16 * 1024;

  private final StapleBook book;
  private Server server;

  public StaplingResponder(Clock clock) {
    this.book = new StapleBook(clock);
  }

  public StapleBook book() {
    return book;
  }

  /**
   * Starts the responder and points TLS contexts made from now on at it.
   *
   * @return whether this call started it (false when it already ran)
   * @throws IllegalStateException when the loopback port cannot be opened
   */
  public synchronized boolean start() {
    if (server != null) {
      return false;
    }
    QueuedThreadPool threads = new QueuedThreadPool(4, 1);
    threads.setName("tailgate-stapling");
    Server responder = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // a GET carries the request in the path, base64 with its '/' percent-encoded
    http.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector =
        new ServerConnector(responder, 1, 1, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    responder.addConnector(connector);
    responder.setHandler(new Answers(book));
    try {
      responder.start();
    } catch (Exception e) {
      try {
        responder.stop();
      } catch (Exception ignored) {
        // it did not start
      }
      throw new IllegalStateException(
          "cannot open the loopback OCSP responder: " + e.getMessage(), e);
    }
    server = responder;
    String uri = "http://127.0.0.1:" + connector.getLocalPort() + "/";
    System.setProperty(ENABLE, "true");
    System.setProperty(RESPONDER, uri);
    System.setProperty(OVERRIDE, "true");
    System.setProperty(CACHE_LIFETIME, "60");
    LOG.info("OCSP stapling: the TLS engine takes its answers from {}", uri);
    return true;
  }

  public synchronized boolean running() {
    return server != null;
  }

  /** Stops answering; TLS contexts made after this staple nothing. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    System.clearProperty(ENABLE);
    System.clearProperty(RESPONDER);
    System.clearProperty(OVERRIDE);
    System.clearProperty(CACHE_LIFETIME);
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("stopping the loopback OCSP responder: {}", e.toString());
    }
    server = null;
  }

  /** RFC 6960 Appendix A over HTTP: POST with the DER request, or GET with it in the path. */
  private static final class Answers extends Handler.Abstract.NonBlocking {
    private final StapleBook book;

    Answers(StapleBook book) {
      this.book = book;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (HttpMethod.POST.is(request.getMethod())) {
        Content.Source.asByteArrayAsync(request, MAX_REQUEST_BYTES)
            .whenComplete(
                (body, failure) -> {
                  if (failure != null) {
                    Response.writeError(request, response, callback, 400);
                  } else {
                    answer(response, callback, book.answer(body));
                  }
                });
        return true;
      }
      if (HttpMethod.GET.is(request.getMethod())) {
        String path = request.getHttpURI().getPath();
        String encoded = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        byte[] asked;
        try {
          asked = Base64.getDecoder().decode(URLDecoder.decode(encoded, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
          Response.writeError(request, response, callback, 400);
          return true;
        }
        answer(response, callback, book.answer(asked));
        return true;
      }
      Response.writeError(request, response, callback, 405);
      return true;
    }

    private static void answer(Response response, Callback callback, byte[] der) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/ocsp-response");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, der.length);
      response.write(true, ByteBuffer.wrap(der), callback);
    }
  }
}
