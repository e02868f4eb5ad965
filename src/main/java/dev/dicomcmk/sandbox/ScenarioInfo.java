package dev.dicomcmk.sandbox;

/** A named starting state of the sandbox world and what it is for. */
public record ScenarioInfo(String name, String description) {
}
