package dev.spotter.proxy;

import dev.spotter.model.Headers;

/**
 * A complete response as received, before any content-decoding.
 *
 * @param status the status code
 * @param headers the header fields in wire order, names as the server spelt them
 * @param body the body bytes kept, at most the client's cap
 * @param bodySize how many body bytes the server sent in all
 * @param truncated true when the body was longer than the cap and only a prefix was kept
 * @param latencyNanos from writing the request to reading the last byte of the response
 */
public record UpstreamResponse(
    int status,
    Headers headers,
    byte[] body,
    long bodySize,
    boolean truncated,
    long latencyNanos) {}
