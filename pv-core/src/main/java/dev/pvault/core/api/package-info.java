/**
 * The vault service's operations as a client sees them (docs/openapi.yaml): {@link VaultApi}, the records it
 * speaks, the problem kinds it answers with, and {@link ApiJson}, the one JSON mapping the server and the
 * client share. No I/O: the HTTP server lives in pv-service, the HTTP client in pv-client.
 */
package dev.pvault.core.api;
