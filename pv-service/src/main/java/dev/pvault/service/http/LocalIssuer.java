package dev.pvault.service.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.api.Problem;
import dev.pvault.core.api.ServiceRefusal;
import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/**
 * The bearer tokens of a vault service on one machine: ES256 JWTs (nimbus-jose-jwt) signed with a P-256 key
 * kept in the service home ({@value #KEY_FILE}, 0600), with issuer {@value #ISSUER}, audience {@value
 * #AUDIENCE}, the user id as {@code sub} and an expiry. Whoever can read the key file can mint tokens: it is
 * the service's secret, as a Cognito user pool's keys are AWS's.
 */
public final class LocalIssuer implements TokenVerifier {
    public static final String KEY_FILE = "issuer-key.json";
    public static final String ISSUER = "pvault-local";
    public static final String AUDIENCE = "pvault";
    /** Clock difference tolerated between the issuer and the verifier (one machine: little). */
    private static final int SKEW_SECONDS = 30;

    private final ECKey key;
    private final InstantSource clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private LocalIssuer(ECKey key, InstantSource clock) {
        this.key = key;
        this.clock = clock;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.ES256, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(
                        AUDIENCE, new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "exp", "iat")) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        claims.setMaxClockSkew(SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The issuer whose key is in {@code folder}, made (0600) on first use. */
    public static LocalIssuer in(Path folder, InstantSource clock) {
        Path file = folder.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(folder);
                ECKey fresh = new ECKeyGenerator(Curve.P_256)
                        .keyID(UUID.randomUUID().toString())
                        .generate();
                Path temp = Files.createTempFile(
                        folder,
                        ".issuer-key",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, fresh.toJSONString(), StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    Files.deleteIfExists(temp); // another process made it first: use theirs
                }
            }
            return new LocalIssuer(ECKey.parse(Files.readString(file, StandardCharsets.UTF_8)), clock);
        } catch (JOSEException e) {
            throw new InternalException(
                    "cannot make the token signing key (" + e.getClass().getSimpleName() + ")", e);
        } catch (ParseException e) {
            throw new InternalException("the token signing key in " + file + " is damaged", e);
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot read or write the token signing key in " + folder + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    /** A token for {@code user}, valid for {@code ttl}. */
    public String issue(UserId user, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            JWSSigner signer = new ECDSASigner(key);
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new InternalException("cannot sign a token (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public UserId verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            // A token is a credential: its text is never echoed.
            throw new ServiceRefusal(Problem.UNAUTHORIZED, "the bearer token is not a JWT");
        } catch (BadJOSEException | JOSEException e) {
            // nimbus says which check failed ("Expired JWT", "Signed JWT rejected: Invalid signature").
            throw new ServiceRefusal(Problem.UNAUTHORIZED, "the bearer token does not verify: " + e.getMessage());
        }
        try {
            return UserId.parse(claims.getSubject());
        } catch (RuntimeException e) {
            throw new ServiceRefusal(Problem.UNAUTHORIZED, "the bearer token's subject is not a user id");
        }
    }

    @Override
    public String toString() {
        return "LocalIssuer[" + ISSUER + ", key " + key.getKeyID() + "]";
    }
}
