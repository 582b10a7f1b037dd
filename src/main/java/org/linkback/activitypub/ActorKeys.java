package org.linkback.activitypub;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.linkback.store.Database;

/**
 * One RSA-2048 key pair per site, kept in {@code fediverse_actor}: made the first time the site's
 * actor is needed, the same in every process (the first to store one wins), and carried by
 * {@code export --all}, so followers' servers still trust the site after a move.
 */
final class ActorKeys {

    /** A site's keys, and its public key as the actor document shows it. */
    record Keys(PublicKey publicKey, PrivateKey privateKey, String publicPem) {
    }

    /** The instance actor's keys are kept as this "site" (no site can have this name). */
    static final String INSTANCE = "_instance";

    private final Database database;
    private final Clock clock;
    private final Map<String, Keys> known = new ConcurrentHashMap<>();

    ActorKeys(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The site's keys, made and stored now if it has none yet. */
    Keys of(String site) {
        Keys keys = known.get(site);
        if (keys != null) {
            return keys;
        }
        Keys stored = stored(site).orElseGet(() -> {
            KeyPair pair = generate();
            database.inTransaction(h -> database.dialect().insertUnlessTaken(
                    h, "INSERT INTO fediverse_actor (site, public_pem, private_pem, created_at) VALUES (:site, :public, :private, :now)",
                    "site", insert -> insert.bind("site", site)
                            .bind("public", pem("PUBLIC KEY", pair.getPublic().getEncoded()))
                            .bind("private", pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
                            .bind("now", Timestamp.from(clock.instant()))));
            return stored(site).orElseThrow(); // ours, or another process's made at the same moment
        });
        known.put(site, stored);
        return stored;
    }

    private Optional<Keys> stored(String site) {
        return database.read(h -> h.createQuery("SELECT public_pem, private_pem FROM fediverse_actor WHERE site = :site")
                .bind("site", site)
                .map((rs, ctx) -> keys(rs.getString("public_pem"), rs.getString("private_pem")))
                .findOne());
    }

    private static Keys keys(String publicPem, String privatePem) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new Keys(rsa.generatePublic(new X509EncodedKeySpec(der(publicPem))),
                            rsa.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem))), publicPem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored site key cannot be read", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java makes RSA keys", e);
        }
    }

    /**
     * A remote actor's public key from its PEM ({@code BEGIN PUBLIC KEY}, SubjectPublicKeyInfo, as
     * Mastodon and Fedify publish it), or empty when it is not one.
     */
    static Optional<PublicKey> publicKey(String pem) {
        if (pem == null || !pem.contains("BEGIN PUBLIC KEY")) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
               + "\n-----END " + type + "-----\n";
    }
}
