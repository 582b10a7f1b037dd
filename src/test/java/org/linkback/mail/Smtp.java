package org.linkback.mail;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.linkback.testing.Await;

/**
 * A real SMTP server for a test (GreenMail) on a loopback port of its own, which can be stopped
 * and started again on the same port; and the YAML that points linkback at it.
 */
final class Smtp implements AutoCloseable {

    /** One email as received: its headers' values that tests read, and its two parts. */
    record Received(MimeMessage message, String to, String subject, String text, String html) {

        String header(String name) {
            try {
                String[] values = message.getHeader(name);
                return values == null ? null : values[0];
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The links of the text part after "label: ". */
        List<String> links(String label) {
            List<String> found = new ArrayList<>();
            Matcher m = Pattern.compile(Pattern.quote(label) + ": (http\\S+)").matcher(text);
            while (m.find()) {
                found.add(m.group(1));
            }
            return found;
        }
    }

    private final int port;
    private GreenMail server;

    private Smtp(int port) {
        this.port = port;
    }

    /** A server, running. */
    static Smtp start() {
        Smtp smtp = new Smtp(freePort());
        smtp.up();
        return smtp;
    }

    /** A port where nothing listens yet: the SMTP server is down until {@link #up()}. */
    static Smtp down() {
        return new Smtp(freePort());
    }

    void up() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    /** The {@code mail:} keys for a linkback that sends here (as the admin, when {@code admin} is not null). */
    String yaml(String admin) {
        return "  mail:\n    host: 127.0.0.1\n    port: " + port + "\n    starttls: false\n    from: linkback@linkback.test\n"
               + (admin == null ? "" : "    admin: " + admin + "\n");
    }

    /** Waits for this many emails in all, and returns every one received. */
    List<Received> await(int count) {
        Await.until(Duration.ofSeconds(20), () -> server.getReceivedMessages().length >= count,
                    () -> server.getReceivedMessages().length + " emails, expected " + count);
        return received();
    }

    List<Received> received() {
        List<Received> all = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            all.add(read(message));
        }
        return all;
    }

    /** The emails to one address. */
    List<Received> to(String address) {
        return received().stream().filter(r -> r.to().equals(address)).toList();
    }

    private static Received read(MimeMessage message) {
        try {
            Map<String, String> parts = new LinkedHashMap<>();
            Multipart alternative = (Multipart) message.getContent();
            if (!alternative.getContentType().startsWith("multipart/alternative")) {
                throw new AssertionError("not multipart/alternative: " + alternative.getContentType());
            }
            for (int i = 0; i < alternative.getCount(); i++) {
                BodyPart part = alternative.getBodyPart(i);
                // SMTP carries lines ending in CRLF
                parts.put(part.getContentType().split(";")[0].strip().toLowerCase(), ((String) part.getContent()).replace("\r\n", "\n"));
            }
            return new Received(message, message.getAllRecipients()[0].toString(), message.getSubject(), parts.get("text/plain"),
                                parts.get("text/html"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
