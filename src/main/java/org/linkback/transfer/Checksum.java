package org.linkback.transfer;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts and a checksum per {@link Table} of a set of JSON lines, whatever their order: the
 * sum, modulo 2^256, of each line's SHA-256. An export and the database it was imported into
 * give the same numbers exactly when they hold the same rows.
 */
final class Checksum {

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private final Map<Table, Long> counts = new EnumMap<>(Table.class);
    private final Map<Table, BigInteger> sums = new EnumMap<>(Table.class);

    void add(Table table, String line) {
        counts.merge(table, 1L, Long::sum);
        sums.merge(table, new BigInteger(1, sha256(line)), (a, b) -> a.add(b).mod(MODULUS));
    }

    long count(Table table) {
        return counts.getOrDefault(table, 0L);
    }

    String sum(Table table) {
        return String.format("%064x", sums.getOrDefault(table, BigInteger.ZERO));
    }

    /** One line per table: "backlink: 1234 (sha256 sum 0f3a...)". */
    String describe(Table table) {
        return table.type + ": " + count(table) + " (checksum " + sum(table) + ")";
    }

    boolean sameAs(Checksum other, Table table) {
        return count(table) == other.count(table) && sum(table).equals(other.sum(table));
    }

    private static byte[] sha256(String line) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
