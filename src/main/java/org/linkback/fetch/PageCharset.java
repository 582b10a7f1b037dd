package org.linkback.fetch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The character encoding of a fetched page, found in the order of the HTML standard's
 * "encoding sniffing algorithm": a byte order mark, then the Content-Type charset, then a
 * {@code <meta charset>} or {@code http-equiv} declaration in the first 1024 bytes, else UTF-8
 * when the bytes are valid UTF-8 and windows-1252 when they are not. Labels are read as the
 * WHATWG Encoding standard reads them (ISO-8859-1 is windows-1252, EUC-KR is windows-949 ...).
 */
final class PageCharset {

    private static final int PRESCAN_BYTES = 1024;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Pattern CHARSET_PARAM = Pattern.compile("charset\\s*=\\s*[\"']?([^\"';\\s]+)", Pattern.CASE_INSENSITIVE);

    /** Labels whose WHATWG meaning differs from what {@link Charset#forName} would give. */
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("iso-8859-1", "windows-1252"), Map.entry("iso8859-1", "windows-1252"),
            Map.entry("iso_8859-1", "windows-1252"), Map.entry("latin1", "windows-1252"), Map.entry("l1", "windows-1252"),
            Map.entry("ascii", "windows-1252"), Map.entry("us-ascii", "windows-1252"), Map.entry("cp1252", "windows-1252"),
            Map.entry("x-cp1252", "windows-1252"), Map.entry("cp819", "windows-1252"),
            Map.entry("euc-kr", "x-windows-949"), Map.entry("ks_c_5601-1987", "x-windows-949"),
            Map.entry("korean", "x-windows-949"), Map.entry("windows-949", "x-windows-949"),
            Map.entry("shift_jis", "windows-31j"), Map.entry("shift-jis", "windows-31j"), Map.entry("sjis", "windows-31j"),
            Map.entry("ms_kanji", "windows-31j"), Map.entry("x-sjis", "windows-31j"), Map.entry("csshiftjis", "windows-31j"),
            Map.entry("gb2312", "GBK"), Map.entry("chinese", "GBK"), Map.entry("x-gbk", "GBK"),
            Map.entry("big5", "Big5-HKSCS"), Map.entry("iso-8859-9", "windows-1254"), Map.entry("latin5", "windows-1254"),
            Map.entry("tis-620", "x-windows-874"), Map.entry("iso-8859-11", "x-windows-874"),
            Map.entry("x-user-defined", "windows-1252"));

    private PageCharset() {
    }

    /**
     * @param body          the page's bytes
     * @param headerCharset the charset parameter of the Content-Type header, if any
     * @param html          true to look for a meta declaration
     */
    static Charset of(byte[] body, Optional<String> headerCharset, boolean html) {
        Optional<Charset> bom = byteOrderMark(body);
        if (bom.isPresent()) {
            return bom.get();
        }
        Optional<Charset> declared = headerCharset.flatMap(PageCharset::forLabel);
        if (declared.isEmpty() && html) {
            declared = metaDeclaration(body).flatMap(PageCharset::forLabel)
                    // a meta tag cannot declare UTF-16: the bytes it was read from were ASCII-compatible
                    .map(charset -> charset.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : charset);
        }
        return declared.orElseGet(() -> isUtf8(body) ? StandardCharsets.UTF_8 : WINDOWS_1252);
    }

    /** The byte order mark's encoding; it wins over every declaration. */
    static Optional<Charset> byteOrderMark(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return Optional.of(StandardCharsets.UTF_16BE);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return Optional.of(StandardCharsets.UTF_16LE);
        }
        return Optional.empty();
    }

    /** Java's charset for a WHATWG label, if Java has it. */
    static Optional<Charset> forLabel(String label) {
        String key = label.strip().toLowerCase(Locale.ROOT);
        try {
            return Optional.of(Charset.forName(LABELS.getOrDefault(key, key)));
        } catch (IllegalArgumentException e) { // unknown or illegal name
            return Optional.empty();
        }
    }

    /** The charset named by the first meta declaration in the first 1024 bytes. */
    private static Optional<String> metaDeclaration(byte[] body) {
        // Every byte as one char: ASCII markup reads the same in any ASCII-compatible encoding.
        String head = new String(body, 0, Math.min(body.length, PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
        Document doc = Jsoup.parse(head);
        for (Element meta : doc.select("meta")) {
            if (meta.hasAttr("charset") && !meta.attr("charset").isBlank()) {
                return Optional.of(meta.attr("charset"));
            }
            if (meta.attr("http-equiv").equalsIgnoreCase("content-type")) {
                Matcher m = CHARSET_PARAM.matcher(meta.attr("content"));
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The Content-Type header's charset parameter, if any. */
    static Optional<String> headerCharset(String contentType) {
        Matcher m = CHARSET_PARAM.matcher(contentType);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
