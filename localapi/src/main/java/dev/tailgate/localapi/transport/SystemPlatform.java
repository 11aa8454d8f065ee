package dev.tailgate.localapi.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The real machine. Only discovery uses it, once, at start-up: blocking calls are fine here. */
final class SystemPlatform implements Platform {

  @Override
  public String osName() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isEmpty());
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public Optional<String> readSymbolicLink(Path path) {
    try {
      return Optional.of(Files.readSymbolicLink(path).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> readFile(Path path) {
    try {
      return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> sameUserProofFromLsof() {
    String uid = Long.toString(new com.sun.security.auth.module.UnixSystem().getUid());
    ProcessBuilder lsof =
        new ProcessBuilder("lsof", "-n", "-a", "-u" + uid, "-c", "IPNExtension", "-F")
            .redirectErrorStream(true);
    try {
      Process process = lsof.start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
