package dev.tailgate.server.md.config;

import static dev.tailgate.config.Arity.atLeast;
import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.DirectiveDefinition.SERVER_ONLY;

import dev.tailgate.certs.managed.DurationText;
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
