package dev.tailgate.certs.acme;

import dev.tailgate.certs.managed.CertificateSource;
import dev.tailgate.certs.managed.IssuanceException;
import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.KeySpec;
import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.managed.PemPairs;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.cert.CertPairVerifier;
import dev.tailgate.localapi.cert.InvalidCertPairException;
import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates for one managed domain from an ACME CA (RFC 8555), with acme4j: an order for all its
 * names, each authorization answered by tailgate itself (http-01 on the plain-HTTP listeners,
 * tls-alpn-01 on the HTTPS ones, {@link ChallengeResponses}), a fresh key per certificate, and the
 * result verified as tailscaled's are before anyone serves it. Renewal orders name the certificate
 * they replace when the CA offers renewal information (RFC 9773), which also decides when to renew.
 *
 * <p>acme4j blocks, so every call runs on the manager's ACME executor, never on its scheduler.
 */
public final class AcmeCertificateSource implements CertificateSource {
  private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificateSource.class);

  /** How long one authorization or order may take before the attempt counts as failed. */
  static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

  private static final URI ACCOUNT_UNKNOWN =
      URI.create("urn:ietf:params:acme:error:accountDoesNotExist");

  private static final KeySpec CHALLENGE_KEYS = KeySpec.parse("RSA", null);
  private static final Duration FIRST_POLL = Duration.ofMillis(200);
  private static final Duration MAX_POLL = Duration.ofSeconds(3);
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  private final ManagedDomain domain;
  private final Issuer.Acme issuer;
  private final AcmeAccounts accounts;
  private final ChallengeResponses challenges;
  private final AcmeIssuance issuance;
  private final Clock clock;

  AcmeCertificateSource(
      ManagedDomain domain,
      AcmeAccounts accounts,
      ChallengeResponses challenges,
      AcmeIssuance issuance,
      Clock clock) {
    if (!(domain.issuer() instanceof Issuer.Acme acme)) {
      throw new IllegalArgumentException(domain.name() + " is not an ACME domain");
    }
    this.domain = domain;
    this.issuer = acme;
    this.accounts = accounts;
    this.challenges = challenges;
    this.issuance = issuance;
    this.clock = clock;
  }

  @Override
  public String protocol() {
    return issuer.protocol();
  }

  @Override
  public CompletableFuture<CertPair> fetch(
      String name, Duration minValidity, Optional<CertPair> current) {
    return issuance.order(
        issuer.directory().toString(), domain.names(), () -> attempt(() -> issue(current)));
  }

  @Override
  public CompletableFuture<Optional<Instant>> renewalAdvice(CertPair current) {
    return issuance.ask(() -> attempt(() -> advice(current)));
  }

  /**
   * The CA's renewal information for {@code current}, when it offers it and an account exists
   * (asking never creates or changes an account).
   */
  private Optional<Instant> advice(CertPair current) throws AcmeException, IOException {
    if (accounts.find(issuer.directory()).isEmpty()) {
      return Optional.empty();
    }
    Session session = session();
    if (session.resourceUrlOptional(Resource.RENEWAL_INFO).isEmpty()) {
      return Optional.empty();
    }
    RenewalInfo info = accounts.login(session, issuer).bindRenewalInfo(current.leaf());
    info.fetch();
    if (info.renewalIsRecommended(clock.instant()) || info.renewalIsOverdue(clock.instant())) {
      return Optional.of(clock.instant());
    }
    return info.getRandomProposal(null);
  }

  /**
   * One order, with the two recoveries a CA's refusal allows: an account it no longer knows is set
   * aside and a new one made; a {@code replaces} it will not take (another account's certificate,
   * one from another CA, one already replaced) is dropped, since the renewal matters more than the
   * hint.
   */
  private CertPair issue(Optional<CertPair> current)
      throws AcmeException, IOException, InterruptedException {
    Session session = session();
    Login login = accounts.login(session, issuer);
    boolean renewalInformation = session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
    Optional<CertPair> replacing = current.filter(c -> renewalInformation);
    try {
      return order(session, login, replacing);
    } catch (AcmeServerException e) {
      if (ACCOUNT_UNKNOWN.equals(e.getType())) {
        accounts.forget(issuer.directory(), login.getAccountLocation());
        return order(session, accounts.login(session, issuer), Optional.empty());
      }
      if (replacing.isPresent() && !(e instanceof AcmeRateLimitedException)) {
        LOG.info(
            "{}: the CA refused the order naming the certificate it replaces ({}); ordering"
                + " without",
            domain.name(),
            detail(e));
        return order(session, login, Optional.empty());
      }
      throw e;
    }
  }

  private CertPair order(Session session, Login login, Optional<CertPair> replacing)
      throws AcmeException, IOException, InterruptedException {
    OrderBuilder builder = login.newOrder().domains(domain.names());
    if (issuer.profile().isPresent()) {
      String profile = issuer.profile().get();
      if (!session.getMetadata().isProfileAllowed(profile)) {
        throw new IssueProblem(
            "the CA "
                + issuer.directory()
                + " does not offer the profile "
                + profile
                + (session.getMetadata().getProfiles().isEmpty()
                    ? " (it offers none)"
                    : " (it offers " + session.getMetadata().getProfiles() + ")"),
            "write MDProfile with one it offers, or remove the line");
      }
      builder.profile(profile);
    }
    replacing.ifPresent(c -> builder.replaces(c.leaf()));
    Order order = builder.create();
    for (Authorization authorization : order.getAuthorizations()) {
      authorize(authorization);
    }
    await(order, Status.READY, "the order for " + String.join(", ", domain.names()));
    KeyPair keys = issuer.keys().generate();
    order.execute(keys);
    await(order, Status.VALID, "the certificate for " + String.join(", ", domain.names()));
    List<X509Certificate> chain = order.getCertificate().getCertificateChain();
    CertPair pair = PemPairs.of(keys.getPrivate(), chain);
    try {
      for (String name : domain.names()) {
        CertPairVerifier.verify(pair, name, clock.instant());
      }
    } catch (InvalidCertPairException e) {
      throw new IssuanceException(
          "the CA issued a certificate tailgate will not serve: " + e.getMessage(),
          Optional.empty(),
          e);
    }
    return pair;
  }

  private void authorize(Authorization authorization) throws AcmeException, InterruptedException {
    if (authorization.getStatus() == Status.VALID) {
      return;
    }
    String name = authorization.getIdentifier().getDomain();
    Challenge challenge = choose(authorization, name);
    Runnable close = open(challenge, name);
    try {
      challenge.trigger();
      await(challenge, Status.VALID, "the " + challenge.getType() + " challenge for " + name);
    } finally {
      close.run();
    }
  }

  private Challenge choose(Authorization authorization, String name) {
    for (String type : issuer.challenges()) {
      Optional<Challenge> offered = authorization.findChallenge(type);
      if (offered.isPresent()) {
        return offered.get();
      }
    }
    List<String> offered = authorization.getChallenges().stream().map(Challenge::getType).toList();
    throw new IssueProblem(
        "the CA offers " + offered + " for " + name + ", none of " + issuer.challenges(),
        "write MDCAChallenges with one tailgate answers (http-01 needs a plain-HTTP Listen on port"
            + " 80, tls-alpn-01 an HTTPS Listen on port 443)");
  }

  /** Puts the answer up; returns what takes it down again. */
  private Runnable open(Challenge challenge, String name) {
    if (challenge instanceof Http01Challenge http) {
      challenges.openHttp01(http.getToken(), http.getAuthorization());
      return () -> challenges.closeHttp01(http.getToken());
    }
    if (challenge instanceof TlsAlpn01Challenge alpn) {
      // acme4j signs the challenge certificate with SHA256withRSA, so its key is RSA
      KeyPair keys = CHALLENGE_KEYS.generate();
      X509Certificate certificate = alpn.createCertificate(keys, Identifier.dns(name));
      challenges.openTlsAlpn01(name, PemPairs.of(keys.getPrivate(), List.of(certificate)));
      return () -> challenges.closeTlsAlpn01(name);
    }
    throw new IssueProblem(
        "tailgate cannot answer the " + challenge.getType() + " challenge",
        "write MDCAChallenges http-01 tls-alpn-01");
  }

  /**
   * Polls until {@code resource} reaches {@code wanted}: as the CA's {@code Retry-After} says, else
   * quickly at first (a local CA answers in milliseconds) and then every few seconds.
   */
  private void await(PollableResource resource, Status wanted, String what)
      throws AcmeException, InterruptedException {
    Instant deadline = clock.instant().plus(STEP_TIMEOUT);
    Duration wait = FIRST_POLL;
    while (true) {
      Status status = resource.getStatus();
      if (status == wanted || (wanted == Status.READY && status == Status.VALID)) {
        return;
      }
      if (status == Status.INVALID) {
        throw new IssuanceException(
            what + " failed: " + problem(resource).orElse("the CA gave no reason"),
            Optional.empty(),
            null);
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IssuanceException(
            what + " is still " + status + " after " + STEP_TIMEOUT.toMinutes() + " minutes",
            Optional.empty(),
            null);
      }
      Thread.sleep(wait.toMillis());
      Optional<Instant> retryAfter = resource.fetch();
      wait =
          retryAfter
              .map(at -> Duration.between(clock.instant(), at))
              .filter(d -> !d.isNegative())
              .orElse(wait.multipliedBy(2));
      if (wait.compareTo(MAX_POLL) > 0 && retryAfter.isEmpty()) {
        wait = MAX_POLL;
      }
      // a CA's Retry-After is honoured, but never past the deadline: two stuck orders would
      // otherwise hold every ACME thread
      Duration left = Duration.between(clock.instant(), deadline);
      if (wait.compareTo(left) > 0) {
        wait = left.isNegative() ? Duration.ZERO : left;
      }
      if (wait.compareTo(MAX_RETRY_AFTER) > 0) {
        wait = MAX_RETRY_AFTER;
      }
    }
  }

  private static Optional<String> problem(PollableResource resource) {
    Optional<Problem> problem = Optional.empty();
    if (resource instanceof Challenge challenge) {
      problem = challenge.getError();
    } else if (resource instanceof Order order) {
      problem = order.getError();
    }
    return problem.map(AcmeCertificateSource::describe);
  }

  private static String describe(Problem problem) {
    StringBuilder text =
        new StringBuilder(problem.getDetail().orElse(problem.getType().toString()));
    for (Problem sub : problem.getSubProblems()) {
      text.append("; ").append(describe(sub));
    }
    return text.toString();
  }

  private Session session() throws IOException {
    return new Session(issuer.directory(), CaTrust.of(issuer.trustedRoots()));
  }

  private interface Step<T> {
    T run() throws AcmeException, IOException, InterruptedException;
  }

  /** Runs one blocking step and turns every failure into a message a person can act on. */
  private <T> T attempt(Step<T> step) {
    try {
      return step.run();
    } catch (IssuanceException e) {
      throw e;
    } catch (IssueProblem e) {
      throw failed(e.getMessage(), Optional.empty(), e);
    } catch (AcmeRateLimitedException e) {
      Optional<Duration> wait =
          e.getRetryAfter()
              .map(at -> Duration.between(clock.instant(), at))
              .filter(d -> !d.isNegative());
      throw failed("the CA " + issuer.directory() + " limits this account: " + detail(e), wait, e);
    } catch (AcmeUserActionRequiredException e) {
      throw failed(
          "the CA "
              + issuer.directory()
              + " needs a person: "
              + detail(e)
              + e.getTermsOfServiceUri()
                  .map(uri -> " (new terms of service: " + uri + ")")
                  .orElse("")
              + "; read them, then write MDCertificateAgreement accepted",
          Optional.empty(),
          e);
    } catch (AcmeServerException e) {
      throw failed("the CA " + issuer.directory() + " refused: " + detail(e), Optional.empty(), e);
    } catch (AcmeNetworkException e) {
      throw failed(
          "cannot reach the CA at " + issuer.directory() + ": " + rootMessage(e),
          Optional.empty(),
          e);
    } catch (AcmeException e) {
      throw failed(
          "ACME with " + issuer.directory() + " failed: " + rootMessage(e), Optional.empty(), e);
    } catch (IOException e) {
      throw failed("ACME account store: " + e.getMessage(), Optional.empty(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    } catch (RuntimeException e) {
      LOG.warn("{}: unexpected ACME failure", domain.name(), e);
      throw failed(
          "ACME with " + issuer.directory() + " failed: " + rootMessage(e), Optional.empty(), e);
    }
  }

  private static IssuanceException failed(
      String message, Optional<Duration> retryAfter, Throwable cause) {
    return new IssuanceException(message, retryAfter, cause);
  }

  private static String detail(AcmeServerException e) {
    return e.getProblem() == null ? e.getMessage() : describe(e.getProblem());
  }

  /** The innermost cause's message, which names what failed (a refused connection, a bad root). */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
