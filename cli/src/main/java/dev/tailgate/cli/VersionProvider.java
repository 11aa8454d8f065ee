package dev.tailgate.cli;

import dev.tailgate.localapi.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code tailgate --version}: our version and the JVM's, which is what a bug report needs. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "tailgate " + Version.current(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
