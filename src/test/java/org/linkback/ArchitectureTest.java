package org.linkback;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the house, as rules that fail the build: packages depend on each other in one
 * direction only, the database machinery knows no feature, and only the backlink's own package
 * decides and writes a backlink's state.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.linkback");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.linkback.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void theDatabaseMachineryImportsNoFeature() {
        noClasses().that().resideInAPackage("org.linkback.store..")
                .should().dependOnClassesThat(resideInAPackage("org.linkback..")
                                                      .and(not(resideInAnyPackage("org.linkback.store..", "org.linkback.config..")))
                                                      .as("a feature package"))
                .check(main);
    }

    @Test
    void onlyTheBacklinkPackageDecidesABacklinksNextState() {
        noClasses().that().resideOutsideOfPackage("org.linkback.backlink..")
                .should().callMethodWhere(target(owner(simpleName("Lifecycle"))).and(target(name("next"))).as("Lifecycle.next"))
                .because("every change of a backlink goes through backlink/Backlinks, which applies the lifecycle to the row as it is")
                .check(main);
    }

    @Test
    void onlyTheBacklinkPackageReachesTheBacklinkStore() {
        noClasses().that().resideOutsideOfPackage("org.linkback.backlink..")
                .should().dependOnClassesThat(simpleName("BacklinkStore").or(simpleName("MentionStore")))
                .because("backlink/Backlinks is the one write path")
                .check(main);
    }

    @Test
    void protocolAdaptersNeverTouchTheDatabase() {
        noClasses().that().resideInAnyPackage("org.linkback.pingback..", "org.linkback.trackback..", "org.linkback.webmention..")
                .should().dependOnClassesThat().resideInAPackage("org.linkback.store..")
                .because("a protocol parses and answers; receive and backlink store")
                .check(main);
    }

    @Test
    void theWordsOfEveryLanguageStandAlone() {
        noClasses().that().resideInAPackage("org.linkback.i18n..")
                .should().dependOnClassesThat(resideInAPackage("org.linkback..").and(not(resideInAPackage("org.linkback.i18n.."))))
                .because("a translator's files and the choice of a language know nothing of backlinks")
                .check(main);
    }
}
