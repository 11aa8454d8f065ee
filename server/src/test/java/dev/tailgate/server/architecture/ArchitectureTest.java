package dev.tailgate.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of docs/architecture.md, checked on the compiled classes: the configuration core knows
 * no feature and no Jetty, the features' configuration parts know no Jetty (so {@code tailgate
 * check} loads none), features do not reach up into the runtime or the CLI, and no two packages
 * depend on each other. An upward import fails the build here, with the offending line.
 */
class ArchitectureTest {
  private static final String SERVER = "dev.tailgate.server";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tailgate");
  }

  @Test
  void theConfigurationCoreKnowsNoFeatureAndNoJetty() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.tailgate.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.eclipse.jetty..",
                SERVER + "..",
                "dev.tailgate.cli..",
                "dev.tailgate.certs..",
                "dev.tailgate.auth..",
                "dev.tailgate.localapi..",
                "dev.tailgate.testkit..")
            .because("features register their directives with the core, never the other way round");
    rule.check(classes);
  }

  @Test
  void theFeaturesConfigurationPartsLoadNoJetty() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                SERVER + ".auth.compile..", SERVER + ".md.config..", SERVER + ".log..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.eclipse.jetty..", SERVER + ".http..", SERVER + ".runtime..")
            .because(
                "tailgate check compiles a configuration without starting (or loading) a server");
    rule.check(classes);
  }

  @Test
  void featuresDoNotReachUpIntoTheRuntimeOrTheCli() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                SERVER + ".auth..",
                SERVER + ".md..",
                SERVER + ".http..",
                SERVER + ".log..",
                SERVER + ".tls..",
                "dev.tailgate.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVER + ".runtime..", "dev.tailgate.cli..")
            .because(
                "the runtime assembles the features; a feature that needs the runtime is a cycle waiting to happen");
    rule.check(classes);
  }

  @Test
  void theLibrariesKnowNothingOfTheServer() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.tailgate.localapi..", "dev.tailgate.certs..", "dev.tailgate.auth..")
            .and()
            .resideOutsideOfPackage("dev.tailgate.auth.compile")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                SERVER + "..",
                "dev.tailgate.config..",
                "dev.tailgate.cli..",
                "dev.tailgate.testkit..")
            .because("they are libraries others embed (docs/architecture.md)");
    rule.check(classes);
  }

  @Test
  void theRequireCompilerReadsOnlyTheConfigurationSyntax() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.tailgate.auth.compile")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                SERVER + "..",
                "dev.tailgate.config.model..",
                "dev.tailgate.config.modules..",
                "dev.tailgate.cli..",
                "dev.tailgate.testkit..")
            .because(
                "Require lines are compiled from the syntax tree alone, by the front door and by"
                    + " the servlet filter alike (docs/architecture.md)");
    rule.check(classes);
  }

  @Test
  void theServerKnowsNothingOfTheCli() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(SERVER + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.tailgate.cli..", "dev.tailgate.testkit..", "picocli..")
            .because(
                "an application embedding the server gets no command line, no fake tailscaled");
    rule.check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.tailgate.(**)").should().beFreeOfCycles().check(classes);
  }
}
