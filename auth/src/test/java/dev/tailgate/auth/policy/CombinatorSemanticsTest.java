package dev.tailgate.auth.policy;

import static dev.tailgate.auth.policy.AuthzResult.DENIED;
import static dev.tailgate.auth.policy.AuthzResult.DENIED_NO_USER;
import static dev.tailgate.auth.policy.AuthzResult.GRANTED;
import static dev.tailgate.auth.policy.AuthzResult.NEUTRAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** mod_authz_core's combination of results (apache-modules.md §C.1), rule by rule. */
class CombinatorSemanticsTest {
  private static final AuthzRequest REQUEST =
      new AuthzRequest(Optional.empty(), Optional.empty(), Optional.empty(), TaggedDevices.DEVICES);

  private static Require fixed(AuthzResult result) {
    return new ProviderRule("fixed", List.of(result.name()), request -> result, false);
  }

  private static List<Require> all(AuthzResult... results) {
    return Arrays.stream(results).map(CombinatorSemanticsTest::fixed).toList();
  }

  @Test
  void anyGrantsOnTheFirstGrantAndPrefersAMissingUserOverADenial() {
    assertThat(new RequireAny(all(DENIED, GRANTED, DENIED_NO_USER)).evaluate(REQUEST))
        .isEqualTo(GRANTED);
    assertThat(new RequireAny(all(DENIED, DENIED_NO_USER, DENIED)).evaluate(REQUEST))
        .isEqualTo(DENIED_NO_USER);
    assertThat(new RequireAny(all(NEUTRAL, DENIED)).evaluate(REQUEST)).isEqualTo(DENIED);
    assertThat(new RequireAny(all(NEUTRAL, NEUTRAL)).evaluate(REQUEST)).isEqualTo(NEUTRAL);
  }

  @Test
  void allDeniesOnAnyDenialAndOtherwiseAsksForAUser() {
    assertThat(new RequireAll(all(GRANTED, DENIED_NO_USER, DENIED)).evaluate(REQUEST))
        .isEqualTo(DENIED);
    assertThat(new RequireAll(all(GRANTED, DENIED_NO_USER)).evaluate(REQUEST))
        .isEqualTo(DENIED_NO_USER);
    assertThat(new RequireAll(all(GRANTED, NEUTRAL)).evaluate(REQUEST)).isEqualTo(GRANTED);
  }

  @Test
  void negationCanOnlyTakeAccessAway() {
    assertThat(new Not(fixed(GRANTED)).evaluate(REQUEST)).isEqualTo(DENIED);
    assertThat(new Not(fixed(DENIED)).evaluate(REQUEST)).isEqualTo(NEUTRAL);
    assertThat(new Not(fixed(DENIED_NO_USER)).evaluate(REQUEST)).isEqualTo(NEUTRAL);
    assertThat(new Not(fixed(NEUTRAL)).evaluate(REQUEST)).isEqualTo(NEUTRAL);
  }

  @Test
  void noneIsTheNegatedAny() {
    assertThat(new RequireNone(all(DENIED, GRANTED)).evaluate(REQUEST)).isEqualTo(DENIED);
    assertThat(new RequireNone(all(DENIED, DENIED_NO_USER)).evaluate(REQUEST)).isEqualTo(NEUTRAL);
  }

  @Test
  void allWithANegatedRuleGrantsWhenTheRuleDoesNotMatch() {
    Require grantUnlessBob = new RequireAll(List.of(fixed(GRANTED), new Not(fixed(DENIED))));
    Require bob = new RequireAll(List.of(fixed(GRANTED), new Not(fixed(GRANTED))));

    assertThat(grantUnlessBob.evaluate(REQUEST)).isEqualTo(GRANTED);
    assertThat(bob.evaluate(REQUEST)).isEqualTo(DENIED);
  }
}
