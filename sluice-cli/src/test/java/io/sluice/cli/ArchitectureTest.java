package io.sluice.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module dependencies point one way: spi <- spec <- core <- (scheduler, engine) <- cli; the run
 * service sees the engine only through core's ports; connectors see the SPI only.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sluice");
  }

  @Test
  void spiDependsOnNothingOfSluice() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.spi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.spec..",
            "io.sluice.core..",
            "io.sluice.engine..",
            "io.sluice.cli..",
            "io.sluice.connector..")
        .check(classes);
  }

  @Test
  void specSeesOnlyTheSpi() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.spec..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.core..",
            "io.sluice.engine..",
            "io.sluice.cli..",
            "io.sluice.connector..",
            "org.apache.spark..")
        .check(classes);
  }

  @Test
  void coreDoesNotKnowTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.engine..", "io.sluice.cli..", "io.sluice.connector..", "org.apache.spark..")
        .check(classes);
  }

  @Test
  void theRunServiceSeesTheEngineOnlyThroughCorePorts() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.scheduler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.engine..",
            "io.sluice.cli..",
            "io.sluice.connector..",
            "io.sluice.server..",
            "io.sluice.services..",
            "org.apache.spark..")
        .check(classes);
  }

  @Test
  void engineFindsConnectorsThroughTheRegistryOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.sluice.cli..", "io.sluice.connector..", "io.sluice.scheduler..")
        .check(classes);
  }

  @Test
  void connectorsSeeOnlyTheSpi() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.connector..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.spec..", "io.sluice.core..", "io.sluice.engine..", "io.sluice.cli..")
        .check(classes);
  }

  @Test
  void connectorsDoNotSeeEachOther() {
    // one connector that works through another finds it by id (InstalledConnectors)
    slices().matching("io.sluice.connector.(*)..").should().notDependOnEachOther().check(classes);
  }

  @Test
  void servicesAreStandalone() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.services..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.spi..",
            "io.sluice.spec..",
            "io.sluice.core..",
            "io.sluice.engine..",
            "io.sluice.cli..",
            "io.sluice.connector..")
        .check(classes);
  }

  @Test
  void theServerSeesConnectorsThroughTheSpiOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.engine..",
            "io.sluice.cli..",
            "io.sluice.connector..",
            "io.sluice.scheduler..",
            "org.apache.spark..")
        .check(classes);
  }

  @Test
  void noCyclesBetweenModules() {
    slices().matching("io.sluice.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void modelScoringStandsAlone() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.ml..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.spec..",
            "io.sluice.core..",
            "io.sluice.engine..",
            "io.sluice.cli..",
            "io.sluice.server..",
            "io.sluice.connector..",
            "org.apache.spark..")
        .check(classes);
  }
}
