package dev.starling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module directions and layer rules, checked on the compiled classes so they stay true: the
 * write model knows nothing of the read side, the application services or HTTP; the read side knows
 * no application service or HTTP; the application services know no HTTP; routes and services reach
 * read models through their queries and updaters, never through storage objects.
 */
@AnalyzeClasses(packages = "dev.starling", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String[] WRITE_MODEL = {
    "dev.starling.common..",
    "dev.starling.user..",
    "dev.starling.tweet..",
    "dev.starling.relationship..",
    "dev.starling.engagement..",
    "dev.starling.idempotency..",
    "dev.starling.media.."
  };

  @ArchTest
  static final ArchRule theWriteModelKnowsNoReadSideApplicationOrHttp =
      noClasses()
          .that()
          .resideInAnyPackage(WRITE_MODEL)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.starling.read..",
              "dev.starling.app..",
              "dev.starling.http..",
              "dev.starling.node..",
              "org.apache.pekko.http..");

  @ArchTest
  static final ArchRule theReadSideKnowsNoApplicationOrHttp =
      noClasses()
          .that()
          .resideInAPackage("dev.starling.read..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.starling.app..",
              "dev.starling.http..",
              "dev.starling.node..",
              "org.apache.pekko.http..");

  @ArchTest
  static final ArchRule theApplicationServicesKnowNoHttp =
      noClasses()
          .that()
          .resideInAPackage("dev.starling.app..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.starling.http..", "dev.starling.node..", "org.apache.pekko.http..");

  @ArchTest
  static final ArchRule routesAndServicesReachReadModelsThroughQueriesAndUpdaters =
      noClasses()
          .that()
          .resideInAnyPackage("dev.starling.http.routes..", "dev.starling.app..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.starling.read.store..")
          .orShould()
          .dependOnClassesThat()
          .haveSimpleNameEndingWith("Repository");

  @ArchTest
  static final ArchRule onlyTheNodeAssemblesTheNode =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.starling.node..", "dev.starling.ops..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.starling.node..");
}
