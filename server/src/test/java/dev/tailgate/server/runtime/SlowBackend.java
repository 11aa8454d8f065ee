package dev.tailgate.server.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A backend for ProxyPass whose {@code /slow} answer waits until the test releases it, so a test
 * can act (stop, reload) while a request is provably in flight. Other paths answer at once.
 */
public final class SlowBackend implements AutoCloseable {
  private final Server server = new Server();
  private final CountDownLatch arrived = new CountDownLatch(1);
  private final CompletableFuture<Void> released = new CompletableFuture<>();

  public SlowBackend() throws Exception {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            if (Request.getPathInContext(request).equals("/slow")) {
              arrived.countDown();
              released.thenRun(() -> answer(response, callback, "slow done"));
            } else {
              answer(response, callback, "backend");
            }
            return true;
          }
        });
    server.start();
  }

  private static void answer(Response response, Callback callback, String body) {
    response.setStatus(200);
    Content.Sink.write(response, true, body, callback);
  }

  public String url() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/";
  }

  /** Waits until the slow request reached the backend, so the caller knows it is in flight. */
  public void awaitSlowRequest() throws InterruptedException {
    if (!arrived.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the slow request never reached the backend");
    }
  }

  /** Lets the slow request answer. */
  public void release() {
    released.complete(null);
  }

  @Override
  public void close() throws Exception {
    release();
    server.stop();
  }
}
