package dev.tailgate.config.modules;

import static dev.tailgate.config.Arity.atLeast;
import static dev.tailgate.config.DirectiveDefinition.ANY_HOST_OR_LOCATION;
import static dev.tailgate.config.DirectiveDefinition.directive;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import java.util.List;

/** mod_dir: which file answers a request for a directory. */
public final class DirModule implements ConfigModule {

  @Override
  public String name() {
    return "dir";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        directive(
            "DirectoryIndex",
            ANY_HOST_OR_LOCATION,
            atLeast(1),
            "DirectoryIndex disabled | local-url [local-url] ...",
            this::directoryIndex));
  }

  private void directoryIndex(DirectiveCall call) {
    boolean disabled = call.args().stream().anyMatch(a -> a.equalsIgnoreCase("disabled"));
    if (disabled && call.args().size() > 1) {
      call.problem(
          "\"disabled\" must be the only argument",
          "write DirectoryIndex disabled on a line of its own");
      return;
    }
    call.scope().dir().directoryIndex(call.args());
  }
}
