package org.linkback.mf2;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A hostile page nested tens of thousands deep is read without exhausting a small stack, or a core. */
class DeepPageTest {

    @Test
    void aMegabyteOfNestedItemsIsReadWithinThePagesWorkBudgetAndKeepsWhatWasRead() {
        // 44,000 nested items, each a property whose text is the rest of the page: read naively, every
        // level walks everything below it (about a billion steps); the parser stops at its budget
        String page = "<i class=\"h-a p-b\">".repeat(44_000) + "x" + "</i>".repeat(44_000);

        var parsed = Mf2Parser.parse(Jsoup.parse(page, "https://alice.example/"), URI.create("https://alice.example/"));

        var first = parsed.path("items").path(0);
        assertEquals("h-a", first.path("type").path(0).asText(), "the outer items are kept");
        assertEquals("h-a", first.path("properties").path("b").path(0).path("type").path(0).asText(), "with their nested items");
    }

    @Test
    void fiftyThousandNestedElementsInAnEntryAreReadOnA256KiBStack() throws Exception {
        String deep = "<div>".repeat(50_000) + "<a href=\"https://blog.example/post\">x</a>" + "</div>".repeat(50_000);
        String page = "<div class=\"h-entry\"><a class=\"u-like-of\" href=\"https://blog.example/post\">liked</a>"
                      + "<div class=\"e-content\">" + deep + "</div></div>" + "<span>".repeat(50_000);
        AtomicReference<Interaction> read = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                read.set(Interactions.read(Jsoup.parse(page, "https://alice.example/"), URI.create("https://alice.example/"),
                                           URI.create("https://blog.example/post")));
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();

        assertNull(failed.get(), () -> "failed: " + failed.get());
        assertEquals(Interaction.Type.LIKE, read.get().type());
    }
}
