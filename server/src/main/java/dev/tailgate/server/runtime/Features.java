package dev.tailgate.server.runtime;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.LocalApiPool;
import dev.tailgate.server.auth.AuthFeature;
import dev.tailgate.server.http.AccessGate;
import dev.tailgate.server.http.NamedHandlers;
import dev.tailgate.server.md.ManagedCertificates;
import dev.tailgate.server.md.ManagedDomainGate;
import dev.tailgate.server.md.MdStatusHandler;
import dev.tailgate.server.md.config.MdConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;

/**
 * The features that sit around the front door: managed certificates (and their status handler and
 * gate) and the access gate of authentication. Built from a configuration and rebuilt on reload,
 * while the gate and handlers the front door holds stay the same objects and read the current
 * state.
 */
public final class Features implements AutoCloseable {
  private final CertRegistry registry;
  private final Clock clock;
  private final AtomicReference<Optional<ManagedCertificates>> managed =
      new AtomicReference<>(Optional.empty());
  private final AccessGate gate;
  private final NamedHandlers handlers;

  /**
   * The process's one LocalAPI client per tailscaled socket, shared by identity and certificates.
   */
  private final LocalApiPool tailscaled;

  /** tailscale authentication, unless the builder was given a gate of its own. */
  private final Optional<AuthFeature> auth;

  private Features(
      CertRegistry registry,
      Clock clock,
      LocalApiPool tailscaled,
      Optional<AuthFeature> auth,
      AccessGate authGate,
      Map<String, Handler> authHandlers) {
    this.registry = registry;
    this.clock = clock;
    this.tailscaled = tailscaled;
    this.auth = auth;
    this.gate = new ManagedDomainGate(managed::get, registry, authGate);
    Map<String, Handler> all = new HashMap<>(authHandlers);
    all.put(
        MdStatusHandler.NAME,
        new MdStatusHandler(
            () -> managed.get().map(ManagedCertificates::status).orElse(List.of())));
    this.handlers = new NamedHandlers(all);
  }

  /**
   * What {@link TailgateServer.Builder} assembles: managed certificates and tailscale
   * authentication on one pool of tailscaled clients, or, when {@code gate} is given, that gate and
   * its handlers in place of tailscale authentication.
   */
  static Features create(
      TailgateConfig config,
      CertRegistry registry,
      Clock clock,
      Duration whoisTimeout,
      Optional<AccessGate> gate,
      Map<String, Handler> handlers)
      throws StartupException {
    LocalApiPool tailscaled = LocalApiPool.standard(clock, whoisTimeout);
    Optional<AuthFeature> auth =
        gate.isPresent() ? Optional.empty() : Optional.of(AuthFeature.create(tailscaled));
    Features features =
        new Features(
            registry,
            clock,
            tailscaled,
            auth,
            gate.orElseGet(() -> auth.get().gate()),
            auth.map(AuthFeature::handlers).orElse(handlers));
    try {
      features.apply(config);
    } catch (StartupException e) {
      features.close();
      throw e;
    }
    return features;
  }

  public CertRegistry registry() {
    return registry;
  }

  public AccessGate gate() {
    return gate;
  }

  public NamedHandlers handlers() {
    return handlers;
  }

  public Optional<ManagedCertificates> managedCertificates() {
    return managed.get();
  }

  /** tailscale authentication, when this server uses it. */
  public Optional<AuthFeature> auth() {
    return auth;
  }

  /**
   * Switches to {@code config}'s managed domains; the new manager serves stored certificates at
   * once.
   */
  public synchronized void apply(TailgateConfig config) throws StartupException {
    MdConfig md = MdConfig.of(config);
    Optional<ManagedCertificates> next = Optional.empty();
    if (!md.isEmpty()) {
      try {
        next = Optional.of(ManagedCertificates.start(md, registry, clock, tailscaled));
      } catch (LocalApiException e) {
        throw new StartupException("cannot manage certificates: " + e.getMessage(), e);
      }
    }
    managed.getAndSet(next).ifPresent(ManagedCertificates::close);
  }

  @Override
  public void close() {
    managed.getAndSet(Optional.empty()).ifPresent(ManagedCertificates::close);
    auth.ifPresent(AuthFeature::close);
    tailscaled.close();
  }
}
