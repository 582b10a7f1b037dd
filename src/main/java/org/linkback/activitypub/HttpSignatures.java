package org.linkback.activitypub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * HTTP Signatures as the fediverse uses them (draft-cavage-http-signatures-12, the way Mastodon
 * signs and checks): an RSA-SHA256 signature over a few request headers, named by a
 * {@code keyId} that is the URL of the signer's public key, with a {@code Digest} of the body.
 * Pure: reading and checking a header, and making one. The key behind a {@code keyId} is
 * {@link RemoteActors}' to find.
 */
final class HttpSignatures {

    /** Headers every signed POST to an inbox must cover. */
    static final List<String> REQUIRED = List.of("(request-target)", "host", "date", "digest");
    /** A {@code Date} further than this from our clock is refused (a replayed request). */
    static final Duration MAX_SKEW = Duration.ofHours(1);
    /** What we sign on our own POSTs: what Mastodon signs. */
    private static final List<String> SIGNED = List.of("(request-target)", "host", "date", "digest", "content-type");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private HttpSignatures() {
    }

    /** A {@code Signature} header, read. {@code created} and {@code expires}: hs2019's own times, or null. */
    record Signature(String keyId, String algorithm, List<String> headers, byte[] signature, String created, String expires) {
    }

    /** Why a request's signature does not hold: it is answered 401 with this. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads a {@code Signature} header (or an {@code Authorization: Signature …} value without its
     * scheme): comma-separated {@code name="value"} pairs.
     */
    static Signature parse(String header) throws Invalid {
        if (header == null || header.isBlank()) {
            throw new Invalid("the request is not signed (no Signature header)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        String text = header.strip();
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new Invalid("the Signature header is malformed");
            }
            String name = text.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            String value;
            if (eq + 1 < text.length() && text.charAt(eq + 1) == '"') {
                int close = text.indexOf('"', eq + 2);
                if (close < 0) {
                    throw new Invalid("the Signature header is malformed");
                }
                value = text.substring(eq + 2, close);
                i = close + 1;
            } else {
                int comma = text.indexOf(',', eq);
                value = (comma < 0 ? text.substring(eq + 1) : text.substring(eq + 1, comma)).strip();
                i = comma < 0 ? text.length() : comma;
            }
            params.putIfAbsent(name, value);
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
        String keyId = params.get("keyid");
        String signature = params.get("signature");
        if (keyId == null || keyId.isBlank() || signature == null) {
            throw new Invalid("the Signature header names no keyId or no signature");
        }
        String algorithm = params.getOrDefault("algorithm", "hs2019").toLowerCase(Locale.ROOT);
        if (!algorithm.equals("rsa-sha256") && !algorithm.equals("hs2019")) {
            throw new Invalid("the signature algorithm " + algorithm + " is not supported (rsa-sha256, hs2019)");
        }
        List<String> headers = new ArrayList<>();
        for (String name : params.getOrDefault("headers", "date").toLowerCase(Locale.ROOT).split(" +")) {
            if (!name.isBlank()) {
                headers.add(name);
            }
        }
        try {
            return new Signature(keyId, algorithm, List.copyOf(headers), Base64.getDecoder().decode(signature.strip()),
                                 params.get("created"), params.get("expires"));
        } catch (IllegalArgumentException e) {
            throw new Invalid("the signature is not base64");
        }
    }

    /**
     * Checks what needs no key: the signature covers the required headers, the {@code Date} is
     * within {@link #MAX_SKEW}, the {@code Digest} is the body's.
     *
     * @param header a request header's value (all values joined with ", "), or null
     */
    static void checkRequest(Signature signature, Function<String, String> header, byte[] body, Instant now) throws Invalid {
        for (String required : REQUIRED) {
            if (!signature.headers().contains(required)) {
                throw new Invalid("the signature does not cover " + required + " (it must cover " + String.join(" ", REQUIRED) + ")");
            }
        }
        String date = header.apply("date");
        try {
            Instant sent = HTTP_DATE.parse(date == null ? "" : date.strip(), Instant::from);
            if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
                throw new Invalid("the Date is more than an hour off");
            }
        } catch (DateTimeParseException e) {
            throw new Invalid("the Date header is not an HTTP date");
        }
        String digest = header.apply("digest");
        String expected = digest(body).substring("SHA-256=".length());
        boolean matches = false;
        for (String part : digest == null ? new String[0] : digest.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase("SHA-256")
                && MessageDigest.isEqual(part.substring(eq + 1).strip().getBytes(StandardCharsets.US_ASCII),
                                         expected.getBytes(StandardCharsets.US_ASCII))) {
                matches = true;
            }
        }
        if (!matches) {
            throw new Invalid("the Digest does not match the body (SHA-256)");
        }
    }

    /**
     * The string a signature is made over: one {@code name: value} line per signed header.
     *
     * @param header a request header's value, or null when the request has none
     */
    static String signingString(Signature signature, String method, String pathAndQuery, Function<String, String> header)
            throws Invalid {
        List<String> lines = new ArrayList<>();
        for (String name : signature.headers()) {
            String value = switch (name) {
                case "(request-target)" -> method.toLowerCase(Locale.ROOT) + " " + pathAndQuery;
                case "(created)" -> signature.created();
                case "(expires)" -> signature.expires();
                default -> header.apply(name);
            };
            if (value == null) {
                throw new Invalid("the signed header " + name + " is missing");
            }
            lines.add(name + ": " + value.strip());
        }
        return String.join("\n", lines);
    }

    /** Whether the signature over that string is the key's (RSASSA-PKCS1-v1_5 with SHA-256). */
    static boolean verifies(Signature signature, PublicKey key, String signingString) {
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(signingString.getBytes(StandardCharsets.UTF_8));
            return rsa.verify(signature.signature());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not an RSA key, or a signature of the wrong size
        }
    }

    /**
     * The headers of a signed GET (what servers in "authorized fetch" mode ask of anyone reading
     * an actor): {@code Date} and the {@code Signature} over the request target, host and date.
     */
    static Map<String, String> signedGet(URI url, String keyId, PrivateKey key, Instant now) {
        String date = HTTP_DATE.format(now);
        String host = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        String signingString = "(request-target): get " + pathOf(url) + "\nhost: " + host + "\ndate: " + date;
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("Date", date);
        sent.put("Signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\""
                              + sign(key, signingString) + "\"");
        return sent;
    }

    private static String pathOf(URI url) {
        return (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
               + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    private static String sign(PrivateKey key, String signingString) {
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingString.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with our key", e);
        }
    }

    /** {@code SHA-256=} and the base64 of the body's SHA-256, as the {@code Digest} header says it. */
    static String digest(byte[] body) {
        try {
            return "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * The headers of a signed POST of {@code body} to {@code url}: {@code Date}, {@code Digest},
     * {@code Content-Type} and the {@code Signature} over them, the request target and the host.
     */
    static Map<String, String> signedPost(URI url, String contentType, byte[] body, String keyId, PrivateKey key, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort());
        headers.put("date", HTTP_DATE.format(now));
        headers.put("digest", digest(body));
        headers.put("content-type", contentType);
        List<String> lines = new ArrayList<>();
        for (String name : SIGNED) {
            lines.add(name + ": " + (name.equals("(request-target)") ? "post " + pathOf(url) : headers.get(name)));
        }
        String signature = sign(key, String.join("\n", lines));
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("Date", headers.get("date"));
        sent.put("Digest", headers.get("digest"));
        sent.put("Signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"" + String.join(" ", SIGNED)
                              + "\",signature=\"" + signature + "\"");
        return sent;
    }
}
