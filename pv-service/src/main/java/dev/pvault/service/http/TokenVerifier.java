package dev.pvault.service.http;

import dev.pvault.core.model.UserId;

/**
 * Turns a bearer token into the caller's user id (the token's {@code sub}), or refuses it with {@link
 * dev.pvault.core.api.Problem#UNAUTHORIZED}. The loopback server verifies tokens of the local issuer; in AWS
 * API Gateway's JWT authorizer verifies Cognito's before the function runs.
 */
@FunctionalInterface
public interface TokenVerifier {
    UserId verify(String token);
}
