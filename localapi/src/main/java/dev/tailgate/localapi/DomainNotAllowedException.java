package dev.tailgate.localapi;

import java.util.List;

/**
 * tailscaled will not issue for this name; only its exact certificate domains are allowed. The
 * allowed names are parsed out of tailscaled's answer so configuration checks can suggest the right
 * one.
 */
public class DomainNotAllowedException extends LocalApiException {
  private final String domain;
  private final List<String> allowed;

  public DomainNotAllowedException(
      String message, int status, String domain, List<String> allowed) {
    super(message, status, null);
    this.domain = domain;
    this.allowed = List.copyOf(allowed);
  }

  public String domain() {
    return domain;
  }

  /** The names tailscaled said it would issue for; empty when it did not say. */
  public List<String> allowed() {
    return allowed;
  }
}
