package dev.dicomcmk.cli;

/**
 * Written by the build: Maven copies this file from src/main/java-templates with the project version filled
 * in (pom.xml, execution version-source), so the version is a compile-time constant and reading it costs
 * no resource lookup in the jar.
 */
final class BuildVersion {

    static final String VERSION = "${project.version}";

    private BuildVersion() {
    }
}
