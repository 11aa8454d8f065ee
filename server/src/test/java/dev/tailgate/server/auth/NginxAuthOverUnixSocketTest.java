package dev.tailgate.server.auth;

/**
 * The same nginx {@code auth_request} cases with tailgate's endpoint on a unix socket ({@code
 * Listen unix:…}, nginx {@code proxy_pass http://unix:…}), the way tailscale's own nginx-auth is
 * deployed.
 */
class NginxAuthOverUnixSocketTest extends NginxAuthRequestTest {

  @Override
  String listen() {
    // a vhost-less config: requests on the socket go to the main server, where /auth is
    return "Listen unix:" + harness().dir.resolve("auth.sock") + "\n";
  }

  @Override
  String authUpstream() {
    return "http://unix:" + harness().dir.resolve("auth.sock") + ":/auth";
  }
}
