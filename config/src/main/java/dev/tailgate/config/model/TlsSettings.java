package dev.tailgate.config.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * mod_ssl's per-host settings. With the engine on and no certificate file the certificate is
 * expected from a managed domain (issue 4); without a key file the key is read from the certificate
 * file, as httpd does.
 */
public record TlsSettings(
    boolean engine, Optional<Path> certificateFile, Optional<Path> certificateKeyFile) {}
