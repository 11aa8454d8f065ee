package dev.tailgate.server.md.config;

import dev.tailgate.config.model.ModuleKey;
import dev.tailgate.config.syntax.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * mod_md's module-wide settings and the declared domains, as written in server config; empty means
 * "not set". Module-wide directives are allowed only there, so the main server's value is the one.
 */
record ModuleSettings(
    Optional<String> storeDir,
    Optional<Duration> retryDelay,
    Optional<Duration> checkInterval,
    Optional<List<String>> messageCmd,
    Optional<List<String>> notifyCmd,
    Optional<Boolean> certificateStatus,
    List<Declared> declared) {

  static final ModuleKey<ModuleSettings> KEY = ModuleKey.replacing("md-module");
  static final ModuleSettings NONE =
      new ModuleSettings(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of());

  /** One {@code MDomain} line or {@code <MDomain>} section: its names and its own settings. */
  record Declared(
      List<String> names, DomainSettings settings, SourceLocation at, String displayName) {
    Declared {
      names = List.copyOf(names);
    }
  }

  ModuleSettings {
    declared = List.copyOf(declared);
  }

  ModuleSettings withStoreDir(String value) {
    return new ModuleSettings(
        Optional.of(value),
        retryDelay,
        checkInterval,
        messageCmd,
        notifyCmd,
        certificateStatus,
        declared);
  }

  ModuleSettings withRetryDelay(Duration value) {
    return new ModuleSettings(
        storeDir,
        Optional.of(value),
        checkInterval,
        messageCmd,
        notifyCmd,
        certificateStatus,
        declared);
  }

  ModuleSettings withCheckInterval(Duration value) {
    return new ModuleSettings(
        storeDir,
        retryDelay,
        Optional.of(value),
        messageCmd,
        notifyCmd,
        certificateStatus,
        declared);
  }

  ModuleSettings withMessageCmd(List<String> value) {
    return new ModuleSettings(
        storeDir,
        retryDelay,
        checkInterval,
        Optional.of(List.copyOf(value)),
        notifyCmd,
        certificateStatus,
        declared);
  }

  ModuleSettings withNotifyCmd(List<String> value) {
    return new ModuleSettings(
        storeDir,
        retryDelay,
        checkInterval,
        messageCmd,
        Optional.of(List.copyOf(value)),
        certificateStatus,
        declared);
  }

  ModuleSettings withCertificateStatus(boolean value) {
    return new ModuleSettings(
        storeDir, retryDelay, checkInterval, messageCmd, notifyCmd, Optional.of(value), declared);
  }

  ModuleSettings withDeclared(Declared domain) {
    List<Declared> all = new ArrayList<>(declared);
    all.add(domain);
    return new ModuleSettings(
        storeDir, retryDelay, checkInterval, messageCmd, notifyCmd, certificateStatus, all);
  }
}
