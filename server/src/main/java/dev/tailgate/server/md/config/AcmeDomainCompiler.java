package dev.tailgate.server.md.config;

import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.KeySpec;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ProblemCollector;
import dev.tailgate.server.tls.TlsProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An ACME {@code MDomain}, checked as far as it can be without the CA: everything mod_md accepts
 * and then never completes is refused here, with the line and what to write (a wildcard without DNS
 * challenges, a tailnet name a public CA cannot reach, a CA that is not a URL, a challenge no
 * listener can answer, a roots file that is not there).
 */
final class AcmeDomainCompiler {
  /** Let's Encrypt's production directory: mod_md's default CA. */
  static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");

  /** The CA names mod_md knows ({@code md_get_ca_url_from_name}), any case. */
  private static final Map<String, URI> KNOWN_CAS =
      Map.of(
          "letsencrypt", LETS_ENCRYPT,
          "letsencrypt-test", URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"),
          "buypass", URI.create("https://api.buypass.com/acme/directory"),
          "buypass-test", URI.create("https://api.test4.buypass.no/acme/directory"));

  private AcmeDomainCompiler() {}

  static Optional<Issuer.Acme> compile(
      TailgateConfig config,
      ModuleSettings.Declared declared,
      DomainSettings settings,
      ProblemCollector problems) {
    int before = problems.problems().size();
    String domain = declared.names().get(0);
    if (domain.equals(MdConfig.AUTO)) {
      problems.add(
          declared.at(),
          declared.displayName(),
          "MDomain auto takes this node's name from tailscaled, so it needs the tailscale protocol",
          "write MDCertificateProtocol tailscale (globally or inside <MDomain auto>)");
      return Optional.empty();
    }
    for (String name : declared.names()) {
      if (name.startsWith("*.")) {
        problems.add(
            declared.at(),
            declared.displayName(),
            "the wildcard "
                + name
                + " can only be validated by dns-01, which tailgate cannot answer",
            "name each host instead (e.g. <MDomain www.example.org api.example.org>)");
      }
      if (name.endsWith(".ts.net")) {
        problems.add(
            declared.at(),
            declared.displayName(),
            name + " is a tailnet name: a public ACME CA cannot reach it to validate it",
            "write MDCertificateProtocol tailscale inside <MDomain " + name + ">");
      }
    }
    URI directory = directory(settings, problems);
    AcmeSettings acme = settings.acme();
    List<String> challenges = challenges(config, acme, declared, problems);
    Optional<Path> roots =
        acme.caCertificateFile().map(written -> config.serverRoot().resolve(written.value()));
    if (roots.isPresent() && !Files.isReadable(roots.get())) {
      AcmeSettings.Written<String> written = acme.caCertificateFile().get();
      problems.add(
          written.at(),
          written.directive(),
          roots.get() + " cannot be read",
          "point MDCACertificateFile at a PEM file with the CA's root certificate");
    }
    if (problems.problems().size() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new Issuer.Acme(
            directory,
            contacts(acme),
            acme.agreement().orElse(false),
            challenges,
            acme.binding().flatMap(b -> b),
            acme.keys().orElse(KeySpec.DEFAULT),
            roots,
            acme.profile()));
  }

  private static URI directory(DomainSettings settings, ProblemCollector problems) {
    if (settings.authority().isEmpty()) {
      return LETS_ENCRYPT;
    }
    DomainSettings.Authority written = settings.authority().get();
    if (written.values().size() != 1) {
      problems.add(
          written.at(),
          written.directive(),
          "tailgate uses one CA per domain; got " + String.join(" ", written.values()),
          "write one CA, e.g. MDCertificateAuthority https://acme-v02.api.letsencrypt.org/directory");
      return LETS_ENCRYPT;
    }
    String value = written.values().get(0);
    URI known = KNOWN_CAS.get(value.toLowerCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    if (MdConfigCompiler.socketPath(value).isPresent()) {
      problems.add(
          written.at(),
          written.directive(),
          "'" + value + "' is a tailscaled socket, but this MDomain uses the ACME protocol",
          "write MDCertificateProtocol tailscale inside the <MDomain>, or give an ACME directory URL");
      return LETS_ENCRYPT;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problems.add(
        written.at(),
        written.directive(),
        "'"
            + value
            + "' is neither a known CA (LetsEncrypt, LetsEncrypt-Test, Buypass, Buypass-Test) nor an"
            + " ACME directory URL",
        "write MDCertificateAuthority https://acme-v02.api.letsencrypt.org/directory (or LetsEncrypt)");
    return LETS_ENCRYPT;
  }

  /**
   * {@code MDCAChallenges} as written, each checked against the listeners; without it, what the
   * listeners can answer: http-01 when there is a plain-HTTP Listen, tls-alpn-01 when there is an
   * HTTPS one.
   */
  private static List<String> challenges(
      TailgateConfig config,
      AcmeSettings acme,
      ModuleSettings.Declared declared,
      ProblemCollector problems) {
    boolean http = has(config, Listener.Protocol.HTTP);
    boolean https = has(config, Listener.Protocol.HTTPS);
    // Conscrypt (BoringSSL) picks the certificate before it negotiates ALPN, so it cannot show the
    // challenge certificate to an acme-tls/1 handshake only; the JDK's engine negotiates first, and
    // auto takes it for a configuration with tls-alpn-01 (MdConfig.needsJdkEngine)
    boolean alpnFirst =
        config.mainServer().host().modules().get(TlsProvider.KEY).orElse(TlsProvider.DEFAULT)
            != TlsProvider.CONSCRYPT;
    if (acme.challenges().isPresent()) {
      AcmeSettings.Written<List<String>> written = acme.challenges().get();
      for (String type : written.value()) {
        if (type.equals(Issuer.Acme.HTTP_01) && !http) {
          problems.add(
              written.at(),
              written.directive(),
              "http-01 needs a plain-HTTP Listen, and there is none",
              "add Listen 80 (the CA connects to port 80), or write MDCAChallenges tls-alpn-01");
        }
        if (type.equals(Issuer.Acme.TLS_ALPN_01) && !https) {
          problems.add(
              written.at(),
              written.directive(),
              "tls-alpn-01 needs an HTTPS Listen, and there is none",
              "add Listen 443 https (the CA connects to port 443), or write MDCAChallenges http-01");
        } else if (type.equals(Issuer.Acme.TLS_ALPN_01) && !alpnFirst) {
          problems.add(
              written.at(),
              written.directive(),
              "tls-alpn-01 needs the JDK's TLS engine: Conscrypt chooses the certificate before it"
                  + " negotiates ALPN, so it cannot answer the challenge",
              "write TLSProvider auto (the JDK's engine then serves this configuration) or jdk,"
                  + " or MDCAChallenges http-01");
        }
      }
      return written.value();
    }
    List<String> types = new ArrayList<>();
    if (http) {
      types.add(Issuer.Acme.HTTP_01);
    }
    if (https && alpnFirst) {
      types.add(Issuer.Acme.TLS_ALPN_01);
    }
    if (types.isEmpty()) {
      problems.add(
          declared.at(),
          declared.displayName(),
          "no listener can answer an ACME challenge for " + declared.names().get(0),
          https
              ? "add Listen 80 (http-01); tls-alpn-01 on the HTTPS listener needs TLSProvider auto"
                  + " or jdk"
              : "add Listen 80 (http-01) or Listen 443 https (tls-alpn-01)");
    }
    return types;
  }

  private static boolean has(TailgateConfig config, Listener.Protocol protocol) {
    return config.listeners().stream().anyMatch(l -> l.protocol() == protocol);
  }

  private static List<URI> contacts(AcmeSettings acme) {
    Optional<String> email =
        acme.contacts()
            .or(
                () ->
                    acme.serverAdmin()
                        .filter(a -> a.contains("@") && !a.contains("://") && !a.contains(" ")));
    return email
        .map(e -> e.regionMatches(true, 0, "mailto:", 0, 7) ? e.substring(7) : e)
        .map(e -> List.of(URI.create("mailto:" + e)))
        .orElse(List.of());
  }
}
