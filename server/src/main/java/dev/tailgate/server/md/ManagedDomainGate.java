package dev.tailgate.server.md;

import dev.tailgate.certs.CertOwner;
import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.config.model.EffectiveLocation;
import dev.tailgate.server.http.AccessGate;
import dev.tailgate.server.http.ErrorPages;
import dev.tailgate.server.http.FrontDoor;
import dev.tailgate.server.http.Site;
import dev.tailgate.server.md.config.MdConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What mod_md does in front of a managed host's handlers: answer 503 while only the stand-in
 * certificate exists (saying why), {@code MDRequireHttps} redirects and HSTS, and {@code
 * /.httpd/certificate-status}. Requests for other hosts pass straight to the next gate.
 */
public final class ManagedDomainGate implements AccessGate {
  static final String CERTIFICATE_STATUS_PATH = "/.httpd/certificate-status";
  private static final String HSTS = "max-age=15768000";

  private final Supplier<Optional<ManagedCertificates>> managed;
  private final CertRegistry registry;
  private final AccessGate next;

  public ManagedDomainGate(
      Supplier<Optional<ManagedCertificates>> managed, CertRegistry registry, AccessGate next) {
    this.managed = managed;
    this.registry = registry;
    this.next = next;
  }

  @Override
  public void check(
      Request request,
      Response response,
      Callback callback,
      EffectiveLocation location,
      Continuation proceed) {
    Optional<ManagedCertificates> current = managed.get();
    Object site = request.getAttribute(FrontDoor.SITE_ATTRIBUTE);
    Optional<String> serverName =
        site instanceof Site served ? served.vhost().host().serverName() : Optional.empty();
    // no site: a request the front door did not route (nothing of this host's to manage)
    Optional<String> domain =
        site instanceof Site ? current.flatMap(m -> m.domainFor(serverName)) : Optional.empty();
    if (domain.isEmpty()) {
      next.check(request, response, callback, location, proceed);
      return;
    }
    ManagedCertificates certificates = current.get();
    MdConfig.RequireHttps requireHttps = certificates.requireHttps(domain.get());
    String path = location.path();
    if (!request.isSecure()) {
      if (requireHttps != MdConfig.RequireHttps.OFF && !path.startsWith("/.well-known/")) {
        redirectToHttps(
            request,
            response,
            callback,
            serverName.map(n -> n.toLowerCase(Locale.ROOT)).orElse(domain.get()),
            requireHttps);
        return;
      }
      next.check(request, response, callback, location, proceed);
      return;
    }
    if (registry
        .forName(domain.get())
        .map(c -> c.owner() instanceof CertOwner.StandIn)
        .orElse(true)) {
      Optional<DomainStatus> status = certificates.status(domain.get());
      String why = status.map(ManagedDomainGate::why).orElse("");
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
      ErrorPages.send(
          response,
          callback,
          503,
          "The certificate for " + domain.get() + " is not available yet. " + why);
      return;
    }
    if (certificates.config().certificateStatus() && path.equals(CERTIFICATE_STATUS_PATH)) {
      String body =
          certificates.status(domain.get()).map(MdStatusJson::certificateStatus).orElse("{}\n");
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
      return;
    }
    if (requireHttps == MdConfig.RequireHttps.PERMANENT) {
      response.getHeaders().put(HttpHeader.STRICT_TRANSPORT_SECURITY, HSTS);
    }
    next.check(request, response, callback, location, proceed);
  }

  /**
   * Why there is no certificate yet, for the 503 page. A tailscale domain's reason is tailgate's
   * own text about the local daemon (the socket is missing, HTTPS is off), which is what its
   * visitors on the tailnet need; an ACME domain's page is public and its reasons carry the CA's
   * and the network's words, so it says where to look instead.
   */
  private static String why(DomainStatus status) {
    if (status.protocol().equals("ACME")) {
      return status.lastProblem().isPresent()
          ? "The last attempt to get it from the certificate authority failed; the administrator"
              + " finds why in tailgate certs or md-status. It is retried on its own."
          : "It is being fetched from the certificate authority; this page will work as soon as it"
              + " arrives, without a restart.";
    }
    return status
        .lastProblem()
        .map(p -> "The last attempt failed: " + p)
        .orElse(
            "It is being fetched from tailscaled; this page will work as soon as it arrives,"
                + " without a restart.");
  }

  private static void redirectToHttps(
      Request request,
      Response response,
      Callback callback,
      String domain,
      MdConfig.RequireHttps mode) {
    boolean safe =
        HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
    boolean permanent = mode == MdConfig.RequireHttps.PERMANENT;
    int status = safe ? (permanent ? 301 : 302) : (permanent ? 308 : 307);
    String query = request.getHttpURI().getQuery();
    String target =
        "https://" + domain + request.getHttpURI().getPath() + (query == null ? "" : "?" + query);
    response.getHeaders().put(HttpHeader.LOCATION, target);
    ErrorPages.send(response, callback, status, "This site is served over HTTPS: " + target);
  }
}
