package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.util.Optional;

/**
 * One {@code RequestHeader} or {@code Header} line. Values are literal: httpd's {@code %{…}} format
 * specifiers are rejected at load time rather than sent verbatim.
 *
 * @param always for {@code Header always}: also applied to error responses (httpd's
 *     err_headers_out)
 */
public record HeaderAction(
    Op op, String name, Optional<String> value, boolean always, SourceLocation at) {

  public enum Op {
    SET,
    UNSET,
    ADD,
    APPEND
  }
}
