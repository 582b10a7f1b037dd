package org.linkback.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;

/**
 * A strict XML 1.0 parser for what linkback writes: a feed or an answer that holds a character
 * XML forbids, or is otherwise malformed, fails the test.
 */
public final class WellFormed {

    private WellFormed() {
    }

    public static Document xml(String text) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML (" + e.getMessage() + "): "
                                     + text.substring(0, Math.min(text.length(), 2000)), e);
        }
    }
}
