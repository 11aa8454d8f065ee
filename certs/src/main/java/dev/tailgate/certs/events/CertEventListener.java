package dev.tailgate.certs.events;

/**
 * Receives managed-domain events; must return quickly (the certificate manager's thread calls it).
 */
@FunctionalInterface
public interface CertEventListener {
  CertEventListener NONE = event -> {};

  void on(CertEvent event);
}
