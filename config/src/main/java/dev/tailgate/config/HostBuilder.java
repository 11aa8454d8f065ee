package dev.tailgate.config;

import dev.tailgate.config.model.LocationSection;
import dev.tailgate.config.model.LogTarget;
import dev.tailgate.config.model.ProxyReverseRule;
import dev.tailgate.config.model.ProxyRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Collects what one server (main or vhost) declares itself. Unset values stay null so that {@link
 * ModelAssembler} can apply httpd's inheritance from the main server.
 */
public final class HostBuilder {

  String serverName;
  final List<String> serverAliases = new ArrayList<>();
  Boolean sslEngine;
  Path certificateFile;
  Path certificateKeyFile;
  Path documentRoot;
  final List<ProxyRule> proxyRules = new ArrayList<>();
  final List<ProxyReverseRule> proxyReverseRules = new ArrayList<>();
  Duration proxyTimeout;
  Duration timeout;
  Duration keepAliveTimeout;
  LogTarget errorLog;
  final List<PendingAccessLog> accessLogs = new ArrayList<>();
  final Map<String, String> logFormats = new LinkedHashMap<>();
  final DirBuilder base = new DirBuilder();
  final List<LocationSection> locations = new ArrayList<>();
  final ModuleValuesBuilder modules = new ModuleValuesBuilder();
  Boolean underscoresInHeaders;
  final List<String> dotFilePrefixes = new ArrayList<>();

  public void underscoresInHeaders(boolean allowed) {
    underscoresInHeaders = allowed;
  }

  public void allowDotFiles(List<String> prefixes) {
    dotFilePrefixes.addAll(prefixes);
  }

  public void serverName(String name) {
    serverName = name;
  }

  public void serverAliases(List<String> names) {
    serverAliases.addAll(names);
  }

  public void sslEngine(boolean on) {
    sslEngine = on;
  }

  public void certificateFile(Path file) {
    certificateFile = file;
  }

  public void certificateKeyFile(Path file) {
    certificateKeyFile = file;
  }

  public void documentRoot(Path dir) {
    documentRoot = dir;
  }

  public void proxyRule(ProxyRule rule) {
    proxyRules.add(rule);
  }

  public void proxyReverseRule(ProxyReverseRule rule) {
    proxyReverseRules.add(rule);
  }

  public void proxyTimeout(Duration value) {
    proxyTimeout = value;
  }

  public void timeout(Duration value) {
    timeout = value;
  }

  public void keepAliveTimeout(Duration value) {
    keepAliveTimeout = value;
  }

  public void errorLog(LogTarget target) {
    errorLog = target;
  }

  public void accessLog(PendingAccessLog log) {
    accessLogs.add(log);
  }

  /** Nicknames are case-insensitive, as httpd keeps them in an APR table. */
  public void logFormat(String nickname, String format) {
    logFormats.put(nickname.toLowerCase(Locale.ROOT), format);
  }

  public Optional<String> logFormat(String nickname) {
    return Optional.ofNullable(logFormats.get(nickname.toLowerCase(Locale.ROOT)));
  }

  public DirBuilder base() {
    return base;
  }

  public void location(LocationSection section) {
    locations.add(section);
  }

  /** The features' per-server values of this host. */
  public ModuleValuesBuilder modules() {
    return modules;
  }
}
