package dev.dicomcmk.sandbox.world;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A long-running ARM operation a client polls: a DICOM service PUT or a deployment (a what-if's answer is
 * not part of the world: see the ARM endpoint's WhatIfResults).
 * It answers "Running" for {@link #runningPollsLeft} polls (or until {@link #dueAt} on the sandbox
 * clock, for clients that never poll), then its final status.
 */
public final class AsyncOperation {

    public static final String DICOM_PUT = "dicomPut";
    public static final String DEPLOYMENT = "deployment";

    public String id;
    public String kind;
    /** The ARM id of the resource the operation is about (service or deployment). */
    public String target;
    public String location;
    public long startTime;
    public long dueAt;
    public int runningPollsLeft;
    /** Null while running; then Succeeded, Failed or Canceled. */
    public String finalStatus;
    /** The status to report once done (a failed deployment is decided when it is applied). */
    public String outcome = "Succeeded";
    /** ARM error object for a failed operation. */
    public JsonNode error;

    public boolean done() {
        return finalStatus != null;
    }
}
