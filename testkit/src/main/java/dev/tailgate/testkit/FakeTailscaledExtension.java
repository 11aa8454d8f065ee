package dev.tailgate.testkit;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: a fresh {@link FakeTailscaled} for every test, closed (socket removed) after it.
 *
 * <pre>{@code
 * @RegisterExtension
 * final FakeTailscaledExtension tailscaled = new FakeTailscaledExtension(FakeTailnet::example);
 * ... tailscaled.get().socketPath() ...
 *
 * // or
 * @ExtendWith(FakeTailscaledExtension.class)
 * class MyTest {
 *     @Test void works(FakeTailscaled fake, FakeTailnet tailnet) { ... }
 * }
 * }</pre>
 *
 * Without a supplier the tailnet is {@link FakeTailnet#example()}.
 */
public final class FakeTailscaledExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeTailscaledExtension.class);
  private static final String KEY = "fake";

  private final Supplier<FakeTailscaled.Builder> setup;
  private volatile FakeTailscaled current;

  /** The example tailnet on a temporary socket. */
  public FakeTailscaledExtension() {
    this(FakeTailnet::example);
  }

  public FakeTailscaledExtension(Supplier<FakeTailnet> tailnet) {
    this(tailnet, builder -> builder);
  }

  /** For clock, certificate lifetime or socket path: {@code b -> b.clock(myClock)}. */
  public FakeTailscaledExtension(
      Supplier<FakeTailnet> tailnet,
      java.util.function.UnaryOperator<FakeTailscaled.Builder> options) {
    Objects.requireNonNull(tailnet, "tailnet");
    Objects.requireNonNull(options, "options");
    this.setup = () -> options.apply(FakeTailscaled.builder().tailnet(tailnet.get()));
  }

  /** The running fake of the current test. */
  public FakeTailscaled get() {
    FakeTailscaled fake = current;
    if (fake == null) {
      throw new IllegalStateException("no test is running");
    }
    return fake;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    fake(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FakeTailscaled fake = context.getStore(NAMESPACE).remove(KEY, FakeTailscaled.class);
    current = null;
    if (fake != null) {
      fake.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FakeTailscaled.class || type == FakeTailnet.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    FakeTailscaled fake = fake(context);
    return parameter.getParameter().getType() == FakeTailnet.class ? fake.tailnet() : fake;
  }

  private FakeTailscaled fake(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    FakeTailscaled fake = store.get(KEY, FakeTailscaled.class);
    if (fake == null) {
      fake = setup.get().start();
      store.put(KEY, fake);
      current = fake;
    }
    return fake;
  }
}
