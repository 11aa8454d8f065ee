package dev.tailgate.server.http;

import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A client's body of unannounced length, forwarded as it arrives, starting with the chunk that was
 * read to find out whether there is a body at all (see {@link ReverseProxy}).
 */
final class PeekedRequestContent implements org.eclipse.jetty.client.Request.Content {
  private final Request client;
  private Content.Chunk peeked;

  private PeekedRequestContent(Request client, Content.Chunk peeked) {
    this.client = client;
    this.peeked = peeked;
  }

  /** The body to forward, or empty when the request has already ended without one. */
  static Optional<org.eclipse.jetty.client.Request.Content> ifBodyFollows(Request client) {
    Content.Chunk first = client.read();
    if (first != null
        && first.isLast()
        && !first.hasRemaining()
        && !Content.Chunk.isFailure(first)) {
      first.release();
      return Optional.empty();
    }
    return Optional.of(new PeekedRequestContent(client, first));
  }

  @Override
  public long getLength() {
    return -1;
  }

  @Override
  public synchronized Content.Chunk read() {
    if (peeked != null) {
      Content.Chunk chunk = peeked;
      peeked = null;
      return chunk;
    }
    return client.read();
  }

  @Override
  public void demand(Runnable demandCallback) {
    boolean ready;
    synchronized (this) {
      ready = peeked != null;
    }
    if (ready) {
      demandCallback.run();
    } else {
      client.demand(demandCallback);
    }
  }

  @Override
  public void fail(Throwable failure) {
    client.fail(failure);
  }

  @Override
  public String getContentType() {
    return client.getHeaders().get(HttpHeader.CONTENT_TYPE);
  }

  @Override
  public boolean rewind() {
    return false;
  }
}
