package dev.duplex.demo;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The demo is written as any application would be: against Duplex's public packages only, those of the server and
 * of the Bayeux front door ({@code dev.duplex.bayeux}: {@code DuplexBayeux}, {@code BayeuxOptions},
 * {@code BayeuxCall}).
 */
class DemoImportsTest {
    private static final JavaClasses DEMO = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.duplex.demo");

    @Test
    void theDemoUsesOnlyTheBayeuxFrontDoorsPublicApi() {
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.duplex.bayeux..")
                        .and(not(resideInAPackage("dev.duplex.bayeux"))))
                .because("the front door's other packages are internal").check(DEMO);
    }

    @Test
    void theDemoUsesOnlyTheEntryPointsAndTheApi() {
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.duplex.server..")
                        .and(not(resideInAnyPackage("dev.duplex.server", "dev.duplex.server.api"))))
                .because("every other Duplex package is internal").check(DEMO);
    }
}
