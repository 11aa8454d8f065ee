/**
 * The few pieces of Go's standard library whose exact output tailscaled's clients see: {@code
 * encoding/json} formatting, {@code time.ParseDuration} and its error texts, {@code
 * strconv.ParseBool}, {@code %q} quoting and RFC 3339 timestamps. The fake must be byte-faithful,
 * so these are re-implemented rather than approximated with Java defaults.
 */
package dev.tailgate.testkit.go;
