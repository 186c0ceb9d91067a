package dev.appservice.operator;

final class Placeholder {}
