package dev.tailgate.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A test client's WebSocket end: what it received, and how it was closed. Public: Jetty binds it by
 * reflection.
 */
public final class ClientEnd implements Session.Listener.AutoDemanding {
  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();

  /** {@code "code reason"} once closed. */
  final CompletableFuture<String> closed = new CompletableFuture<>();

  @Override
  public void onWebSocketText(String message) {
    texts.add(message);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    binaries.add(ByteBuffer.allocate(payload.remaining()).put(payload).flip());
    callback.succeed();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
  }
}
