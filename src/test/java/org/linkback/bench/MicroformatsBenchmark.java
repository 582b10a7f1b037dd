package org.linkback.bench;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.linkback.mf2.Mf2Parser;

/**
 * {@code ./linkback bench verifier} (with the verifier's): reading the microformats of a hostile
 * page, a megabyte of 44,000 nested items, each a property whose text is the rest of the page.
 * Bound (issue 23): under 100 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MicroformatsBenchmark {

    private static final URI PAGE = URI.create("https://their.example/post");

    private Document nested;

    @Setup
    public void page() {
        nested = Jsoup.parse("<i class=\"h-a p-b\">".repeat(44_000) + "x" + "</i>".repeat(44_000), PAGE.toString());
    }

    @Benchmark
    public ObjectNode nestedItems() {
        return Mf2Parser.parse(nested, PAGE);
    }
}
