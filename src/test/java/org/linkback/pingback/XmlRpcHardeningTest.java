package org.linkback.pingback;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.linkback.testing.ServedBlogTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile or broken XML-RPC bodies get a fault response, never a stack trace, an HTML page,
 * a file's contents or an exhausted server.
 */
class XmlRpcHardeningTest extends ServedBlogTest {

    private static HttpResponse<String> post(String xml) {
        return linkback.post("/xmlrpc", "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts an XML-RPC fault with the code, and nothing of our insides in it. */
    private static void assertFault(HttpResponse<String> response, int code) {
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
        assertTrue(response.body().contains("<name>faultCode</name><value><i4>" + code + "</i4>"), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("at org."), response.body());
    }

    @Test
    void anExternalEntityIsRefusedAndNoFileIsRead() {
        HttpResponse<String> response = post("""
                <?xml version="1.0"?>
                <!DOCTYPE methodCall [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <methodCall><methodName>pingback.ping</methodName><params>
                <param><value><string>&xxe;</string></value></param>
                <param><value><string>x</string></value></param></params></methodCall>
                """);
        assertFault(response, PingbackFaults.PARSE_ERROR);
        assertFalse(response.body().contains("root:"), response.body());
        assertTrue(response.body().contains("DOCTYPE is not allowed"), response.body());
    }

    @Test
    void anExternalDtdIsNotFetched() {
        HttpResponse<String> response = post("<?xml version=\"1.0\"?><!DOCTYPE methodCall SYSTEM \"" + blogs.url("/evil.dtd")
                                             + "\"><methodCall><methodName>system.listMethods</methodName></methodCall>");
        assertFault(response, PingbackFaults.PARSE_ERROR);
        assertFalse(blogs.wasRequested("/evil.dtd"));
    }

    @Test
    void anEntityExpansionBombIsRefusedAtOnce() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">");
        }
        bomb.append("]><methodCall><methodName>&lol9;</methodName></methodCall>");
        assertFault(post(bomb.toString()), PingbackFaults.PARSE_ERROR);
    }

    @Test
    void anOversizedBodyIsRefused() {
        String padding = "<param><value><string>" + "x".repeat(70_000) + "</string></value></param>";
        HttpResponse<String> response = post("<?xml version=\"1.0\"?><methodCall><methodName>pingback.ping</methodName><params>"
                                             + padding + padding + "</params></methodCall>");
        assertFault(response, PingbackFaults.INVALID_REQUEST);
        assertTrue(response.body().contains("larger than 65536 bytes"), response.body());
    }

    @Test
    void malformedXmlIsAParseFault() {
        assertFault(post("<methodCall><methodName>pingback.ping</methodName><params>"), PingbackFaults.PARSE_ERROR);
        assertFault(post("this is not xml"), PingbackFaults.PARSE_ERROR);
        assertFault(post(""), PingbackFaults.PARSE_ERROR);
    }

    @Test
    void anUnknownMethodIsAFault() {
        assertFault(post("<?xml version=\"1.0\"?><methodCall><methodName>wp.getUsersBlogs</methodName><params/></methodCall>"),
                    PingbackFaults.METHOD_NOT_FOUND);
    }

    @Test
    void serializedJavaObjectsAreNotAccepted() {
        // Apache XML-RPC's extension types (ex:serializable) must stay disabled.
        HttpResponse<String> response = post("""
                <?xml version="1.0"?><methodCall xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">
                <methodName>pingback.ping</methodName><params>
                <param><value><ex:serializable>rO0ABXQAAWE=</ex:serializable></value></param>
                <param><value><string>x</string></value></param></params></methodCall>
                """);
        assertFault(response, PingbackFaults.PARSE_ERROR);
    }

    @Test
    void getIsNotAnXmlRpcCall() {
        HttpResponse<String> response = linkback.get("/xmlrpc");
        assertEquals(405, response.statusCode());
        assertTrue(response.body().contains("POST requests only"));
    }

    @Test
    void deeplyNestedParametersAreAFaultNotACrash() {
        int depth = 1500; // as deep as 64 KiB allows
        String open = "<value><array><data>".repeat(depth);
        String close = "</data></array></value>".repeat(depth);
        HttpResponse<String> response = post("<?xml version=\"1.0\"?><methodCall><methodName>pingback.ping</methodName><params>"
                                              + "<param>" + open + close + "</param></params></methodCall>");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("faultCode"), response.body().substring(0, Math.min(300, response.body().length())));
    }
}
