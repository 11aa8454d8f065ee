package dev.tailgate.certs;

import dev.tailgate.localapi.cert.CertPair;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The certificates being served now, asked at every TLS handshake. Installing replaces an owner's
 * certificate atomically: a handshake sees either the old set or the new one, never a mix, and no
 * connection is dropped. Lookups are lock-free map reads, since they sit on the handshake path.
 */
public final class CertRegistry {
  private final Map<CertOwner, ServedCertificate> byOwner = new ConcurrentHashMap<>();
  private final Map<String, ServedCertificate> byName = new ConcurrentHashMap<>();
  private final Map<String, ServedCertificate> challenges = new ConcurrentHashMap<>();

  /** Current and immediately previous installation of each owner, by alias. */
  private final Map<String, ServedCertificate> byAlias = new ConcurrentHashMap<>();

  private final AtomicLong generation = new AtomicLong();
  private final Clock clock;

  public CertRegistry() {
    this(Clock.systemUTC());
  }

  public CertRegistry(Clock clock) {
    this.clock = clock;
  }

  /**
   * Serves {@code pair} for {@code names} from now on, in place of whatever {@code owner} served
   * before. The caller has verified the pair; the registry only swaps.
   */
  public synchronized ServedCertificate install(
      CertOwner owner, Collection<String> names, CertPair pair) {
    ServedCertificate next =
        new ServedCertificate(
            owner,
            owner + "#" + generation.incrementAndGet(),
            names.stream().map(CertRegistry::normalize).toList(),
            pair.privateKey(),
            pair.chain(),
            clock.instant());
    byAlias.put(next.alias(), next);
    ServedCertificate previous = byOwner.put(owner, next);
    for (String name : next.names()) {
      byName.put(name, next);
    }
    if (previous != null) {
      previous.names().stream()
          .filter(name -> !next.names().contains(name))
          .forEach(name -> byName.remove(name, previous));
      byAlias.values().removeIf(c -> c.owner().equals(owner) && c != next && c != previous);
    }
    return next;
  }

  /**
   * Serves {@code pair} to handshakes for {@code name} that negotiate {@code acme-tls/1}, and to no
   * other, until {@link #removeChallenge(String)}.
   */
  public synchronized void installChallenge(String name, CertPair pair) {
    CertOwner owner = new CertOwner.AcmeChallenge(normalize(name));
    ServedCertificate next =
        new ServedCertificate(
            owner,
            owner + "#" + generation.incrementAndGet(),
            List.of(normalize(name)),
            pair.privateKey(),
            pair.chain(),
            clock.instant());
    ServedCertificate previous = challenges.put(normalize(name), next);
    if (previous != null) {
      byAlias.remove(previous.alias());
    }
    byAlias.put(next.alias(), next);
  }

  public synchronized void removeChallenge(String name) {
    ServedCertificate previous = challenges.remove(normalize(name));
    if (previous != null) {
      byAlias.remove(previous.alias());
    }
  }

  /** The tls-alpn-01 answer for {@code hostName}, while a challenge for it is open. */
  public Optional<ServedCertificate> forChallenge(String hostName) {
    return Optional.ofNullable(challenges.get(normalize(hostName)));
  }

  /** Stops serving {@code owner}'s certificate (its host was removed by a reload). */
  public synchronized void remove(CertOwner owner) {
    ServedCertificate previous = byOwner.remove(owner);
    if (previous != null) {
      previous.names().forEach(name -> byName.remove(name, previous));
      byAlias.values().removeIf(c -> c.owner().equals(owner));
    }
  }

  /**
   * The certificate for an SNI name: an exact name first, then a {@code *.} wildcard one label up.
   */
  public Optional<ServedCertificate> forName(String hostName) {
    String name = normalize(hostName);
    ServedCertificate exact = byName.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    int dot = name.indexOf('.');
    return dot > 0 ? Optional.ofNullable(byName.get("*" + name.substring(dot))) : Optional.empty();
  }

  public Optional<ServedCertificate> forOwner(CertOwner owner) {
    return Optional.ofNullable(byOwner.get(owner));
  }

  public Optional<ServedCertificate> forAlias(String alias) {
    return Optional.ofNullable(byAlias.get(alias));
  }

  public List<ServedCertificate> all() {
    return List.copyOf(byOwner.values());
  }

  private static String normalize(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
