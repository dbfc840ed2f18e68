/**
 * The bundled sample of {@code spotter demo}: the legacy orders service in an old build and a new
 * build with planted regressions, and the traffic generator that plays its users. Depends on {@code
 * model} only.
 */
package dev.spotter.demo;
