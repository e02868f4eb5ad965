package dev.dicomcmk.cli;

/**
 * Written by the build: Maven copies this file from src/main/java-templates with the project version and the
 * commit filled in (pom.xml, executions build-info and version-source), so both are compile-time constants and
 * reading them costs no resource lookup in the jar.
 */
final class BuildVersion {

    static final String VERSION = "${project.version}";

    /** The git commit built (12 hex digits, "+dirty" with local changes), or "unknown" (a source tarball). */
    static final String COMMIT = "${git.commit}";

    private BuildVersion() {
    }
}
