package dev.appservice.runtime.document;

/** Identifies a document: the entity type (e.g. {@code customer}) and the entity id. */
public record DocumentKey(String entity, String id) {}
