package dev.spotter.replay;

/**
 * Requests that were not replayed, for one reason.
 *
 * @param reason stable short code, such as {@code side_effect_method} or {@code
 *     request_body_truncated}
 * @param detail a sentence for people, such as "POST is not replayed without --allow-side-effects"
 * @param count how many requests
 */
public record SkipCount(String reason, String detail, long count) {}
