package dev.tailgate.auth.policy;

/**
 * How rules see tagged devices, which tailscaled reports under the shared pseudo-login {@code
 * tagged-devices}. Tailscale's own consumers (serve, nginx-auth, caddy-tailscale) refuse to treat
 * that as a person, and so does tailgate by default.
 */
public enum TaggedDevices {
  /** A tagged device is no user: it passes only rules that name its tags or its node. */
  DEVICES,
  /** httpd's module: a tagged device is the user {@code tagged-devices} for every rule. */
  USERS
}
