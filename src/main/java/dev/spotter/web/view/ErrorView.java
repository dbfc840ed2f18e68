package dev.spotter.web.view;

/** An error page: the status, a short title and what went wrong, in words. */
public record ErrorView(int status, String title, String message) {}
