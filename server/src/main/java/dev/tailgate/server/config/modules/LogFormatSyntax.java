package dev.tailgate.server.config.modules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a mod_log_config format string, so a typo like {@code %>S} fails at load time instead of
 * logging a literal. Only the directives the access logger implements are accepted.
 */
final class LogFormatSyntax {

    /** %[<>][!][status,list][{arg}]letter, or %% */
    private static final Pattern ITEM = Pattern.compile("%(?:%|[<>]?!?(?:\\d{3}(?:,\\d{3})*)?(?:\\{[^}]*})?([A-Za-z]))");
    private static final String LETTERS = "aABbCDefhHiklLmnoOpPqrRsStTuUvVXI";

    private LogFormatSyntax() {
    }

    /** @return the first problem, if any */
    static Optional<String> check(String format) {
        int i = 0;
        while ((i = format.indexOf('%', i)) >= 0) {
            Matcher m = ITEM.matcher(format);
            if (!m.find(i) || m.start() != i) {
                return Optional.of("incomplete format directive at \"" + format.substring(i) + "\"");
            }
            String letter = m.group(1);
            if (letter != null && LETTERS.indexOf(letter.charAt(0)) < 0) {
                return Optional.of("unknown format directive %" + letter);
            }
            i = m.end();
        }
        return Optional.empty();
    }
}
