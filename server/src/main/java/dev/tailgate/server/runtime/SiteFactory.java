package dev.tailgate.server.runtime;

import dev.tailgate.config.model.AccessLog;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.server.http.Site;
import dev.tailgate.server.http.SiteSet;
import dev.tailgate.server.log.AccessLogger;
import dev.tailgate.server.log.LogFormat;
import dev.tailgate.server.log.LogSinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.AllowedResourceAliasChecker;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Prepares a {@link SiteSet} from a configuration: a file handler per DocumentRoot and the access
 * logs. Everything that can fail (a missing DocumentRoot, an unwritable log) fails here, before the
 * set is swapped in, so a bad reload leaves the running sites untouched.
 */
final class SiteFactory {
  private final LogSinks sinks;
  private final Server server;

  SiteFactory(LogSinks sinks, Server server) {
    this.sinks = sinks;
    this.server = server;
  }

  SiteSet build(TailgateConfig config) throws StartupException {
    List<Site> sites = new ArrayList<>();
    List<VirtualHost> all = new ArrayList<>(config.virtualHosts());
    all.add(config.mainServer());
    for (VirtualHost vhost : all) {
      sites.add(new Site(vhost, files(vhost), logs(vhost)));
    }
    return new SiteSet(config, sites);
  }

  private Optional<Handler> files(VirtualHost vhost) throws StartupException {
    HostConfig host = vhost.host();
    if (host.documentRoot().isEmpty()) {
      return Optional.empty();
    }
    Path root = host.documentRoot().get();
    if (!Files.isDirectory(root)) {
      throw new StartupException(
          vhost.at() + ": DocumentRoot " + root + " is not a directory (" + vhost.describe() + ")");
    }
    ResourceHandler resources = new ResourceHandler();
    resources.setBaseResource(ResourceFactory.root().newResource(root));
    resources.setDirAllowed(false);
    resources.setEtags(true);
    resources.setAcceptRanges(true);
    resources.setWelcomeFiles(host.locationFor("/").directoryIndex());
    // A context gives the resource handler Jetty's alias checks: no symlink or encoded path escapes
    // the root.
    ContextHandler context = new ContextHandler(resources, "/");
    context.setBaseResource(resources.getBaseResource());
    context.setServer(server);
    // Symlinks may point anywhere inside the root, never outside it.
    context.clearAliasChecks();
    context.addAliasCheck(new AllowedResourceAliasChecker(context));
    try {
      context.start();
    } catch (Exception e) {
      throw new StartupException("cannot serve DocumentRoot " + root + ": " + e.getMessage());
    }
    return Optional.of(context);
  }

  private List<AccessLogger> logs(VirtualHost vhost) throws StartupException {
    List<AccessLogger> loggers = new ArrayList<>();
    for (AccessLog log : vhost.host().accessLogs()) {
      LogFormat format;
      try {
        format = LogFormat.compile(log.format());
      } catch (IllegalArgumentException e) {
        throw new StartupException(
            log.at().map(Object::toString).orElse("LogFormat") + ": " + e.getMessage());
      }
      try {
        loggers.add(new AccessLogger(format, sinks.sinkFor(log.target())));
      } catch (IOException e) {
        throw new StartupException(
            log.at().map(Object::toString).orElse("CustomLog")
                + ": cannot open the access log "
                + log.target()
                + ": "
                + e.getMessage());
      }
    }
    return loggers;
  }
}
