package dev.tailgate.server.runtime;

/**
 * The configuration is valid but cannot be put to work here (a port in use, an unreadable file).
 * Nothing has started when this is thrown, and on reload the old configuration keeps serving.
 */
public final class StartupException extends Exception {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
