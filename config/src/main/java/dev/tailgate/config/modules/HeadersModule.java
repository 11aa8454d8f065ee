package dev.tailgate.config.modules;

import static dev.tailgate.config.Arity.between;
import static dev.tailgate.config.DirectiveDefinition.ANY_HOST_OR_LOCATION;
import static dev.tailgate.config.DirectiveDefinition.directive;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.DirBuilder;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import dev.tailgate.config.model.HeaderAction;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** mod_headers' {@code RequestHeader} and {@code Header}, with the set/unset/add/append actions. */
public final class HeadersModule implements ConfigModule {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> LATER_ACTIONS =
      Set.of("merge", "edit", "edit*", "setifempty", "echo", "note");

  @Override
  public String name() {
    return "headers";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        directive(
            "RequestHeader",
            ANY_HOST_OR_LOCATION,
            between(2, 3),
            "RequestHeader set|append|add|unset header [value]",
            c -> header(c, false, DirBuilder::requestHeader)),
        directive(
            "Header",
            ANY_HOST_OR_LOCATION,
            between(2, 4),
            "Header [always] set|append|add|unset header [value]",
            c -> header(c, true, DirBuilder::responseHeader)));
  }

  private void header(
      DirectiveCall call, boolean conditionAllowed, BiConsumer<DirBuilder, HeaderAction> sink) {
    List<String> args = call.args();
    boolean always = false;
    String first = args.get(0).toLowerCase(Locale.ROOT);
    if (conditionAllowed && (first.equals("always") || first.equals("onsuccess"))) {
      always = first.equals("always");
      args = args.subList(1, args.size());
      if (args.size() < 2) {
        call.usageProblem("needs an action and a header name after " + first);
        return;
      }
    }
    Optional<HeaderAction.Op> op = action(call, args.get(0));
    if (op.isEmpty()) {
      return;
    }
    String name = args.get(1);
    if (!TOKEN.matcher(name).matches()) {
      call.problem(
          "\"" + name + "\" is not a valid header name",
          "use letters, digits and - (e.g. X-Forwarded-User)");
      return;
    }
    boolean unset = op.get() == HeaderAction.Op.UNSET;
    int expected = unset ? 2 : 3;
    if (args.size() != expected) {
      if (args.size() > expected) {
        call.problem(
            "conditions such as \""
                + args.get(expected)
                + "\" (early, env=, expr=) are not supported",
            "remove \"" + String.join(" ", args.subList(expected, args.size())) + "\"");
      } else {
        call.usageProblem(
            args.get(0).toLowerCase(Locale.ROOT) + " needs a header name and a value");
      }
      return;
    }
    Optional<String> value = Optional.empty();
    if (!unset) {
      HeaderValue.Parsed parsed = HeaderValue.parse(args.get(2));
      if (parsed.error().isPresent()) {
        call.problem(
            "format specifier "
                + parsed.error().get()
                + " in the value is not supported; values are literal",
            "write %% for a literal %");
        return;
      }
      value = Optional.of(parsed.value());
    }
    sink.accept(call.scope().dir(), new HeaderAction(op.get(), name, value, always, call.at()));
  }

  private static Optional<HeaderAction.Op> action(DirectiveCall call, String word) {
    String action = word.toLowerCase(Locale.ROOT);
    switch (action) {
      case "set":
        return Optional.of(HeaderAction.Op.SET);
      case "unset":
        return Optional.of(HeaderAction.Op.UNSET);
      case "add":
        return Optional.of(HeaderAction.Op.ADD);
      case "append":
        return Optional.of(HeaderAction.Op.APPEND);
      default:
        call.problem(
            (LATER_ACTIONS.contains(action)
                ? "action \"" + word + "\" is not supported yet"
                : "unknown action \"" + word + "\""),
            "use set, unset, add or append");
        return Optional.empty();
    }
  }
}
