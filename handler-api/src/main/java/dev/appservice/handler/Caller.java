package dev.appservice.handler;

/**
 * Who posted a command through the HTTP API, as the API authenticated them (CloudEvents extensions
 * {@code authtype} and {@code authid}); a body cannot forge it.
 *
 * @param type {@code app_user} (a bearer token), {@code api_key} or {@code unauthenticated}
 * @param id the token's {@code sub}, the API key's name, or {@code anonymous}
 */
public record Caller(String type, String id) {}
