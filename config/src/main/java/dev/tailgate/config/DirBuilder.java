package dev.tailgate.config;

import dev.tailgate.config.model.DirSettings;
import dev.tailgate.config.model.HeaderAction;
import dev.tailgate.config.model.LocationProxy;
import dev.tailgate.config.model.RedirectRule;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects one scope's per-directory settings while its directives are compiled. */
public final class DirBuilder {

  private LocationProxy proxyPass;
  private URI proxyPassReverse;
  private Boolean preserveHost;
  private final List<HeaderAction> requestHeaders = new ArrayList<>();
  private final List<HeaderAction> responseHeaders = new ArrayList<>();
  private final List<RedirectRule> redirects = new ArrayList<>();
  private List<String> directoryIndex;
  private String handler;
  private final ModuleValuesBuilder modules = new ModuleValuesBuilder();

  public void proxyPass(LocationProxy value) {
    proxyPass = value;
  }

  public void proxyPassReverse(URI value) {
    proxyPassReverse = value;
  }

  public void preserveHost(boolean value) {
    preserveHost = value;
  }

  public void requestHeader(HeaderAction action) {
    requestHeaders.add(action);
  }

  public void responseHeader(HeaderAction action) {
    responseHeaders.add(action);
  }

  public void redirect(RedirectRule rule) {
    redirects.add(rule);
  }

  public void directoryIndex(List<String> names) {
    directoryIndex = List.copyOf(names);
  }

  public void handler(String name) {
    handler = name;
  }

  /** The features' per-directory values of this scope. */
  public ModuleValuesBuilder modules() {
    return modules;
  }

  public DirSettings build() {
    return new DirSettings(
        Optional.ofNullable(proxyPass),
        Optional.ofNullable(proxyPassReverse),
        Optional.ofNullable(preserveHost),
        requestHeaders,
        responseHeaders,
        redirects,
        Optional.ofNullable(directoryIndex),
        Optional.ofNullable(handler),
        modules.build());
  }
}
