package dev.duplex.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the server, as rules that fail the build (see the package documentation of
 * {@code dev.duplex.server}). Each rule names what it keeps; a failure lists every offending import.
 */
class LayerRulesTest {
    private static final String ROOT = "dev.duplex.server";
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void thereAreNoPackageCycles() {
        slices().matching("dev.duplex.(**)").should().beFreeOfCycles().check(SERVER);
    }

    @Test
    void theCoreImportsNoContainerApi() {
        noClasses().that().resideInAnyPackage(ROOT + ".protocol..", ROOT + ".api..", ROOT + ".topic..",
                ROOT + ".session..", ROOT + ".hub..", ROOT + ".metrics..", ROOT + ".cluster..", ROOT + ".timer..")
                .should().dependOnClassesThat().resideInAPackage("jakarta..")
                .because("the core runs under any container, and in tests with none").check(SERVER);
    }

    @Test
    void onlyTheMountKnowsJmx() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".mount..")
                .should().dependOnClassesThat().resideInAnyPackage("javax.management..", "java.lang.management..")
                .because("the figures are container-free; publishing them is the mount's job").check(SERVER);
    }

    @Test
    void eachTransportKnowsNoOther() {
        noClasses().that().resideInAPackage(ROOT + ".websocket..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".longpoll..").check(SERVER);
        noClasses().that().resideInAPackage(ROOT + ".longpoll..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".websocket..").check(SERVER);
    }

    @Test
    void httpIsALeafUtility() {
        noClasses().that().resideInAPackage(ROOT + ".http..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(not(resideInAnyPackage(ROOT + ".http..", ROOT + ".api..", ROOT + ".protocol.."))))
                .because("http serves both adapters and the router, so it may know none of them").check(SERVER);
    }

    @Test
    void theEntryPackageHoldsOnlyTheEntryPoints() {
        classes().that().resideInAPackage(ROOT).should().haveSimpleName("Duplex")
                .orShould().haveSimpleName("DuplexServlet").orShould().haveSimpleName("package-info")
                .because("API types live in dev.duplex.server.api; the rest is internal").check(SERVER);
    }

    @Test
    void theApiKnowsNoInternals() {
        noClasses().that().resideInAPackage(ROOT + ".api..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(not(resideInAnyPackage(ROOT + ".api..", ROOT + ".protocol.."))))
                .check(SERVER);
    }

    @Test
    void layersOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry").definedBy(ROOT)
                .layer("Mount").definedBy(ROOT + ".mount..")
                .layer("LongPoll").definedBy(ROOT + ".longpoll..")
                .layer("WebSocket").definedBy(ROOT + ".websocket..")
                .layer("Http").definedBy(ROOT + ".http..")
                .layer("Hub").definedBy(ROOT + ".hub..")
                .layer("Cluster").definedBy(ROOT + ".cluster..")
                .layer("Session").definedBy(ROOT + ".session..")
                .layer("Topic").definedBy(ROOT + ".topic..")
                .layer("Metrics").definedBy(ROOT + ".metrics..")
                .layer("Timer").definedBy(ROOT + ".timer..")
                .layer("Api").definedBy(ROOT + ".api..")
                .layer("Protocol").definedBy(ROOT + ".protocol..")
                .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
                .whereLayer("Mount").mayOnlyBeAccessedByLayers("Entry")
                .whereLayer("LongPoll").mayOnlyBeAccessedByLayers("Mount")
                .whereLayer("WebSocket").mayOnlyBeAccessedByLayers("Mount")
                .whereLayer("Http").mayOnlyBeAccessedByLayers("Mount", "LongPoll", "WebSocket")
                .whereLayer("Hub").mayOnlyBeAccessedByLayers("Mount")
                .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Hub", "Mount")
                .whereLayer("Session").mayOnlyBeAccessedByLayers("Hub", "Cluster", "LongPoll", "WebSocket", "Mount")
                .whereLayer("Topic").mayOnlyBeAccessedByLayers("Session", "Hub", "Cluster", "Mount")
                .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Session", "Hub", "LongPoll", "WebSocket", "Mount")
                .whereLayer("Timer").mayOnlyBeAccessedByLayers("Session", "Hub", "Cluster", "LongPoll", "WebSocket",
                        "Mount")
                .check(SERVER);
    }
}
