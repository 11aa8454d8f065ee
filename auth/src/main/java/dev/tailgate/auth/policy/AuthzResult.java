package dev.tailgate.auth.policy;

/**
 * httpd's {@code authz_status}: the answer of one rule or container. DENIED_NO_USER is what makes
 * httpd authenticate and try again, and so decides between 401 and 403.
 */
public enum AuthzResult {
  GRANTED,
  DENIED,
  DENIED_NO_USER,
  NEUTRAL
}
