package dev.dicomcmk;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of docs/architecture.md, held on every build (its diagram draws these rules; change both
 * together). Data flows one way: cli parses, an app use case asks its ports for facts, the core decides and
 * renders, the azure package talks to Azure, cli prints. Production classes only; tests may reach anywhere.
 */
@AnalyzeClasses(packages = "dev.dicomcmk", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    /** The pure core: decisions, records, rendering, output formats. No I/O to Azure, no picocli. */
    static final String[] CORE = {"dev.dicomcmk.model..", "dev.dicomcmk.requirements..", "dev.dicomcmk.rotation..",
        "dev.dicomcmk.diagnosis..", "dev.dicomcmk.identity..", "dev.dicomcmk.template..", "dev.dicomcmk.preflight..",
        "dev.dicomcmk.advice..", "dev.dicomcmk.access..", "dev.dicomcmk.files..", "dev.dicomcmk.output.."};

    /** What talks to Azure: its SDK, the JDK's HTTP client, the token library under azure-identity. */
    static final String[] AZURE_WIRE = {"com.azure..", "com.microsoft.aad..", "java.net.http..", "reactor..", "io.netty.."};

    /**
     * cli -> app -> core, with azure as the adapter the use cases (and, for now, cli's wiring) reach Azure through,
     * and the sandbox reachable from cli only (the sandbox command and --sandbox). Main (the root package) is cli.
     */
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Cli").definedBy("dev.dicomcmk", "dev.dicomcmk.cli..")
            .layer("App").definedBy("dev.dicomcmk.app..")
            .layer("Azure").definedBy("dev.dicomcmk.azure..")
            .layer("Sandbox").definedBy("dev.dicomcmk.sandbox..")
            .layer("Core").definedBy(CORE)
            .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("App").mayOnlyBeAccessedByLayers("Cli")
            .whereLayer("Azure").mayOnlyBeAccessedByLayers("Cli", "App", "Sandbox")
            .whereLayer("Sandbox").mayOnlyBeAccessedByLayers("Cli")
            .whereLayer("Core").mayOnlyBeAccessedByLayers("Cli", "App", "Azure", "Sandbox")
            .because("data flows one way: cli -> app -> core, azure is an adapter below the use cases (docs/architecture.md)");

    @ArchTest
    static final ArchRule picocliOnlyInCli = noClasses().that().resideOutsideOfPackages("dev.dicomcmk", "dev.dicomcmk.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("only cli parses the command line");

    @ArchTest
    static final ArchRule azureIsTheOnlyDoorToAzure = noClasses()
            .that().resideOutsideOfPackages("dev.dicomcmk.azure..", "dev.dicomcmk.sandbox..")
            .should().dependOnClassesThat().resideInAnyPackage(AZURE_WIRE)
            .because("the azure package is the only door to Azure (HTTP, the Azure SDK); the sandbox simulates the other side");

    /**
     * The typed azure-resourcemanager clients are for writes, built on the first write: reached from these few
     * classes only, no read path (and so no read-only command) loads their classes (docs/architecture.md).
     */
    @ArchTest
    static final ArchRule typedArmClientsOnlyForWrites = noClasses()
            .that().haveNameNotMatching("dev\\.dicomcmk\\.azure\\.(TypedArm|DeploymentClient|RoleAssignmentWriter|AccessPolicyWriter)(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("com.azure.resourcemanager..")
            .because("read-only start-up must not pay for the typed managers: only the writers use them");

    @ArchTest
    static final ArchRule coreIsPure = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.azure..", "com.microsoft.aad..",
                    "java.net.http..", "dev.dicomcmk.cli..", "dev.dicomcmk.app..", "dev.dicomcmk.azure..", "dev.dicomcmk.sandbox..")
            .because("the core decides from records; it knows neither picocli, nor the SDK, nor HTTP");

    @ArchTest
    static final ArchRule azureKnowsRecordsNotDecisions = noClasses().that().resideInAPackage("dev.dicomcmk.azure..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.dicomcmk.requirements..", "dev.dicomcmk.diagnosis..",
                    "dev.dicomcmk.identity..", "dev.dicomcmk.rotation..", "dev.dicomcmk.preflight..", "dev.dicomcmk.output..")
            .because("azure reads and writes model records (fact bundles live in model); deciding is the core's");

    @ArchTest
    static final ArchRule modelIsTheBottom = classes().that().resideInAPackage("dev.dicomcmk.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.dicomcmk.model..", "java..", "com.fasterxml.jackson..")
            .because("model is plain records every layer shares: it depends on no other package of the tool");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.dicomcmk.(*)..").should().beFreeOfCycles()
            .because("each top-level package can be understood (and tested) below the ones that use it");

    @ArchTest
    static final ArchRule noTestCodeInProduction = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.junit..", "org.opentest4j..", "com.tngtech.archunit..")
            .because("tests fake ports; the tool carries no test hooks");
}
