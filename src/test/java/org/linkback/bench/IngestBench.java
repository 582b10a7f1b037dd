package org.linkback.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.linkback.testing.Nginx;
import org.linkback.testing.TestDatabase;

/**
 * Verified pingbacks per second: wrk sends {@code pingback.ping} over N connections (N senders),
 * each ping naming a source never seen before; nginx serves the source pages (an 8 KB blog post
 * with the link in its middle) on eight other loopback addresses. Every ping goes the whole way:
 * XML-RPC, limits, target check, source fetch, verification, spam score, durable commit. Next to
 * it, nginx's own rate for the same page with as many connections.
 */
final class IngestBench {

    private static final List<String> SOURCE_ADDRESSES =
            List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7", "127.0.0.8", "127.0.0.9");

    private IngestBench() {
    }

    /** All sources on this one address: the harness (one host, so fetch.max-per-host is what limits). */
    private static final List<String> ONE_HOST = List.of("127.0.0.2");

    static void run(List<Integer> senders) throws Exception {
        runOneHost(List.of(32), 10);
        // group commit (the default), then HSQLDB's own log sync at every commit, each twice in turn (a
        // JVM that has run longer has compiled more), then no log sync at all (NOT durable)
        for (int round = 0; round < 2; round++) {
            run(round == 0 ? senders : List.of(32), 10, "");
            run(List.of(32), 10, ";hsqldb.write_delay=false");
        }
        run(List.of(32), 10, ";hsqldb.write_delay=true");
    }

    /**
     * {@code ./linkback bench ingest one-host [SENDERS...]}: every source page on one host (127.0.0.2), the
     * server as always here with fetch.max-per-host 64, per-host-interval-ms 0 and no rate limits; durable
     * by group commit.
     */
    static void runOneHost(List<Integer> senders, int seconds) throws Exception {
        System.out.printf("%n== Ingest, all sources on one host: verified pingback.ping, distinct sources, wrk -t2 -d%ds,"
                          + " fetch.max-per-host 64, per-host-interval-ms 0, no rate limits, durable by group commit%n", seconds);
        run(ONE_HOST, senders, seconds, "");
    }

    static void run(List<Integer> senders, int seconds, String extraDbUrl) throws Exception {
        System.out.printf("%n== Ingest: verified pingback.ping, distinct sources on eight hosts, wrk -t2 -d%ds%s%n", seconds,
                          extraDbUrl.isEmpty() ? ", durable by group commit (the default)"
                : extraDbUrl.contains("=false") ? ", durable by a log sync at every commit (" + extraDbUrl.substring(1) + ")"
                : ", NOT durable (" + extraDbUrl.substring(1) + ")");
        run(SOURCE_ADDRESSES, senders, seconds, extraDbUrl);
    }

    private static void run(List<String> hosts, List<Integer> senders, int seconds, String extraDbUrl) throws Exception {
        if (!Wrk.installed() || !Nginx.installed()) {
            System.out.println("  skipped: needs Debian's nginx and wrk (apt-get install -y nginx wrk)");
            return;
        }
        try (Sources sources = Sources.serve(hosts)) {
            try (BenchServer linkback = BenchServer.start(sources.site(), extraDbUrl)) {
                measure(linkback.url("/xmlrpc"), senders, seconds, sources.script());
                Wrk.Result nginx = Wrk.run("http://127.0.0.2:" + sources.pages().port + "/source/1", 32, seconds, null);
                System.out.println("  nginx serving the source page, 32 connections: " + nginx.line());
            }
        }
    }

    /** nginx serving the one source page under any path on these loopback addresses, and the wrk script pinging from them in turn. */
    private record Sources(Nginx pages, String site, String script) implements AutoCloseable {

        static Sources serve() throws Exception {
            return serve(SOURCE_ADDRESSES);
        }

        static Sources serve(List<String> hosts) throws Exception {
            Path www = Files.createTempDirectory("linkback-bench-www");
            Nginx pages = Nginx.serve(www, hosts, "page.html");
            String site = "http://127.0.0.2:" + pages.port + "/";
            String target = site + "posts/1";
            Files.writeString(www.resolve("page.html"), page(target));
            return new Sources(pages, site, IngestBench.script(hosts, pages.port, target));
        }

        @Override
        public void close() throws InterruptedException {
            pages.close();
        }
    }

    /**
     * {@code ./linkback bench ingest-postgresql}: the same on PostgreSQL (the database named by
     * LINKBACK_TEST_POSTGRES; the launcher starts a throwaway cluster), one process, then two on
     * the one database behind nginx with docs/nginx-linkback.conf. Everything shares this
     * machine's cores: the second process shows what sharing the database costs, not what a
     * second machine would add.
     */
    static void runOnPostgres(List<Integer> senders, int seconds) throws Exception {
        System.out.printf("%n== Ingest on PostgreSQL: verified pingback.ping, distinct sources, wrk -t2 -d%ds%n", seconds);
        if (!Wrk.installed() || !Nginx.installed() || System.getenv(TestDatabase.POSTGRES_ENV) == null) {
            System.out.println("  skipped: needs Debian's nginx, wrk and postgresql (apt-get install -y nginx wrk postgresql)");
            return;
        }
        try (Sources sources = Sources.serve()) {
            TestDatabase database = TestDatabase.postgresIn(Files.createTempDirectory("linkback-bench-pg"));
            try (BenchServer one = BenchServer.startOn(database, sources.site())) {
                System.out.println("  one process:");
                measure(one.url("/xmlrpc"), senders, seconds, sources.script());
                try (BenchServer two = BenchServer.startOn(database, sources.site());
                     Nginx balancer = Nginx.balancing(one.server.port(), two.server.port())) {
                    System.out.println("  two processes behind nginx (docs/nginx-linkback.conf):");
                    measure("http://127.0.0.1:" + balancer.port + "/xmlrpc", senders, seconds, sources.script());
                }
            }
        }
    }

    /** After a warm-up, wrk with each number of senders; prints verified pings per second and latency. */
    private static void measure(String xmlrpc, List<Integer> senders, int seconds, String script) throws Exception {
        // warm-up: the server's JVM compiles its hot paths for half a minute on two cores; a
        // server that has run for a while is what senders meet
        Wrk.run(xmlrpc, 32, 30, script);
        for (int n : senders) {
            Wrk.Result result = Wrk.run(xmlrpc, n, seconds, script);
            long verified = count(result.extra(), "verified");
            System.out.printf("  %2d senders: %,7.0f verified/s   p50 %6.1f ms   p99 %6.1f ms   (%s)%n", n,
                              verified / (double) seconds, result.p50Ms(), result.p99Ms(), result.extra().replace('\n', ' '));
        }
    }

    private static long count(String extra, String word) {
        for (String part : extra.split("[\\s,]+")) {
            if (part.startsWith(word + "=")) {
                return Long.parseLong(part.substring(word.length() + 1));
            }
        }
        return 0;
    }

    /** An 8 KB blog post with a title, a blog name, and the link to our article in its middle. */
    static String page(String target) {
        String words = "<p>" + "Some words of a blog post about the things blogs are about. ".repeat(10) + "</p>\n";
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Their post | Their Blog</title></head><body>"
               + "<header><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav></header><main><article>"
               + words.repeat(6) + "<p>As <a href=\"" + target + "\">this article</a> says, it is so.</p>" + words.repeat(6)
               + "</article></main><footer>Their Blog</footer></body></html>";
    }

    /** A wrk script: each request a pingback from a new source URL; counts verified answers and faults. */
    private static String script(List<String> hosts, int port, String target) {
        return """
                local hosts = {%s}
                local threads = {}
                local next_id = 1
                function setup(thread)
                  thread:set("id", next_id .. "-" .. tostring(os.time()) .. "-" .. tostring(math.random(1000000)))
                  next_id = next_id + 1
                  table.insert(threads, thread)
                end
                local counter = 0
                verified = 0
                faults = 0
                first_fault = ""
                function request()
                  counter = counter + 1
                  local source = "http://" .. hosts[(counter %% #hosts) + 1] .. ":%d/source/" .. id .. "/" .. counter
                  local body = '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params>'
                    .. '<param><value><string>' .. source .. '</string></value></param>'
                    .. '<param><value><string>%s</string></value></param></params></methodCall>'
                  return wrk.format("POST", "/xmlrpc", {["Content-Type"] = "text/xml"}, body)
                end
                function response(status, headers, body)
                  if string.find(body, "<fault>", 1, true) then
                    faults = faults + 1
                    if first_fault == "" then first_fault = string.gsub(string.sub(body, 1, 400), "%%s+", " ") end
                  else
                    verified = verified + 1
                  end
                end
                function done(summary, latency, requests)
                  local v, f, first = 0, 0, ""
                  for _, t in ipairs(threads) do
                    v = v + t:get("verified")
                    f = f + t:get("faults")
                    if first == "" then first = t:get("first_fault") end
                  end
                  io.write("script: verified=" .. v .. " faults=" .. f .. "\\n")
                  if first ~= "" then io.write("script: first fault: " .. first .. "\\n") end
                end
                """.formatted(String.join(", ", hosts.stream().map(host -> '"' + host + '"').toList()), port, target);
    }
}
