package dev.tailgate.server.http;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;

/**
 * The server's thread pool, buffer pool and scheduler, handed to the HTTP clients that talk to
 * backends. Left to themselves, each client starts its own pool of up to 200 threads and an
 * unbounded buffer pool: more threads competing for two cores, more handoffs, and memory the
 * server's bounds do not cover (bench/README.md, "Memory").
 */
record SharedResources(Server server) {
  void applyTo(HttpClient client) {
    if (server == null) {
      return;
    }
    client.setExecutor(server.getThreadPool());
    client.setByteBufferPool(server.getByteBufferPool());
    client.setScheduler(server.getScheduler());
  }
}
