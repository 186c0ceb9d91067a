package dev.appservice.runtime;

final class Placeholder {}
