package dev.tailgate.server.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A request the front door answers before any redirect, access rule, proxy or file: once the
 * virtual host is known (so the access log has it), nothing else may see it. ACME's http-01 answers
 * are one.
 */
@FunctionalInterface
public interface EarlyAnswer {
  EarlyAnswer NONE = (request, response, callback) -> false;

  /** Answers {@code request} and returns true, or leaves it alone and returns false. */
  boolean answer(Request request, Response response, Callback callback);
}
