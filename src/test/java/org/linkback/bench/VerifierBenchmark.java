package org.linkback.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.linkback.fetch.Fetched;
import org.linkback.verify.Verification;
import org.linkback.verify.Verifier;

/**
 * {@code ./linkback bench verifier}: the verifier (parse the source page, find the link, read the
 * title, blog name and excerpt) on blog posts of real sizes, the link in the middle of the post.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifierBenchmark {

    static final URI TARGET = URI.create("https://blog.example/posts/the-article");

    @Param({"50", "500"})
    public int kilobytes;

    private Fetched page;
    private final Verifier verifier = new Verifier();

    @Setup
    public void page() {
        String paragraph = "<p>Some words of a blog post, <em>with</em> a <a href=\"/elsewhere\">link elsewhere</a> now and then, "
                           + "about the things blogs are about.</p>\n";
        int paragraphs = kilobytes * 1024 / paragraph.length() / 2;
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Their post | Their Blog</title></head><body>"
                      + "<header><nav><a href=\"/\">Home</a></nav></header><main><article>"
                      + paragraph.repeat(paragraphs) + "<p>As <a href=\"" + TARGET + "\">this article</a> says.</p>"
                      + paragraph.repeat(paragraphs) + "</article></main><footer>Their Blog</footer></body></html>";
        page = new Fetched(URI.create("https://their.example/post"), 200, "text/html; charset=utf-8",
                           html.getBytes(StandardCharsets.UTF_8), false, Map.of("content-type", List.of("text/html")));
    }

    @Benchmark
    public Verification verify() {
        Verification found = verifier.verify(page, TARGET);
        if (!found.linksToTarget()) {
            throw new IllegalStateException("the link was not found");
        }
        return found;
    }
}
