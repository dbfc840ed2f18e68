/**
 * The Netty plumbing shared by every live mode: upstream connection pools and the HTTP/1.1 client
 * on top of them, hop-by-hop header handling, HTTP content decoding, limits. It knows nothing of
 * recording, replaying or judging; those policies live in the packages that use it.
 */
package dev.spotter.proxy;
