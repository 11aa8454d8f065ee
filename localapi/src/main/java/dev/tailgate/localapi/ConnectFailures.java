package dev.tailgate.localapi;

import dev.tailgate.localapi.transport.LocalApiEndpoint;
import dev.tailgate.localapi.transport.UnixSocketEndpoint;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Which transport failures mean "tailscaled is there but did not take the connection this time": a
 * refused connect on a socket file that exists (a restart in progress), a full accept queue ({@code
 * EAGAIN} on a unix socket), a connect that timed out, or a connection closed before any answer.
 * These are worth a second try; a missing socket is an outage and is not.
 */
final class ConnectFailures {
  private ConnectFailures() {}

  /** The failure inside a future's wrappers. */
  static Throwable cause(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static boolean worthRetrying(Throwable cause, LocalApiEndpoint endpoint) {
    if (endpoint instanceof UnixSocketEndpoint unix
        && (!Files.exists(unix.path())
            || Files.isRegularFile(unix.path())
            || Files.isDirectory(unix.path()))) {
      return false;
    }
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (isTransient(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTransient(Throwable t) {
    if (t instanceof ConnectException
        || t instanceof SocketTimeoutException
        || t instanceof EOFException
        || t instanceof ClosedChannelException) {
      return true;
    }
    String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    return t instanceof IOException
        && (message.contains("refused")
            || message.contains("could not connect")
            || message.contains("temporarily unavailable")
            || message.contains("connection reset")
            || message.contains("connect timeout"));
  }

  static boolean isRefused(Throwable cause) {
    return cause instanceof ConnectException
        || String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("refused");
  }
}
