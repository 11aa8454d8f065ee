package dev.tailgate.example;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;

/**
 * HTTP clients that connect from the loopback aliases the example tailnet gives its devices
 * (127.0.0.2 icing's laptop, 127.0.0.3 alice's desktop, 127.0.0.4 the tag:ci runner).
 */
final class Clients implements AutoCloseable {
  private final Map<String, HttpClient> bySource = new HashMap<>();

  Request from(String source, String url) throws Exception {
    HttpClient client = bySource.get(source);
    if (client == null) {
      client = new HttpClient();
      client.setBindAddress(new InetSocketAddress(source, 0));
      client.start();
      client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
      bySource.put(source, client);
    }
    return client.newRequest(url).timeout(20, TimeUnit.SECONDS);
  }

  ContentResponse get(String source, String url) throws Exception {
    return from(source, url).send();
  }

  @Override
  public void close() throws Exception {
    for (HttpClient client : bySource.values()) {
      client.stop();
    }
  }
}
