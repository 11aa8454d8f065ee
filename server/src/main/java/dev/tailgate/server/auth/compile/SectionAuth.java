package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.Require;
import java.util.Optional;

/**
 * The access directives of one section, before merging: what httpd keeps per {@code <Location>} in
 * mod_authz_core's and mod_authn_core's dir configs. Empty optionals mean "not set here".
 */
record SectionAuth(Optional<Require> rules, Optional<AuthMerging> merging, Optional<AuthType> authType,
    Optional<Boolean> forbiddenOnFailure) {}
