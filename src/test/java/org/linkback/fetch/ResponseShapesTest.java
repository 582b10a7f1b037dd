package org.linkback.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.RawHttpServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linkback.testing.RawHttpServer.head;

/**
 * Source pages answered in every shape a real web server may use, each pinged end to end:
 * the backlink must be stored with the page's title, read correctly.
 */
class ResponseShapesTest {

    private static final int MAX_BYTES = 64 * 1024;

    private static PageServer blog;
    private static RawHttpServer sources;
    private static TestLinkback linkback;
    private static PingbackClient client;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        sources = new RawHttpServer();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")).maxBytes(MAX_BYTES));
        client = new PingbackClient(linkback.url("/xmlrpc"));
    }

    @AfterAll
    static void stop() {
        linkback.close();
        sources.close();
        blog.close();
    }

    private static String article(String name) {
        blog.html("/blog/" + name, "<html><head><title>Article " + name + "</title></head><body>ours</body></html>");
        return blog.url("/blog/" + name);
    }

    private static byte[] page(String title, String target) {
        return ("<html><head><title>" + title + " | Shapes Blog</title></head><body><p>Read <a href=\"" + target
                + "\">this</a>.</p></body></html>").getBytes(StandardCharsets.UTF_8);
    }

    /** Pings target from the raw server's path and checks the stored title in the article's feed. */
    private static void assertRegisteredWithTitle(String path, String target, String title) throws XmlRpcException {
        client.ping(sources.url(path), target);
        String feed = linkback.get("/backlinks.json?target=" + target).body();
        assertTrue(feed.contains("\"title\" : \"" + title + "\""), feed);
    }

    @Test
    void aBodyEndedByClosingTheConnectionIsRead() throws XmlRpcException {
        // PHP's built-in server, CGI scripts: no Content-Length, no chunking, the close ends the body.
        String target = article("close11");
        sources.answer("/close11", (socket, out) -> {
            out.write(head("HTTP/1.1 200 OK", "Content-Type: text/html; charset=UTF-8", "Connection: close"));
            out.write(page("Closed at the end", target));
        });

        assertRegisteredWithTitle("/close11", target, "Closed at the end");
    }

    @Test
    void anHttp10AnswerIsRead() throws XmlRpcException {
        String target = article("http10");
        sources.answer("/http10", (socket, out) -> {
            out.write(head("HTTP/1.0 200 OK", "Content-Type: text/html"));
            out.write(page("An old server", target));
        });

        assertRegisteredWithTitle("/http10", target, "An old server");
    }

    @Test
    void aChunkedBodyIsRead() throws XmlRpcException {
        String target = article("chunked");
        sources.answer("/chunked", (socket, out) -> {
            byte[] body = page("In chunks", target);
            out.write(head("HTTP/1.1 200 OK", "Content-Type: text/html", "Transfer-Encoding: chunked"));
            int half = body.length / 2;
            writeChunk(out, body, 0, half);
            writeChunk(out, body, half, body.length - half);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });

        assertRegisteredWithTitle("/chunked", target, "In chunks");
    }

    @Test
    void gzipIsAskedForAndDecoded() throws XmlRpcException {
        String target = article("gzip");
        byte[] body = gzip(page("Squeezed", target));
        sources.answer("/gzip", (socket, out) -> {
            out.write(head("HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Encoding: gzip",
                           "Content-Length: " + body.length));
            out.write(body);
        });

        assertRegisteredWithTitle("/gzip", target, "Squeezed");
        String acceptEncoding = sources.requests().getLast().stream()
                .filter(line -> line.toLowerCase().startsWith("accept-encoding:")).findFirst().orElse("");
        assertTrue(acceptEncoding.contains("gzip"), "asked for gzip: " + acceptEncoding);
    }

    @Test
    void gzipSentUnaskedAndClosedAtTheEndIsDecoded() throws XmlRpcException {
        String target = article("gzipclose");
        byte[] body = gzip(page("Squeezed and closed", target));
        sources.answer("/gzipclose", (socket, out) -> {
            out.write(head("HTTP/1.0 200 OK", "Content-Type: text/html", "Content-Encoding: gzip"));
            out.write(body);
        });

        assertRegisteredWithTitle("/gzipclose", target, "Squeezed and closed");
    }

    @Test
    void deflateIsDecoded() throws XmlRpcException {
        String target = article("deflate");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream zlib = new DeflaterOutputStream(bytes)) {
            zlib.write(page("Deflated", target));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] body = bytes.toByteArray();
        sources.answer("/deflate", (socket, out) -> {
            out.write(head("HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Encoding: deflate",
                           "Content-Length: " + body.length));
            out.write(body);
        });

        assertRegisteredWithTitle("/deflate", target, "Deflated");
    }

    @Test
    void aGzipBombStopsAtMaxBytesOfDecodedText() throws XmlRpcException {
        // 64 MiB of spaces after the link, compressed to about 64 KiB: only max-bytes are decoded.
        String target = article("bomb");
        byte[] start = ("<html><head><title>Small outside | Bomb</title></head><body><a href=\"" + target + "\">x</a>")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(start);
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gzip.write(spaces);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] bomb = bytes.toByteArray();
        assertTrue(bomb.length < 200_000, "a bomb: " + bomb.length);
        sources.answer("/bomb", (socket, out) -> {
            out.write(head("HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Encoding: gzip",
                           "Content-Length: " + bomb.length));
            out.write(bomb);
        });

        assertRegisteredWithTitle("/bomb", target, "Small outside");
    }

    @Test
    void aBombWithTheLinkPastMaxBytesIsNotALink() {
        String target = article("deepbomb");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write("<html><body>".getBytes(StandardCharsets.UTF_8));
            gzip.write(new byte[8 * MAX_BYTES]);
            gzip.write(("<a href=\"" + target + "\">too deep</a>").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] bomb = bytes.toByteArray();
        sources.answer("/deepbomb", (socket, out) -> {
            out.write(head("HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Encoding: gzip"));
            out.write(bomb);
        });

        assertEquals(17, client.faultOf(sources.url("/deepbomb"), target));
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnUpstreamError() {
        String target = article("short");
        sources.answer("/short", (socket, out) -> {
            byte[] body = page("Cut short", target);
            out.write(head("HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Length: " + (body.length + 5000)));
            out.write(body);
        });

        assertEquals(50, client.faultOf(sources.url("/short"), target));
    }

    @Test
    void aConnectionResetMidBodyIsAnUpstreamError() {
        String target = article("reset");
        sources.answer("/reset", (socket, out) -> {
            byte[] body = page("Reset", target);
            out.write(head("HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Length: " + (body.length * 4)));
            out.write(body, 0, body.length / 2);
            out.flush();
            socket.setSoLinger(true, 0); // close() now sends RST
        });

        assertEquals(50, client.faultOf(sources.url("/reset"), target));
    }

    // ---- character encodings: the stored title must read as the author wrote it ----

    /**
     * Serves a page in the charset with this Content-Type and head markup, pings from it and
     * checks the stored title.
     */
    private static void assertEncodedTitleReadsBack(String name, String contentType, String charset, String meta, String title,
                                                    byte... prefix) throws XmlRpcException {
        String target = article(name);
        String html = "<html><head>" + meta + "<title>" + title + "</title></head><body><a href=\"" + target
                      + "\">link</a></body></html>";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(prefix);
        body.writeBytes(html.getBytes(Charset.forName(charset)));
        byte[] bytes = body.toByteArray();
        sources.answer("/" + name, (socket, out) -> {
            out.write(head("HTTP/1.1 200 OK", "Content-Type: " + contentType, "Content-Length: " + bytes.length));
            out.write(bytes);
        });

        assertRegisteredWithTitle("/" + name, target, title);
    }

    @Test
    void koreanInEucKrDeclaredByMetaCharset() throws XmlRpcException {
        assertEncodedTitleReadsBack("korean", "text/html", "EUC-KR", "<meta charset=\"euc-kr\">", "북한 여행기");
    }

    @Test
    void japaneseInShiftJisDeclaredByTheContentType() throws XmlRpcException {
        assertEncodedTitleReadsBack("japanese", "text/html; charset=Shift_JIS", "Shift_JIS", "", "日本語のブログ記事");
    }

    @Test
    void japaneseInShiftJisDeclaredByHttpEquiv() throws XmlRpcException {
        assertEncodedTitleReadsBack("japanese2", "text/html", "Shift_JIS",
                                    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\">", "表示のテスト");
    }

    @Test
    void latin1DeclaredAsIso88591ReadsAsWindows1252() throws XmlRpcException {
        // 0x80 is € in windows-1252, which browsers (and the HTML standard) use for "iso-8859-1"
        assertEncodedTitleReadsBack("latin1", "text/html; charset=ISO-8859-1", "windows-1252", "", "Café, 5 € déjà vu");
    }

    @Test
    void undeclaredLatin1FallsBackToWindows1252() throws XmlRpcException {
        assertEncodedTitleReadsBack("undeclared", "text/html", "windows-1252", "", "Ça marche très bien");
    }

    @Test
    void aByteOrderMarkWinsOverAWrongDeclaration() throws XmlRpcException {
        assertEncodedTitleReadsBack("bom", "text/html; charset=iso-8859-1", "UTF-8", "<meta charset=\"iso-8859-1\">", "Ünïcödé wins",
                                    (byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    }

    private static void writeChunk(OutputStream out, byte[] body, int from, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, from, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
