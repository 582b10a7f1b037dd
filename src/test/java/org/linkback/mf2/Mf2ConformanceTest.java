package org.linkback.mf2;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jsoup.Jsoup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The microformats community's parser tests (github.com/microformats/tests, CC0; copied into
 * src/test/resources/microformats): each page parsed with http://example.com/ as its URL must
 * give exactly the JSON beside it. The cases are those of h-entry, h-card and rel this parser
 * supports (see {@link #CASES}).
 */
class Mf2ConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> CASES = List.of(
            "h-entry/encoding", "h-entry/impliedname", "h-entry/impliedvalue-nested", "h-entry/justahyperlink",
            "h-entry/justaname", "h-entry/scriptstyletags", "h-entry/summarycontent", "h-entry/u-property",
            "h-entry/urlincontent",
            "h-card/baseurl", "h-card/childimplied", "h-card/extendeddescription", "h-card/hcard", "h-card/hyperlinkedphoto",
            "h-card/impliedname", "h-card/impliedphoto", "h-card/impliedurl", "h-card/impliedurlempty", "h-card/justahyperlink",
            "h-card/justaname", "h-card/nested", "h-card/p-property", "h-card/relativeurls", "h-card/relativeurlsempty",
            "rel/duplicate-rels", "rel/license", "rel/nofollow", "rel/rel-urls", "rel/varying-text-duplicate-rels",
            "rel/xfn-all", "rel/xfn-elsewhere");

    static Stream<String> cases() {
        return CASES.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theParserGivesTheSuitesJson(String name) throws IOException {
        String html = resource(name + ".html");
        JsonNode expected = JSON.readTree(resource(name + ".json"));

        JsonNode parsed = Mf2Parser.parse(Jsoup.parse(html, "http://example.com/"), URI.create("http://example.com/"));

        assertEquals(printed(expected), printed(parsed), name);
    }

    /** Pretty-printed with every object's keys in order, so equal documents print the same and a difference shows. */
    private static String printed(JsonNode node) throws IOException {
        return JSON.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writerWithDefaultPrettyPrinter()
                .writeValueAsString(JSON.convertValue(node, Object.class));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = Mf2ConformanceTest.class.getResourceAsStream("/microformats/" + path)) {
            if (in == null) {
                throw new IOException("no test resource microformats/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
