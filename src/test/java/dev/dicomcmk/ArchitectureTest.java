package dev.dicomcmk;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
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
     * The app layer's ports: the interfaces its use cases ask (and the records nested in them), and DeploymentCheck,
     * the records DeployPort's check answers. The adapters in azure.adapters implement them; azure sees nothing else
     * of app.
     */
    static final String APP_PORTS = "dev\\.dicomcmk\\.app\\.(CheckPort|DeployPort|DeploymentCheck|DiagnosisPort|FleetCheckPort"
            + "|IdentityPort|KeyUsers|RotationPort)(\\$.*)?";

    /**
     * cli -> app -> core; azure implements app's ports (cli wires the adapters into the use cases), so app never
     * reaches azure; the sandbox is reachable from cli only (the sandbox command and --sandbox). Main (the root
     * package) is cli.
     */
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Cli").definedBy("dev.dicomcmk", "dev.dicomcmk.cli..")
            .layer("App").definedBy("dev.dicomcmk.app..")
            .layer("Azure").definedBy("dev.dicomcmk.azure..")
            .layer("Sandbox").definedBy("dev.dicomcmk.sandbox..")
            .layer("Core").definedBy(CORE)
            .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("App").mayOnlyBeAccessedByLayers("Cli", "Azure")
            .whereLayer("Azure").mayOnlyBeAccessedByLayers("Cli", "Sandbox")
            .whereLayer("Sandbox").mayOnlyBeAccessedByLayers("Cli")
            .whereLayer("Core").mayOnlyBeAccessedByLayers("Cli", "App", "Azure", "Sandbox")
            .because("data flows one way: cli -> app -> core; app asks ports that azure implements (docs/architecture.md)");

    @ArchTest
    static final ArchRule azureSeesOnlyAppPorts = noClasses().that().resideInAPackage("dev.dicomcmk.azure..")
            .should().dependOnClassesThat(resideInAPackage("dev.dicomcmk.app..").and(not(nameMatching(APP_PORTS))))
            .because("an adapter implements a port; the use cases behind it are app's, not azure's");

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
            .and().resideOutsideOfPackage("dev.dicomcmk.azure.adapters..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.dicomcmk.requirements..", "dev.dicomcmk.diagnosis..",
                    "dev.dicomcmk.identity..", "dev.dicomcmk.rotation..", "dev.dicomcmk.preflight..", "dev.dicomcmk.output..")
            .because("azure reads and writes model records (fact bundles live in model); deciding is the core's");

    /** The rotation state machine's port and the records it speaks: what an adapter may see of rotation. */
    static final String ROTATION_PORT = "dev\\.dicomcmk\\.rotation\\.(RotationSteps|DeployedKey|DeploymentStillRunning|Observation"
            + "|ServiceSnapshot)(\\$.*)?";

    /**
     * The adapters implement ports: app's, and the rotation state machine's RotationSteps (whose check runs the shared
     * requirements checker on the facts as a deployment will leave them). They decide nothing else.
     */
    @ArchTest
    static final ArchRule adaptersImplementPorts = noClasses().that().resideInAPackage("dev.dicomcmk.azure.adapters..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.dicomcmk.diagnosis..", "dev.dicomcmk.identity..",
                    "dev.dicomcmk.preflight..", "dev.dicomcmk.output..")
            .orShould().dependOnClassesThat(resideInAPackage("dev.dicomcmk.rotation..").and(not(nameMatching(ROTATION_PORT))))
            .because("an adapter reads and writes for a use case; the use case and the core decide");

    @ArchTest
    static final ArchRule appReachesAzureThroughPortsOnly = noClasses().that().resideInAPackage("dev.dicomcmk.app..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.dicomcmk.azure..")
            .because("a use case asks its ports; cli wires the azure adapters into them (docs/architecture.md)");

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
