package dev.tailgate.servlet;

/** How the filter learns who is calling. */
public enum Mode {
  /**
   * The app listens on the tailnet itself: ask tailscaled about the connection's peer address
   * ({@code getRemoteAddr()}, {@code getRemotePort()}).
   */
  WHOIS,
  /**
   * The app sits behind tailgate or {@code tailscale serve}: read their identity headers, but only
   * from a trusted proxy; from anyone else they are removed unread.
   */
  TRUSTED_PROXY
}
