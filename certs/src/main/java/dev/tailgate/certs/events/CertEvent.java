package dev.tailgate.certs.events;

import java.time.Instant;

/**
 * Something happened to a managed domain. The names are mod_md's, so {@code MDMessageCmd} scripts
 * written for httpd keep working.
 *
 * @param detail one line for logs and the status page
 */
public record CertEvent(String name, String domain, Instant at, String detail) {
  public static final String RENEWING = "renewing";
  public static final String RENEWED = "renewed";
  public static final String INSTALLED = "installed";
  public static final String EXPIRING = "expiring";
  public static final String ERRORED = "errored";

  /** A fresh OCSP response from the CA's responder is stored and stapled. */
  public static final String OCSP_RENEWED = "ocsp-renewed";

  /** The OCSP responder could not be asked, or its answer was not usable. */
  public static final String OCSP_ERRORED = "ocsp-errored";
}
