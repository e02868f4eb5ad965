package dev.dicomcmk.sandbox.http;

/** Turns a request into a response; called on a listener worker thread. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request);
}
