/**
 * Records shared by every part of Spotter: requests, responses, exchanges, endpoints. No
 * dependencies on anything else in Spotter or outside the JDK.
 */
package dev.spotter.model;
