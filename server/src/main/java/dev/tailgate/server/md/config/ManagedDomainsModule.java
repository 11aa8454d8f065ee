package dev.tailgate.server.md.config;

import static dev.tailgate.config.Arity.atLeast;
import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.DirectiveDefinition.SERVER_ONLY;

import dev.tailgate.certs.managed.DurationText;
import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.KeySpec;
import dev.tailgate.certs.managed.RenewWindow;
import dev.tailgate.config.Arity;
import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.Context;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import dev.tailgate.config.ModuleValuesBuilder;
import dev.tailgate.config.model.ModuleKey;
import dev.tailgate.config.model.ModuleValues;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.modules.OnOff;
import dev.tailgate.config.syntax.ProblemCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * mod_md's directives. Contexts follow mod_md: per-domain settings are allowed globally, in a vhost
 * and inside {@code <MDomain>}; module-wide ones only in server config (httpd accepts some in a
 * vhost and silently applies them globally; we say so instead). Each value is checked and kept
 * typed as it is read; once the whole configuration is read the managed domains are compiled, once
 * ({@link MdConfigCompiler}), and the runtime reads the finished {@link MdConfig}.
 */
public final class ManagedDomainsModule implements ConfigModule {

  private static final Set<Context> PER_DOMAIN =
      EnumSet.of(Context.SERVER, Context.VIRTUAL_HOST, Context.MDOMAIN);

  @Override
  public String name() {
    return "md";
  }

  @Override
  public ModuleValues complete(TailgateConfig config, ProblemCollector problems) {
    return ModuleValues.of(MdConfig.KEY, MdConfigCompiler.compile(config, problems));
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        DirectiveDefinition.section(
            "MDomain",
            SERVER_ONLY,
            atLeast(1),
            "<MDomain dns-name [other-dns-name] ...> ... </MDomain>",
            ManagedDomainsModule::domainSection),
        DirectiveDefinition.directive(
            "MDomain",
            SERVER_ONLY,
            atLeast(1),
            "MDomain dns-name [other-dns-name] ... [auto|manual]",
            call -> declare(call, DomainSettings.NONE)),
        perDomain(
            "MDCertificateProtocol",
            exactly(1),
            "MDCertificateProtocol ACME|tailscale",
            call -> Optional.of(call.arg(0)).map(protocol -> s -> s.withProtocol(protocol))),
        perDomain(
            "MDCertificateAuthority",
            atLeast(1),
            "MDCertificateAuthority url|name [url|name] ...",
            call ->
                Optional.of(
                        new DomainSettings.Authority(call.args(), call.at(), call.node().name()))
                    .map(authority -> s -> s.withAuthority(authority))),
        perDomain(
            "MDRenewWindow",
            exactly(1),
            "MDRenewWindow duration|percent",
            call -> window(call).map(window -> s -> s.withRenew(window))),
        perDomain(
            "MDWarnWindow",
            exactly(1),
            "MDWarnWindow duration|percent",
            call -> window(call).map(window -> s -> s.withWarn(window))),
        perDomain(
            "MDRequireHttps",
            exactly(1),
            "MDRequireHttps off|temporary|permanent",
            call -> requireHttps(call).map(value -> s -> s.withRequireHttps(value))),
        acme(
            "MDContactEmail",
            exactly(1),
            "MDContactEmail address",
            call -> contact(call).map(value -> a -> a.withContacts(value))),
        DirectiveDefinition.directive(
            "ServerAdmin",
            EnumSet.of(Context.SERVER, Context.VIRTUAL_HOST),
            exactly(1),
            "ServerAdmin email-address|URL",
            call ->
                call.scope()
                    .modules()
                    .update(
                        DomainSettings.KEY,
                        () -> DomainSettings.NONE,
                        s -> s.withAcme(a -> a.withServerAdmin(call.arg(0))))),
        acme(
            "MDCertificateAgreement",
            exactly(1),
            "MDCertificateAgreement accepted",
            call -> agreement(call).map(value -> a -> a.withAgreement(value))),
        acme(
            "MDCAChallenges",
            atLeast(1),
            "MDCAChallenges http-01|tls-alpn-01 ...",
            call -> challenges(call).map(value -> a -> a.withChallenges(value))),
        acme(
            "MDExternalAccountBinding",
            Arity.between(1, 2),
            "MDExternalAccountBinding key-id hmac-key | none",
            call -> binding(call).map(value -> a -> a.withBinding(value))),
        acme(
            "MDPrivateKeys",
            atLeast(1),
            "MDPrivateKeys P-256|P-384|RSA [bits]",
            call -> keys(call).map(value -> a -> a.withKeys(value))),
        acme(
            "MDCACertificateFile",
            exactly(1),
            "MDCACertificateFile path-to-pem",
            call ->
                Optional.of(
                    a ->
                        a.withCaCertificateFile(
                            new AcmeSettings.Written<>(
                                call.arg(0), call.at(), call.node().name())))),
        acme(
            "MDProfile",
            exactly(1),
            "MDProfile name",
            call -> Optional.of(a -> a.withProfile(call.arg(0)))),
        acme(
            "MDStapling",
            exactly(1),
            "MDStapling on|off",
            call ->
                OnOff.parse(call, call.arg(0))
                    .map(
                        on ->
                            a ->
                                a.withStapling(
                                    new AcmeSettings.Written<>(
                                        on, call.at(), call.node().name())))),
        moduleWide(
            "MDStoreDir",
            exactly(1),
            "MDStoreDir path",
            call -> Optional.of(s -> s.withStoreDir(call.arg(0)))),
        moduleWide(
            "MDRetryDelay",
            exactly(1),
            "MDRetryDelay duration",
            call -> duration(call).map(d -> s -> s.withRetryDelay(d))),
        moduleWide(
            "MDCheckInterval",
            exactly(1),
            "MDCheckInterval duration",
            call -> duration(call).map(d -> s -> s.withCheckInterval(d))),
        moduleWide(
            "MDMessageCmd",
            atLeast(1),
            "MDMessageCmd path-to-cmd [args] ...",
            call -> Optional.of(s -> s.withMessageCmd(call.args()))),
        moduleWide(
            "MDNotifyCmd",
            atLeast(1),
            "MDNotifyCmd path-to-cmd [args] ...",
            call -> Optional.of(s -> s.withNotifyCmd(call.args()))),
        moduleWide(
            "MDCertificateStatus",
            exactly(1),
            "MDCertificateStatus on|off",
            call -> OnOff.parse(call, call.arg(0)).map(on -> s -> s.withCertificateStatus(on))));
  }

  /** What one directive does to its scope's value, or empty when its value is wrong (reported). */
  private interface Change<T> {
    Optional<UnaryOperator<T>> of(DirectiveCall call);
  }

  private static DirectiveDefinition perDomain(
      String name, Arity arity, String syntax, Change<DomainSettings> change) {
    return setting(
        name, PER_DOMAIN, arity, syntax, DomainSettings.KEY, DomainSettings.NONE, change);
  }

  /** A per-domain ACME directive: part of {@link DomainSettings} like the rest. */
  private static DirectiveDefinition acme(
      String name, Arity arity, String syntax, Change<AcmeSettings> change) {
    return perDomain(name, arity, syntax, call -> change.of(call).map(c -> s -> s.withAcme(c)));
  }

  private static DirectiveDefinition moduleWide(
      String name, Arity arity, String syntax, Change<ModuleSettings> change) {
    return setting(
        name, SERVER_ONLY, arity, syntax, ModuleSettings.KEY, ModuleSettings.NONE, change);
  }

  /** A directive that changes the scope's value under {@code key}, when its value reads. */
  private static <T> DirectiveDefinition setting(
      String name,
      Set<Context> contexts,
      Arity arity,
      String syntax,
      ModuleKey<T> key,
      T empty,
      Change<T> change) {
    return DirectiveDefinition.directive(
        name,
        contexts,
        arity,
        syntax,
        call -> change.of(call).ifPresent(c -> call.scope().modules().update(key, () -> empty, c)));
  }

  /** {@code <MDomain>}: its children's settings are its own, over the server's and its vhost's. */
  private static void domainSection(DirectiveCall call) {
    ModuleValuesBuilder own = new ModuleValuesBuilder();
    call.compileChildren(call.scope().section(Context.MDOMAIN, call.definition().name(), own));
    declare(call, own.build().get(DomainSettings.KEY).orElse(DomainSettings.NONE));
  }

  private static void declare(DirectiveCall call, DomainSettings settings) {
    List<String> names = names(call);
    ModuleSettings.Declared declared =
        new ModuleSettings.Declared(names, settings, call.at(), call.node().displayName());
    call.scope()
        .modules()
        .update(ModuleSettings.KEY, () -> ModuleSettings.NONE, s -> s.withDeclared(declared));
  }

  private static List<String> names(DirectiveCall call) {
    List<String> names = new ArrayList<>();
    for (String arg : call.args()) {
      String lower = arg.toLowerCase(Locale.ROOT);
      if (lower.equals("auto") && call.args().size() == 1) {
        return List.of(MdConfig.AUTO);
      }
      if (lower.equals("auto") || lower.equals("manual")) {
        if (call.args().size() == 1) {
          call.problem(
              "'" + arg + "' alone is not a domain name",
              "name the node's certificate domain, e.g. <MDomain vps.your-tailnet.ts.net> (see `tailgate status`)");
        }
        continue;
      }
      if (!lower.matches("[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
        call.problem(
            "'" + arg + "' is not a DNS name", "write the full name, e.g. vps.your-tailnet.ts.net");
        continue;
      }
      names.add(lower);
    }
    return names;
  }

  private static Optional<String> contact(DirectiveCall call) {
    String value = call.arg(0);
    String address = value.regionMatches(true, 0, "mailto:", 0, 7) ? value.substring(7) : value;
    if (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      call.problem(
          "'" + value + "' is not an email address", "write MDContactEmail admin@example.org");
      return Optional.empty();
    }
    return Optional.of(address);
  }

  private static Optional<Boolean> agreement(DirectiveCall call) {
    if (call.arg(0).equalsIgnoreCase("accepted")) {
      return Optional.of(true);
    }
    call.problem(
        "MDCertificateAgreement takes only 'accepted' (a terms-of-service URL is no longer"
            + " meaningful: the CA's current terms apply)",
        "read the CA's terms of service, then write MDCertificateAgreement accepted");
    return Optional.empty();
  }

  private static Optional<AcmeSettings.Written<List<String>>> challenges(DirectiveCall call) {
    List<String> types = new ArrayList<>();
    for (String arg : call.args()) {
      String type = arg.toLowerCase(Locale.ROOT);
      switch (type) {
        case "http-01", "tls-alpn-01" -> types.add(type);
        case "dns-01" ->
            call.problem(
                "tailgate cannot answer dns-01 challenges (it does not edit DNS zones)",
                "write MDCAChallenges http-01 tls-alpn-01, and name each host instead of a wildcard");
        default ->
            call.problem(
                "'" + arg + "' is not an ACME challenge type",
                "write MDCAChallenges http-01 tls-alpn-01");
      }
    }
    return types.isEmpty() || types.size() != call.args().size()
        ? Optional.empty()
        : Optional.of(
            new AcmeSettings.Written<>(List.copyOf(types), call.at(), call.node().name()));
  }

  private static Optional<Optional<Issuer.ExternalAccountBinding>> binding(DirectiveCall call) {
    if (call.args().size() == 1) {
      if (call.arg(0).equalsIgnoreCase("none")) {
        return Optional.of(Optional.empty());
      }
      call.problem(
          "a binding read from a JSON file is not supported",
          "write MDExternalAccountBinding <key-id> <hmac-key> with the two values the CA gave you");
      return Optional.empty();
    }
    String hmac = call.arg(1);
    if (!hmac.matches("[A-Za-z0-9_-]+={0,2}") || hmac.length() < 16) {
      call.problem(
          "the HMAC key must be the base64url text the CA gave you (at least 16 characters)",
          "write MDExternalAccountBinding <key-id> <hmac-key>");
      return Optional.empty();
    }
    return Optional.of(Optional.of(new Issuer.ExternalAccountBinding(call.arg(0), hmac)));
  }

  private static Optional<KeySpec> keys(DirectiveCall call) {
    List<String> args = call.args();
    String type = args.get(0);
    String size = args.size() > 1 && args.get(1).matches("\\d+") ? args.get(1) : null;
    int used = size == null ? 1 : 2;
    if (type.toLowerCase(Locale.ROOT).matches("rsa\\d+") && size == null) {
      size = type.substring(3);
      type = "RSA";
    }
    if (args.size() > used) {
      call.problem(
          "tailgate orders one certificate per domain, so one key type: got "
              + String.join(" ", args),
          "write one, e.g. MDPrivateKeys P-256 (the default) or MDPrivateKeys RSA 3072");
      return Optional.empty();
    }
    try {
      return Optional.of(KeySpec.parse(type, size));
    } catch (IllegalArgumentException e) {
      call.problem(e.getMessage(), "write MDPrivateKeys P-256, P-384 or RSA 2048|3072|4096");
      return Optional.empty();
    }
  }

  private static Optional<RenewWindow> window(DirectiveCall call) {
    try {
      return Optional.of(RenewWindow.parse(call.arg(0)));
    } catch (IllegalArgumentException e) {
      call.problem(e.getMessage(), "write a duration (30d) or a percentage of the lifetime (33%)");
      return Optional.empty();
    }
  }

  private static Optional<MdConfig.RequireHttps> requireHttps(DirectiveCall call) {
    return switch (call.arg(0).toLowerCase(Locale.ROOT)) {
      case "off" -> Optional.of(MdConfig.RequireHttps.OFF);
      case "temporary" -> Optional.of(MdConfig.RequireHttps.TEMPORARY);
      case "permanent" -> Optional.of(MdConfig.RequireHttps.PERMANENT);
      default -> {
        call.problem(
            "'" + call.arg(0) + "' is not off, temporary or permanent",
            "write MDRequireHttps off|temporary|permanent");
        yield Optional.empty();
      }
    };
  }

  private static Optional<Duration> duration(DirectiveCall call) {
    try {
      return Optional.of(DurationText.parse(call.arg(0)));
    } catch (IllegalArgumentException e) {
      call.problem(e.getMessage(), "write a duration such as 5s, 10m, 12h or 1d");
      return Optional.empty();
    }
  }
}
